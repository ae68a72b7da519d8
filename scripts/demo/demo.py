#!/usr/bin/env python3
"""The demo's data helpers (scripts/demo.sh runs them; Python's standard library only).

  demo.py rows IN.csv OUT.csv --prefix P --network reseau.csv [--waves W1,W2]
      Turn an export of simulated answers into answers of the demo network:
      `_id` becomes P-0001, P-0002...; `_group` groupe_K becomes the name of
      the K-th association of the network.  With --waves, the simulation was
      made with two groups, which become the two collection waves (`_wave`
      W1 and W2: the second group's traits are higher, as after an action),
      and respondents are spread over the associations in turn.  The
      repeats' files of IN (IN-REPEAT.csv, e.g. gouvernance's board members)
      follow: OUT-REPEAT.csv, with the respondents' new `_id`.

  demo.py scores CANDIDATES.csv OUT.csv --seed S  < 'utilis jury list' output
      The jury's sheets, as typed from paper: one row per juror and candidate
      assigned (read from the list), with `_juror` and `_candidate`, the six scores, comments and
      the recommendation.  Each candidate has a quality, each juror a
      severity; the same seed gives the same sheets.

  demo.py contacts reseau.csv OUT.csv --n N --wave W --seed S
      A contact list for `utilis invite --from`: N people of the network's
      associations (invented names, addresses @exemple.org), their
      association as `groupe` and W as `vague`.

  demo.py followup RESULTS.json OUT.txt
      The laureates: the candidate numbers of the first three of the ranking
      (RESULTS.json from 'utilis prize results --format json'), one a line.

  demo.py answers LINKS.csv OUT.csv --seed S
      The laureates' follow-up answers one year on, as typed from paper: one
      row per link of 'utilis prize followup' but the last (still waiting),
      with the link's token as `_id` so that the answers attach to the
      laureate.

  demo.py summary DIR
      Key figures from the JSON results in DIR/out, for the end of the demo.
"""
import csv
import json
import glob
import os
import random
import re
import sys


def fail(msg):
    sys.stderr.write("demo.py: " + msg + "\n")
    sys.exit(1)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def option(args, name, default=None):
    if name in args:
        i = args.index(name)
        if i + 1 >= len(args):
            fail("%s needs a value" % name)
        return args[i + 1]
    if default is None:
        fail("missing %s" % name)
    return default


# --- rows ------------------------------------------------------------------

def cmd_rows(args):
    if len(args) < 2:
        fail("usage: demo.py rows IN.csv OUT.csv --prefix P --network reseau.csv [--waves W1,W2]")
    rows = read_csv(args[0])
    prefix = option(args, "--prefix")
    network = [r[1] for r in read_csv(option(args, "--network"))[1:]]
    waves = option(args, "--waves", "").split(",") if "--waves" in args else None
    header = rows[0]
    for col in ("_id", "_group", "_wave"):
        if col not in header:
            fail("%s: no column %s" % (args[0], col))
    iid, igroup, iwave = header.index("_id"), header.index("_group"), header.index("_wave")
    out = [header]
    ids = {}
    for n, row in enumerate(rows[1:]):
        old_id = row[iid]
        m = re.fullmatch(r"groupe_(\d+)", row[igroup])
        if not m:
            fail("%s: row %d: group '%s' is not a simulated group" % (args[0], n + 2, row[igroup]))
        k = int(m.group(1)) - 1
        row[iid] = "%s-%04d" % (prefix, n + 1)
        if waves:
            if k >= len(waves):
                fail("%s: more groups than waves" % args[0])
            row[iwave] = waves[k]
            row[igroup] = network[n % len(network)]
        else:
            if k >= len(network):
                fail("%s: more groups than associations" % args[0])
            row[igroup] = network[k]
        ids[old_id] = row[iid]
        out.append(row)
    write_csv(args[1], out)
    # The repeats' files (IN-REPEAT.csv, one row per instance, joined by
    # _id): the same respondents' new _id, written as OUT-REPEAT.csv, where
    # 'responses import OUT.csv' finds them.
    stem_in, stem_out = args[0][:-len(".csv")], args[1][:-len(".csv")]
    for path in sorted(glob.glob(glob.escape(stem_in) + "-*.csv")):
        rep = read_csv(path)
        if not rep or "_id" not in rep[0]:
            continue
        j = rep[0].index("_id")
        for r in rep[1:]:
            if r[j] not in ids:
                fail("%s: _id '%s' is not a respondent of %s" % (path, r[j], args[0]))
            r[j] = ids[r[j]]
        write_csv(stem_out + path[len(stem_in):], rep)


