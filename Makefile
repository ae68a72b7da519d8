# utilis — build, test and install.
#
#   make deps      install the Debian packages the project needs (sudo when not root)
#   make           build ./utilis
#   make demo      install what is missing, build, run the whole pipeline on demo data (demo/)
#   make check     unit tests, command-line tests, then the same under ASan+UBSan
#   make install   install the binary, its manual page and bash completion (PREFIX, DESTDIR)
#   make docs      write docs/cli.md and man/utilis.1 from the program's help
#
# Sources are found by wildcard: a new file under src/ or tests/unit/ needs
# no change here.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
LOCALEDIR ?= $(PREFIX)/share/locale
CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
O ?= build/default
UTILIS ?= ./utilis

# The Debian packages a fresh machine needs to build and test: libraries,
# then the independent tools the tests read the outputs back with, then the
# reference implementations the statistics are checked against.
DEB_PACKAGES = build-essential pkg-config sqlite3 \
	libsqlite3-dev libyaml-dev libcmocka-dev libgsl-dev libxlsxwriter-dev \
	libhpdf-dev libmicrohttpd-dev libcsv-dev libreadstat-dev libzip-dev \
	libexpat1-dev libcurl4-openssl-dev libglpk-dev libqrencode-dev fonts-dejavu-core python3 groff-base \
	qpdf poppler-utils zbar-tools python3-openpyxl python3-aiosmtpd pspp chromium nodejs curl wrk \
	clang libclang-rt-14-dev valgrind gettext locales \
	r-base-core r-cran-psych r-cran-data.table r-cran-haven python3-pandas python3-xlsxwriter

# Libraries found with pkg-config, then those Debian ships without a .pc.
PKGS = sqlite3 yaml-0.1 gsl xlsxwriter libmicrohttpd libzip expat libcurl libqrencode
NOPC_LIBS = -lhpdf -lcsv -lreadstat -lglpk -lpthread
WARN = -std=c17 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla -Wno-unused-parameter
# The Debian package behind each pkg-config module, named when one is missing.
PKG_DEB = sqlite3:libsqlite3-dev yaml-0.1:libyaml-dev gsl:libgsl-dev \
	xlsxwriter:libxlsxwriter-dev libmicrohttpd:libmicrohttpd-dev libzip:libzip-dev \
	expat:libexpat1-dev libcurl:libcurl4-openssl-dev cmocka:libcmocka-dev \
	libqrencode:libqrencode-dev
