#!/usr/bin/python3
"""Read the reports of tests/report/run.sh back with independent tools.

  readback.py SCRATCH TOP

PDFs: qpdf --check passes; pdffonts shows DejaVu Sans and DejaVu Sans Bold
embedded; pdfinfo gives the title, author and A4 pages; the catalogue has
/Lang; every page carries the provenance footer and "page N / M"; pdftotext
gives back French sentences with every accent; the numbers printed equal
those of `indicators compute --format json` and `prize results --format
json`; suppressed groups appear nowhere.  Workbooks: openpyxl finds the
sheets, frozen headers, autofilters, native charts, and formulas whose
stored results equal the analysis's figures.  Also: same inputs, same bytes;
a failure leaves no file.  Prints one line per failed check; exit 1 if any.

JSON numbers have 10 significant digits: workbook numbers are compared to
them within 1e-7 (the scores are on 0-100).
"""
import hashlib
import datetime
import json
import os
import re
import subprocess
import sys

import openpyxl

scratch, top = sys.argv[1], sys.argv[2]
os.chdir(scratch)
failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
    return cond


def run(*args):
    r = subprocess.run(args, capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def norm(s):
    """Whitespace collapsed, no-break spaces as spaces: sentences survive line breaks."""
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u202f", " "))


def text(pdf, page=None, layout=False):
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if page:
        args += ["-f", str(page), "-l", str(page)]
    return run(*args, pdf, "-")[1]


def pages(pdf):
    return int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf)[1]).group(1))


def fr1(x):
    """A score as the French report prints it."""
    return ("%.1f" % x).replace(".", ",").replace("-0,0", "0,0")


# --- every PDF ------------------------------------------------------------------
pdfs = {
    "us.pdf": ("L'utilité sociale de l'URIOPSS et de ses adhérents", "URIOPSS Pays de la Loire", "fr-FR"),
    "us-en.pdf": ("The social utility of URIOPSS and its members", "URIOPSS Pays de la Loire", "en-GB"),
    "prix.pdf": ("Prix « La part des autres » 2018 — les fiches du jury",
                 "URIOPSS Pays de la Loire et FACE Loire-Atlantique", "fr-FR"),
    "petit.pdf": ("Rapport d'essai : petits groupes", None, "fr-FR"),
    "paper-utilite-sociale.pdf": ("L'utilité sociale de l'URIOPSS et de ses adhérents", None, "fr-FR"),
    "paper-gouvernance.pdf": (None, None, "fr-FR"),
    "paper-facile.pdf": ("Donner votre avis ici", None, "fr-FR"),
}
for pdf, (title, author, lang) in pdfs.items():
    rc, out, err = run("qpdf", "--check", pdf)
    check(rc == 0 and "No syntax or stream encoding errors" in out, f"{pdf}: qpdf --check: {out}{err}")
    fonts = run("pdffonts", pdf)[1]
    for name in ("DejaVuSans,Book", "DejaVuSans-Bold,Bold"):
        line = [l for l in fonts.splitlines() if name in l]
        check(line and line[0].split()[-5] == "yes", f"{pdf}: font {name} not embedded:\n{fonts}")
    info = run("pdfinfo", pdf)[1]
    check("595.276 x 841.89 pts (A4)" in info, f"{pdf}: not A4")
    if title:
        check(f"Title:           {title}" in info, f"{pdf}: title: {info}")
    if author:
        check(f"Author:          {author}" in info, f"{pdf}: author")
    check("CreationDate:    Thu Jan 15 10:00:00 2026 UTC" in info, f"{pdf}: SOURCE_DATE_EPOCH not the date")
    raw = open(pdf, "rb").read()
    check(f"/Lang ({lang})".encode() in raw, f"{pdf}: no /Lang ({lang})")
    # The text layer: a real ToUnicode CMap (libharu's own made poppler warn
    # "Invalid 'begincidrange' operator in ToUnicode CMap"), so pdftotext says nothing on stderr.
    rc, out, err = run("pdftotext", "-enc", "UTF-8", pdf, "-")
    check(rc == 0 and err == "", f"{pdf}: pdftotext warns: {err[:200]}")
    # Each font's ToUnicode maps a code to the same Unicode code point (the UTF-8 encoder's codes are
    # code points): U+00A0, « », ’ and accents come back as they were written.
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"], capture_output=True).stdout
    cmaps = re.findall(rb"begincmap.*?endcmap", qdf, re.S)
    check(len(cmaps) >= 2 and all(b"begincidrange" not in c and b"<0000> <00FF> <0000>" in c
                                  and b"<2000> <20FF> <2000>" in c for c in cmaps),
          f"{pdf}: the ToUnicode CMaps are not the identity: {cmaps[:1]}")
    n = pages(pdf)
    for i in range(1, n + 1):
        t = norm(text(pdf, i))
        check(f"page {i} / {n}" in t, f"{pdf} page {i}: no 'page {i} / {n}'")
        check("SHA-256" in t and "utilis 0.1.0" in t, f"{pdf} page {i}: no provenance footer")

