# The exit statuses of the error kinds (util/err.h, cli_exit(); docs/cli.md
# "Exit status"): a workspace from a newer utilis or of another program is
# bad data (65); a workspace or survey that does not exist is a plain
# failure (1), for serve too; a workspace serve cannot open is an I/O error
# (74).  The solver's failure (1) cannot be reached from the command line:
# tests/unit/test_cli_exit.c pins it.
utilis -q init
sqlite3 utilis.db "PRAGMA user_version = 1000000"
utilis survey list 2>&1 | sed 's/reads up to [0-9]*/reads up to N/'; exit ${PIPESTATUS[0]}
utilis --db other.db -q init && sqlite3 other.db "PRAGMA application_id = 5"
utilis --db other.db survey list
utilis --db new.db -q init
utilis --db new.db describe nosuch
utilis --db nothere.db survey list
utilis --db nothere.db serve --listen 127.0.0.1:0
mkdir folder.db
utilis --db folder.db serve --listen 127.0.0.1:0
