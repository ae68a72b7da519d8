# utilis referential check: the union's starting referential, and mistakes
# reported at their place (exit 65).
utilis referential check indicators/referentiel-uriopss.yaml --survey surveys/utilite-sociale.yaml
utilis referential check indicators/referentiel-uriopss.yaml
utilis referential check data/referential/petit.yaml --survey surveys/utilite-sociale.yaml
# the same indicator id twice
utilis referential check data/referential/doublon.yaml
# a source question the survey does not have: checked when the survey is at hand
utilis referential check data/referential/question-absente.yaml
utilis referential check data/referential/question-absente.yaml --survey surveys/utilite-sociale.yaml
utilis -q init && utilis -q survey load surveys/utilite-sociale.yaml && utilis referential check data/referential/question-absente.yaml
# an indicator set and a prize edition are not referentials, and the other way round
utilis indicators check indicators/referentiel-uriopss.yaml
utilis referential check indicators/utilite-sociale.yaml
utilis referential check
utilis indicators compute indicators/referentiel-uriopss.yaml
# control characters in its texts (C0 but tab and line breaks, DEL, C1): refused at their place, as in a survey's labels
utilis referential check data/referential/controle.yaml
