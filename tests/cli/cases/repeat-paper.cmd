# The paper form of a survey with repeats: blank blocks for an open repeat
# (5, or 3 inside another, fewer when max_count is lower; the count said and
# a sheet to add), exactly the number a constant repeat_count gives, and the
# question a repeat_count refers to named.
utilis -q survey paper data/good/bureau.yaml -o bureau.pdf && pdftotext bureau.pdf - 2>/dev/null | tr '\n' ' ' | grep -o 'Remplissez[^.]*\.' | sort | uniq -c
pdftotext bureau.pdf - 2>/dev/null | grep -c '^Mandat [0-9]$'
utilis -q survey paper data/good/bureau.yaml --lang en -o board.pdf && pdftotext board.pdf - 2>/dev/null | tr '\n' ' ' | grep -o 'Fill in[^.]*\.' | sort -u
utilis -q survey paper data/good/conseil.yaml -o conseil.pdf && pdftotext conseil.pdf - 2>/dev/null | tr '\n' ' ' | grep -o 'Remplissez[^.]*\.' | sort -u
printf 'form_id: trois\nversion: 1\ntitle: Trois\nsurvey:\n  - type: repeat\n    name: enfant\n    label: Enfant\n    repeat_count: "3"\n    questions:\n      - {type: integer, name: age, label: Âge}\n' > trois.yaml
utilis -q survey paper trois.yaml -o trois.pdf && pdftotext trois.pdf - 2>/dev/null | grep -E '^Enfant|Remplissez'
