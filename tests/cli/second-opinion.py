#!/usr/bin/env python3
"""The transcripts' figures against R's (tests/cli/second-opinion.md).

    python3 tests/cli/second-opinion.py        (from the top of the tree)

A transcript (tests/cli/cases/NAME.out) is written by the program itself;
the R scripts under tests/data/ compute the same figures on the same data
(the transcript 'cmp's the data it made with the file R reads) and their
printed output (.Rout) is committed beside them.  This script reads both
files as committed and fails when a figure differs: each check takes the
output of one command of a transcript (CSV or JSON, as the program printed
it) and one block of an .Rout (CSV after a line naming it), matches their
rows by key and compares every column the R block has.  Numbers agree to
1e-7 relative (the program prints 10 significant digits); text exactly.
No R is run here: rerun a script (the command is in its header) when its
data change, and this test tells whether the program still agrees.

    python3 tests/cli/second-opinion.py --self-test

runs every check with one figure of the program's changed by 1 and fails
unless every check then reports a difference (a check that compares
nothing, or too loosely, would pass anything).
"""
import csv
import io
import json
import math
import re
import sys
import unicodedata

TOL = 1e-7
MUTATE = False      # --self-test: the first figure each compare reads is off by 1
BLIND = []          # --self-test: the comparisons that did not notice