# --- scores ----------------------------------------------------------------

CRITERIA = ["note_reciprocite", "note_implication", "note_impact",
            "note_durabilite", "note_innovation", "note_essaimage"]
WEIGHTS = [20, 15, 25, 20, 10, 10]

# What the jury sees in each application, on the grid's 0-5 scale: a
# quality, and what stands out (criterion: offset).  Partnerships without a
# written agreement are weaker on durability; new ideas score on innovation.
PROFILES = {
    "C01": (3.6, {"note_essaimage": 0.6}),
    "C02": (4.3, {"note_impact": 0.4}),
    "C03": (3.6, {"note_innovation": -0.6}),
    "C04": (3.9, {"note_innovation": 0.8, "note_essaimage": 0.5}),
    "C05": (3.7, {"note_durabilite": 0.7}),
    "C06": (2.9, {"note_durabilite": -1.3, "note_implication": 0.6}),
    "C07": (4.2, {"note_reciprocite": 0.5}),
    "C08": (3.9, {"note_impact": 0.5}),
    "C09": (3.1, {"note_essaimage": -0.8}),
    "C10": (2.6, {"note_durabilite": -1.2}),
    "C11": (3.4, {"note_innovation": 0.3}),
    "C12": (3.4, {"note_impact": 0.3}),
}

# What jurors write, in their own words: each juror has their own phrasing.
STRENGTHS = {
    "note_reciprocite": ["Un vrai échange : chacun des partenaires y gagne.",
                         "Les deux partenaires apportent autant l'un que l'autre.",
                         "Une relation équilibrée, construite dans la durée."],
    "note_implication": ["Des salariés et des bénévoles très impliqués.",
                         "L'engagement des équipes est remarquable.",
                         "Beaucoup de personnes mobilisées des deux côtés."],
    "note_impact": ["Des résultats chiffrés et concrets pour les personnes.",
                    "L'effet sur la vie des personnes est bien démontré.",
                    "Un impact social net, avec des chiffres à l'appui."],
    "note_durabilite": ["Une convention et des moyens qui assurent la durée.",
                        "Le partenariat est bien installé et financé.",
                        "Une organisation solide, qui ne dépend pas d'une seule personne."],
    "note_innovation": ["Une idée neuve sur le territoire.",
                        "Une approche originale, que je n'avais pas vue ailleurs.",
                        "Innovant dans la manière d'associer l'entreprise."],
    "note_essaimage": ["Une action facile à reproduire ailleurs.",
                       "Le modèle peut être repris par d'autres binômes.",
                       "Les outils sont prêts à être partagés."],
}
CONCERNS = {
    "note_reciprocite": ["L'apport de l'association à l'entreprise reste flou.",
                         "La relation semble à sens unique.",
                         "On voit mal ce que l'entreprise en retire."],
    "note_implication": ["L'engagement repose sur peu de personnes.",
                         "Peu de salariés impliqués au regard de la taille de l'entreprise.",
                         "La mobilisation des équipes reste limitée."],
    "note_impact": ["Les résultats pour les personnes sont peu mesurés.",
                    "Des chiffres d'activité, mais peu d'effets démontrés.",
                    "L'impact reste à documenter."],
    "note_durabilite": ["La suite de l'action dépend encore de quelques personnes.",
                        "Aucun engagement écrit sur plusieurs années.",
                        "Le financement de la suite n'est pas assuré."],
    "note_innovation": ["Une action utile mais classique.",
                        "Peu de nouveauté par rapport à ce qui existe.",
                        "L'idée n'est pas nouvelle sur le territoire."],
    "note_essaimage": ["Difficile à reproduire sans les mêmes personnes.",
                       "Très lié au contexte local.",
                       "Les conditions pour essaimer ne sont pas décrites."],
}
GENERAL = {
    "laureat": ["Un très beau dossier, à distinguer.", "Un partenariat exemplaire pour le prix."],
    "a_discuter": ["Un bon dossier, à comparer aux autres en jury.", "Des atouts réels, quelques réserves."],
    "non_retenu": ["Un partenariat encore jeune : à encourager à candidater à nouveau.",
                   "Pas assez abouti cette année."],
}
MISSING = ["Le budget de l'action.", "Le nombre de personnes suivies dans la durée.",
           "L'avis des personnes accompagnées."]
