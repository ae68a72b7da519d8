# What pyxform (KoboToolbox, ODK) takes that utilis refused (issue 13): each
# is read as pyxform or ODK reads it, or left out with --drop-unsupported,
# and said at its cell (data/xlsform/make_fixtures.py writes the workbook).
utilis survey import-xlsform data/xlsform/pyxform-gaps.xlsx
utilis survey import-xlsform data/xlsform/pyxform-gaps.xlsx --drop-unsupported -o gaps.yaml
cat gaps.yaml
utilis survey check gaps.yaml