# --- French exact, and the numbers of the analysis -------------------------------
us = norm(text("us.pdf"))
for s in ["L'utilité sociale de l'URIOPSS et de ses adhérents",
          "Ce qu'en disent les parties prenantes — rapport pour le groupe pilote",
          "Les dimensions en un coup d'œil",
          "Le questionnaire « L'utilité sociale de l'URIOPSS et de ses adhérents » (utilite-sociale, version 1) a reçu 300 réponses envoyées.",
          "5 points, de « Pas du tout d'accord » à « Tout à fait d'accord »",
          "Son action est éloignée des préoccupations du terrain. (formulée à l'envers : réponses retournées)",
          "Les affirmations formulées à l'envers sont dessinées retournées, comme elles sont comptées dans le score",
          "Pour elles, « Pas du tout d'accord » compte comme « Tout à fait d'accord » aux autres affirmations",
          "intervalle de confiance à 95 % : la plage où se trouve très probablement la vraie valeur",
          "un groupe de moins de 5 personnes n'est jamais montré",
          "15 janvier 2026",
          "Données : utilite-sociale v1 (SHA-256 "]:
    check(s in us, f"us.pdf: missing French text: {s}")
# Group comparisons in plain French, with French numbers.
cmp_re = (r"(Les parties prenantes (internes|externes) donnent un score plus élevé que les parties prenantes "
          r"(internes|externes) \(différence de \d+,\d points?, p (=|<) 0,\d+\)"
          r"|La différence entre les parties prenantes (internes|externes) \(\d+,\d\) et les parties prenantes "
          r"(internes|externes) \(\d+,\d\) n'est pas nette \(\d+,\d points?, p = 0,\d+\) : elle peut tenir au hasard\.)")
# One per dimension page; the comparisons section sets them side by side in a table, without repeating them.
check(len(re.findall(cmp_re, us)) == 6, f"us.pdf: {len(re.findall(cmp_re, us))} comparison sentences, not one per dimension")
check("Score le plus élevé Score le plus bas Écart p Différence" in us, "us.pdf: no comparison table")
# The scale is said once, under the method's table, not on every row.
check(us.count("5 points, de « Pas du tout d'accord » à « Tout à fait d'accord »") == 1,
      "us.pdf: the scale wording is repeated")
check("Échelle des réponses, la même pour toutes les dimensions : 5 points" in us, "us.pdf: the scale is not stated")
ind = json.load(open("us.json"))
everyone = [g for g in ind["groups"] if g.get("all")][0]
groups = [g for g in ind["groups"] if not g.get("all") and not g.get("suppressed")]
# « L'essentiel » opens the report, on page 2 before the method, with the figures of the analysis.
p2 = norm(text("us.pdf", 2))
ess = p2[p2.find("L'essentiel"):]
check(p2.startswith("L'utilité sociale de l'URIOPSS et de ses adhérents L'essentiel • "), f"us.pdf: page 2 is not « L'essentiel »: {p2[:120]}")
check("Ce qui a été mesuré" not in p2, "us.pdf: the method comes before the key points are over")
check(f"{ind['respondents']} personnes ont répondu, dont "
      + " et ".join(f"{g['n']} parmi les parties prenantes {g['key']}s" for g in groups) + "." in ess,
      f"us.pdf: who answered, in « L'essentiel »: {ess[:200]}")
cp = everyone["composite"]
check(f"l'indice composite est de {fr1(cp['score'])} sur 100 (très probablement entre {fr1(cp['ci'][0])} et {fr1(cp['ci'][1])})" in ess,
      f"us.pdf: composite in « L'essentiel »: {ess[:400]}")
scores = {d["id"]: (d["label"]["fr"], c["score"]) for d, c in zip(ind["dimensions"], everyone["cells"])}
best = max(scores.values(), key=lambda x: x[1])
worst = min(scores.values(), key=lambda x: x[1])
check(f"La dimension la plus reconnue : « {best[0]} » ({fr1(best[1])} sur 100). La moins reconnue : « {worst[0]} » ({fr1(worst[1])} sur 100)." in ess,
      "us.pdf: most and least recognised dimensions in « L'essentiel »")
clear = [c["dimension"] for c in ind["comparisons"] if c["tests"][0]["note"] == "ok" and c["tests"][0]["p"] < 0.05]
if clear:
    check(f"Les groupes se distinguent nettement sur {len(clear)} des {len(ind['comparisons'])} dimensions comparées" in ess,
          f"us.pdf: clear differences in « L'essentiel » ({clear})")
