# Conflicts of interest found before they are declared (docs/prize.md):
# jurors' ties, the suggestions with their reason, the assignment waiting
# while one is undecided, confirmations and dismissals remembered across
# name edits, and the refusals.
utilis -q init
utilis -q survey load data/prize/coi/candidature.yaml data/prize/grille.yaml
utilis -q responses import candidature-coi data/prize/coi/candidates.csv
utilis jury add data/prize/coi/edition.yaml --name "Anne Martin" --email anne@example.org --organisation "SAS Dupont & Fils" > /dev/null
utilis jury add data/prize/coi/edition.yaml --name "Bruno Caron" --email bruno@example.org > /dev/null
utilis jury add data/prize/coi/edition.yaml --name "Chloé Diallo" --email chloe@example.org --organisation "SARL" > /dev/null
utilis jury conflicts data/prize/coi/edition.yaml
# ties: a board seat, a funder with its SIREN; empty ties are refused, --none is no tie
utilis jury ties data/prize/coi/edition.yaml bruno@example.org --board "Association Les Amis" --funder "Imprimerie nantaise 380 129 866"
utilis jury ties data/prize/coi/edition.yaml chloe@example.org --employer ""
utilis jury ties data/prize/coi/edition.yaml chloe@example.org --employer "  "
utilis jury ties data/prize/coi/edition.yaml chloe@example.org --none --board "X"
utilis jury ties data/prize/coi/edition.yaml chloe@example.org --none
utilis jury ties data/prize/coi/edition.yaml bruno@example.org
utilis jury ties data/prize/coi/edition.yaml chloe@example.org
utilis jury ties data/prize/coi/edition.yaml nobody@example.org --board "X"
# "SAS Dupont & Fils" ~ "DUPONT ET FILS"; "Association Les Amis" ~ "Fondation Les Amis" (suggested: the analyst decides);
# a SIRET's first 9 digits against a SIREN; a name made only of a legal form ("SARL") matches nothing
utilis jury conflicts data/prize/coi/edition.yaml --suggest
utilis jury assign data/prize/coi/edition.yaml --per-candidate 2
utilis jury conflicts data/prize/coi/edition.yaml --confirm anne@example.org 1
utilis jury conflicts data/prize/coi/edition.yaml --confirm anne@example.org 1
utilis jury conflicts data/prize/coi/edition.yaml --dismiss bruno@example.org 2
utilis jury conflicts data/prize/coi/edition.yaml --dismiss bruno@example.org 4
utilis jury conflicts data/prize/coi/edition.yaml --dismiss chloe@example.org 3
utilis jury conflicts data/prize/coi/edition.yaml --confirm bruno@example.org 9
utilis jury conflicts data/prize/coi/edition.yaml --confirm bruno@example.org
utilis jury conflicts data/prize/coi/edition.yaml --confirm --dismiss bruno@example.org 2
# a name edited in form only stays dismissed; a new match is suggested again
utilis jury ties data/prize/coi/edition.yaml bruno@example.org --board "ASSOCIATION  LES AMIS." --funder "Imprimerie nantaise 380 129 866"
utilis jury conflicts data/prize/coi/edition.yaml --suggest
utilis jury ties data/prize/coi/edition.yaml bruno@example.org --board "Bâti-Ouest SARL"
utilis jury conflicts data/prize/coi/edition.yaml --suggest
utilis jury conflicts data/prize/coi/edition.yaml --dismiss 2 2
utilis jury conflicts data/prize/coi/edition.yaml
utilis jury assign data/prize/coi/edition.yaml --per-candidate 2 --seed 7
utilis jury list data/prize/coi/edition.yaml
utilis prize audit data/prize/coi/edition.yaml
