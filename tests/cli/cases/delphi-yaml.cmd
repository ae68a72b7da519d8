# The questionnaires made from a referential write its labels as they are
# (util/yamlout): a line break, a tab, quotes, ':' and '#', a leading '-',
# '&' or '?' read back the same in the round's questionnaire and in the
# weights' (the weights' once turned the break and the tab into spaces).
utilis -q init && utilis -q survey load surveys/utilite-sociale.yaml
utilis -q delphi start data/referential/saut.yaml --round 1 --yaml tour1.yaml
utilis -q delphi weights data/referential/saut.yaml --method points --yaml poids.yaml -o liens.csv
grep -h 'Enjeu : \|Points pour' tour1.yaml poids.yaml
utilis survey show poids-saut | grep -A1 'Points pour'
