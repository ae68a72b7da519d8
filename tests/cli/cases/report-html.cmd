# The accessible HTML version of a PDF report (-o FILE.html): the same
# content as the PDF (its sections as headings, each chart as an SVG image
# followed by a table of its numbers, the small groups said in words and
# never shown), one file with no script and nothing fetched, written
# atomically.  tests/browser/report-html.test.mjs opens it in a browser.
utilis -q init
utilis -q survey load surveys/utilite-sociale.yaml
utilis -q responses import utilite-sociale data/indicators/petit.csv 2>/dev/null
utilis report data/reports/petit.yaml -o petit.html
grep -o -m 1 '<html lang="[a-z]*">' petit.html
grep -c 'http-equiv="Content-Security-Policy" content="default-src .none.; style-src .unsafe-inline.; img-src data:' petit.html
grep -o '<h[1-3][^>]*>[^<]*' petit.html
# Every chart is an image named by its caption, then a table of its numbers.
grep -c '<svg role="img" aria-labelledby="f[0-9]*"' petit.html
grep -c '</figure>$' petit.html
grep -A 1 '</figure>$' petit.html | grep -c '^<div class="tw" role="region" tabindex="0"'
grep -o '<tr><th scope="row">[^<]*</th><td>n = [0-9]*</td><td class="num">[0-9,]*</td>' petit.html | head -3
# The groups too small to be shown: the rule in words, the groups nowhere.
grep -c '<p class="note">Les groupes de moins de 5 personnes ne sont pas montrés' petit.html
grep -o -m 1 '<tr><th scope="row">[^<]*masquées)</th>.*masqué</td>.*</tr>' petit.html
grep -c -i 'financeur' petit.html
# Nothing that runs or is fetched.
grep -c -i -E '<script|<link|<iframe|<img|<object|<embed|src=|href="http| on[a-z]+=' petit.html
utilis -q report data/reports/petit.yaml -o petit-en.html --lang en
grep -o -m 1 '<html lang="[a-z]*">' petit-en.html
grep -o '<h2 id="s[0-9]*">[^<]*' petit-en.html | head -3
# A workbook has no HTML version; a failure leaves the old file as it was.
utilis report data/reports/petit-classeur.yaml -o petit.html
echo ancien > garde.html
UTILIS_FONT_DIR=/nonexistent utilis report data/reports/petit.yaml -o garde.html
cat garde.html
utilis report data/reports/petit.yaml -o absent/petit.html
ls
# The co-construction report of Delphi rounds: 'delphi build --pdf FILE.html'.
utilis -q delphi start data/referential/petit.yaml --round 1
utilis -q invite delphi-petit --from data/referential/membres.csv -o liens1.csv
utilis -q responses import delphi-petit data/referential/tour1.csv
utilis -q delphi start data/referential/petit.yaml --round 2 -o liens2.csv
utilis -q responses import delphi-petit data/referential/tour2.csv
umask 022 && utilis delphi build data/referential/petit.yaml --pdf delphi.html && stat -c '%n %a' delphi.html
grep -o '<h[1-3][^>]*>[^<]*' delphi.html
grep -c '<table>' delphi.html
grep -A 1 '<footer>' delphi.html