QUESTIONS = ["Comment les personnes accompagnées sont-elles associées au partenariat ?",
             "Que deviendrait l'action si l'entreprise se retirait ?"]


def jury_assignments(text):
    """(candidate number, name, [juror ids]) from 'utilis jury list'."""
    out, in_candidates = [], False
    for line in text.splitlines():
        if re.match(r"\s*ID\s+CANDIDATE\b", line):
            in_candidates = True
            continue
        if not in_candidates or not line.strip():
            continue
        m = re.fullmatch(r"\s*(\d+)\s+(.*?)\s*((?:\d+, )*\d+|-)\s*", line)
        if not m:
            fail("cannot read this line of 'utilis jury list': %r" % line)
        jurors = [] if m.group(3) == "-" else [int(j) for j in m.group(3).split(", ")]
        out.append((int(m.group(1)), m.group(2), jurors))
    if not out:
        fail("no candidates in the output of 'utilis jury list'")
    return out


def cmd_scores(args):
    if len(args) < 2:
        fail("usage: demo.py scores CANDIDATES.csv OUT.csv --seed S < jury-list.txt")
    rng = random.Random(int(option(args, "--seed")))
    apps = read_csv(args[0])
    h = apps[0]
    # A candidate is named "association / company" (the edition's candidate_name).
    profile_of = {"%s / %s" % (r[h.index("asso_nom")], r[h.index("ent_nom")]): PROFILES[r[h.index("_id")]]
                  for r in apps[1:]}
    assigned = jury_assignments(sys.stdin.read())
    jurors = sorted({j for _, _, js in assigned for j in js})
    severity = {j: rng.uniform(-0.6, 0.4) for j in jurors}
    header = ["_juror", "_candidate"]
    for c in CRITERIA:
        header += [c, "com_" + c[5:]]
    header += ["points_forts", "points_vigilance", "infos_manquantes", "infos_manquantes_detail",
               "audition_souhaitee", "questions_candidats", "coup_de_coeur", "coup_de_coeur_raison",
               "recommandation", "commentaire_general"]
    out = [header]
    for number, name, js in assigned:
        # Long names are cut short with "…" in the list.
        found = [p for full, p in profile_of.items() if full.startswith(name.rstrip("…"))]
        if len(found) != 1:
            fail("candidate %d of the jury list (%s) is not one of %s" % (number, name, args[0]))
        quality, offsets = found[0]
        for j in js:
            scores = {}
            for c in CRITERIA:
                x = quality + offsets.get(c, 0) + severity[j] + rng.gauss(0, 0.55)
                scores[c] = max(0, min(5, int(round(x))))
            total = sum(w * scores[c] for c, w in zip(CRITERIA, WEIGHTS)) / 5
            best = max(CRITERIA, key=lambda c: (scores[c], -CRITERIA.index(c)))
            worst = min(CRITERIA, key=lambda c: (scores[c], CRITERIA.index(c)))
            row = [str(j), str(number)]
            for c in CRITERIA:
                comment = ""
                if scores[c] >= 5:
                    comment = STRENGTHS[c][j % 3]
                elif scores[c] <= 1:
                    comment = CONCERNS[c][j % 3]
                row += [str(scores[c]), comment]
            missing = rng.random() < 0.15
            hear = 50 <= total < 75 and rng.random() < 0.5
            favourite = total >= 80 and rng.random() < 0.5
            verdict = "laureat" if total >= 75 else "a_discuter" if total >= 55 else "non_retenu"
            row += [STRENGTHS[best][(j + 1) % 3], CONCERNS[worst][(j + 2) % 3] if scores[worst] <= 2 else "",
                    "oui" if missing else "non", rng.choice(MISSING) if missing else "",
                    "oui" if hear else "non", rng.choice(QUESTIONS) if hear else "",
                    "oui" if favourite else "non",
                    "Un partenariat qui change vraiment la vie des personnes." if favourite else "",
                    verdict, GENERAL[verdict][j % 2]]
            out.append(row)
    write_csv(args[1], out)