else:
    check(f"Les groupes ne se distinguent nettement sur aucune des {len(ind['comparisons'])} dimensions comparées" in ess,
          "us.pdf: no clear difference in « L'essentiel »")
for dim in clear:
    check(f"« {scores[dim][0]} », où les parties prenantes" in ess, f"us.pdf: « L'essentiel » does not name {dim}")
alphas = [r["alpha"] for r in ind["reliability"] if not r["suppressed"] and r.get("alpha") is not None]
check(f"(alpha de Cronbach de {min(alphas):.2f} à {max(alphas):.2f})".replace(".", ",") in ess,
      "us.pdf: reliability in « L'essentiel »")
layout = text("us.pdf", layout=True)
for d, cell in zip(ind["dimensions"], everyone["cells"]):
    label = d["label"]["fr"]
    check(f"{d['label']['fr']}" in us or label[:30] in us, f"us.pdf: dimension {label}")
    check(f"Score d'ensemble : {fr1(cell['score'])} sur 100" in us,
          f"us.pdf: score of {label} is not {fr1(cell['score'])}")
    lo, hi = cell["score_ci"]
    check(f"Intervalle de confiance à 95 % : {fr1(lo)} à {fr1(hi)}" in us, f"us.pdf: interval of {label}")
    # the radar's table: the label's first line, then everyone's and each group's score
    rows = [l for l in layout.splitlines() if l.strip().startswith(label[:28])]
    want = [fr1(cell["score"])] + [fr1(g["cells"][ind["dimensions"].index(d)]["score"]) for g in groups]
    check(any(r.split()[-len(want):] == want for r in rows), f"us.pdf: radar table row of {label}: {want} not in {rows}")
composite = everyone["composite"]["score"]
check(f"Indice d'ensemble : {fr1(composite)} sur 100" in us, f"us.pdf: composite is not {fr1(composite)}")
for g in groups:
    for c in g["cells"]:
        check(f"{fr1(c['score'])}" in us, f"us.pdf: group score {c['score']}")

en = norm(text("us-en.pdf"))
for s in ["The dimensions at a glance", "5 points, from “Strongly disagree” to “Strongly agree”",
          "95% confidence interval", "15 January 2026"]:
    check(s in en, f"us-en.pdf: missing English text: {s}")
check(re.search(r"Overall score: \d+\.\d out of 100", en), "us-en.pdf: English number format")
en2 = norm(text("us-en.pdf", 2))
check("Key points" in en2 and f"{ind['respondents']} people answered" in en2
      and f"Overall, the composite index is {cp['score']:.1f} out of 100" in en2, f"us-en.pdf: key points: {en2[:300]}")

prix = norm(text("prix.pdf"))
for s in ["Comment lire ce document", "Le classement", "L'accord entre les jurés", "Fiabilité du jury :",
          "Épicerie solidaire La Passerelle / Boulangerie Le Fournil nantais",
          "Un « coup de cœur » : l'œuvre commune d'une équipe très engagée.",
          "Coût par personne accompagnée élevé (plus de 1 000 €) : à discuter.",
          "trop peu de jurés (2 pour 3 demandés)", "à discuter : les totaux des jurés s'écartent",
          "Les critères", "Ce qu'en disent les jurés (", "sans leur auteur)",
          "Réciprocité du partenariat", "Le partenariat"]:
    check(s in prix, f"prix.pdf: missing text: {s}")
check("Juré 1" not in prix and "j1@example.org" not in prix, "prix.pdf: a juror is named")
res = json.load(open("prix.json"))
ranking_txt = text("prix.pdf", layout=True)
for r in res["ranking"]:
    total = fr1(r["total"])
    check(f"Total : {total} sur 100 — rang {r['rank']}" in prix, f"prix.pdf: card of {r['candidate']}: {total}")
    check(re.search(rf"^\s*{r['rank']}=?\s+{re.escape(r['candidate'][:20])}.*\s{re.escape(total)}\s+{r['jurors']}\b",
                    ranking_txt, re.M), f"prix.pdf: ranking row of {r['candidate']}")
# One scorecard per candidate, in ranking order, each starting a page.
starts = []
for i in range(1, pages("prix.pdf") + 1):
    first = [l for l in text("prix.pdf", i).splitlines() if l.strip()][1:2]
    starts += [c["candidate"] for c in res["ranking"] if first and first[0].startswith(c["candidate"][:25])
               and not first[0].endswith("(suite)")]