# The headers of the libraries without a .pc, with their Debian package.
NOPC_DEB = hpdf.h:libhpdf-dev csv.h:libcsv-dev readstat.h:libreadstat-dev glpk.h:libglpk-dev
DEPCFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEPLIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) $(NOPC_LIBS) -lm
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE -Isrc $(DEPCFLAGS) $(SANFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRC = $(filter-out src/main.c,$(wildcard src/*/*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(O)/%.o)
MAIN_OBJ = $(O)/src/main.o
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
# The languages of po/ and their compiled catalogues, beside the binary.
PO_LANGS = fr
MO = $(PO_LANGS:%=$(O)/locale/%/LC_MESSAGES/utilis.mo)

all: utilis

utilis: $(O)/utilis
	@if [ "$(O)" = build/default ]; then cp $(O)/utilis $@; fi

$(O)/utilis: $(MAIN_OBJ) $(O)/libutilis.a | $(MO)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEPLIBS)

$(O)/libutilis.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# Every library checked once per build directory before anything compiles:
# without this a missing .pc empties DEPCFLAGS/DEPLIBS and the link fails
# with hundreds of undefined references instead of one line naming the package.
$(O)/.deps-checked: Makefile
	@mkdir -p $(dir $@)
	@missing=; \
	for m in $(PKG_DEB); do \
		$(PKG_CONFIG) --exists --print-errors $${m%%:*} || missing="$$missing $${m#*:}"; \
	done; \
	for h in $(NOPC_DEB); do \
		printf '#include <%s>\n' $${h%%:*} | $(CC) -E -x c - >/dev/null 2>&1 || \
			{ echo "header $${h%%:*} not found"; missing="$$missing $${h#*:}"; }; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "missing Debian packages:$$missing (run 'make deps')" >&2; exit 1; \
	fi
	@touch $@

$(O)/%.o: %.c | $(O)/.deps-checked
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/tests/%: tests/unit/%.c $(O)/libutilis.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka) -MMD -MP -o $@ $< \
		$(O)/libutilis.a $(ALL_LDFLAGS) $(DEPLIBS) $(shell $(PKG_CONFIG) --libs cmocka)

# The test suite proper, on the binaries of build directory $(O).
check-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do \
		(cd tests/unit && ../../$$t) >$$t.log 2>&1 || { cat $$t.log; echo "FAIL: $$t"; exit 1; }; \
		echo "ok   $$t"; \
	done

# Messages in French (po/, util/i18n.h): the catalogues compiled beside the
# binary, found from it at run time; the install path as a fallback.
PO_GREP := \<(N?_|cli_(error|warning|info|usage_error)|error_set)[(]
# The modules whose messages are translated where they are formatted
# (util/diag.c, collect/import.c): survey check and responses import, the
# expressions, referentials, XLSForms, indicator sets and contact lists.
PO_MODULES = src/survey/survey.c src/survey/yamldoc.c src/collect/import.c \
	src/survey/expr.c src/survey/referential.c src/survey/xlsx.c src/survey/xlsform.c \
	src/analysis/indicators.c src/collect/contacts.c src/collect/csv.c
PO_SRC = $(sort $(shell grep -lE '$(PO_GREP)' src/*.c src/*/*.c) $(PO_MODULES))
XGETTEXT = xgettext --language=C --from-code=UTF-8 --sort-output --no-location \
	--package-name=utilis --keyword=_ --keyword=N_ --flag=N_:1:no-c-format \
	--keyword=cli_error:2 --flag=cli_error:2:c-format \
	--keyword=cli_usage_error:2 --flag=cli_usage_error:2:c-format \
	--keyword=cli_warning:1 --flag=cli_warning:1:c-format \
	--keyword=cli_info:2 --flag=cli_info:2:c-format \
	--keyword=diag_add:6 --keyword=ydoc_error:4 --keyword=ydoc_warning:4 \
	--keyword=error_at:4 --keyword=warning_at:4 \
	--keyword=error_set:2 --flag=error_set:2:c-format \
	--keyword=store_fail:3 --flag=store_fail:3:c-format --keyword=store_list:3 --flag=store_list:3:c-format \
	--keyword=not_workspace:3 --flag=not_workspace:3:c-format \
	--keyword=refuse_answers:3 --flag=refuse_answers:3:c-format \
	--keyword=perr:3 --flag=perr:3:c-format --keyword=err_at:3 --flag=err_at:3:c-format \
	--keyword=fail_at:3 --flag=fail_at:3:c-format \
	--keyword=xerror:5 --flag=xerror:5:c-format --keyword=xwarn:5 --flag=xwarn:5:c-format \
	--keyword=xunsupported:5 --flag=xunsupported:5:c-format

$(O)/src/util/i18n.o: ALL_CFLAGS += -DUTILIS_BUILD_LOCALEDIR='"$(O)/locale"' \
	-DUTILIS_LOCALEDIR='"$(LOCALEDIR)"'

$(O)/locale/%/LC_MESSAGES/utilis.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# xgettext reads the sources preprocessed (util/i18n.h): a message that
# joins literals and macros is extracted whole.
$(O)/po/utilis.pot: $(PO_SRC) src/util/i18n.h Makefile
	@rm -rf $(O)/po/pp
	@set -e; for f in $(PO_SRC); do \
		mkdir -p $(O)/po/pp/$$(dirname $$f); \
		$(CC) -E -P -DUTILIS_XGETTEXT $(WARN) -D_GNU_SOURCE -Isrc $(DEPCFLAGS) $$f >$(O)/po/pp/$$f; \
	done
	@cd $(O)/po/pp && $(XGETTEXT) -o ../utilis.pot $(PO_SRC)

# After adding or changing a message: the new strings into po/*.po
# (untranslated), to translate there.
update-po: $(O)/po/utilis.pot
	@for l in $(PO_LANGS); do \
		msgmerge --quiet --update --backup=none --no-fuzzy-matching --sort-output \
			--no-location po/$$l.po $<; \
		msgattrib --no-obsolete -o po/$$l.po po/$$l.po; \
	done

# Every marked string translated (no fuzzy, none missing), no translation
# of a string the sources no longer have, msgfmt's checks.
check-po: $(O)/po/utilis.pot
	@tests/po/check.sh $< $(PO_LANGS:%=po/%.po)

check-cli: $(O)/utilis
	@tests/cli/run.sh $(O)/utilis

# The transcripts' figures against R's printed output committed beside the
# R scripts (tests/cli/second-opinion.md); reads files only.  The self-test
# first: each check must notice a figure changed by 1.
check-second:
	@python3 tests/cli/second-opinion.py --self-test
	@python3 tests/cli/second-opinion.py

check-plain: check-second

# The web forms server through HTTP: safety rules, with curl (both builds);
# respondents' pages, then jurors' pages.
check-http: $(O)/utilis
	@tests/http/run.sh $(O)/utilis
	@tests/http/jury.sh $(O)/utilis
	@tests/http/delphi.sh $(O)/utilis
	@tests/http/repeat.sh $(O)/utilis
	@tests/http/letters.sh $(O)/utilis
	@tests/http/admin.sh $(O)/utilis

# Invitations and reminders sent to a real SMTP server on loopback
# (python3-aiosmtpd), read back with Python's email module, runs killed and
# resumed (tests/mail/).
check-mail: $(O)/utilis
	@tests/mail/run.sh $(O)/utilis

# A respondent and a juror in Debian's chromium (playwright-core, axe-core: 'make deps').
check-browser: $(O)/utilis
	@test -d tests/browser/node_modules/playwright-core || \
		{ echo "tests/browser: run 'make deps' first (npm packages)"; exit 1; }
	@cd tests/browser && UTILIS=../../$(O)/utilis node --test *.test.mjs >../../$(O)/browser.log 2>&1 \
		|| { cat ../../$(O)/browser.log; echo "FAIL: browser test"; exit 1; }; \
		grep -E '^# (pass|fail)' ../../$(O)/browser.log | tr '\n' ' '; echo "(browser test)"

# The fuzz targets (tests/fuzz/) replayed on their seeds and on every input
# that once crashed (tests/data/fuzz/), with a plain main(): no clang needed.
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_HELPERS = tests/fuzz/util.c
REPLAY_BIN = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(O)/fuzz/replay_%)