def out_block(path, command, last=False):
    """The output of '$ command' in a transcript (its first run, or its last)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    head = "$ " + command
    if head not in lines:
        raise SystemExit(f"{path}: no command '{command}'")
    i = (len(lines) - 1 - lines[::-1].index(head) if last else lines.index(head)) + 1
    block = []
    while i < len(lines) and not lines[i].startswith("$ "):
        block.append(lines[i])
        i += 1
    return "\n".join(block).strip("\n")


def rout_block(path, marker):
    """The CSV printed after the line 'marker' in an .Rout, to a blank line."""
    lines = open(path, encoding="utf-8").read().split("\n")
    if marker not in lines:
        raise SystemExit(f"{path}: no block '{marker}'")
    i = lines.index(marker) + 1
    block = []
    while i < len(lines) and lines[i].strip():
        block.append(lines[i])
        i += 1
    return list(csv.DictReader(io.StringIO("\n".join(block))))


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def number(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    v = v.strip()
    if v in ("", "NA", "null", "NaN", "–"):     # "–": a figure the program shows as missing
        return None
    try:
        return float(v)
    except ValueError:
        return v


def same(a, b, decimals=None):
    """a (the program's) equals b (R's); to its printed decimals when given."""
    if isinstance(a, str) and a.startswith("<"):      # a p-value printed "< 0.001"
        return number(b) is not None and number(b) < float(a[1:])
    a, b = number(a), number(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) and isinstance(b, float):
        if math.isinf(a) or math.isinf(b):
            return a == b
        if decimals is not None:
            return abs(a - b) <= 0.5 * 10 ** -decimals + 1e-9
        return abs(a - b) <= TOL * max(1.0, abs(b))
    return str(a) == str(b)


def compare(name, prog, ref, keys, decimals=None, only=None, absent_ok=None):
    """Every R row has its program row (by keys) and every R column agrees
    (to the decimals the program printed, for the columns of decimals;
    only the R columns of only, when given; a program row R has not is
    accepted when absent_ok(row) says so)."""
    bad = 0
    index = {}
    for row in prog:
        index[tuple(str(row.get(k)) for k in keys)] = row
    if not ref:
        print(f"FAIL: {name}: R printed no figure")
        return 1
    compared = hidden = 0
    mutate = MUTATE
    for r in ref:
        k = tuple(r[c] for c in keys)
        p = index.get(k)
        if p is None:
            print(f"FAIL: {name}: no row {dict(zip(keys, k))} in the transcript")
            bad += 1
            continue
        if p.get("_hidden"):
            hidden += 1
            continue
        for col, want in r.items():
            if col in keys or (only and col not in only):
                continue
            if col not in p:
                print(f"FAIL: {name}: the transcript has no column '{col}'")
                bad += 1
                continue
            compared += 1
            got = p[col]
            if mutate and isinstance(number(got), float):
                got, mutate = str(number(got) + 1), False
            if not same(got, want, (decimals or {}).get(col)):
                print(f"FAIL: {name} {dict(zip(keys, k))} {col}: program {got}, R {want}")
                bad += 1
    matched = {tuple(r[c] for c in keys) for r in ref}
    extra = [k for k, p in index.items() if k not in matched and not p.get("_hidden")
             and not (absent_ok and absent_ok(p))]
    if extra:
        print(f"FAIL: {name}: rows {extra} in the transcript, not in R's output")
        bad += 1
    if MUTATE and not bad:
        BLIND.append(name)
    if not bad:
        print(f"ok   {name} ({compared} figures" +
              (f"; {hidden} rows hidden by the small-group rule)" if hidden else ")"))
    return bad


CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def main():
    global MUTATE
    if sys.argv[1:] == ["--self-test"]:
        MUTATE = True
        real, sys.stdout = sys.stdout, io.StringIO()
        try:
            blind = [fn.__name__ for fn in CHECKS if fn() == 0]
        finally:
            sys.stdout = real
        blind += BLIND
        if blind:
            print(f"second opinions, self-test: {'; '.join(blind)}: did not notice a changed figure")
            return 1
        print(f"second opinions, self-test: each of the {len(CHECKS)} checks noticed a changed figure")
        return 0
    bad = 0
    for fn in CHECKS:
        bad += fn()
    print(f"second opinions: {len(CHECKS)} checks, {'all agree' if not bad else f'{bad} differences'}")
    return 1 if bad else 0


# ---------------------------------------------------------------- panel.cmd
@check
def panel_pairs():
    prog = csv_rows(out_block(
        "tests/cli/cases/panel.out",
        "utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --bootstrap 0 --lang en --format csv --paired"))
    ref = rout_block("tests/data/panel/pairs.Rout", "paired figures")
    bad = compare("panel.cmd: paired figures (tests/data/panel/pairs.R)", prog, ref, ["dimension"])
    prog = csv_rows(out_block(
        "tests/cli/cases/panel-pairs.out",
        "utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --bootstrap 0 --lang en --format csv --paired"))
    bad += compare("panel-pairs.cmd: paired figures (same script)", prog, ref, ["dimension"])
    prog = csv_rows(out_block(
        "tests/cli/cases/panel.out",
        "utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --bootstrap 0 --format csv --paired | cut -d, -f2-7"))
    ref = rout_block("tests/data/panel/pairs.Rout", "paired figures after the erasure")
    bad += compare("panel.cmd: pairs after the erasure (same script)", prog, ref, ["dimension"],
                   only=["pairs", "improved"])
    prog = csv_rows(out_block(
        "tests/cli/cases/panel-pairs.out",
        "utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --bootstrap 0 --lang en --format csv --paired",
        last=True))
    return bad + compare("panel-pairs.cmd: paired figures after the erasure (same script)", prog, ref, ["dimension"])


@check
def panel_waves():
    """The table by _wave (independent samples) and its reliability section, at their precision."""
    text = out_block(
        "tests/cli/cases/panel.out", "utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --bootstrap 0")
    rows, tests = group_table(text)
    items, dims = reliability_table(text)
    rout = "tests/data/panel/waves.Rout"
    name = "panel.cmd: suivi --by _wave, the table (tests/data/panel/waves.R)"
    two = {k: 2 for k in ("mean", "sd", "r_rest", "alpha_if_deleted", "standardised", "alpha", "average_r")}
    return (compare(name, rows, rout_block(rout, "suivi by wave"), ["group", "dimension"], TABLE) +
            compare("panel.cmd: suivi --by _wave, Welch and Mann-Whitney (same script)", tests,
                    rout_block(rout, "suivi by wave: tests"), ["dimension"], TESTS) +
            compare("panel.cmd: autonomie's item table (same script)", items,
                    rout_block(rout, "suivi item table"), ["item"], two) +
            compare("panel.cmd: autonomie's alpha, standardised alpha and mean inter-item r (same script)", dims,
                    rout_block(rout, "suivi alpha"), ["dimension"], two))


# ---------------------------------------------------------------- prize.cmd
@check
def prize_robustness():
    """After scoring: the CSV's robustness columns, the JSON's variants."""
    out = "tests/cli/cases/prize.out"
    prog = csv_rows(out_block(out, "utilis prize results data/prize/edition.yaml --format csv", last=True))
    ref = rout_block("tests/data/prize/robustness.Rout", "robustness csv")
    bad = compare("prize.cmd: robustness ranks (tests/data/prize/robustness.R)", prog, ref, ["candidate_id"])
    doc = json.loads(out_block(out, "utilis prize results data/prize/edition.yaml --format json", last=True))
    rows = []
    for c in doc["ranking"]:
        row = {"candidate_id": str(c["candidate_id"])}
        row.update(c["robustness"]["variants"])
        rows.append(row)
    ref = rout_block("tests/data/prize/robustness.Rout", "robustness bootstrap")
    bad += compare("prize.cmd: bootstrap rank intervals against the exact distribution over the 256 juries",
                   prog, ref, ["candidate_id"])
    ref = rout_block("tests/data/prize/robustness.Rout", "robustness variants")
    return bad + compare("prize.cmd: ranks under the nine normalisation x aggregation variants (JSON)",
                         rows, ref, ["candidate_id"])


@check
def prize_scores():
    """The results after scoring: ranks, totals and criteria (CSV), the
    jurors' severities and Krippendorff's alpha (JSON)."""
    bad = 0
    for case, rout in (("prize-paper", "tests/data/prize/scores.Rout"),
                       ("prize", "tests/data/prize/prize-notes.Rout")):
        out = f"tests/cli/cases/{case}.out"
        name = f"{case}.cmd: results (tests/data/prize/scores.R{' on prize-notes.csv' if case == 'prize' else ''})"
        prog = csv_rows(out_block(out, "utilis prize results data/prize/edition.yaml --format csv", last=True))
        bad += compare(name + ", ranking", prog, rout_block(rout, "prize ranking"), ["candidate_id"])
        doc = json.loads(out_block(out, "utilis prize results data/prize/edition.yaml --format json", last=True))
        jurors = [{"juror": unicodedata.normalize("NFD", j["name"].split()[0].lower()).encode("ascii", "ignore").decode(),
                   "scored": j["scored"], "severity": j["severity"]} for j in doc["jurors_detail"]]
        bad += compare(name + ", severities", jurors, rout_block(rout, "prize jurors"), ["juror"])
        rel = [{"figure": "krippendorff_alpha", "value": doc["reliability"]["krippendorff_alpha"]}]
        bad += compare(name + ", Krippendorff's alpha", rel, rout_block(rout, "prize reliability"), ["figure"])
    return bad


@check
def prize_ballots():
    """Borda and Schulze of 'prize results --aggregate' (CSV)."""
    prog = csv_rows(out_block("tests/cli/cases/prize-ballots.out",
                              "utilis prize results data/prize/edition.yaml --aggregate schulze --aggregate borda "
                              "--format csv | cut -d, -f1-3,28-"))
    return compare("prize-ballots.cmd: Borda and Schulze (tests/data/prize/ballots.R)", prog,
                   rout_block("tests/data/prize/ballots.Rout", "ballots csv"), ["candidate_id"])


# ------------------------------------------------------------- describe.cmd
def describe_rows(doc):
    """describe's JSON as rows: per question, group and choice; per test."""
    rows, tests = [], []
    cols = ["answered", "n", "percent", "ci_low", "ci_high", "mean", "sd", "min_k", "q1",
            "median", "q3", "max_k"]
    for q in doc["questions"]:
        for c in q["columns"]:
            g = "all" if c.get("all") else c["group"]
            row = dict.fromkeys(cols)
            row.update(question=q["name"], group=g, value="", answered=c.get("answered"),
                       _hidden=c.get("suppressed", False))
            sm = c.get("summary")
            if sm:
                row.update({k: sm.get(k) for k in ("n", "mean", "sd", "min_k", "q1", "median", "q3", "max_k")})
                row["ci_low"], row["ci_high"] = (sm.get("ci") or [None, None])
                row["_hidden"] = row["_hidden"] or sm.get("note") != "ok"
            rows.append(row)
            for ch in c.get("counts") or []:
                row = dict.fromkeys(cols)
                row.update(question=q["name"], group=g, value=ch["value"], answered=None,
                           n=ch.get("n"), percent=ch.get("percent"),
                           _hidden=c.get("suppressed", False) or ch.get("suppressed", False))
                row["ci_low"], row["ci_high"] = (ch.get("ci") or [None, None])
                rows.append(row)
        for t in q.get("tests") or []:
            tests.append({"question": q["name"], "test": t["test"], "n": t.get("n"),
                          "groups": t.get("groups"), "statistic": t.get("statistic"),
                          "df": t.get("df"), "df2": t.get("df2"), "p": t.get("p"),
                          "effect": (t.get("effect") or {}).get("value"),
                          "min_expected": t.get("min_expected"),
                          "_hidden": t.get("note") != "ok"})
    return rows, tests


