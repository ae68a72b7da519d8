"""Write essai-kobo.xlsx: the KoboToolbox export of essai-kobo.csv as Kobo's
default export type, XLSX, makes it ('XML values and headers', the option
'Store date and number responses as text' unticked: numbers, dates and the
submission time are typed cells), with one sheet for a repeat group, as
Kobo writes one per repeat.  Run with /usr/bin/python3 (openpyxl)."""
import csv
import datetime
import openpyxl

rows = list(csv.reader(open('essai-kobo.csv', encoding='utf-8'), delimiter=';'))
head, data = rows[0], rows[1:]
numeric = {'profil/age', 'avis/ecoute', 'avis/seul', 'avis/aides/repas', 'avis/aides/logement',
           'avis/aides/autre', 'avis/note', 'avis/budget', '_id', '_index'}
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Questionnaire d'essai"
ws.append(head)
for r in data:
    out = []
    for h, v in zip(head, r):
        if v == '':
            out.append(None)
        elif h in numeric:
            out.append(float(v) if '.' in v else int(v))
        elif h == 'profil/arrivee':
            out.append(datetime.date.fromisoformat(v))
        elif h == '_submission_time':
            out.append(datetime.datetime.fromisoformat(v))
        else:
            out.append(v)
    ws.append(out)
for row in ws.iter_rows(min_row=2):
    for c in row:
        if isinstance(c.value, datetime.datetime):
            c.number_format = 'yyyy-mm-dd hh:mm:ss'
        elif isinstance(c.value, datetime.date):
            c.number_format = 'yyyy-mm-dd'
rep = wb.create_sheet('membres')
rep.append(['membre_nom', '_index', '_parent_table_name', '_parent_index', '_submission__id'])
rep.append(['Anne', 1, "Questionnaire d'essai", 1, 231001])
wb.save('essai-kobo.xlsx')
