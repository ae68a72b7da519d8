"""Write conseil-kobo.xlsx and its CSV twins: the answers of conseil.csv and
its repeat files as KoboToolbox's XLSX export gives them ('XML values and
headers', groups in headers), one sheet per repeat group.  The column
layout follows KoboToolbox's exports (formpack): the main sheet ends with
_id, _uuid, _submission_time, _validation_status, _notes, _status,
_submitted_by, __version__, _tags, _index; a repeat sheet holds the
repeat's questions under their group path, then _index (its row number in
the sheet), _parent_table_name, _parent_index (the _index of the parent
row in the parent's sheet), _submission__id, _submission__uuid,
_submission__submission_time, _submission__validation_status,
_submission__notes, _submission__status, _submission__submitted_by,
_submission___version__, _submission__tags.  Run with /usr/bin/python3
(openpyxl) in this folder."""
import csv
import datetime
import openpyxl

TITLE = 'Composition du conseil'
VERSION = 'vQb3kZ8rT9xYw2'
subs = [  # _id, _uuid, _submission_time, nmembres
    (318201, '6e0a3f52-81c4-4a0e-9f0b-2b6f1c0d7a11', '2025-03-01T10:00:00', 3),
    (318202, 'b7c1d2e3-4f50-4617-8293-a4b5c6d7e8f9', '2025-03-02T11:30:00', 1),
    (318203, '0f1e2d3c-4b5a-4697-8877-665544332211', '2025-03-03T09:15:00', 0),
]
membres = [  # parent row, nom, sexe, age, fonction
    (1, 'Anne Martin', 'f', 54, 'Présidente'),
    (1, 'Bruno Petit', 'h', 17, None),
    (1, 'Chloé Roux', 'f', 38, 'Trésorière'),
    (2, '=HYPERLINK("http://x.invalid","clic")', 'h', 61, 'Secrétaire'),
]
mandats = [(1, 2015, 3), (1, 2018, 3), (3, 2021, 4), (4, 2010, 6)]  # parent membre row

meta_tail = ['_index', '_parent_table_name', '_parent_index', '_submission__id',
             '_submission__uuid', '_submission__submission_time',
             '_submission__validation_status', '_submission__notes', '_submission__status',
             '_submission__submitted_by', '_submission___version__', '_submission__tags']
main_head = ['start', 'end', 'nmembres', 'age_moyen', 'doyen', 'benjamin', 'noms', 'femmes',
             'deuxieme', 'premier_mandat', '_id', '_uuid', '_submission_time',
             '_validation_status', '_notes', '_status', '_submitted_by', '__version__', '_tags',
             '_index']
main_rows = []
for i, (sid, uuid, when, n) in enumerate(subs, 1):
    t = datetime.datetime.fromisoformat(when)
    main_rows.append([t - datetime.timedelta(minutes=9), t - datetime.timedelta(minutes=1), n,
                      None, None, None, None, None, None, None, sid, uuid, t, None, None,
                      'submitted_via_web', None, VERSION, None, i])


def sub_meta(index, table, parent, sub):
    sid, uuid, when, _ = sub
    return [index, table, parent, sid, uuid, datetime.datetime.fromisoformat(when), None, None,
            'submitted_via_web', None, VERSION, None]


memb_head = ['membres/nom', 'membres/sexe', 'membres/age', 'membres/rang', 'membres/est_femme',
             'membres/fonction', 'membres/anciennete'] + meta_tail
memb_rows = []
for i, (p, nom, sexe, age, fonction) in enumerate(membres, 1):
    memb_rows.append([nom, sexe, age, None, None, fonction, None] +
                     sub_meta(i, TITLE, p, subs[p - 1]))
mand_head = ['membres/mandats/debut', 'membres/mandats/duree'] + meta_tail
mand_rows = []
for i, (p, debut, duree) in enumerate(mandats, 1):
    mand_rows.append([debut, duree] + sub_meta(i, 'membres', p, subs[membres[p - 1][0] - 1]))

wb = openpyxl.Workbook()
sheets = [(TITLE, main_head, main_rows), ('membres', memb_head, memb_rows),
          ('mandats', mand_head, mand_rows)]
for k, (name, head, rows) in enumerate(sheets):
    ws = wb.active if k == 0 else wb.create_sheet(name)
    ws.title = name
    ws.append(head)
    for r in rows:
        ws.append(r)
        for c in ws[ws.max_row]:
            if isinstance(c.value, str) and c.value.startswith('='):
                c.data_type = 's'  # a text that looks like a formula, as Kobo writes it
            if isinstance(c.value, datetime.datetime):
                c.number_format = 'yyyy-mm-dd hh:mm:ss'
wb.save('conseil-kobo.xlsx')


def text(v):
    if v is None:
        return ''
    if isinstance(v, datetime.datetime):
        return v.isoformat(timespec='seconds')
    return str(v)


# KoboToolbox's CSV export ("XML values and headers", ';'), and the repeat sheets saved as CSV
for name, head, rows in sheets:
    fn = 'conseil-kobo.csv' if name == TITLE else 'conseil-kobo-%s.csv' % name
    with open(fn, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, delimiter=';', quoting=csv.QUOTE_ALL, lineterminator='\n')
        w.writerow(head)
        for r in rows:
            w.writerow([text(v) for v in r])