@check
def describe_groups():
    doc = json.loads(out_block("tests/cli/cases/describe.out",
                               "utilis describe essai --by _group --format json"))
    rows, tests = describe_rows(doc)
    rout = "tests/data/stats/describe-groups.Rout"
    name = "describe.cmd: describe essai --by _group (tests/data/stats/describe-groups.R)"
    return (compare(name, rows, rout_block(rout, "describe by group"), ["question", "group", "value"]) +
            compare(name + ", tests", tests, rout_block(rout, "describe by group: tests"),
                    ["question", "test"]))


@check
def describe_essai():
    """The overall CSV of 'describe essai' (its table prints the same, rounded)."""
    prog = csv_rows(out_block("tests/cli/cases/describe.out", "utilis describe essai --format csv"))
    for row in prog:
        row["_hidden"] = row["note"] != "ok"
    return compare("describe.cmd: describe essai --format csv (tests/data/stats/describe-essai.R)",
                   prog, rout_block("tests/data/stats/describe-essai.Rout", "describe essai, all"),
                   ["question", "category"], absent_ok=lambda p: p["kind"] == "text")


@check
def describe_petit():
    prog = csv_rows(out_block("tests/cli/cases/describe.out",
                              "utilis --db petit.db describe utilite-sociale --by interne_externe --min-group 6 --format csv"))
    for row in prog:
        row["_hidden"] = row["note"] != "ok"
    return compare("describe.cmd: petit.db by interne_externe, min-group 6 (tests/data/stats/describe-petit.R)",
                   prog, rout_block("tests/data/stats/describe-petit.Rout", "describe petit, all"),
                   ["question", "group", "category"],
                   absent_ok=lambda p: p["group"] == "_all" and p["category"] != "" and number(p["n"]) == 0
                   or p["category"] == "" and p["kind"] == "text" or number(p["answered"]) == 0)


@check
def describe_repeats_sim():
    cmd = "utilis --db sim.db describe conseil --format csv | grep -E '^survey|,(sexe|age|duree|femmes),'"
    bad = 0
    for out in ("tests/cli/cases/describe-repeats.out", "tests/cli/cases/describe-repeats-sim.out"):
        bad += compare(f"{out.split('/')[-1][:-4]}.cmd: sim.db (tests/data/stats/conseil-sim.R)",
                       csv_rows(out_block(out, cmd)), rout_block("tests/data/stats/conseil-sim.Rout", "conseil simulated"),
                       ["question", "category"])
    return bad


@check
def describe_by_age():
    """The table's Spearman lines of 'describe essai --by age' (rounded)."""
    text = out_block("tests/cli/cases/describe.out", "utilis describe essai --by age --lang en")
    rows, q = [], None
    for line in text.split("\n"):
        m = re.match(r"\d+\. (\S+) \(", line)
        if m:
            q = m.group(1)
        m = re.match(r"\s+Spearman correlation: rho = (\S+); n = (\d+); p = (\S+)$", line)
        if m:
            rows.append({"question": q, "rho": m.group(1), "n": m.group(2), "p": m.group(3)})
    return compare("describe.cmd: describe essai --by age, Spearman (tests/data/stats/describe-groups.R)",
                   rows, rout_block("tests/data/stats/describe-groups.Rout", "spearman with age"),
                   ["question"], {"rho": 2, "p": 3})