check(starts == [c["candidate"] for c in res["ranking"]], f"prix.pdf: scorecards not one per candidate in order: {starts}")
# What the jurors recommend (issue 15): each scorecard counts the deliberation answers the JSON counts,
# and the front table « Les avis des jurés » gives them in ranking order.
cards = {}
for i in range(1, pages("prix.pdf") + 1):
    page = text("prix.pdf", i)
    first = [l for l in page.splitlines() if l.strip()][1:2]
    for c in res["ranking"]:
        if first and first[0].startswith(c["candidate"][:25]) and not first[0].endswith("(suite)"):
            cards[c["candidate"]] = norm(page)
for c in res["ranking"]:
    d = c["deliberation"]
    check(set(d) == {"infos_manquantes", "audition_souhaitee", "coup_de_coeur", "recommandation"}, f"prix.json: deliberation {d}")
    rec, card = d["recommandation"], cards.get(c["candidate"], "")
    for s in [f"Votre recommandation pour ce dossier : À retenir parmi les lauréats {rec['laureat']} · "
              f"À discuter en jury {rec['a_discuter']} · Pas à retenir cette année {rec['non_retenu']}",
              f"Ce dossier est-il pour vous un « coup de cœur » ? : Oui {d['coup_de_coeur']['oui']} · Non {d['coup_de_coeur']['non']}",
              f"le jury entende les candidats ou visite l'action avant de délibérer ? : Oui {d['audition_souhaitee']['oui']}",
              f"Des informations importantes manquaient-elles dans le dossier ? : Oui {d['infos_manquantes']['oui']}"]:
        check(s in card, f"prix.pdf: the scorecard of {c['candidate']} lacks: {s}")
check("Les avis des jurés" in prix and "(4) Votre recommandation pour ce dossier : À retenir parmi les lauréats / À discuter en jury" in prix,
      "prix.pdf: no table of the jurors' recommendations")
for c in res["ranking"]:
    rec = c["deliberation"]["recommandation"]
    check(re.search(rf"^\s*{c['rank']}=?\s+{re.escape(c['candidate'][:20])}.*\s{rec['laureat']}\s*/\s*{rec['a_discuter']}\s*/\s*{rec['non_retenu']}\s*$",
                    ranking_txt, re.M), f"prix.pdf: recommendations row of {c['candidate']}")
# The meeting's discussion order (issue 15): the table gives the candidates in the order
# 'utilis jury order' computes, with the conflicted jurors out of the room.
order = json.load(open("ordre.json"))
check("L'ordre de la délibération" in prix and f"un juré quitte la salle {order['exits']} fois" in prix
      and f"({order['exits_in_application_order']} fois en suivant les numéros des dossiers)" in prix,
      "prix.pdf: no discussion order, or not the one 'jury order' gives")
at = ranking_txt.find("L'ordre de la délibération")
seq = [m.group(1) for m in re.finditer(r"^\s*(\d+)\s+(.+?)\s{2,}(.+?)\s*$", ranking_txt[at:], re.M)][:len(order["order"])]
check(seq == [str(o["position"]) for o in order["order"]], f"prix.pdf: discussion order positions {seq}")
for o in order["order"]:   # how many are out of the room, never who (jurors are not named here)
    out_n = str(len(o["out"])) if o["out"] else "—"
    check(re.search(rf"^\s*{o['position']}\s+{re.escape(o['candidate'][:20])}.*\s{out_n}\s*$",
                    ranking_txt[at:], re.M), f"prix.pdf: discussion order row {o}")
# No half-empty page among the scorecards (the front matter's last page excepted).
check(pages("prix.pdf") == 5 + len(res["ranking"]), f"prix.pdf: {pages('prix.pdf')} pages, a scorecard on two pages?")

# The paper forms: numbered questions, boxes, conditions and jumps in plain words.
gov = norm(text("paper-gouvernance.pdf"))
for s in ["Répondez seulement si vous avez répondu « Autre » à la question 1.",
          "→ passez à la question 3",
          "Répondez seulement si vous avez coché au moins une case à la question 35, mais pas « Aucun levier particulier pour l'instant ».",
          "Remplissez un bloc par « Membre du conseil » ; 5 blocs ci-dessous, ajoutez une feuille si besoin (40 au plus).",
          "N° de questionnaire", "Cochez une seule case.", "Vous pouvez cocher plusieurs cases."]:
    check(s in gov, f"paper-gouvernance.pdf: missing: {s}")
