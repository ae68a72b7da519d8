#!/usr/bin/env python3
"""Make the matching's test and demo answers (benevolat-entreprises version 2).

The answers are those of `utilis simulate benevolat-entreprises --n 160
--seed 7` exported with `utilis responses export`, kept to ten associations
of the network, two partner companies and their employees, then given
the names of the demo network's associations (scripts/demo/reseau.csv)
and other plausible names, addresses on example.org and postcodes of the
Pays de la Loire: everything here is invented.

    tests/data/match/make.py SIMULATED.csv OUTDIR
"""
import csv, os, sys

# Seven of the demo network's eight associations (scripts/demo/reseau.csv;
# Âge et Vie Saumurois states no need here) and three outside it.
ASSOS = ["Accueil Solidarité Nantes", "Handi'Cap Atlantique", "Maison des Familles d'Angers", "Le Relais Sarthois",
         "Vendée Accueil Enfance", "Les Ateliers de l'Erdre", "Entraide Mayenne",
         "Addictions Soins Sarthe", "Insertion Bocage", "Jeunesse et Familles 44"]
ASSO_CP = ["44000", "44600", "49000", "72000", "85000", "44600", "53000", "72000", "85100", "44400"]
COMPANIES = ["Atlantique Assurances", "Loire Numérique"]
QUOTA = ["60", "40"]
FIRST = ["Camille", "Julien", "Sophie", "Karim", "Élodie", "Thomas", "Nadia", "Pierre", "Léa", "Mathieu",
         "Inès", "Nicolas", "Chloé", "Yann", "Fatou", "Hugo", "Manon", "Olivier", "Sarah", "Loïc",
         "Aurélie", "Bastien", "Gaëlle", "Romain"]
LAST = ["Martin", "Bernard", "Guérin", "Benali", "Leroux", "Morel", "Haddad", "Robin", "Fournier", "Girard",
        "Diallo", "Bonnet", "Lemoine", "Le Goff", "Traoré", "Chevalier", "Perrin", "Marchand", "Roux",
        "Colin", "Vidal", "Caron", "Renaud", "Hamon"]
TITLES = {"finances": "Clôture des comptes", "juridique": "Révision des statuts", "rh": "Entretiens annuels",
          "numerique": "Site internet", "communication": "Plan de communication", "immobilier": "Travaux du foyer",
          "strategie": "Projet associatif 2030", "gestion_projet": "Déménagement du siège",
          "qualite_securite": "Démarche qualité", "collecte_fonds": "Campagne de dons"}
EMP_CP = ["44000", "44000", "49000", "44400", "85000", "44600", "72000", "44000", "49300", "53000"]


def slug(s):
    out = []
    for ch in s.lower():
        ch = {"é": "e", "è": "e", "ê": "e", "ë": "e", "à": "a", "ï": "i", "î": "i", "ô": "o", "ç": "c"}.get(ch, ch)
        out.append(ch if ch.isalnum() else "-")
    return "-".join(p for p in "".join(out).split("-") if p)


def main(src, outdir):
    stem = src[:-4]
    rows = list(csv.DictReader(open(src, newline="", encoding="utf-8")))
    fields = list(rows[0].keys())
    keep, ia, ie, ic = [], 0, 0, 0
    for r in rows:
        t = r["type_repondant"]
        if t == "association" and ia < len(ASSOS):
            r["nom_structure"] = ASSOS[ia]
            r["code_postal"] = ASSO_CP[ia]
            r["departement"] = ASSO_CP[ia][:2]
            r["email_contact"] = "contact@%s.example.org" % slug(ASSOS[ia])
            r["entreprises_soutien"] = COMPANIES[0] if ia == 3 else ""
            ia += 1
        elif t == "entreprise" and ic < len(COMPANIES):
            r["nom_structure"] = COMPANIES[ic]
            r["quota_heures_mois"] = QUOTA[ic]
            r["email_contact"] = "rse@%s.example.org" % slug(COMPANIES[ic])
            ic += 1
        elif t == "salarie":
            name = "%s %s" % (FIRST[ie % len(FIRST)], LAST[ie % len(LAST)])
            company = COMPANIES[ie % 2]
            r["nom_salarie"] = name
            r["entreprise_salarie"] = company
            r["code_postal"] = EMP_CP[ie % len(EMP_CP)]
            r["departement"] = r["code_postal"][:2]
            r["email_contact"] = "%s@%s.example.org" % (slug(name).replace("-", "."), slug(company))
            ie += 1
        else:
            continue
        r["commentaire"] = ""
        r["condition_reussite"] = ""
        keep.append(r)
    ids = {r["_id"] for r in keep}
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "reponses.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(keep)
    for rep in ("besoins", "membres_ca", "mes_competences"):
        rr = list(csv.DictReader(open("%s-%s.csv" % (stem, rep), newline="", encoding="utf-8")))
        with open(os.path.join(outdir, "reponses-%s.csv" % rep), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rr[0].keys()), lineterminator="\n")
            w.writeheader()
            for x in rr:
                if x["_id"] in ids:
                    if rep == "besoins" and x.get("intitule_mission"):
                        first = x["competences_besoin"].split(" ")[0]
                        x["intitule_mission"] = TITLES.get(first, "Appui ponctuel")
                    w.writerow(x)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