# --- contacts --------------------------------------------------------------

FIRST = ["Amina", "Bernard", "Chloé", "Djibril", "Élise", "Fatou", "Gaëlle", "Hugo", "Inès",
         "Jules", "Karim", "Léa", "Marc", "Nadia", "Olivier", "Pauline", "Rachid", "Sophie",
         "Thomas", "Yasmine"]
LAST = ["Martin", "Bernard", "Diallo", "Petit", "Robert", "Richard", "Durand", "Moreau",
        "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Traoré", "Roux", "Fournier"]


def ascii_name(s):
    table = str.maketrans("éèëêàâïîôöüûçÉ", "eeeeaaiioouucE")
    return s.translate(table).lower()


def cmd_contacts(args):
    if len(args) < 2:
        fail("usage: demo.py contacts reseau.csv OUT.csv --n N --wave W --seed S")
    network = read_csv(args[0])[1:]
    n = int(option(args, "--n"))
    wave = option(args, "--wave")
    rng = random.Random(int(option(args, "--seed", "1")))
    rows = [["nom", "courriel", "groupe", "vague"]]
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = "%s.%s.%03d@exemple.org" % (ascii_name(first), ascii_name(last), i + 1)
        rows.append(["%s %s" % (first, last), email, network[i % len(network)][1], wave])
    write_csv(args[1], rows)


# --- the laureates one year on --------------------------------------------

def cmd_followup(args):
    if len(args) != 2:
        fail("usage: demo.py followup RESULTS.json OUT.txt")
    ranking = load(args[0])["ranking"]
    with open(args[1], "w", encoding="utf-8") as f:
        f.write("".join("%d\n" % r["candidate_id"] for r in ranking[:3]))


NEW_ACTIONS = [
    "Un atelier cuisine le samedi avec les salariés volontaires.",
    "Des stages de découverte pour les jeunes accompagnés, dans deux autres sites de l'entreprise.",
    "Une collecte de matériel informatique reconditionné par l'association.",
]


def cmd_answers(args):
    if len(args) < 2:
        fail("usage: demo.py answers LINKS.csv OUT.csv --seed S")
    rng = random.Random(int(option(args, "--seed")))
    links = read_csv(args[0])
    h = links[0]
    out = [["_id", "toujours_actif", "arret_raison", "personnes_aidees", "salaries_impliques",
            "benevoles_impliques", "nouvelles_actions", "nouvelles_actions_detail", "apports_prix",
            "accord_reportage", "message"]]
    for i, r in enumerate(links[1:-1]):
        token = r[h.index("link")].rsplit("/", 1)[1]
        active = "oui" if i == 0 else rng.choice(["oui", "transforme"])
        new = rng.random() < 0.7
        out.append([token, active, "" if active == "oui" else "Le public accueilli a changé : l'action s'est adaptée.",
                    str(rng.randint(20, 200)), str(rng.randint(3, 25)), str(rng.randint(2, 15)),
                    "oui" if new else "non", NEW_ACTIONS[i % len(NEW_ACTIONS)] if new else "",
                    " ".join(rng.sample(["visibilite", "nouveaux_partenaires", "financement", "fierte"], 2)),
                    "oui", "Osez candidater : le prix a donné de la fierté à nos équipes."])
    write_csv(args[1], out)


