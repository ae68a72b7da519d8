# Broken CSV files, one fault each: every one gives its exact FILE:ROW:COLUMN
# message and exit status 65, and nothing at all is written (the survey list
# shows no respondent at the end).
utilis -q init
utilis -q survey load data/good/essai.yaml
utilis responses import essai data/csv/bad/01-quote-in-field.csv
utilis responses import essai data/csv/bad/02-text-after-quote.csv
utilis responses import essai data/csv/bad/03-unclosed-quote.csv
utilis responses import essai data/csv/bad/04-too-many-fields.csv
utilis responses import essai data/csv/bad/05-too-few-fields.csv
utilis responses import essai data/csv/bad/06-not-utf8.csv
utilis responses import essai data/csv/bad/07-nul-byte.csv
utilis responses import essai data/csv/bad/08-empty.csv
utilis responses import essai data/csv/bad/09-unknown-column.csv
utilis responses import essai data/csv/bad/10-duplicate-column.csv
utilis responses import essai data/csv/bad/11-column-without-name.csv
utilis responses import essai data/csv/bad/12-not-a-whole-number.csv
utilis responses import essai data/csv/bad/13-constraint.csv
utilis responses import essai data/csv/bad/14-required-missing.csv
utilis responses import essai data/csv/bad/15-not-a-choice.csv
utilis responses import essai data/csv/bad/16-label-not-name.csv
utilis responses import essai data/csv/bad/17-unknown-choice.csv
utilis responses import essai data/csv/bad/18-choice-twice.csv
utilis responses import essai data/csv/bad/19-not-relevant.csv
utilis responses import essai data/csv/bad/20-required-when-relevant.csv
utilis responses import essai data/csv/bad/21-no-such-date.csv
utilis responses import essai data/csv/bad/22-not-a-number.csv
utilis responses import essai data/csv/bad/23-out-of-range.csv
utilis responses import essai data/csv/bad/24-not-a-step.csv
utilis responses import essai data/csv/bad/25-choice-column-disagrees.csv
utilis responses import essai data/csv/bad/26-choice-column-value.csv
utilis responses import essai data/csv/bad/27-id-twice.csv
utilis responses import essai data/csv/bad/28-submitted-at.csv
utilis responses import essai data/csv/bad/29-unknown-meta-column.csv
utilis responses import essai data/csv/bad/30-group-column.csv
utilis responses import essai data/csv/bad/31-choice-column-of-select-one.csv
utilis responses import essai data/csv/bad/32-future-date.csv
utilis responses import essai data/csv/bad/33-control-character.csv
utilis responses import essai data/csv/bad/34-many-problems.csv
utilis responses import essai --format kobo data/csv/bad/35-kobo-labels.csv
utilis responses import essai --format odk data/csv/essai-kobo.csv
utilis survey list
