* Read back the one-pass .sav export of data/readback/likert.yaml with PSPP.
GET FILE='likert.sav'.
DISPLAY DICTIONARY.
LIST.
