# Piping: ${q} in a label, hint or message shows the answer (web form: tests/http),
# a blank line on paper; an unknown name or a group is an error at the question;
# XLSForm keeps it both ways.
printf 'form_id: pipe\nversion: 1\ntitle: Pipe\nsurvey:\n  - {type: text, name: prenom, label: Prénom}\n  - {type: integer, name: n, label: "Merci ${prenom}, combien ?", hint: "Pour ${prenom} seul", constraint: ". < 10", constraint_message: "${prenom}, moins de 10"}\n' > pipe.yaml
utilis survey check pipe.yaml
utilis -q survey paper pipe.yaml -o pipe.pdf && pdftotext pipe.pdf - 2>/dev/null | grep -E 'Merci|Pour'
utilis -q survey export-xlsform pipe.yaml -o pipe.xlsx
utilis -q survey import-xlsform pipe.xlsx -o back.yaml
grep -F '${prenom}' back.yaml
printf 'form_id: bad\nversion: 1\ntitle: Bad\nsurvey:\n  - {type: text, name: prenom, label: Prénom}\n  - type: group\n    name: g\n    label: G\n    questions:\n      - {type: note, name: info, label: "Bonjour ${prenon}"}\n  - {type: text, name: t, label: "${g} ${info}", hint: "${prenom"}\n' > bad.yaml
utilis survey check bad.yaml