# ----------------------------------------------------------- indicators.cmd
@check
def indicators_groups():
    out = "tests/cli/cases/indicators.out"
    rout = "tests/data/stats/indicators-groups.Rout"
    prog = csv_rows(out_block(out, "utilis indicators compute data/indicators/mini.yaml --by _group --format csv --bootstrap 500"))
    for row in prog:
        if row["dimension"] == "_composite":   # its interval: a bootstrap
            row["score_low"] = row["score_high"] = ""
    ref = rout_block(rout, "indicators by group")
    bad = compare("indicators.cmd: mini --by _group (tests/data/stats/indicators-groups.R)",
                  prog, ref, ["group", "dimension"])
    comp = json.loads(out_block(out, "set -o pipefail; utilis indicators compute data/indicators/mini.yaml "
                                     "--by satisfaction_globale --bootstrap 0 --format json | python3 -c "
                                     "'import json, sys; print(json.dumps(json.load(sys.stdin)[\"comparisons\"], indent=1))'"))
    rows = [{"dimension": c["dimension"], "n": t["n"], "statistic": t["statistic"],
             "rho": t["effect"]["value"], "p": t["p"]}
            for c in comp for t in c["tests"] if t["test"] == "spearman"]
    return bad + compare("indicators.cmd: mini --by satisfaction_globale, Spearman (same script)",
                         rows, rout_block(rout, "spearman with satisfaction_globale"), ["dimension"])


@check
def indicators_bootstrap():
    """The composite's percentile bootstrap on an example with an exact answer."""
    ref = rout_block("tests/data/stats/boot.Rout", "bootstrap percentiles")
    bad = 0
    for seed in (1, 2, 12345):
        prog = [r for r in csv_rows(out_block(
            "tests/cli/cases/indicators-bootstrap.out",
            f"utilis indicators compute data/stats/boot-indicateurs.yaml --overall --bootstrap 2000 --seed {seed} --format csv"))
            if r["dimension"] == "_composite"]
        bad += compare(f"indicators-bootstrap.cmd: seed {seed} (tests/data/stats/boot.R)", prog, ref, ["dimension"])
    return bad


def reliability_table(text):
    """The reliability section of an indicators table (English or French)."""
    items, dims, on = [], [], False
    for line in text.replace(",", ".").split("\n"):
        if line.startswith(("Reliability", "Fiabilité")):
            on = True
            continue
        if not on:
            continue
        m = re.match(r"(\w+). (?:survey|enquête) .*; alpha (\S+) \((?:standardised|standardisé) (\S+)\) ; ?"
                     r"(?:mean inter-item correlation|corrélation moyenne entre items) (\S+)$", line.replace(" ;", ";").replace(";", " ;"))
        if m:
            dims.append(dict(zip(("dimension", "alpha", "standardised", "average_r"), m.groups())))
            continue
        m = re.match(r"  (\w+)(?: \((?:reversed|inversé)\))?\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$", line)
        if m and m.group(1) != "Item":
            items.append(dict(zip(("item", "n", "mean", "sd", "r_rest", "alpha_if_deleted", "standardised"),
                                  m.groups())))
            continue
        if not line.strip() or line.startswith(("Notes", "Note")):
            break
    return items, dims


