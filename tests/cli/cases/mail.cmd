# E-mail: what would go, to whom (--dry-run), the links' languages, and
# every refusal before anything is sent.  Sending itself is tested against
# a real SMTP server in tests/mail/.
utilis init
utilis -q survey load data/good/enquete.yaml
printf 'name,email,language\nAnne Dupont,anne@example.org,\nJohn Smith,john@example.org,en\n"=cmd|x",eve@example.org,fr\nSans adresse,,\n' > contacts.csv
utilis -q invite enquete --from contacts.csv > /dev/null
utilis mail enquete --from 'Enquêtes <enquetes@union.example.org>' --dry-run
utilis mail enquete --from enquetes@union.example.org --dry-run --remind
utilis mail enquete --dry-run
utilis mail enquete --from enquetes@union.example.org
utilis mail enquete --from enquetes@union.example.org --smtp smtps://127.0.0.1:1
utilis mail enquete --from 'not an address' --dry-run
utilis mail enquete --from x@union.example.org --smtp smtp://192.0.2.1:25 --smtp-insecure
utilis mail enquete --from x@union.example.org --smtp ftp://192.0.2.1
utilis mail enquete --from x@union.example.org --status invited --dry-run
utilis mail enquete --from x@union.example.org --remind --status submitted --dry-run
utilis mail enquete --from x@union.example.org --rate 0 --dry-run
utilis mail enquete --from x@union.example.org --resend-uncertain --assume-sent --dry-run
utilis mail enquete --from x@union.example.org --smtp-auth-file missing --smtp smtps://127.0.0.1:1 --base-url https://enquete.example.org
utilis mail absent --from x@union.example.org --dry-run
printf 'form_id: sans\nversion: 1\ntitle: Sans\nsurvey:\n  - {type: integer, name: n, label: N}\n' > sans.yaml
utilis -q survey load sans.yaml
utilis mail sans --from x@union.example.org --dry-run
printf 'name,email,langue\nX,x@example.org,de\n' > de.csv
utilis invite enquete --from de.csv
