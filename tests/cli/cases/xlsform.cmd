# XLSForm in: pyxform's test workbooks (data/xlsform, BSD licence) come in
# exactly when utilis can express them; what it cannot is reported at its
# sheet, row and column, and nothing is written.
utilis survey import-xlsform data/xlsform/text_and_integer.xlsx -o text_and_integer.yaml
cat text_and_integer.yaml
utilis survey check text_and_integer.yaml
utilis survey import-xlsform data/xlsform/yes_or_no_question.xlsx --lang en
cat yes_or_no_question.yaml
utilis survey import-xlsform data/xlsform/field-list.xlsx -o field-list.yaml
cat field-list.yaml
utilis survey import-xlsform data/xlsform/specify_other.xlsx -o specify_other.yaml
cat specify_other.yaml
utilis survey import-xlsform data/xlsform/or_other.xlsx
utilis survey import-xlsform data/xlsform/choice_filter_test.xlsx
utilis survey import-xlsform data/xlsform/case_insensitivity.xlsx
utilis survey import-xlsform data/xlsform/group.xlsx
utilis survey import-xlsform data/xlsform/group.xlsx --drop-unsupported -o group.yaml
cat group.yaml
utilis survey import-xlsform data/xlsform/loop.xlsx
utilis survey import-xlsform data/xlsform/loop.xlsx --drop-unsupported --form-id boucle
cat boucle.yaml
utilis survey import-xlsform data/xlsform/xlsform_spec_test.xlsx
utilis survey import-xlsform data/xlsform/text_and_integer.xlsx -o text_and_integer.yaml
utilis survey import-xlsform data/xlsform/missing.xlsx
utilis survey import-xlsform data/good/essai.yaml
utilis survey import-xlsform
ls *.tmp* 2>/dev/null | wc -l
# repeats: begin_repeat/end_repeat (and 'begin repeat'), repeat_count, a
# repeat inside a repeat, the aggregates; a repeat_count on a question row
# is said to be unread
utilis survey import-xlsform data/xlsform/repeats.xlsx -o menage.yaml
cat menage.yaml
utilis survey check menage.yaml
# '-o -' writes the definition to standard output (no file named '-')
utilis survey import-xlsform data/xlsform/text_and_integer.xlsx -o - > copie.yaml
cmp copie.yaml text_and_integer.yaml && utilis survey check copie.yaml
ls -- - 2>&1
utilis survey import-xlsform data/xlsform/doublon.xlsx -o -