check("${" not in gov and "selected(" not in gov, "paper-gouvernance.pdf: an expression is printed")
# Skip arrows never run into the data-entry code of their choice, however long its name.
words = re.findall(r'<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                   run("pdftotext", "-bbox", "paper-gouvernance.pdf", "-")[1])
arrows, page, onpage = 0, 0, {}
for w in words:
    if w == ("", "", "", "", ""):
        page += 1
        continue
    onpage.setdefault(page, []).append((float(w[0]), (float(w[1]) + float(w[3])) / 2, float(w[2]), w[4]))
for pg, ws_ in onpage.items():
    for k, (ax, ay, _, t) in enumerate(ws_):
        if t != "→" or (k and ws_[k - 1][3] == "flèche"):
            continue
        line = sorted(w for w in ws_ if abs(w[1] - ay) < 5 and w[0] > ax)
        end = next((w for w in line if w[3].isdigit() or w[3] == "questionnaire"), None)
        arrows += 1
        check(end is not None and line[-1] is not end and end[2] + 2 <= line[-1][0],
              f"paper-gouvernance.pdf page {pg}: the arrow runs into the code: {[w[3] for w in line]}")
check(arrows >= 10, f"paper-gouvernance.pdf: {arrows} skip arrows found")
# Said once: the survey's own help "Choisissez une réponse." gives way to the paper's "Cochez une seule case.";
# the easy-to-read form's own thanks close it, without a second; its last page holds more than one question.
facile_raw = text("paper-facile.pdf")
check("Choisissez une réponse." not in facile_raw and "Cochez une seule case." in facile_raw,
      "paper-facile.pdf: the instruction is said twice")
# (its last note says what comes next, not « Merci » — the web form thanks after « Envoyer »:
# the paper's own thanks close it, once)
check(facile_raw.count("Merci") == 1 and "Merci de votre participation." in norm(facile_raw)
      and "C'était la dernière question." in norm(facile_raw),
      f"paper-facile.pdf: thanks {facile_raw.count('Merci')} times")
for pdf in ("paper-facile.pdf", "paper-gouvernance.pdf", "paper-utilite-sociale.pdf"):
    last = text(pdf, pages(pdf))
    nq = len(re.findall(r"^\d+\.\s", last, re.M))
    check(nq >= 2, f"{pdf}: {nq} question alone on the last page")
facile = norm(text("paper-facile.pdf"))
check("Est-ce que vous comprenez les papiers que l'on vous donne ici ?" in facile, "paper-facile.pdf: question text")

# --- suppressed groups appear nowhere ---------------------------------------------
small = json.load(open("petit.json"))
hidden = [g["label"]["fr"] for g in small["groups"] if g.get("suppressed") and not g.get("all")]
shown = [g["label"]["fr"] for g in small["groups"] if not g.get("suppressed") and not g.get("all") and not g.get("no_answer")]
check(len(hidden) >= 2, f"petit.json: expected suppressed groups, got {hidden}")
petit = norm(text("petit.pdf"))
check("bes_eloignement vont à l'encontre de leur dimension" in petit and "s'ils sont formulés à l'envers, il faut les déclarer comme tels" in petit,
      "petit.pdf: the items to review, in the plural")
# French exact when copied: accents, œ, « », ’, — and …; poppler turns every kind of space (U+00A0 too) into
# an ASCII space when it extracts text, so that is what comes back where the layout has U+00A0.
sentence = ("L’été, l’œuvre « à côté » de l’équipe — ça coûte 12\u00a0% de moins ; où ? Là\u00a0! "
            "Ç’a été dû à Noël… “English” 3 € ¼ ½ ß æ ÿ Œ É È À Ù Î Ï Ô Û Ë Ü")
check(sentence.replace("\u00a0", " ") in text("petit.pdf").replace("\n", " "),
      f"petit.pdf: the French sentence does not round-trip:\n{sentence}")
for h in hidden:
    check(h[:20] not in petit, f"petit.pdf: the suppressed group '{h}' appears")
wb = openpyxl.load_workbook("petit.xlsx")
cells = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)
for h in hidden:
    check(h[:20] not in cells, f"petit.xlsx: the suppressed group '{h}' appears")
for s in shown:
    check(s[:20] in petit, f"petit.pdf: the group '{s}' shown by the analysis is missing")

# --- the small-group rule's worked example: G3 (one person, aged 87) nowhere ----------
acc = norm(text("accueil.pdf"))
check("G3" not in acc and not re.search(r"\b87\b", acc), "accueil.pdf: G3 or its age appears")
check("n = 11" in acc and "n = 12" not in acc, "accueil.pdf: wave 2025 must count G2's 11 only")
check("21 réponses" in acc and "22 réponses" not in acc, "accueil.pdf: the total leaves G3 out")
check("(réponses de moins de 5 personnes masquées)" in acc, "accueil.pdf: the hidden answers are not said")
check("ne sont comptées dans aucun chiffre, pas même les totaux" in acc, "accueil.pdf: the rule is not stated")
# Two dimensions: the grammar of numbers, and no radar (its values as a table only).
check(not re.search(r"\b1 dimensions\b|\bles 1 \b|\b1 (dimensions|affirmations|réponses|personnes)\b", acc),
      "accueil.pdf: a plural after 1")
