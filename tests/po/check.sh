#!/usr/bin/env bash
# The translations against the sources (make check-po):
#  - msgfmt --check: the syntax, and the printf formats of each translation
#    agree with the English ones;
#  - no fuzzy and no untranslated entry;
#  - every string the sources mark is in the .po (translated), and the .po
#    translates nothing the sources no longer have.
#
#   tests/po/check.sh TEMPLATE.pot LANG.po...
#
# TEMPLATE.pot is what xgettext extracts from the sources now (the Makefile
# makes it); when a .po is stale the fix is `make update-po`, then
# translating the new entries.
set -u
pot=${1:?usage: tests/po/check.sh TEMPLATE.pot LANG.po...}
shift
fail=0
for po in "$@"; do
	if ! stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
		echo "$stats"
		echo "FAIL: $po: msgfmt --check"
		fail=1
		continue
	fi
	case "$stats" in
	*fuzzy*|*untranslated*)
		echo "FAIL: $po: $stats"
		echo "  translate the entries marked fuzzy or with an empty msgstr, then remove the 'fuzzy' flags"
		fail=1 ;;
	esac
	if ! missing=$(LC_ALL=C msgcmp "$po" "$pot" 2>&1); then
		echo "$missing" | head -20
		echo "FAIL: $po lacks strings of the sources: run 'make update-po', then translate the new entries in $po"
		fail=1
	fi
	if ! extra=$(LC_ALL=C msgcmp --use-untranslated "$pot" "$po" 2>&1); then
		echo "$extra" | head -20
		echo "FAIL: $po translates strings the sources no longer have: run 'make update-po'"
		fail=1
	fi
	[ $fail -eq 0 ] && echo "ok   $po: $stats"
done
exit $fail
