/*
 * match sheets, match introduce: the matching of `utilis match` made into
 * documents for the union and the « rencontres » (a workbook, one
 * introduction sheet per pair: report/match_report.h) and into
 * introductions by e-mail to both sides of each pair, through the send log
 * of store/match.c: claimed "sending" (committed) before the text goes,
 * "sent" after the server's 250, so that a run stopped at any moment and
 * run again introduces each pair once.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "analysis/analysis.h"
#include "analysis/match.h"
#include "cli/cli.h"
#include "cli/mailopts.h"
#include "cli/match_run.h"
#include "collect/mail.h"
#include "collect/mailmsg.h"
#include "report/match_report.h"
#include "store/store.h"
#include "util/csvout.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/i18n.h"

#define MAX_CONTACT 4096

void mrun_close(struct mrun *m)
{
	match_result_release(&m->r);
	match_problem_release(&m->p);
	match_data_release(&m->md);
	match_conflicts_free(m->extra, m->nextra);
	free(m->all);
	free(m->src);
	if (m->st)
		store_close(m->st);
}

/* Read the rules, the workspace, and solve.  An exit code. */
int mrun_open(struct mrun *m, struct cli *cli, const char *rules, const char *form, int flags)
{
	struct diags d = DIAGS_INIT;
	struct error err = { { 0 } };
	struct match_weights w;
	size_t srclen = 0;
	int rc;

	match_weights_default(&w);
	if (rules) {
		if ((rc = cli_read_file(rules, 1 << 20, &m->src, &srclen)) != EXIT_OK)
			return rc;
		if (match_file_load(rules, m->src, srclen, &w, &m->extra, &m->nextra, &d) < 0) {
			cli_print_diags(&d);
			diags_release(&d);
			return EXIT_DATAERR;
		}
		cli_print_diags(&d);
		diags_release(&d);
	}
	if ((rc = cli_open_store(cli, flags, &m->st)) != EXIT_OK)
		return rc;
	{
		int arc = match_data_load(&m->md, m->st, form, &err);

		if (arc < 0)
			return cli_error(cli_exit(arc),
					 "%s", err.msg);
	}
	if (rules)
		m->md.in.w = w;
	if (m->nextra) {
		size_t i;

		if (!(m->all = calloc(m->md.in.nconflict + m->nextra, sizeof(*m->all))))
			return cli_error(EXIT_FAIL, "out of memory");
		for (i = 0; i < m->md.in.nconflict; i++)
			m->all[i] = m->md.in.conflict[i];
		for (i = 0; i < m->nextra; i++)
			m->all[m->md.in.nconflict + i] = m->extra[i];
		m->md.in.conflict = m->all;
		m->md.in.nconflict += m->nextra;
	}
	if (match_build(&m->md.in, &m->p, &err) < 0 ||
	    (m->greedy ? match_greedy(&m->p, &m->r) : match_solve(&m->p, &m->r, &err)) < 0)
		return cli_error(EXIT_FAIL, "%s", m->greedy ? "out of memory" : err.msg);
	return EXIT_OK;
}

/* --contact TEXT or --contact-file FILE (its text, trimmed): *out malloc'd, or NULL.  An exit code. */
static int read_contact(const struct command *cmd, const char *text, const char *file, char **out)
{
	size_t len;
	int rc;

	*out = NULL;
	if (text && file)
		return cli_usage_error(cmd, "give --contact or --contact-file, not both");
	if (text) {
		if (!(*out = strdup(text)))
			return cli_error(EXIT_FAIL, "out of memory");
		return EXIT_OK;
	}
	if (!file)
		return EXIT_OK;
	if ((rc = cli_read_file(file, MAX_CONTACT, out, &len)) != EXIT_OK)
		return rc;
	if (strlen(*out) != len) {
		free(*out);
		*out = NULL;
		return cli_error(EXIT_DATAERR, "'%s' holds a NUL byte", file);
	}
	while (len > 0 && strchr(" \t\r\n", (*out)[len - 1]))
		(*out)[--len] = '\0';
	return EXIT_OK;
}