check("2 dimensions sont mesurées." in acc and "Dimension (score sur 100)" in acc, "accueil.pdf: dimensions or their table")
wb = openpyxl.load_workbook("accueil.xlsx")
vals = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
check(not any(v == 87 for v in vals if isinstance(v, (int, float))), "accueil.xlsx: G3's age appears")
check(not any(isinstance(v, str) and "G3" in v for v in vals), "accueil.xlsx: G3 appears")
tab = wb["Tableaux"]
head = [c.value for c in tab[1]]
check(head[12:14] == ["Min(5)", "Max(5)"], f"accueil.xlsx: extremes headings {head[12:14]}")
rows = {(r[0], r[3], r[5]): r for r in tab.iter_rows(min_row=2, values_only=True)}
check(rows[("service", "Ensemble", "c")][7] == "< 5", "accueil.xlsx: Groupe C (3 people) is shown")
check(rows[("service", "Ensemble", "a")][7] == 10, "accueil.xlsx: Groupe A")
wave = {c["group"]: c for q in json.load(open("accueil-d.json"))["questions"] if q["name"] == "age"
        for c in q["columns"] if not c.get("all")}
for w, n in (("2024", 10), ("2025", 11)):
    s = wave[w]["summary"]
    check(s["n"] == n, f"accueil-d.json: wave {w} n = {s['n']}")
    r = rows[("age", w, None)]
    check(r[7] == n and abs(r[9] - s["mean"]) < 1e-7 and r[12] == s.get("min_k") and r[13] == s.get("max_k"),
          f"accueil.xlsx: wave {w} differs from describe")

# --- workbooks ----------------------------------------------------------------------
wb = openpyxl.load_workbook("us.xlsx")
values = openpyxl.load_workbook("us.xlsx", data_only=True)
check(wb.sheetnames == ["Indicateurs", "Réponses", "Dictionnaire", "Tableaux", "Fiabilité", "Sources"],
      f"us.xlsx: sheets {wb.sheetnames}")
rep = wb["Réponses"]
check(rep.freeze_panes == "A2" and rep.auto_filter.ref and rep.max_row == 301, "us.xlsx: answers sheet")
check(rep["A1"].value == "_respondent" and "bes_reels" in [c.value for c in rep[1]], "us.xlsx: answers header")
ws, wv = wb["Indicateurs"], values["Indicateurs"]
check(len(ws._charts) == 2, "us.xlsx: the radar and bar charts")
for i, cell in enumerate(everyone["cells"]):
    check(abs(wv.cell(row=4 + i, column=5).value - cell["score"]) < 1e-7, f"us.xlsx: score of dimension {i}")
f = ws.cell(row=4 + len(everyone["cells"]), column=5).value
check(isinstance(f, str) and f.startswith("=SUMPRODUCT("), f"us.xlsx: composite formula {f}")
check(abs(wv.cell(row=4 + len(everyone["cells"]), column=5).value - composite) < 1e-7,
      "us.xlsx: the composite formula's stored value is not the analysis's")
tab, tabv = wb["Tableaux"], values["Tableaux"]
for r in range(2, min(tab.max_row, 60)):
    if isinstance(tab.cell(row=r, column=9).value, str):
        n, answered = tabv.cell(row=r, column=8).value, tabv.cell(row=r, column=5).value
        check(abs(tabv.cell(row=r, column=9).value - 100 * n / answered) < 1e-9, f"us.xlsx: percentage row {r}")
# The Reliability sheet: raw and standardised alpha if deleted, as the JSON.
fia = values["Fiabilité"]
check([c.value for c in fia[1]][7:10] == ["r item-reste", "Alpha sans l'item", "Alpha standardisé sans l'item"],
      f"us.xlsx: reliability header {[c.value for c in fia[1]]}")
rel_items = {(r["dimension"], it["name"]): it for r in ind["reliability"] if not r["suppressed"]
             for it in r["items"] if not it["suppressed"]}
seen = 0
for row in fia.iter_rows(min_row=2, values_only=True):
    if row[2] is None:
        continue
    cand = [it for (d, name), it in rel_items.items() if name == row[2]]
    if len(cand) != 1:
        continue
    it = cand[0]
    seen += 1
    check(abs(row[8] - it["alpha_if_deleted"]) < 1e-7, f"us.xlsx: alpha if deleted of {row[2]}")
    check(abs(row[9] - it["std_alpha_if_deleted"]) < 1e-7, f"us.xlsx: standardised alpha if deleted of {row[2]}")
