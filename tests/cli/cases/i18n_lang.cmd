# The language comes from LANG, LC_MESSAGES or LC_ALL (LC_ALL first), as
# every GNU program: French for fr_FR.UTF-8, English for C and C.UTF-8.
LANG=fr_FR.UTF-8 LC_ALL= utilis survey lod
LC_MESSAGES=fr_FR.UTF-8 LC_ALL= utilis survey lod
LC_ALL=C LANG=fr_FR.UTF-8 utilis survey lod
LC_ALL=C.UTF-8 utilis survey lod
LANG=fr_FR.UTF-8 LC_ALL= LANGUAGE=en utilis survey lod
