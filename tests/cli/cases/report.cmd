# Reports: layouts checked like every definition (every problem at once, as
# FILE:LINE:COL), a PDF and a workbook made on twelve respondents, the
# extension that must match the layout, usage errors, failures that leave no
# file, and the paper questionnaire.
utilis report check reports/utilite-sociale.yaml reports/prix-scorecards.yaml reports/classeur-analyste.yaml reports/prix-classeur.yaml
utilis report check data/reports/bad/sections.yaml data/reports/bad/workbook.yaml data/reports/bad/source.yaml
utilis -q init
utilis -q survey load surveys/utilite-sociale.yaml
utilis -q responses import utilite-sociale data/indicators/petit.csv 2>/dev/null
utilis report data/reports/petit.yaml -o petit.pdf
utilis report data/reports/petit-classeur.yaml -o petit.xlsx
utilis -q report data/reports/petit.yaml -o petit-en.pdf --lang en
pdfinfo petit.pdf 2>/dev/null | grep -E '^(Title|Pages|Page size)'
# Group names that are no answer of the breakdown; a source that is not there.
utilis report data/reports/bad/groups.yaml -o groups.pdf
utilis report data/reports/bad/source.yaml -o source.pdf
# The prize's surveys are not in this workspace.
utilis report reports/prix-scorecards.yaml -o prix.pdf
# Usage.
utilis report
utilis report data/reports/petit.yaml
utilis report data/reports/petit.yaml -o petit.xlsx
utilis report data/reports/petit-classeur.yaml -o petit.pdf
utilis report data/reports/petit.yaml -o petit.pdf --lang de
SOURCE_DATE_EPOCH=demain utilis report data/reports/petit.yaml -o petit.pdf
# Nothing is left behind by a failure, and nothing is damaged.
echo ancien > garde.pdf
UTILIS_FONT_DIR=/nonexistent utilis report data/reports/petit.yaml -o garde.pdf
cat garde.pdf
utilis report data/reports/petit.yaml -o absent/petit.pdf
ls
# The paper questionnaire, from the workspace or from a file.
utilis survey paper utilite-sociale -o formulaire.pdf
utilis survey paper surveys/participation-facile.yaml --large -o facile.pdf
utilis survey paper surveys/gouvernance.yaml --lang en --no-codes -o gouvernance-en.pdf
pdftotext gouvernance-en.pdf - 2>/dev/null | grep -m 3 -E 'Answer only if|go to question'
utilis survey paper absent -o x.pdf
utilis survey paper utilite-sociale -o formulaire.docx
utilis survey paper utilite-sociale --lang de -o x.pdf
utilis survey paper surveys/gouvernance.yaml --version 2 -o x.pdf
utilis survey paper
