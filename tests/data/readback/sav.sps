* Read a .sav file written by utilis back with PSPP (an independent reader).
GET FILE='essai.sav'.
DISPLAY DICTIONARY.
LIST /CASES=FROM 1 TO 4.
DESCRIPTIVES age note.