def group_table(text, labels=None):
    """The sections 'By QUESTION' of an indicators table (English or French,
    one decimal): per dimension and group n, score, interval, median; the
    tests between the groups.  labels maps a group's label (or the start of
    one the table cut) to its key; 'All' and 'Tous' are '_all'."""
    labels = dict(labels or {}, All="_all", Tous="_all")

    def key(label):
        label = label.rstrip("…")
        if label in labels:
            return labels[label]
        starts = [k for k in labels if label.startswith(k)]
        return labels[max(starts, key=len)] if starts else label

    rows, tests, dim = [], [], None
    num = r"(-?[\d.]+|–)"
    for line in text.split("\n"):
        line = re.sub(r"(\d),(\d)", r"\1.\2", line).replace(" ; ", "; ").replace(" : ", ": ")
        m = re.match(r"(?:By|Par) \S+ — .*?(?:\((\w+)\))?$", line)
        if m:
            dim = m.group(1) or "_composite"
            continue
        if line.startswith(("Reliability", "Fiabilité", "Notes", "Correlation", "Corrélation")):
            dim = None
        if not dim:
            continue
        m = re.match(r"  (.+?)\s{2,}(?:suppressed|masqué)", line)
        if m:
            rows.append({"group": key(m.group(1)), "dimension": dim, "_hidden": True})
            continue
        m = re.match(r"  (.+?)\s{2,}(\d+)\s+" + num + r"\s+" + num + r"(?: – " + num + r")?(?:\s+" + num + r")?\s*$", line)
        if m and m.group(1).strip() not in ("Group", "Groupe"):
            g, n, sc, lo, hi, med = m.groups()
            row = {"group": key(g.strip()), "dimension": dim, "n": n, "score": sc,
                   "score_low": lo, "score_high": hi, "median": med}
            if dim == "_composite":   # the interval: a bootstrap (boot.R)
                row.update(score_low=None, score_high=None, median=None)
            rows.append(row)
            continue
        p = r"p (=|<) (\S+)"
        m = re.match(r"  (?:Welch's t test|Test t de Welch): t = (\S+); (?:df|ddl) = (\S+); " + p +
                     r"; (?:Cohen's d|d de Cohen) = (\S+)$", line)
        if m:
            t, df, op, pt, d = m.groups()
            tests.append({"dimension": dim, "t": t, "df": df, "d": d, "p_t": ("<" if op == "<" else "") + pt})
            continue
        m = re.match(r"  (?:Mann-Whitney test|Test de Mann-Whitney): W = (\S+); " + p +
                     r"; (?:rank-biserial r|r rang-bisérial) = (\S+)$", line)
        if m and tests and tests[-1]["dimension"] == dim:
            w, op, pw, r = m.groups()
            tests[-1].update(W=w, p_w=("<" if op == "<" else "") + pw, r=r)
            continue
        m = re.match(r"  (?:One-way ANOVA|ANOVA à un facteur): F\((\d+), (\d+)\) = (\S+); " + p +
                     r"; (?:eta squared|êta carré) = (\S+)$", line)
        if m:
            df1, df2, f, op, pf, eta = m.groups()
            tests.append({"dimension": dim, "F": f, "df1": df1, "df2": df2, "eta2": eta,
                          "p_f": ("<" if op == "<" else "") + pf})
            continue
        m = re.match(r"  (?:Kruskal-Wallis test|Test de Kruskal-Wallis): H = (\S+); (?:df|ddl) = (\d+); " + p + "$", line)
        if m and tests and tests[-1]["dimension"] == dim:
            h, dfh, op, ph = m.groups()
            tests[-1].update(H=h, df_h=dfh, p_h=("<" if op == "<" else "") + ph)
    for t in tests:
        for k in ("t", "df", "p_t", "d", "W", "p_w", "r", "F", "df1", "df2", "p_f", "eta2", "H", "df_h", "p_h"):
            t.setdefault(k, None)
    return rows, tests


TABLE = {"score": 1, "score_low": 1, "score_high": 1, "median": 1}
TESTS = {"t": 2, "df": 1, "p_t": 3, "d": 2, "W": 1, "p_w": 3, "r": 2, "F": 2, "p_f": 3, "eta2": 2,
         "H": 2, "p_h": 3}


@check
def indicators_bygroup():
    out = "tests/cli/cases/indicators.out"
    rout = "tests/data/stats/indicators-bygroup.Rout"
    rows, tests = group_table(out_block(out, "utilis indicators compute indicators/utilite-sociale.yaml --bootstrap 500"),
                              {"Plutôt de l'intérieur": "interne", "Plutôt de l'extérieur": "externe"})
    name = "indicators.cmd: utilite-sociale by interne_externe (tests/data/stats/indicators-bygroup.R)"
    bad = compare(name, rows, rout_block(rout, "utilite-sociale by interne_externe"), ["dimension", "group"], TABLE)
    bad += compare(name + ", tests", tests, rout_block(rout, "utilite-sociale by interne_externe: tests"),
                   ["dimension"], TESTS)
    rows, tests = group_table(out_block(out, "utilis indicators compute data/indicators/mini.yaml --bootstrap 500 --lang en"),
                              {"Employee of URIOPSS": "salarie", "Volunteer": "benevole", "Board member": "administrateur",
                               "Representative of a member": "adherent", "Person supported": "personne_accompagnee",
                               "Funder": "financeur", "Public partner": "partenaire_public", "Company": "entreprise",
                               "Other association": "autre_association", "Researcher": "chercheur", "Other": "autre"})
    name = "indicators.cmd: mini by partie_prenante (same script)"
    bad += compare(name, rows, rout_block(rout, "mini by partie_prenante"), ["dimension", "group"], TABLE)
    bad += compare(name + ", tests", tests, rout_block(rout, "mini by partie_prenante: tests"), ["dimension"], TESTS)
    return bad


@check
def indicators_items():
    out = "tests/cli/cases/indicators.out"
    rout = "tests/data/stats/indicators-items.Rout"
    bad = 0
    for cmd in ("utilis indicators compute indicators/utilite-sociale.yaml --bootstrap 500",
                "utilis indicators compute indicators/utilite-sociale.yaml --overall --lang en --bootstrap 0"):
        items, dims = reliability_table(out_block(out, cmd))
        two = {k: 2 for k in ("mean", "sd", "r_rest", "alpha_if_deleted", "standardised", "alpha", "average_r")}
        bad += compare(f"indicators.cmd: '{cmd[7:]}', item tables (tests/data/stats/indicators-items.R)",
                       items, rout_block(rout, "item tables"), ["item"], two)
        bad += compare(f"indicators.cmd: '{cmd[7:]}', alphas (same script)",
                       dims, rout_block(rout, "dimension alphas"), ["dimension"], two)
    return bad


