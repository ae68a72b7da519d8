"""Write the workbooks of this directory that utilis's tests made themselves
(see README): python3 make_fixtures.py, with openpyxl."""
import openpyxl


def book(path, survey, choices=None, settings=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    for r in survey:
        ws.append(r)
    for name, rows in (("choices", choices), ("settings", settings)):
        if rows:
            sh = wb.create_sheet(name)
            for r in rows:
                sh.append(r)
    wb.save(path)


# What older KoboToolbox and pyxform forms write (issue 13, section 2).
book("older-columns.xlsx", [
    ["type", "name", "label::Tetun", "label::Amharic", "label::Tigrinya", "hint::Tetun",
     "bind:relevant", "bind:constraint", "bind:jr:constraintMsg::Tetun", "bind:required"],
    ["integer", " idade ", "Idade", "ዕድሜ", "ዕድመ", None, None, ". > 0 and . < 120",
     "Idade entre 1 no 119", "yes"],
    ["note", "nota", "Obrigadu", "አመሰግናለሁ", "የቐንየለይ", None, None, ". > 1", None, "yes"],
    ["select_one  sim_lae ", "kaben", "Kaben ona?", "ያገባ?", "ምርዕው?", None,
     "${idade} >= 16", None, None, None],
    ["gps", "fatin", "Fatin", "ቦታ", "ቦታ", None, None, None, None, None],
    ["calculate", "tinan_rua", None, None, None, None, None, None, None, None],
    ["text", "naran", "Naran", "ስም", "ስም", None, None, None, None, None],
    ["calculate", "kalkula", None, None, None, None, None, None, None, None],
], choices=[
    ["list_name", "name", "label::Tetun", "label::Amharic", "label::Tigrinya"],
    [" sim_lae", "sim", "Sin", "አዎ", "እወ"],
    ["sim_lae ", "lae ", "Lae", "አይ", "ኣይፋል"],
], settings=[["form_id", "default_language"], ["older_columns", "Tetun"]])
wb = openpyxl.load_workbook("older-columns.xlsx")
ws = wb["survey"]
ws.cell(row=1, column=11, value="calculation")
ws.cell(row=6, column=11, value="round(sqrt(pow(${idade}, 2)) * 2, 0)")
ws.cell(row=8, column=11, value="concat(normalize-space(${naran}), '-', substr(uuid(), 0, 8))")
wb.save("older-columns.xlsx")

# --drop-unsupported: a reference to a question left out, groups left empty.
book("drop-dependent.xlsx", [
    ["type", "name", "label", "relevant"],
    ["begin_group", "g", "G", None], ["geopoint", "loc", "Where", None], ["end_group"],
    ["text", "t", "T", "${loc} != ''"],
    ["begin_group", "g2", "G2", None], ["image", "ph", "Photo", None],
    ["begin_group", "g3", "G3", None], ["audio", "au", "A", None], ["end_group"], ["end_group"],
    ["text", "u", "U", None],
])
# --drop-unsupported: nothing left.
book("drop-everything.xlsx", [
    ["type", "name", "label"], ["geopoint", "loc", "Where"], ["start", "start", None],
])

# A household roster as KoboToolbox forms write it (issue 13, section 1):
# repeat_count from an answer, a repeat inside a repeat, the aggregates and
# position(..), a relative reference inside an instance, the older
# two-word 'begin repeat', and a repeat_count left on a question row.
book("repeats.xlsx", [
    ["type", "name", "label::Français (fr)", "relevant", "constraint", "calculation",
     "repeat_count", "required"],
    ["integer", "nb_personnes", "Combien de personnes vivent ici ?", None,
     ". >= 1 and . <= 12", None, None, "yes"],
    ["begin_repeat", "personnes", "Personnes", None, None, None, "${nb_personnes}", None],
    ["text", "prenom", "Prénom", None, None, None, None, "yes"],
    ["integer", "age", "Âge", None, ". >= 0", None, None, None],
    ["calculate", "numero", None, None, None, "position(..)", None, None],
    ["select_one oui_non", "travaille", "Travaille ?", "${age} >= 16", None, None, None, None],
    ["begin repeat", "emplois", "Emplois", "${travaille} = 'oui'", None, None, None, None],
    ["text", "employeur", "Employeur", None, None, None, "2", None],
    ["integer", "heures", "Heures par semaine", None, ". <= 80", None, None, None],
    ["end repeat", None, None, None, None, None, None, None],
    ["calculate", "heures_total", None, None, None, "sum(${heures})", None, None],
    ["end_repeat", None, None, None, None, None, None, None],
    ["calculate", "nb", None, None, None, "count(${personnes})", None, None],
    ["calculate", "age_max", None, None, None, "max(${age})", None, None],
    ["calculate", "prenoms", None, None, None, "join(' ', ${prenom})", None, None],
    ["calculate", "aine", None, None, None, "indexed-repeat(${prenom}, ${personnes}, 1)", None,
     None],
], choices=[
    ["list_name", "name", "label::Français (fr)"],
    ["oui_non", "oui", "Oui"],
    ["oui_non", "non", "Non"],
], settings=[["form_id", "default_language"], ["menage", "fr"]])


# What pyxform takes and utilis had refused (issue 13): a cascading select
# with a choice twice, '.', '-' and a leading '_' in names, a name again in a
# group, typographic quotes, a note without a name, a note in an expression,
# pulldata(), a time with its Excel default, a question with only a hint,
# 'add text prompt', a choice without a label.
book("pyxform-gaps.xlsx", [
    ["type", "name", "label", "hint", "relevant", "calculation", "choice_filter", "default"],
    ["select_one states", "state", "State", None, None, None, None, None],
    ["select_one counties", "county", "County", None, None, None, "${state}=cf", None],
    ["text", "first.name", "First name", None, None, None, None, None],
    ["text", "last-name", "Last name", None, "${first.name} != \u2018\u2019", None, None, None],
    ["integer", "age", "Age", None, None, None, None, None],
    ["begin_group", "child", "Child", None, None, None, None, None],
    ["integer", "age", "Child's age", None, None, None, None, None],
    ["end_group", None, None, None, None, None, None, None],
    ["note", None, "Thanks", None, None, None, None, None],
    ["note", "info", "Info", None, None, None, None, None],
    ["calculate", "uses_note", None, None, None, "if(${info} = '', 'ok', 'no')", None, None],
    ["calculate", "fruit", None, None, None, "pulldata('fruits', 'name', 'key', ${state})",
     None, None],
    ["note", "fruit_note", "Fruit: ${fruit}", None, None, None, None, None],
    ["time", "when", "When?", None, None, None, None, 0.5],
    ["integer", "_1", "One", None, None, None, None, None],
    ["text", "only_hint", None, "A hint, no label", None, None, None, None],
    ["add text prompt", "old_style", "Old style", None, None, None, None, None],
    ["select_one yes-no", "agree", "Agree?", None, None, None, None, None],
], choices=[
    ["list_name", "name", "label", "cf"],
    ["states", "wa", "Washington", None],
    ["states", "tx", "Texas", None],
    ["counties", "king", "King", "wa"],
    ["counties", "pierce", "Pierce", "wa"],
    ["counties", "king", "King", "tx"],
    ["yes-no", "yes", None, None],
    ["yes-no", "no", "No", None],
], settings=[["form_id"], ["pyxform_gaps"]])