/* The documents' date: $SOURCE_DATE_EPOCH, else $UTILIS_NOW, else now. */
time_t doc_time(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	struct tm tm;
	char *end;

	if (e && *e) {
		long long v = strtoll(e, &end, 10);

		if (!*end && v >= 0)
			return (time_t)v;
	}
	e = getenv("UTILIS_NOW");
	if (e && *e) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(e, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (end && !*end)
			return timegm(&tm);
	}
	return time(NULL);
}

const char *mrun_font_dir(void)
{
	const char *d = getenv("UTILIS_FONT_DIR");

	return d && *d ? d : NULL;
}

/* A file name's part from an id: letters, digits, '.', '-' and '_' kept, the rest '_'. */
static void safe_part(struct strbuf *sb, const char *id)
{
	for (; id && *id; id++)
		strbuf_addch(sb, (*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z') ||
					 (*id >= '0' && *id <= '9') || *id == '-' || *id == '_' ||
					 (*id == '.' && sb->len && sb->buf[sb->len - 1] != '.')
				 ? *id : '_');
}

/* utilis match sheets [--xlsx FILE] [--dir DIR] [options] */
static int run_sheets(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "xlsx", required_argument, NULL, 'x' },
		{ "dir", required_argument, NULL, 'd' },
		{ "rules", required_argument, NULL, 'r' },
		{ "lang", required_argument, NULL, 'l' },
		{ "contact", required_argument, NULL, 'c' },
		{ "contact-file", required_argument, NULL, 'C' },
		{ "greedy", no_argument, NULL, 'g' },
		{ "survey", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *xlsx = NULL, *dir = NULL, *rules = NULL, *lang = "fr", *form = MATCH_FORM;
	const char *contact_text = NULL, *contact_file = NULL;
	struct mrun m;
	struct match_doc doc;
	struct strbuf path = STRBUF_INIT;
	struct error err = { { 0 } };
	char *contact = NULL;
	size_t i, nsheets = 0;
	int ch, rc;

	memset(&m, 0, sizeof(m));
	optind = 0;
	while ((ch = cli_getopt(&cmd_match_sheets, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 'x': xlsx = optarg; break;
		case 'd': dir = optarg; break;
		case 'r': rules = optarg; break;
		case 'l':
			if (strcmp(optarg, "fr") && strcmp(optarg, "en"))
				return cli_usage_error(&cmd_match_sheets, "--lang must be fr or en, not '%s'", optarg);
			lang = optarg;
			break;
		case 'c': contact_text = optarg; break;
		case 'C': contact_file = optarg; break;
		case 'g': m.greedy = 1; break;
		case 's': form = optarg; break;
		case 'h': cli_print_help(stdout, &cmd_match_sheets); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_match_sheets, "unexpected argument '%s'", argv[optind]);
	if (!xlsx && !dir)
		return cli_usage_error(&cmd_match_sheets, "say what to write: --xlsx FILE, --dir DIR, or both");
	if ((rc = read_contact(&cmd_match_sheets, contact_text, contact_file, &contact)) != EXIT_OK)
		return rc;
	if (dir && mkdir(dir, 0700) < 0 && errno != EEXIST) {
		rc = cli_error(EXIT_IOERR, "cannot make the folder '%s': %s", dir, strerror(errno));
		goto out;
	}
	if ((rc = mrun_open(&m, cli, rules, form, STORE_READONLY)) != EXIT_OK)
		goto out;
	memset(&doc, 0, sizeof(doc));
	doc.p = &m.p;
	doc.r = &m.r;
	doc.lang = lang;
	doc.contact = contact;
	doc.when = doc_time();
	doc.font_dir = mrun_font_dir();
	doc.method = m.greedy ? "greedy" : "optimal";
	if (xlsx && match_report_xlsx(&doc, xlsx, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	for (i = 0; dir && i < m.p.npair; i++) {
		const struct match_pair *pr = &m.p.pair[i];

		if (!m.r.chosen[i])
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s-", dir, strcmp(lang, "en") ? "fiche" : "sheet");
		safe_part(&path, m.md.in.need[pr->need].id);
		strbuf_addch(&path, '-');
		safe_part(&path, m.md.in.offer[pr->offer].id);
		if (strbuf_addstr(&path, ".pdf") < 0) {
			rc = cli_error(EXIT_FAIL, "out of memory");
			goto out;
		}
		if (match_report_sheet(&doc, i, path.buf, &err) < 0) {
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
			goto out;
		}
		nsheets++;
	}
	if (xlsx)
		cli_info(cli, "wrote %s: %zu pair%s, %zu needs, %zu offers\n", xlsx, m.r.nchosen,
			 m.r.nchosen == 1 ? "" : "s", m.md.in.nneed, m.md.in.noffer);
	if (dir)
		cli_info(cli, "wrote %zu introduction sheet%s in %s\n", nsheets, nsheets == 1 ? "" : "s", dir);
	rc = EXIT_OK;
out:
	mrun_close(&m);
	free(contact);
	strbuf_release(&path);
	return rc;
}

const struct command cmd_match_sheets = {
	"match sheets", run_sheets,
	"utilis match sheets [--xlsx FILE] [--dir DIR] [--contact TEXT | --contact-file FILE] [options]",
	N_("write the matching's workbook and one introduction sheet (PDF) per pair"),
	N_("Computes the matching as 'utilis match' does and writes, with --xlsx, a\n"
	"workbook for the union (the pairs with their scores, the parts of the\n"
	"score and the reasons; the needs not filled and the offers without a\n"
	"mission, each with why; where it comes from) and, with --dir, one A4\n"
	"introduction sheet per pair for the « rencontres »: the association and\n"
	"its need, the volunteer and their company, why they are put in touch,\n"
	"the next step and the union's contact.  The files name people: they are\n"
	"written readable by their owner only.  See docs/matching.md.\n"
	"Options:\n"
	"  --xlsx FILE          the workbook\n"
	"  --dir DIR            the folder of the sheets (made when absent):\n"
	"                       fiche-NEED-OFFER.pdf (sheet-NEED-OFFER.pdf in English)\n"
	"  --contact TEXT       the union's contact printed on each sheet\n"
	"  --contact-file FILE  the same, read from a file (lines kept)\n"
	"  --lang LANG          fr (default) or en\n"
	"  --rules FILE         the matching file, as for 'utilis match'\n"
	"  --greedy             the greedy reference instead of the optimal matching\n"
	"  --survey FORM        the needs and offers survey (default " MATCH_FORM ")\n"
	"Environment: SOURCE_DATE_EPOCH fixes the date printed (the same inputs\n"
	"then give the same bytes); UTILIS_FONT_DIR where DejaVuSans.ttf is.\n"),
};

/* --- match introduce ------------------------------------------------------------------------ */

struct iclaim {
	struct store *st;
	const char *need_id, *offer_id, *email, *message_id;
	int side, resend, claimed, failed;
	struct error err;
};

static int iclaim_fn(void *ctx)
{
	struct iclaim *c = ctx;
	int rc = store_match_intro_claim(c->st, c->need_id, c->offer_id, c->side, c->email, c->message_id,
					 c->resend, &c->err);

	if (rc < 0)
		c->failed = 1;
	c->claimed = rc == 1;
	return rc == 1 ? 0 : 1;
}

/* The HTML part: the text in paragraphs, escaped. */
static int text_html(struct strbuf *out, const char *text, const char *lang)
{
	const char *s;
	int rc = strbuf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"></head><body>\n<p>",
			     lang);

	for (s = text; *s; s++) {
		if (s[0] == '\n' && s[1] == '\n') {
			rc |= strbuf_addstr(out, "</p>\n<p>");
			s++;
		} else if (*s == '\n') {
			rc |= strbuf_addstr(out, "<br>\n");
		} else if (*s == '<') {
			rc |= strbuf_addstr(out, "&lt;");
		} else if (*s == '>') {
			rc |= strbuf_addstr(out, "&gt;");
		} else if (*s == '&') {
			rc |= strbuf_addstr(out, "&amp;");
		} else if (*s == '"') {
			rc |= strbuf_addstr(out, "&quot;");
		} else {
			rc |= strbuf_addch(out, *s);
		}
	}
	rc |= strbuf_addstr(out, "</p>\n</body></html>\n");
	return rc < 0 ? -1 : 0;
}

/* utilis match introduce --from ADDRESS (--smtp URL | --dry-run) [options] */
static int run_introduce(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "smtp", required_argument, NULL, 'S' },
		{ "smtp-auth-file", required_argument, NULL, 'A' },
		{ "smtp-insecure", no_argument, NULL, 'I' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "resend-uncertain", no_argument, NULL, 'U' },
		{ "assume-sent", no_argument, NULL, 'a' },
		{ "rules", required_argument, NULL, 'r' },
		{ "lang", required_argument, NULL, 'l' },
		{ "contact", required_argument, NULL, 'c' },
		{ "contact-file", required_argument, NULL, 'C' },
		{ "survey", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *smtp = NULL, *auth = NULL, *rules = NULL, *lang = "fr", *form = MATCH_FORM;
	const char *contact_text = NULL, *contact_file = NULL;
	int insecure = 0, dry_run = 0, resend = 0, assume = 0, ch, rc;
	char *from_name = NULL, *from_addr = NULL, *user = NULL, *password = NULL, *contact = NULL;
	struct mrun m;
	struct match_doc doc;
	struct mail_conn *conn = NULL;
	struct strbuf subject = STRBUF_INIT, text = STRBUF_INIT, html = STRBUF_INIT, msg = STRBUF_INIT;
	struct strbuf csv = STRBUF_INIT, token = STRBUF_INIT;
	struct error err = { { 0 } };
	size_t i, nsent = 0, nalready = 0, nnoaddr = 0, nrefused = 0, ndeferred = 0, nuncertain = 0;
	size_t nsettled = 0, nwould = 0;

	memset(&m, 0, sizeof(m));
	optind = 0;
	while ((ch = cli_getopt(&cmd_match_introduce, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 'f': from = optarg; break;
		case 'S': smtp = optarg; break;
		case 'A': auth = optarg; break;
		case 'I': insecure = 1; break;
		case 'n': dry_run = 1; break;
		case 'U': resend = 1; break;
		case 'a': assume = 1; break;
		case 'r': rules = optarg; break;
		case 'l':
			if (strcmp(optarg, "fr") && strcmp(optarg, "en"))
				return cli_usage_error(&cmd_match_introduce, "--lang must be fr or en, not '%s'", optarg);
			lang = optarg;
			break;
		case 'c': contact_text = optarg; break;
		case 'C': contact_file = optarg; break;
		case 's': form = optarg; break;
		case 'h': cli_print_help(stdout, &cmd_match_introduce); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_match_introduce, "unexpected argument '%s'", argv[optind]);
	if (!from)
		return cli_usage_error(&cmd_match_introduce, "say who sends: --from 'Name <address>'");
	if (!smtp && !dry_run && !assume)
		return cli_usage_error(&cmd_match_introduce, "say through which server: --smtp "
				       "smtp://HOST:PORT (or smtps://), or --dry-run");
	if (resend && assume)
		return cli_usage_error(&cmd_match_introduce, "give only one of --resend-uncertain and --assume-sent");
	if (smtp && strncasecmp(smtp, "smtp://", 7) && strncasecmp(smtp, "smtps://", 8))
		return cli_usage_error(&cmd_match_introduce, "--smtp '%s' is not an SMTP server's address "
				       "(smtp://HOST:PORT or smtps://HOST:PORT)", smtp);
	if (smtp && insecure && !mail_url_is_loopback(smtp))
		return cli_usage_error(&cmd_match_introduce, "--smtp-insecure sends in clear: only to a "
				       "server on this machine (127.0.0.1, ::1, localhost), not '%s'", smtp);
	if (parse_from(from, &from_name, &from_addr) < 0)
		return cli_usage_error(&cmd_match_introduce, "--from '%s' is not 'Name <address>' nor an address",
				       from);
	if ((rc = read_contact(&cmd_match_introduce, contact_text, contact_file, &contact)) != EXIT_OK)
		goto out;
	if (auth && (rc = read_auth(auth, &user, &password)) != EXIT_OK)
		goto out;
	if ((rc = mrun_open(&m, cli, rules, form, dry_run ? STORE_READONLY : 0)) != EXIT_OK)
		goto out;
	memset(&doc, 0, sizeof(doc));
	doc.p = &m.p;
	doc.r = &m.r;
	doc.lang = lang;
	doc.contact = contact ? contact : from_addr;
	doc.when = doc_time();
	doc.method = "optimal";
	if (dry_run && strbuf_addstr(&csv, "need_id,offer_id,side,name,email,subject,state\n") < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	for (i = 0; i < m.p.npair && rc == EXIT_OK; i++) {
		const struct match_pair *pr = &m.p.pair[i];
		const struct match_need *n = &m.md.in.need[pr->need];
		const struct match_offer *o = &m.md.in.offer[pr->offer];

		if (!m.r.chosen[i])
			continue;
		for (int side = MATCH_SIDE_ASSOCIATION; side <= MATCH_SIDE_VOLUNTEER && rc == EXIT_OK; side++) {
			const char *to = side == MATCH_SIDE_ASSOCIATION ? n->email : o->email;
			const char *to_name = side == MATCH_SIDE_ASSOCIATION ? n->association : o->name;
			enum mail_state state;
			struct mailmsg_head h;
			struct iclaim cc;
			char message_id[128], reply[320];
			enum mail_result r;

			if (!to || !mailmsg_address_ok(to)) {
				nnoaddr++;
				continue;
			}
			if (store_match_intro_state(m.st, n->id, o->id, side, &state, &err) < 0) {
				rc = cli_error(EXIT_IOERR, "%s", err.msg);
				break;
			}
			if (state == MAIL_SENT || state == MAIL_REFUSED) {
				nalready++;
				continue;
			}
			if (state == MAIL_SENDING && !resend) {
				if (assume && !dry_run) {
					if (store_match_intro_record(m.st, n->id, o->id, side, MAIL_NONE,
								     "recorded as sent without sending (--assume-sent)",
								     &err) < 0) {
						rc = cli_error(EXIT_IOERR, "%s", err.msg);
						break;
					}
					nsettled++;
				} else {
					nuncertain++;
				}
				continue;
			}
			if (assume && !smtp && !dry_run)
				continue;
			strbuf_reset(&subject);
			strbuf_reset(&text);
			strbuf_reset(&html);
			strbuf_reset(&msg);
			strbuf_reset(&token);
			if (match_intro_text(&doc, i, (enum match_side)side, &subject, &text) < 0 ||
			    text_html(&html, text.buf, lang) < 0 ||
			    strbuf_addf(&token, "match:%s:%s", n->id, o->id) < 0 ||
			    mailmsg_message_id(message_id, token.buf, side, from_addr) < 0) {
				rc = cli_error(EXIT_FAIL, "out of memory");
				break;
			}
			if (dry_run) {
				if (csvout_str(&csv, ',', 1, n->id, CSVOUT_TEXT) < 0 ||
				    csvout_str(&csv, ',', 0, o->id, CSVOUT_TEXT) < 0 ||
				    csvout_str(&csv, ',', 0, side ? "volunteer" : "association", CSVOUT_TEXT) < 0 ||
				    csvout_str(&csv, ',', 0, to_name, CSVOUT_TEXT) < 0 ||
				    csvout_str(&csv, ',', 0, to, CSVOUT_TEXT) < 0 ||
				    csvout_str(&csv, ',', 0, subject.buf, CSVOUT_TEXT) < 0 ||
				    csvout_str(&csv, ',', 0, state == MAIL_SENDING ? "uncertain"
							     : state == MAIL_DEFERRED ? "deferred" : "new",
					       CSVOUT_TEXT) < 0 ||
				    csvout_end_row(&csv) < 0)
					rc = cli_error(EXIT_FAIL, "out of memory");
				nwould++;
				continue;
			}
			memset(&h, 0, sizeof(h));
			h.from_name = from_name;
			h.from_addr = from_addr;
			h.to_name = to_name;
			h.to_addr = to;
			h.subject = subject.buf;
			h.message_id = message_id;
			h.date = time(NULL);
			h.lang = lang;
			if (mailmsg_build(&msg, &h, text.buf, html.buf) < 0) {
				rc = cli_error(EXIT_FAIL, "out of memory");
				break;
			}
			if (!conn) {
				struct mail_config cfg = { smtp, user, password, insecure, 0 };

				if (mail_open(&conn, &cfg, &err) < 0) {
					rc = cli_error(EXIT_USAGE, "%s", err.msg);
					break;
				}
			}
			memset(&cc, 0, sizeof(cc));
			cc.st = m.st;
			cc.need_id = n->id;
			cc.offer_id = o->id;
			cc.email = to;
			cc.message_id = message_id;
			cc.side = side;
			cc.resend = resend && state == MAIL_SENDING;
			reply[0] = '\0';
			r = mail_send(conn, from_addr, to, msg.buf, msg.len, iclaim_fn, &cc, reply, sizeof(reply), &err);
			switch (r) {
			case SEND_OK:
				if (store_match_intro_record(m.st, n->id, o->id, side, MAIL_SENT, reply, &err) < 0) {
					rc = cli_error(EXIT_IOERR, "the introduction to '%s' was sent, but cannot be "
						       "recorded: %s (it stays uncertain)", to, err.msg);
					break;
				}
				nsent++;
				cli_info(cli, "introduced %s-%s to %s\n", n->id, o->id, to);
				break;
			case SEND_REFUSED_RCPT:
			case SEND_REFUSED_MSG:
			case SEND_DEFERRED:
				if (!cc.claimed && store_match_intro_claim(m.st, n->id, o->id, side, to, message_id,
									   resend, &err) < 0) {
					rc = cli_error(EXIT_IOERR, "%s", err.msg);
					break;
				}
				if (store_match_intro_record(m.st, n->id, o->id, side,
							     r == SEND_DEFERRED ? MAIL_DEFERRED : MAIL_REFUSED, reply,
							     &err) < 0) {
					rc = cli_error(EXIT_IOERR, "%s", err.msg);
					break;
				}
				if (r == SEND_DEFERRED)
					ndeferred++;
				else
					nrefused++;
				cli_warning("%s '%s': %s", r == SEND_DEFERRED ? "not sent now (to try again later) to"
					    : "the server refused the introduction to", to, reply);
				break;
			case SEND_UNCERTAIN:
				nuncertain++;
				cli_warning("no answer from the server after the introduction to '%s' (%s): it may "
					    "have been sent", to, reply);
				break;
			case SEND_NOT_CLAIMED:
				if (cc.failed)
					rc = cli_error(EXIT_IOERR, "%s; nothing was sent to '%s'", cc.err.msg, to);
				else
					nalready++;	/* another run has it */
				break;
			case SEND_FATAL:
				rc = cli_error(EXIT_IOERR, "%s", err.msg);
				break;
			}
		}
	}
	if (dry_run && rc == EXIT_OK && (fwrite(csv.buf, 1, csv.len, stdout) != csv.len || fflush(stdout)))
		rc = cli_error(EXIT_IOERR, "cannot write: %s", strerror(errno));
	if (!dry_run && (nsent || nrefused || ndeferred || nuncertain || nsettled)) {
		char detail[160];

		snprintf(detail, sizeof(detail), "introductions: %zu sent, %zu refused, %zu deferred, %zu uncertain",
			 nsent, nrefused, ndeferred, nuncertain);
		if (store_audit(m.st, "match.introduce", detail, &err) < 0 && rc == EXIT_OK)
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
	}
	if (!cli->quiet) {
		if (dry_run)
			fprintf(stderr, _("%zu introduction%s would go"), nwould, nwould == 1 ? "" : "s");
		else
			fprintf(stderr, _("%zu introduction%s sent"), nsent, nsent == 1 ? "" : "s");
		fprintf(stderr, _(" for %zu pair%s"), m.r.nchosen, m.r.nchosen == 1 ? "" : "s");
		if (nalready)
			fprintf(stderr, _(", %zu already done"), nalready);
		if (nnoaddr)
			fprintf(stderr, _(", %zu without a usable address"), nnoaddr);
		if (nrefused)
			fprintf(stderr, _(", %zu refused"), nrefused);
		if (ndeferred)
			fprintf(stderr, _(", %zu to try again later"), ndeferred);
		if (nsettled)
			fprintf(stderr, _(", %zu recorded as sent"), nsettled);
		if (nuncertain)
			fprintf(stderr, _(", %zu uncertain"), nuncertain);
		fputc('\n', stderr);
		if (nuncertain && !dry_run)
			fprintf(stderr, _("uncertain introductions may or may not have reached the server: they are "
				"not sent again unless you run again with --resend-uncertain or settle them with "
				"--assume-sent\n"));
	}
	if (rc == EXIT_OK && !dry_run && nuncertain)
		rc = EXIT_FAIL;
out:
	if (conn)
		mail_close(conn);
	mrun_close(&m);
	if (password)
		explicit_bzero(password, strlen(password));
	free(user);
	free(password);
	free(from_name);
	free(from_addr);
	free(contact);
	strbuf_release(&subject);
	strbuf_release(&text);
	strbuf_release(&html);
	strbuf_release(&msg);
	strbuf_release(&csv);
	strbuf_release(&token);
	return rc;
}

const struct command cmd_match_introduce = {
	"match introduce", run_introduce,
	"utilis match introduce --from ADDRESS (--smtp URL | --dry-run) [options]",
	N_("introduce each pair of the matching by e-mail to both sides, once"),
	N_("Computes the matching as 'utilis match' does and sends each pair's\n"
	"introduction to the association (its contact address) and to the\n"
	"volunteer: who, why (the reasons), the next step and the union's\n"
	"contact.  Each message is recorded in the workspace before its text\n"
	"goes to the server and after the server's answer, so that a run stopped\n"
	"at any moment and run again introduces each pair once; a pair already\n"
	"introduced is not introduced again.  Run it once the matching is\n"
	"settled: a pair that a later matching no longer makes stays introduced.\n"
	"Options:\n"
	"  --from ADDRESS       the sender: 'Name <address>' or an address\n"
	"  --smtp URL           smtp://HOST:PORT (STARTTLS) or smtps://HOST:PORT\n"
	"  --smtp-auth-file F   the login (user, then password; chmod 600)\n"
	"  --smtp-insecure      smtp:// without TLS, to this machine only\n"
	"  --dry-run            print what would go as CSV (need_id, offer_id,\n"
	"                       side, name, email, subject, state); send nothing\n"
	"  --resend-uncertain   send again the introductions a stopped run left\n"
	"                       uncertain\n"
	"  --assume-sent        record those as sent, without sending them\n"
	"  --contact TEXT       the union's contact in the message (default: the sender)\n"
	"  --contact-file FILE  the same, read from a file\n"
	"  --lang LANG          fr (default) or en\n"
	"  --rules FILE         the matching file, as for 'utilis match'\n"
	"  --survey FORM        the needs and offers survey (default " MATCH_FORM ")\n"
	"Exit 1 when introductions are left uncertain.\n"),
};