check(seen >= 8, f"us.xlsx: {seen} items on the reliability sheet")
src = [[c.value for c in row] for row in values["Sources"].iter_rows()]
flat = " ".join(str(v) for row in src for v in row if v is not None)
sha = hashlib.sha256(open(os.path.join(top, "surveys/utilite-sociale.yaml"), "rb").read()).hexdigest()
check(sha in flat and "0.1.0" in flat and "300" in flat, "us.xlsx: Sources sheet (hash, version, answers)")

wb = openpyxl.load_workbook("prix.xlsx")
values = openpyxl.load_workbook("prix.xlsx", data_only=True)
check(wb.sheetnames == ["Résultats", "Notes du jury", "Jurés", "Fiabilité", "Lauréats", "Sources"], f"prix.xlsx: {wb.sheetnames}")
# The laureates one year on: one row per link, the paper answers attached to their candidate.
lau = values["Lauréats"]
rows = [[c.value for c in row] for row in lau.iter_rows(min_row=5) if row[0].value is not None]
byid = {r["candidate_id"]: r for r in res["ranking"]}
check([r[0] for r in rows] == [3, 13, 14], f"prix.xlsx: laureates {[r[0] for r in rows]}")
for r in rows:
    check(r[1] == byid[r[0]]["candidate"] and r[2] == byid[r[0]]["rank"], f"prix.xlsx: laureate {r[:3]}")
head = [c.value for c in lau[4]]
check(head[5] == "L'action primée est-elle toujours active ?", f"prix.xlsx: laureates' header {head}")
check(rows[1][4:10] == ["répondu (papier)", "Oui, l'action continue comme prévu", None, 140, 12, None],
      f"prix.xlsx: answers of candidate 13: {rows[1]}")
check("De la visibilité (presse, réseaux, site); De la fierté et de la motivation dans les équipes" in rows[1],
      f"prix.xlsx: choices by their labels: {rows[1]}")
check(rows[2][4] == "lien envoyé" and rows[0][4] == "répondu (papier)" and rows[0][6] == "Le foyer a déménagé",
      f"prix.xlsx: follow-up states {rows}")
ws, wv = wb["Résultats"], values["Résultats"]
check(len(ws._charts) == 1, "prix.xlsx: the ranking chart")
for i, r in enumerate(res["ranking"]):
    row = 4 + i
    check(wv.cell(row=row, column=3).value == r["candidate"], f"prix.xlsx: row {row} candidate")
    check(abs(wv.cell(row=row, column=4).value - r["total"]) < 1e-7, f"prix.xlsx: total of {r['candidate']}")
    check(str(ws.cell(row=row, column=4).value).startswith("=SUMPRODUCT("), f"prix.xlsx: total formula row {row}")
states = [r[3] for r in values["Notes du jury"].iter_rows(min_row=2, values_only=True)]
check(states.count("noté") == 74 and states.count("conflit d'intérêts") == 5 and len(states) == 79,
      f"prix.xlsx: 74 scored pairs and 5 conflicts, not {len(states)} rows")
# How solid each rank is (issue 15): the workbook's columns and the scorecards' flag say what the JSON says.
head = [c.value for c in wv[3]]
check("Classement fragile" in head, f"prix.xlsx: no robustness columns: {head}")
if "Classement fragile" in head:
    f = head.index("Classement fragile") + 1
    for i, r in enumerate(res["ranking"]):
        rob, row = r["robustness"], 4 + i
        check([wv.cell(row=row, column=f - 4 + k).value for k in range(5)] ==
              [rob["rank_min"], rob["rank_max"], *rob["bootstrap_95"], "oui" if rob["fragile"] else None],
              f"prix.xlsx: robustness of {r['candidate']}")
for r in res["ranking"]:
    rob = r["robustness"]
    said = f"classement fragile : rang {rob['rank_min']} à {rob['rank_max']}" in prix
    check(said == rob["fragile"], f"prix.pdf: fragile ranking of {r['candidate']}: {rob}")

# --- the matching: workbook and introduction sheets (issue 17) ---------------------
mr = json.load(open("mr.json"))
wm = openpyxl.load_workbook("mr.xlsx")
check(wm.sheetnames == ["Mises en relation", "Besoins non pourvus", "Offres sans mission", "Sources"],
      f"mr.xlsx: sheets {wm.sheetnames}")
rows = [[c.value for c in r] for r in wm["Mises en relation"].iter_rows(min_row=2)]
check([(r[0], r[4], r[7]) for r in rows] == [(p["need_id"], p["offer_id"], p["score"]) for p in mr["pairs"]],
      "mr.xlsx: the pairs are not those of 'utilis match --format json'")