$(O)/fuzz/replay_%: tests/fuzz/fuzz_%.c $(FUZZ_HELPERS) tests/fuzz/replay.c tests/fuzz/fuzz.h $(O)/libutilis.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(FUZZ_HELPERS) tests/fuzz/replay.c $(O)/libutilis.a $(ALL_LDFLAGS) $(DEPLIBS)

check-fuzz-replay: $(REPLAY_BIN)
	@tests/fuzz/replay.sh $(O)/fuzz

# Faults (full disk, SIGKILL, damaged workspaces, two writers), hostile
# input, the server under abuse, outputs that could overwrite the workspace,
# and anonymity down to the workspace's bytes with the race of a save and a
# submission (tests/robust/, docs/robustness.md).
check-robust: $(O)/utilis $(O)/collect_load
	@tests/robust/faults.sh $(O)/utilis $(O)/collect_load
	@tests/robust/hostile.sh $(O)/utilis
	@tests/robust/outputs.sh $(O)/utilis
	@tests/robust/abuse.sh $(O)/utilis
	@tests/robust/anonymity.sh $(O)/utilis

check-plain: check-po check-unit check-cli check-http check-mail check-fuzz-replay check-robust check-bench-build check-build

# The build names a missing library's Debian package; the test runners fail
# on a test that does not exist (tests/build/).
check-build: $(O)/utilis
	@tests/build/run.sh $(O)/utilis

# The unit tests, the transcripts and the fuzz replays under valgrind's
# memcheck: any error or definite leak fails (not in check: see
# docs/robustness.md for its time).
check-valgrind: $(UNIT_BIN) $(O)/utilis $(REPLAY_BIN)
	@tests/robust/valgrind.sh $(O)

# Web forms load benchmark and SIGKILL durability check (prints figures; not in check).
$(O)/collect_load: bench/collect_load.c $(O)/libutilis.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(O)/libutilis.a $(ALL_LDFLAGS) $(DEPLIBS)

# The prize's results on 2,000 candidates x 60 jurors x 8 criteria (prints timings).
$(O)/prize_bench: bench/prize_bench.c $(O)/libutilis.a
	$(CC) $(ALL_CFLAGS) -O2 -o $@ $< $(O)/libutilis.a $(ALL_LDFLAGS) $(DEPLIBS)

