# The follow-up of the pairs (issue 17, section 4).  The introductions are
# put on record as 'utilis match introduce' records them (tests/mail sends
# them for real): the first 18 pairs in May 2025, the other 3 in December.
# In January 2026, '--after 6' gives both sides of the 18 older pairs a
# link to benevolat-suivi (36 links), printed again, not doubled, on a
# second run.  Answers typed from paper come back by the links' tokens
# (29 of 36); the indicators by company and by sector follow the
# small-group rule: a sector with fewer than 5 pairs shows '< 5', and what
# would give it away '·'.  The report as PDF (pdftotext) and XLSX (openpyxl).
utilis -q init
utilis -q survey load surveys/benevolat-entreprises.yaml surveys/benevolat-suivi.yaml
utilis -q responses import benevolat-entreprises data/match/reponses.csv
utilis -q match introduce --from "URIOPSS <rencontres@uriopss.example.org>" --dry-run > intro.csv
python3 -c "import csv, sqlite3; db = sqlite3.connect('utilis.db'); [db.execute(\"INSERT INTO match_intro (need_id, offer_id, side, email, message_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'sent', ?, ?)\", (r['need_id'], r['offer_id'], r['side'], r['email'], '<%d@x.example.org>' % i, *(['2025-05-10T09:00:00Z'] * 2 if i < 36 else ['2025-12-01T09:00:00Z'] * 2))) for i, r in enumerate(csv.DictReader(open('intro.csv')))]; db.commit()"
utilis match followup --after 6 --base-url https://enquetes.example.org > liens.csv
head -3 liens.csv | cut -d, -f1-6
utilis match followup --after 6 --base-url https://enquetes.example.org | cut -d, -f6 | sort | uniq -c
utilis match followup --after 2 --base-url https://enquetes.example.org | tail -n +2 | wc -l
python3 -c "import csv; L = list(csv.DictReader(open('liens.csv'))); w = csv.writer(open('suivi.csv', 'w', newline='')); w.writerow(['_id', 'mission_demarree', 'siege_pris', 'toujours_actif', 'satisfaction', 'continuer', 'commentaire']); [w.writerow([l['link'].rsplit('/', 1)[1], 'oui' if i % 4 != 3 else 'non', 'oui' if i % 3 == 0 else 'non', ('oui' if i % 6 != 5 else 'arrete') if i % 4 != 3 else '', 4 + i % 2, 'oui', '']) for i, l in enumerate(L) if i % 5 != 4]"
utilis -q responses import benevolat-suivi suivi.csv
utilis match followup | cut -d, -f6 | sort | uniq -c
utilis match indicators --pdf suivi.pdf --xlsx suivi.xlsx
pdftotext -layout suivi.pdf - 2>/dev/null | sed 's/ *$//' | grep -E "^(Par |Atlantique|Loire|Ensemble|Personnes|Protection|Aide)"
/usr/bin/python3 -c "import openpyxl; wb = openpyxl.load_workbook('suivi.xlsx'); print(wb.sheetnames); [print([c.value for c in r]) for r in wb['Par secteur'].iter_rows(max_row=6)]"
utilis match indicators --lang en --min-group 10 | head -5
utilis match followup --after 200
utilis match indicators --min-group 3
utilis match followup --after 6 --survey benevolat-entreprises
utilis match followup --after 6 --survey prix-suivi-laureats