check([r[14] for r in rows] == [p["reasons"] for p in mr["pairs"]], "mr.xlsx: the reasons differ from the JSON's")
check(wm["Besoins non pourvus"].max_row - 1 == len(mr["unmatched_needs"]), "mr.xlsx: needs not filled")
check(wm["Offres sans mission"].max_row - 1 == len(mr["unmatched_offers"]), "mr.xlsx: offers without a mission")
for p in mr["pairs"]:
    f = f"fiches/fiche-{p['need_id']}-{p['offer_id']}.pdf"
    if not check(os.path.exists(f), f"{f}: missing"):
        continue
    t = norm(text(f))
    check(pages(f) == 1, f"{f}: not one page")
    # the sheet starts the reasons with a capital
    for want in (p["association"], p["volunteer"], p["company"], norm(p["reasons"])[1:], "Prochaine étape",
                 "Claire Dupont, URIOPSS Pays de la Loire"):
        check(want in t, f"{f}: '{want}' not in the sheet")
    check(open(f, "rb").read() == open(f.replace("fiches/", "fiches-again/"), "rb").read(),
          f"{f}: same inputs, different bytes")
check(len(os.listdir("fiches")) == len(mr["pairs"]), "fiches/: not one sheet per pair")
check(open("mr.xlsx", "rb").read() == open("mr-again.xlsx", "rb").read(), "mr.xlsx: same inputs, different bytes")

# --- same bytes, and no half file ---------------------------------------------------
# --- workbooks: header rows tall enough, printing one page wide, dates as dates --------------
def lines_needed(text, width):
    """Lines a header takes wrapped in a column of `width` characters (a generous estimate)."""
    per, lines, at = max(1.0, (width - 1) / 1.1), 1, 0.0
    for w in str(text).split(" "):
        if at > 0 and at + 1 + len(w) > per:
            lines, at = lines + 1, 0.0
        at += (1 if at > 0 else 0) + len(w)
        while at > per:
            lines, at = lines + 1, at - per
    return lines


for book in ("us.xlsx", "prix.xlsx", "petit.xlsx"):
    for ws in openpyxl.load_workbook(book).worksheets:
        ps = ws.page_setup
        check(ps.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
              and (ps.fitToWidth or 1) == 1 and ps.fitToHeight == 0,
              f"{book} {ws.title}: not printed one A4 page wide ({ps.paperSize}, {ps.fitToWidth}, {ps.fitToHeight})")

        def width(col):
            for k, d in ws.column_dimensions.items():
                if d.min and d.max and d.min <= col <= d.max:
                    return d.width or 8.43
            return 8.43
        heads = [c for row in ws.iter_rows(max_row=6) for c in row
                 if c.value is not None and c.font.b and c.alignment.wrap_text and c.fill.fgColor.rgb not in (None, "00000000")]
        if not heads:
            continue
        total = sum(width(i) for i in range(1, max(c.column for c in heads) + 1))
        check((ps.orientation == "landscape") == (total > 95), f"{book} {ws.title}: orientation {ps.orientation} for {total:.0f} characters")
        last = max(c.row for c in heads)
        check(ws.print_title_rows == f"$1:${last}", f"{book} {ws.title}: header rows not repeated: {ws.print_title_rows}")
        for c in heads:
            need = lines_needed(c.value, width(c.column))
            h = ws.row_dimensions[c.row].height or 15
            check(h >= 15 * need, f"{book} {ws.title}: header {c.coordinate} '{c.value}' needs {need} lines, row is {h} pt")
rep = openpyxl.load_workbook("us.xlsx")["Réponses"]
check(rep["G1"].value == "_submitted_at" and isinstance(rep["G2"].value, datetime.datetime)
      and rep["G2"].number_format == "yyyy-mm-dd hh:mm:ss", f"us.xlsx: _submitted_at is not a date: {rep['G2'].value!r}")
check(openpyxl.load_workbook("us.xlsx")["Réponses"].page_setup.orientation == "landscape", "us.xlsx: answers not landscape")

check(open("us.pdf", "rb").read() == open("us-again.pdf", "rb").read(), "us.pdf: same inputs, different bytes")
check(open("us.xlsx", "rb").read() == open("us-again.xlsx", "rb").read(), "us.xlsx: same inputs, different bytes")
check(open("fail1.rc").read().strip() == "74", "a missing font: exit status not 74")
check("cannot open font '/nonexistent/DejaVuSans.ttf'" in open("fail1.txt").read(), "a missing font: message")
check(open("keep.pdf").read() == "une version précédente\n", "a failed report damaged the file it was to replace")
check(open("fail2.rc").read().strip() == "74" and "cannot write 'missing-dir/us.pdf'" in open("fail2.txt").read(),
      "an unwritable path: exit status or message")
check(not [f for f in open("files.txt").read().split() if ".tmp-" in f], "a temporary file was left behind")

for f in failures:
    print("FAIL:", f)
print(f"report read-back: {checks - len(failures)} checks passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