# The workspace's write and read speed at scale (prints timings; not in check).
$(O)/store_bench: bench/store_bench.c $(O)/libutilis.a
	$(CC) $(ALL_CFLAGS) -O2 -o $@ $< $(O)/libutilis.a $(ALL_LDFLAGS) $(DEPLIBS)

bench-store: $(O)/store_bench
	@$(O)/store_bench $(or $(BENCH_N),1000000)

# Every benchmark program is compiled by the test suite, so none rots unseen.
BENCH_BIN = $(O)/store_bench $(O)/match_bench $(O)/prize_bench $(O)/analysis_bench $(O)/collect_load $(O)/jury_fill $(O)/boot_bench
check-bench-build: $(BENCH_BIN)

bench-prize: $(O)/prize_bench
	@$(O)/prize_bench

# The volunteering matching on 2,000 needs x 5,000 offers: time, memory and
# objective of the optimal matching (GLPK) against the greedy reference.
$(O)/match_bench: bench/match_bench.c $(O)/libutilis.a
	$(CC) $(ALL_CFLAGS) -O2 -o $@ $< $(O)/libutilis.a $(ALL_LDFLAGS) $(DEPLIBS)

bench-match: $(O)/match_bench
	@$(O)/match_bench $(BENCH_NEEDS) $(BENCH_OFFERS)

bench-collect: $(O)/utilis $(O)/collect_load
	@bench/collect_bench.sh $(O)/utilis $(O)/collect_load $(or $(BENCH_CONNECTIONS),64) $(or $(BENCH_SECONDS),10)

# The attacks on the server (slow connections, the open link, admin logins,
# an import during service), measured with the default limits (prints figures).
bench-abuse: $(O)/utilis
	@bench/abuse_bench.sh $(O)/utilis

# The social-utility indicators on a million respondents, timed against R on
# the same data (prints figures, ratios and differences; needs Rscript).
$(O)/analysis_bench: bench/analysis_bench.c $(O)/libutilis.a
	$(CC) $(ALL_CFLAGS) -O2 -o $@ $< $(O)/libutilis.a $(ALL_LDFLAGS) $(DEPLIBS)

# The bootstrap's draws on each path of this processor (bootstrap.c).
$(O)/boot_bench: bench/boot_bench.c $(O)/libutilis.a
	$(CC) $(ALL_CFLAGS) -O2 -o $@ $< $(O)/libutilis.a $(ALL_LDFLAGS) $(DEPLIBS)

bench-boot: $(O)/boot_bench
	@$(O)/boot_bench

.PHONY: bench-boot

bench-analysis: $(O)/utilis $(O)/analysis_bench
	@UTILIS_BIN=$(O)/utilis $(O)/analysis_bench $(or $(BENCH_N),1000000)

# Answers in and out at scale: import and export of a million respondents
# against pandas and data.table on the same file (prints figures; not in check).
bench-responses: utilis
	@bench/responses_bench.sh $(or $(BENCH_N),1000000)

.PHONY: bench-responses

# The import of 100k, 1M and 4M respondents x 40 beside sqlite3 .import and
# data.table fread, interleaved, medians and peak memory (not in check).
bench-import: $(O)/utilis
	@bench/import_bench.sh $(O)/utilis $(or $(BENCH_N),100000 1000000 4000000)

.PHONY: bench-import

# The reports made on small workspaces and read back with qpdf, poppler and
# openpyxl (tests/report/); the images of their pages go to $(O)/pages/.
check-report: $(O)/utilis
	@tests/report/run.sh $(O)/utilis $(O)

check-plain: check-report

# Scorecards for 500 candidates and the social-utility report over a million
# respondents, timed with their memory (prints figures; not in check).
$(O)/jury_fill: tests/report/jury_fill.c $(O)/libutilis.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(O)/libutilis.a $(ALL_LDFLAGS) $(DEPLIBS)

bench-report: $(O)/utilis $(O)/jury_fill
	@bench/report_bench.sh $(O)/utilis $(O)/jury_fill $(or $(BENCH_N),1000000)

.PHONY: check-report bench-report

# ASan+UBSan: same tests, separate build directory, any report is fatal.
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
check-asan:
	@$(MAKE) --no-print-directory O=build/asan SANFLAGS="$(SAN)" CFLAGS="-O1 -g" check-plain

