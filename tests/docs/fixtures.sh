#!/usr/bin/env bash
# The files the documentation's examples name, made in the current
# directory (tests/docs/run.sh's scratch template, whose ./utilis.db is the
# demo's workspace) from the demo's answers:
#
#   tests/docs/fixtures.sh TOP DEMO_DIR
#
#   contacts.csv                     a contact list (Anne Martin among them), invited to gouvernance
#   contacts-2024.csv                a contact list of wave 2024, for the participation panel
#   saisie-papier.csv                gouvernance typed from paper, _id p01-p20 (imported here)
#   reponses-papier.csv, saisie.csv  more of the same, p21-p40 and p41-p60
#   export.csv, export-kobo.csv      participation as KoboToolbox exports it (XML values and headers)
#   export-kobo.xlsx                 the same as Kobo's XLSX export
#   submissions.csv                  participation as ODK Central exports it
#   formulaire.xlsx                  an XLSForm whose form_id is 'formulaire'
#   formulaire-kobo.xlsx             an XLSForm whose form_id is 'benevolat'
#   surveys/exemple.yaml             the first example of docs/questionnaire-format.md
#   papier-chrs.csv                  participation on paper, without group or wave
#   papier-erreurs.csv               the same with a mistake (row 3)
#   candidatures.csv, notes-jury.csv the prize's applications and jury sheets of the demo
#   etc/utilis/admin-secret          an admin secret for 'utilis serve'
#   srv/utilis/utilis.db             a copy of the workspace, for docs/deploy.md
set -euo pipefail
top=$1
demo=$2

# Gouvernance on paper: rows of the demo's export, with new identifiers.
utilis -q responses export gouvernance -o gouvernance-demo.csv
python3 - gouvernance-demo.csv <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
for name, lo in (("saisie-papier.csv", 1), ("reponses-papier.csv", 21), ("saisie.csv", 41)):
    with open(name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(rows[0])
        for k, row in enumerate(rows[lo:lo + 20]):
            w.writerow(["p%02d" % (lo + k)] + row[1:])
EOF
utilis -q responses import gouvernance saisie-papier.csv

# Contacts, invited to gouvernance.
cat >contacts.csv <<'EOF'
name,email,group
Anne Martin,anne.martin@example.org,Accueil Solidarité Nantes
Bruno Leroy,bruno.leroy@example.org,Entraide Mayenne
Chloé Durand,chloe.durand@example.org,Vendée Accueil Enfance
EOF
utilis -q invite gouvernance --from contacts.csv -o liens-demo.csv
cat >contacts-2024.csv <<'EOF'
nom,courriel,groupe,vague
Denise Morel,denise.morel@example.org,Accueil Solidarité Nantes,2024
Étienne Petit,etienne.petit@example.org,Entraide Mayenne,2024
EOF

# Participation as KoboToolbox and ODK Central export it: their metadata
# columns, ';' for Kobo, choice columns q/choice; new identifiers.
utilis -q responses export participation -o participation-demo.csv
python3 - participation-demo.csv <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
head, body = rows[0], rows[1:31]
# Kobo's "single column" choices (its q/choice columns are left out: they
# would read as group/question); ODK's paths are joined with '-'.
kobo = [i for i, h in enumerate(head) if not h.startswith("_") and "/" not in h]
keep = [i for i, h in enumerate(head) if not h.startswith("_")]
qs = [head[i] for i in keep]
with open("export.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["start", "end"] + [head[i] for i in kobo] + ["_id", "_uuid", "_submission_time", "_validation_status",
                                        "_notes", "_status", "_submitted_by", "__version__", "_tags", "_index"])
    for n, r in enumerate(body):
        w.writerow(["2025-04-02T09:%02d:00.000+02:00" % n, "2025-04-02T09:%02d:30.000+02:00" % n]
                   + [r[i] for i in kobo]
                   + [str(900001 + n), "4f1c2a7e-6d0b-4f0e-9d1c-%012d" % n, "2025-04-02T07:%02d:40" % n,
                      "validation_status_approved", "[]", "submitted_via_web", "", "vK3xYq9ZpWm2", "[]", str(n + 1)])
with open("submissions.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["SubmissionDate", "start", "end"] + qs + ["meta-instanceID", "KEY", "SubmitterID",
               "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState",
               "DeviceID", "Edits", "FormVersion"])
    for n, r in enumerate(body):
        uuid = "uuid:0b9c2e6a-7f7d-4c0e-8a61-%012d" % n
        w.writerow(["2025-05-12T08:%02d:27.512Z" % n, "2025-05-12T10:%02d:02.000+02:00" % n,
                    "2025-05-12T10:%02d:20.000+02:00" % n] + [r[i] for i in keep]
                   + [uuid, uuid, "12", "enqueteur1", "0", "0", "", "", "collect:Xq2w8Pz1", "0", "1"])
EOF
cp export.csv export-kobo.csv
# The same as Kobo's default export type, XLSX (its first sheet).
/usr/bin/python3 - <<'EOF'
import csv, openpyxl
wb = openpyxl.Workbook()
for row in csv.reader(open("export.csv", newline="", encoding="utf-8"), delimiter=";"):
    wb.active.append([v if v != "" else None for v in row])
wb.save("export-kobo.xlsx")
EOF

# Participation on paper at a CHRS (no group or wave in the file: given on
# the command line), and the same with a score of 7 on a 1-5 scale.
python3 - participation-demo.csv <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
head = rows[0]
for name, bad in (("papier-chrs.csv", False), ("papier-erreurs.csv", True)):
    with open(name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        for k, row in enumerate(rows[31:41]):
            row = ["chrs-%02d" % (k + 1)] + row[1:]
            row[head.index("_group")] = row[head.index("_wave")] = ""
            if bad and k == 1:
                row[head.index("inf_droits")] = "7"
            w.writerow(row)
EOF

# XLSForms made elsewhere, here by utilis itself from renamed definitions.
mkdir -p xlsform-src
sed 's/^form_id: gouvernance$/form_id: formulaire/' surveys/gouvernance.yaml >xlsform-src/formulaire.yaml
sed 's/^form_id: benevolat-entreprises$/form_id: benevolat/' surveys/benevolat-entreprises.yaml \
	>xlsform-src/benevolat.yaml
utilis -q survey export-xlsform xlsform-src/formulaire.yaml -o formulaire.xlsx
utilis -q survey export-xlsform xlsform-src/benevolat.yaml -o formulaire-kobo.xlsx

# The questionnaire format's first example, as a file not loaded yet.
awk '/^```yaml$/ { on = 1; next } on && /^```$/ { exit } on' "$top/docs/questionnaire-format.md" \
	>surveys/exemple.yaml
grep -q '^form_id: exemple ' surveys/exemple.yaml
utilis -q survey check surveys/exemple.yaml

# The prize: the demo's applications and the jury's paper sheets.
cp "$top/scripts/demo/candidatures.csv" candidatures.csv
cp "$demo/work/notes-jury.csv" notes-jury.csv

# A server's directories (docs/deploy.md): the workspace in srv/utilis.
mkdir -p etc/utilis srv/utilis
cp utilis.db srv/utilis/utilis.db
echo "un-secret-de-démonstration-assez-long" >etc/utilis/admin-secret
rm -f gouvernance-demo.csv participation-demo.csv liens-demo.csv
