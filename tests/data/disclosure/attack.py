#!/usr/bin/env python3
"""The attack of the worked example (docs/statistics.md, "Small groups are
never shown"), tried on what utilis published.

    attack.py FILE...    describe and indicators outputs, JSON or CSV

Reads every published figure about the age (describe's question `age`,
the indicator set's dimension `age`): its group, n, mean and extremes.
The attacker knows who is in which group and wave: G1 is wave 2024, G2
and G3 are wave 2025.  Every difference of a figure and of disjoint
figures nested in it is worked out; one about fewer than MIN respondents
is a leak, and so is a figure published about fewer than MIN (an answer's
count included), or any figure or difference equal to G3's age (87).  Prints what it tried and
exits 1 on a leak.
"""
import csv
import itertools
import json
import sys

MIN = 5
SECRET = 87
# Atoms: (group, wave) cells.  What each published group is made of.
ATOMS = {"G1": {"G1/2024"}, "G2": {"G2/2025"}, "G3": {"G3/2025"},
         "2024": {"G1/2024"}, "2025": {"G2/2025", "G3/2025"},
         "all": {"G1/2024", "G2/2025", "G3/2025"}}


def figures_json(doc, src, out):
    if "questions" in doc:  # describe
        for q in doc["questions"]:
            for c in q["columns"]:
                for k in c.get("counts", []):
                    if 0 < k.get("n", 0) < MIN:
                        out.append(("count", q["name"], k["value"], k["n"], src))
            if q["name"] != "age":
                continue
            for c in q["columns"]:
                key = "all" if c.get("all") else c.get("group")
                s = c.get("summary")
                if not c.get("suppressed") and s and s.get("n"):
                    out.append((key, s["n"], s["mean"],
                                [s.get(k) for k in ("min", "max", "min_k", "max_k")], src))
    else:  # indicators
        for g in doc["groups"]:
            key = "all" if g.get("all") else g.get("key")
            for c in g.get("cells", []):
                v = c.get("value")
                if c["dimension"] == "age" and not c.get("suppressed") and v and v.get("n"):
                    out.append((key, v["n"], v["mean"],
                                [v.get(k) for k in ("min", "max", "min_k", "max_k")], src))


def num(s):
    return float(s) if s not in ("", None) else None


def figures_csv(rows, src, out):
    for r in rows:
        if r.get("question") == "age" or r.get("dimension") == "age":
            if r.get("note") == "suppressed" or not r.get("mean"):
                continue
            key = r["group"].lstrip("_")
            n = int(r.get("n") or r.get("answered"))
            ext = [num(r.get(k)) for k in ("min", "max", "min_k", "max_k")]
            out.append((key, n, float(r["mean"]), ext, src))


def main(paths):
    figs, leaks = [], []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            text = f.read()
        if text.lstrip().startswith("{"):
            figures_json(json.loads(text), p, figs)
        else:
            figures_csv(csv.DictReader(text.splitlines()), p, figs)
    for f in [f for f in figs if f[0] == "count"]:
        leaks.append("%s: %s = %s answered by %d respondents" % (f[4], f[1], f[2], f[3]))
    figs = [f for f in figs if f[0] != "count"]
    print("figures about the age: %d, from %d outputs" % (len(figs), len(paths)))
    for key, n, mean, ext, src in figs:
        if n < MIN:
            leaks.append("%s: %s about %d respondents published" % (src, key, n))
        for x in ext:
            if x is not None and abs(x - SECRET) < 0.5:
                leaks.append("%s: %s shows the extreme %g" % (src, key, x))
    # One figure per group (outputs agree; the first one read is used).
    by = {}
    for key, n, mean, ext, src in figs:
        by.setdefault(key, (n, mean))
    print("groups published: " + ", ".join("%s (n = %d)" % (k, by[k][0]) for k in sorted(by)))
    for big in sorted(by):
        for k in range(1, 4):
            for parts in itertools.combinations(sorted(set(by) - {big}), k):
                atoms = [ATOMS[p] for p in parts]
                if any(a & b for a, b in itertools.combinations(atoms, 2)):
                    continue
                inner = set().union(*atoms)
                if not inner < ATOMS[big]:
                    continue
                d = by[big][0] - sum(by[p][0] for p in parts)
                if d <= 0:
                    continue
                total = by[big][0] * by[big][1] - sum(by[p][0] * by[p][1] for p in parts)
                what = "%s - %s: %d respondents" % (big, " - ".join(parts), d)
                if d < MIN:
                    leaks.append("%s, mean %.2f" % (what, total / d))
                elif abs(total / d - SECRET) < 0.5:
                    leaks.append("%s, mean %.2f" % (what, total / d))
    for line in leaks:
        print("LEAK: " + line)
    if not leaks:
        print("no figure about fewer than %d respondents published or derived; "
              "G3's age is nowhere" % MIN)
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
