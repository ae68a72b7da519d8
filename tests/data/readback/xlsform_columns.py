"""Check that an XLSForm workbook uses only the columns the XLSForm
specification (https://xlsform.org/en/) defines on its survey, choices and
settings sheets, read with openpyxl (independent of utilis).  pyxform, the
converter KoboToolbox and ODK run, fails on others: a translated form_title
("form_title::English (en)") made it crash on every multilingual export.

Prints "FILE: XLSForm columns only" or one line per column the
specification does not define, and exits 1 then.

    python3 xlsform_columns.py FORM.xlsx...
"""
import re
import sys

import openpyxl

# Columns of the survey sheet (xlsform.org), and those that take a language.
SURVEY = {
    "type", "name", "label", "hint", "guidance_hint", "required", "required_message",
    "relevant", "constraint", "constraint_message", "calculation", "default",
    "appearance", "choice_filter", "parameters", "read_only", "repeat_count",
    "trigger", "image", "audio", "video", "big-image", "autoplay", "note",
}
SURVEY_TRANSLATED = {
    "label", "hint", "guidance_hint", "required_message", "constraint_message",
    "image", "audio", "video", "big-image",
}
CHOICES = {"list_name", "name", "label", "image", "audio", "video", "big-image"}
SETTINGS = {
    "form_title", "form_id", "version", "instance_name", "default_language",
    "public_key", "submission_url", "style", "name", "prefix", "delimiter",
    "allow_choice_duplicates", "clean_text_values", "namespaces", "auto_send",
    "auto_delete",
}
# "label::Français (fr)": a language name and its code, as the specification writes them
LANG = re.compile(r"^[^()]+ \([A-Za-z]{2,3}(-[A-Za-z0-9]+)*\)$")


def headers(ws):
    row = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    return [(i + 1, h) for i, h in enumerate(row) if h is not None]


def check(path):
    wb = openpyxl.load_workbook(path)
    bad = []
    names = {ws.title: ws for ws in wb.worksheets}
    for sheet, known, translated in (("survey", SURVEY, SURVEY_TRANSLATED),
                                     ("choices", CHOICES, {"label", "image", "audio", "video"}),
                                     ("settings", SETTINGS, set())):
        ws = names.get(sheet)
        if ws is None:
            if sheet != "settings":
                bad.append("no sheet '%s'" % sheet)
            continue
        for col, h in headers(ws):
            key, sep, lang = str(h).partition("::")
            if sheet == "choices" and not sep and re.match(r"^[A-Za-z_][A-Za-z0-9_.-]*$", key):
                continue    # a column of the form's own, which choice_filter reads
            if key not in known:
                bad.append("%s column %d '%s': not an XLSForm column" % (sheet, col, h))
            elif sep and key not in translated:
                bad.append("%s column %d '%s': '%s' has no languages in XLSForm" % (sheet, col, h, key))
            elif sep and not LANG.match(lang):
                bad.append("%s column %d '%s': write the language as 'Name (code)'" % (sheet, col, h))
    return bad


rc = 0
for path in sys.argv[1:]:
    bad = check(path)
    name = path.rsplit("/", 1)[-1]
    if bad:
        rc = 1
        for b in bad:
            print("%s: %s" % (name, b))
    else:
        print("%s: XLSForm columns only" % name)
sys.exit(rc)