def overall_table(text):
    """The section 'All respondents' of an indicators table, with the value
    lines of the formulas (either language)."""
    rows = []
    num = r"(-?[\d.]+|–)"
    for line in text.replace(",", ".").split("\n"):
        if line.startswith(("By ", "Par ", "Reliability", "Fiabilité")):
            break
        m = re.search(r"\s(\d+)\s+" + num + r"\s+" + num + r" – " + num + r"(?:\s+" + num + r")?(?:\s+\S+)?$", line)
        if m and line.startswith("  ") and not line.startswith("   "):
            first = line.split()[0]
            dim = "_composite" if first in ("Indice", "Composite") else first
            n, sc, lo, hi, med = m.groups()
            row = {"dimension": dim, "n": n, "score": sc, "score_low": lo, "score_high": hi,
                   "median": med, "value_mean": None, "value_median": None}
            if dim == "_composite":   # the interval: a bootstrap (boot.R)
                row.update(score_low=None, score_high=None, median=None)
            rows.append(row)
            continue
        m = re.search(r"(?:valeur moyenne|mean value) (\S+). (?:médiane|median) (\S+) \(", line)
        if m and rows:
            rows[-1].update(value_mean=m.group(1), value_median=m.group(2))
    return rows


@check
def indicators_repeats():
    """Board indicators summed up from the repeat's members (indicators-repeats.cmd)."""
    text = out_block("tests/cli/cases/indicators-repeats.out",
                     "utilis indicators compute data/indicators/conseil.yaml --bootstrap 0 --format csv")
    prog = csv_rows(text[text.index("indicators,"):])
    ref = rout_block("tests/data/repeats/conseil-indicators.Rout", "conseil indicators")
    name = "indicators-repeats.cmd: boards from their members (tests/data/repeats/conseil-indicators.R)"
    return (compare(name, [r for r in prog if r["dimension"] != "_composite"],
                    [r for r in ref if r["dimension"] != "_composite"], ["dimension"]) +
            compare(name + ", the composite", [r for r in prog if r["dimension"] == "_composite"],
                    [r for r in ref if r["dimension"] == "_composite"], ["dimension"], only=["score"]))


@check
def gouvernance_board():
    """The board-renewal indicators of five boards (gouvernance-board.cmd)."""
    prog = csv_rows(out_block("tests/cli/cases/gouvernance-board.out",
                              "utilis indicators compute indicators/gouvernance.yaml --overall --bootstrap 0 "
                              "--format csv | grep -E '^indicators|,ca_'"))
    return compare("gouvernance-board.cmd: board renewal (tests/data/repeats/gouvernance-board.R)", prog,
                   rout_block("tests/data/repeats/gouvernance-board.Rout", "gouvernance board indicators"),
                   ["dimension"])


@check
def describe_petits():
    """describe over repeat instances and over boards (describe-repeats.cmd, petits.csv)."""
    ref = rout_block("tests/data/repeats/petits.Rout", "petits describe")
    names = {r["question"] for r in ref}
    prog = [r for r in csv_rows(out_block("tests/cli/cases/describe-repeats.out", "utilis describe conseil --format csv"))
            if r["question"] in names]
    return compare("describe-repeats.cmd: petits.csv (tests/data/repeats/petits.R)", prog, ref, ["question"])


@check
def indicators_alpha_constant():
    """Alpha when an item has no variance (indicators-alpha-constant.cmd), at the table's precision."""
    items, dims = reliability_table(out_block("tests/cli/cases/indicators-alpha-constant.out",
                                              "utilis indicators compute data/indicators/mini.yaml --overall --bootstrap 0"))
    rout = "tests/data/stats/alpha-constant-item.Rout"
    name = "indicators-alpha-constant.cmd: besoins with a constant item (tests/data/stats/alpha-constant-item.R)"
    two = {k: 2 for k in ("alpha_if_deleted", "standardised", "alpha", "average_r")}
    ref = rout_block(rout, "constant alpha if deleted")
    names = {r["item"] for r in ref}
    return (compare(name, dims, rout_block(rout, "constant alpha"), ["dimension"], two) +
            compare(name + ", alpha if deleted", [r for r in items if r["item"] in names], ref, ["item"], two))


@check
def describe_fisher():
    """Fisher's exact p of the ecoute x seul crosstab (describe-fisher.cmd), against
    fisher.test in tests/data/stats/reference.R (its values in reference.txt)."""
    text = out_block("tests/cli/cases/describe-fisher.out",
                     "utilis describe essai --by seul --format json | grep -A 8 '\"test\": \"fisher\"'")
    prog = [{"figure": "p", "value": m} for m in re.findall(r'"p": (\S+?),?$', text, re.M)][:1]
    ref = [{"figure": "p", "value": line.split()[1]}
           for line in open("tests/data/stats/reference.txt", encoding="utf-8") if line.startswith("fisher.essai ")]
    return compare("describe-fisher.cmd: Fisher's exact p (tests/data/stats/reference.R, fisher.essai)",
                   prog, ref, ["figure"], {"value": 9})


@check
def indicators_gouvernance():
    rows = overall_table(out_block("tests/cli/cases/indicators.out",
                                   "utilis indicators compute indicators/gouvernance.yaml --overall --bootstrap 300"))
    return compare("indicators.cmd: gouvernance --overall (tests/data/stats/gouvernance.R)", rows,
                   rout_block("tests/data/stats/gouvernance.Rout", "gouvernance overall"), ["dimension"],
                   {"score": 1, "score_low": 1, "score_high": 1, "median": 1, "value_mean": 2,
                    "value_median": 2})