# --- summary ---------------------------------------------------------------

def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def overall(result):
    """The composite of everyone ({"all": true}) in an indicators JSON."""
    for g in result["groups"]:
        if g.get("all"):
            return g
    fail("no overall group in the indicators' JSON")


def num(x, digits=1):
    return "%.*f" % (digits, x) if x is not None else "-"


def label(text):
    return text.get("fr") or next(iter(text.values())) if isinstance(text, dict) else text


def cmd_summary(args):
    if len(args) != 1:
        fail("usage: demo.py summary DIR")
    d = os.path.join(args[0], "out")
    lines = []
    us = load(os.path.join(d, "indicateurs-utilite-sociale.json"))
    g = overall(us)
    c = g["composite"]
    lines.append("  social utility, %d stakeholders: index %s/100 (95%% CI %s to %s)" % (
        g["n"], num(c["score"]), num(c["ci"][0]), num(c["ci"][1])))
    dims = {dim["id"]: dim for dim in us["dimensions"]}
    cells = [cell for cell in g["cells"] if cell.get("score") is not None]
    if cells:
        hi = max(cells, key=lambda x: x["score"])
        lo = min(cells, key=lambda x: x["score"])
        lines.append("    highest: « %s » %s, lowest: « %s » %s" % (
            label(dims[hi["dimension"]]["label"]), num(hi["score"]),
            label(dims[lo["dimension"]]["label"]), num(lo["score"])))
    gv = overall(load(os.path.join(d, "indicateurs-gouvernance.json")))
    lines.append("  board renewal, %d board members: index %s/100" % (gv["n"], num(gv["composite"]["score"])))
    pa = load(os.path.join(d, "indicateurs-participation-vagues.json"))
    waves = [g for g in pa["groups"] if not g.get("all") and not g.get("no_answer") and not g.get("suppressed")]
    if len(waves) == 2:
        a, b = waves
        test = ""
        for comp in pa.get("comparisons", []):
            if comp["dimension"] == "pouvoir_agir":
                for t in comp["tests"]:
                    if t["test"] == "welch_t" and t.get("p") is not None:
                        test = "; power to act: Welch's t, p = %.2g" % t["p"]
        lines.append("  participation, before/after: index %s (%s, n = %d) -> %s (%s, n = %d)%s" % (
            num(a["composite"]["score"]), a["key"], a["n"], num(b["composite"]["score"]), b["key"], b["n"], test))
    for pair in pa.get("paired", []):
        for dim in pair["dimensions"]:
            if dim["dimension"] == "pouvoir_agir" and dim["note"] == "ok":
                t = [x for x in dim["tests"] if x["test"] == "paired_t"][0]
                lines.append("    panel %s -> %s, power to act: %d people answered twice, %s progressed"
                             " (mean %+.1f points, paired t p = %.2g)" % (
                                 pair["from"], pair["to"], dim["pairs"],
                                 dim["improved"] if dim["improved"] is not None else "(hidden)",
                                 dim["difference"], t["p"]))
    pr = load(os.path.join(d, "prix-2018-resultats.json"))
    lines.append("  prize 2018, %d candidates, %d jurors; the first three:" % (pr["candidates"], pr["jurors"]))
    for r in pr["ranking"][:3]:
        lines.append("    %s. %s  %s/100" % (r["rank"], r["candidate"], num(r["total"])))
    print("\n".join(lines))


def main():
    cmds = {"rows": cmd_rows, "scores": cmd_scores, "contacts": cmd_contacts,
            "followup": cmd_followup, "answers": cmd_answers, "summary": cmd_summary}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        fail("usage: demo.py rows|scores|contacts|followup|answers|summary ...")
    cmds[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