# The same sources with clang, warnings as errors, and the unit tests run
# (CI runs it beside gcc's build: each compiler finds what the other misses).
check-clang:
	@$(MAKE) --no-print-directory O=build/clang CC=clang EXTRA_CFLAGS="-Werror $(EXTRA_CFLAGS)" \
		build/clang/utilis check-bench-build check-unit

# libFuzzer (clang, ASan+UBSan): build every tests/fuzz/fuzz_*.c and run
# each for FUZZ_SECONDS, one after the other (FUZZ_TARGETS to choose).
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?=
$(O)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_HELPERS) tests/fuzz/fuzz.h $(O)/libutilis.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_HELPERS) $(O)/libutilis.a $(ALL_LDFLAGS) -fsanitize=fuzzer $(DEPLIBS)

fuzz-build: $(FUZZ_SRC:tests/fuzz/%.c=$(O)/fuzz/%)

fuzz:
	@$(MAKE) --no-print-directory O=build/fuzz CC=clang CFLAGS="-O1 -g" \
		SANFLAGS="-fsanitize=fuzzer-no-link $(SAN)" fuzz-build
	@tests/fuzz/run.sh build/fuzz/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

check: check-plain check-docs check-browser check-asan
	@echo "all tests passed"

# The whole pipeline on a realistic network, in a fresh workspace under demo/.
demo: deps
	@echo "building utilis"
	@$(MAKE) --no-print-directory -s utilis
	@scripts/demo.sh $(if $(filter build/default,$(O)),./utilis,$(O)/utilis) demo

install: $(O)/utilis $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 $(O)/utilis $(DESTDIR)$(BINDIR)/utilis
	install -m 644 man/utilis.1 $(DESTDIR)$(MANDIR)/man1/utilis.1
	install -m 644 completion/utilis.bash $(DESTDIR)$(COMPLETIONDIR)/utilis
	@for l in $(PO_LANGS); do \
		echo install -D -m 644 $(O)/locale/$$l/LC_MESSAGES/utilis.mo \
			$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/utilis.mo; \
		install -D -m 644 $(O)/locale/$$l/LC_MESSAGES/utilis.mo \
			$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/utilis.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/utilis $(DESTDIR)$(MANDIR)/man1/utilis.1 $(DESTDIR)$(COMPLETIONDIR)/utilis
	rm -f $(PO_LANGS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/utilis.mo)

# The command-line reference and the manual page, from the program's help.
docs: $(O)/utilis
	@scripts/gen-docs.sh $(O)/utilis

# The documentation against the program: generated references current, the
# manual page, completion, install, and every example of README.md and docs/.
check-docs: $(O)/utilis check-readme
	@tests/docs/run.sh $(O)/utilis

# The README's commands as written, in order, in a scratch directory that looks
# like a checkout after make, with the outputs it shows (tests/docs/readme.py).
check-readme: $(O)/utilis
	@tests/docs/readme.py $(O)/utilis

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -z "$$missing" ]; then echo "all Debian packages present"; exit 0; fi; \
	echo "installing:" $$missing; \
	sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing
	@# French messages (LANG=fr_FR.UTF-8) need the locale generated.
	@if ! locale -a 2>/dev/null | grep -qix 'fr_FR.utf-\?8'; then \
		echo "generating the fr_FR.UTF-8 locale"; \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		if grep -q '^# *fr_FR.UTF-8 UTF-8' /etc/locale.gen; then \
			$$sudo sed -i 's/^# *fr_FR.UTF-8 UTF-8/fr_FR.UTF-8 UTF-8/' /etc/locale.gen; \
		elif ! grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen; then \
			echo 'fr_FR.UTF-8 UTF-8' | $$sudo tee -a /etc/locale.gen >/dev/null; \
		fi; \
		$$sudo locale-gen; \
	fi
	@cd tests/browser && if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || \
		[ package-lock.json -nt node_modules/.package-lock.json ]; then \
		echo "installing the npm packages of tests/browser"; npm ci --no-audit --no-fund --loglevel=error; fi

clean:
	rm -rf build utilis

.PHONY: all demo docs check check-second check-po update-po check-docs check-readme check-unit check-cli check-http check-mail check-browser check-plain check-asan check-clang check-fuzz-replay check-robust check-valgrind fuzz fuzz-build bench-collect bench-abuse bench-prize bench-analysis bench-store check-bench-build check-build install uninstall deps clean utilis

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_BIN:=.d) $(REPLAY_BIN:=.d)