@check
def indicators_us():
    """utilite-sociale's table of all respondents, in French and English:
    each dimension's n, score, interval, median and alpha, the composite."""
    out = "tests/cli/cases/indicators.out"
    ref = rout_block("tests/data/stats/indicators-us.Rout", "utilite-sociale overall")
    bad = 0
    for cmd in ("utilis indicators compute indicators/utilite-sociale.yaml --bootstrap 500",
                "utilis indicators compute indicators/utilite-sociale.yaml --overall --lang en --bootstrap 0"):
        text = out_block(out, cmd)
        rows = overall_table(text)
        section = text.replace(",", ".").split("\n\n")[1].split("\n")
        for row in rows:
            line = [l for l in section if l.startswith("  " + row["dimension"] + " ")]
            row["alpha"] = line[0].split()[-1] if line and row["dimension"] != "_composite" else None
            row.pop("value_mean"), row.pop("value_median")
        if not any(r["dimension"] == "_composite" for r in rows):   # no bootstrap: no interval
            m = [re.match(r"  (?:Composite index|Indice composite) \(.*?\)\s+(\d+)\s+(\S+)\s+–$", l)
                 for l in section]
            m = [x for x in m if x]
            if m:
                rows.append({"dimension": "_composite", "n": m[0].group(1), "score": m[0].group(2),
                             "score_low": None, "score_high": None, "median": None, "alpha": None})
        bad += compare(f"indicators.cmd: '{cmd[7:]}', all respondents (tests/data/stats/indicators-us.R)",
                       rows, ref, ["dimension"], dict(TABLE, alpha=2))
    return bad


@check
def indicators_petit():
    """mini on petit.db, the small-group example: what the tables show."""
    out = "tests/cli/cases/indicators.out"
    rout = "tests/data/stats/indicators-petit.Rout"
    name = "indicators.cmd: mini on petit.db"
    bad = 0
    two = {k: 2 for k in ("mean", "sd", "r_rest", "alpha_if_deleted", "standardised", "alpha", "average_r")}
    for cmd, labels, groups in (
            ("utilis --db petit.db indicators compute data/indicators/mini.yaml --bootstrap 200",
             {"Salarié ou salariée": "salarie", "Financeur": "financeur", "Entreprise": "entreprise"},
             ("salarie", "_all")),
            ("utilis --db petit.db indicators compute data/indicators/mini.yaml --by interne_externe --min-group 6 --bootstrap 200 --lang en",
             {"Rather from the inside": "interne", "Rather from the outside": "externe"}, ("_all",))):
        text = out_block(out, cmd)
        bad += compare(f"{name}, '{cmd.split('compute ')[1]}', overall (tests/data/stats/indicators-petit.R)", overall_table(text),
                       rout_block(rout, "petit overall"), ["dimension"],
                       dict(TABLE, value_mean=2, value_median=2))
        rows, _ = group_table(text, labels)
        bad += compare(f"{name}, '{cmd.split('compute ')[1]}', by group (same script)", rows,
                       [r for r in rout_block(rout, "petit by partie_prenante") if r["group"] in groups],
                       ["dimension", "group"], TABLE)
        items, dims = reliability_table(text)
        bad += compare(f"{name}, '{cmd.split('compute ')[1]}', reliability (same script)", items,
                       rout_block(rout, "petit item table"), ["item"], two)
        bad += compare(f"{name}, '{cmd.split('compute ')[1]}', alpha (same script)", dims,
                       rout_block(rout, "petit alpha"), ["dimension"], two)
    return bad


@check
def indicators_waves():
    out = "tests/cli/cases/indicators.out"
    rout = "tests/data/stats/participation-waves.Rout"
    name = "indicators.cmd: participation"
    prog = csv_rows(out_block(out, "utilis indicators compute indicators/participation.yaml --by _survey --format csv --bootstrap 0"))
    bad = compare(name + " --by _survey (tests/data/stats/participation-waves.R)", prog,
                  rout_block(rout, "participation by survey"), ["group", "dimension"])
    rows, tests = group_table(out_block(out, "utilis indicators compute indicators/participation.yaml --by _wave --bootstrap 300 --lang en"))
    bad += compare(name + " --by _wave, the table (same script)", rows,
                   rout_block(rout, "participation by wave"), ["group", "dimension"], TABLE)
    bad += compare(name + " --by _wave, Welch and Mann-Whitney (same script)", tests,
                   rout_block(rout, "participation by wave: tests"), ["dimension"], TESTS)
    return bad


# --------------------------------------------------------------- delphi.cmd
@check
def delphi_rounds():
    """Round 1 (CSV) and round 2 (JSON) of 'delphi results'."""
    out = "tests/cli/cases/delphi.out"
    rows = csv_rows(out_block(out, "utilis delphi results data/referential/petit.yaml --format csv"))
    for r in rows:
        r["_hidden"] = r["verdict"] == "too_few_ratings"
    doc = json.loads(out_block(out, "utilis delphi results data/referential/petit.yaml --round 2 --format json"))
    for rnd in doc["rounds"]:
        for i in rnd["indicators"]:
            row = {"round": str(rnd["round"]), "indicator": i["id"], "_hidden": not i["relevance"]["shown"]}
            row.update({k: i["relevance"][k] for k in ("n", "median", "q1", "q3", "iqr", "p30", "p70", "ipr",
                                                       "ipras", "disagreement_index", "agreement")})
            row.update({k: i["stability"][k] for k in ("same_third", "changed", "mean_change")})
            rows.append(row)
    return compare("delphi.cmd: rounds 1 (CSV) and 2 (JSON) (tests/data/referential/delphi-rounds.R)", rows,
                   rout_block("tests/data/referential/delphi-rounds.Rout", "delphi rounds"), ["round", "indicator"])


# ------------------------------------------------------- delphi-weights.cmd
@check
def delphi_points():
    """The 100-point weights of poids.csv (delphi-weights.cmd, the CSV)."""
    prog = csv_rows(out_block("tests/cli/cases/delphi-weights.out",
                              "utilis delphi results data/referential/petit.yaml --weights --format csv"))
    return compare("delphi-weights.cmd: 100-point weights (tests/data/referential/points.R)", prog,
                   rout_block("tests/data/referential/points.Rout", "points weights"), ["member", "stake"])


@check
def delphi_ahp():
    """The AHP weights of trois.yaml after both files: the table (one
    decimal, CR three) and the group's lambda, CI and CR (JSON)."""
    out = "tests/cli/cases/delphi-weights.out"
    rout = "tests/data/referential/ahp-trois.Rout"
    name = "delphi-weights.cmd: AHP weights (tests/data/referential/ahp-trois.R)"
    text = out_block(out, "utilis delphi results data/referential/trois.yaml --weights", last=True)
    group, members = [], []
    for line in text.split("\n"):
        m = re.match(r"(\w+)" + r"\s+(-?[\d.]+)" * 7 + "$", line)
        if m:
            group.append(dict(zip(("stake", "group", "mean", "min", "q1", "median", "q3", "max"), m.groups())))
        m = re.match(r"\s+(\d+)" + r"\s+(-?[\d.]+)" * 4 + r"(?: inconsistent)?$", line)
        if m:
            members.append(dict(zip(("no", "besoins", "lien", "emploi", "CR"), m.groups())))
    one = dict.fromkeys(("group", "mean", "min", "q1", "median", "q3", "max", "besoins", "lien", "emploi"), 1)
    bad = compare(name + ", the group", group, rout_block(rout, "ahp group"), ["stake"], one)
    bad += compare(name + ", the members", members, rout_block(rout, "ahp members"), ["no"], dict(one, CR=3))
    frag = out_block(out, "utilis delphi results data/referential/trois.yaml --weights --format json | "
                          "grep -A4 -E '\"group_consistency\"|\"member\": 4'")
    cons = [{"figure": k, "value": v} for k, v in
            re.findall(r'"(lambda|ci|cr)": (\S+?),?$', frag.split("--")[0], re.M)]
    bad += compare(name + ", the group's consistency (JSON)", cons, rout_block(rout, "ahp consistency"), ["figure"])
    m = re.search(r"^Members with CR > 0\.10 \(inconsistent\): (\d+) of (\d+)(?: \(no\. ([\d, ]+)\))?$", text, re.M)
    flags = []
    if m:
        flags = [{"figure": "inconsistent", "value": m.group(1)}, {"figure": "members", "value": m.group(2)}]
        flags += [{"figure": f"no{j}", "value": v.strip()}
                  for j, v in enumerate((m.group(3) or "").split(","), 1) if v.strip()]
    return bad + compare(name + ", the members with CR > 0.10", flags, rout_block(rout, "ahp inconsistent"), ["figure"])


@check
def delphi_sensitivity():
    out = "tests/cli/cases/delphi-weights.out"
    rout = "tests/data/referential/sensitivity.Rout"
    name = "delphi-weights.cmd: sensitivity to the members' weights (tests/data/referential/sensitivity.R)"
    doc = json.loads(out_block(out, "utilis delphi sensitivity data/referential/petit.yaml "
                                    "--set petit-delphi.yaml --by _group --format json 2>/dev/null"))
    if doc.get("mode") != "members":
        print(f"FAIL: {name}: not the members' weights")
        return 1
    rows = [{"group": g["group"] or "everyone", "n": g["n"], "index": g["index"], "low": g["low"],
             "high": g["high"]} for g in doc["groups"]]
    bad = compare(name, rows, rout_block(rout, "sensitivity by group"), ["group"])
    rows = [{k: c[k] for k in ("higher", "lower", "difference", "share_kept")} for c in doc["comparisons"]]
    bad += compare(name + ", comparisons", rows, rout_block(rout, "sensitivity comparisons"),
                   ["higher", "lower"])
    # The Dirichlet draws: every weighting of two dimensions lies between them.
    draws = json.loads(out_block(out, "utilis delphi sensitivity data/referential/petit.yaml "
                                      "--set petit-delphi.yaml --by _group --dirichlet 50 --draws 2000 "
                                      "--seed 3 --format json 2>/dev/null"))
    bounds = {r["group"]: r for r in rout_block(rout, "dirichlet bounds")}
    seen = 0
    for g in draws["groups"]:
        b = bounds.get(g["group"] or "everyone")
        if b is None:
            print(f"FAIL: {name}: no bound for group {g['group']}")
            bad += 1
            continue
        for k in ("low", "high", "mean", "index"):
            seen += 1
            if not float(b["lowest"]) - 1e-9 <= g[k] <= float(b["highest"]) + 1e-9:
                print(f"FAIL: {name}: Dirichlet {k} {g[k]} of {g['group']} outside "
                      f"[{b['lowest']}, {b['highest']}]")
                bad += 1
    if len(draws["groups"]) != len(bounds):
        print(f"FAIL: {name}: {len(draws['groups'])} groups drawn, {len(bounds)} in R's output")
        bad += 1
    elif not bad:
        print(f"ok   delphi-weights.cmd: Dirichlet intervals within R's bounds ({seen} figures)")
    return bad


if __name__ == "__main__":
    sys.exit(main())
