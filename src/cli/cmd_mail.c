/*
 * mail: invitations and reminders by e-mail through an SMTP server.  The
 * links to mail come from the workspace (store_mail_each), the words from
 * the survey (survey/mailtext.h), the bytes from collect/mailmsg.h, and
 * the sending from collect/mail.h.  Every message goes through the send
 * log: claimed "sending" (committed) before its text goes, "sent" after
 * the server's 250, so that a run stopped at any moment and run again
 * sends each message once.  A message left "sending" by a run that was
 * stopped is uncertain (the server may have it): it is reported, and sent
 * again only with --resend-uncertain (or recorded as sent with
 * --assume-sent).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/mailopts.h"
#include "collect/mail.h"
#include "collect/mailmsg.h"
#include "store/store.h"
#include "survey/mailtext.h"
#include "survey/survey.h"
#include "util/array.h"
#include "util/csvout.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/i18n.h"

#define DEFAULT_RATE 60		/* messages a minute */
#define MAX_RATE 60000
#define DEFAULT_MAX_REMINDERS 2
#define DEFAULT_EVERY_DAYS 7
#define MAX_AUTH_FILE 4096

/* One message to send (or to show, or to settle). */
struct job {
	int64_t invitation_id;		/* the link */
	int seq;			/* 0 the invitation, n the n-th reminder */
	int uncertain;			/* it was left "sending" by a stopped run */
	char *token, *name, *email, *lang;	/* copies */
};

struct plan {
	const struct mail_opts *o;	/* what was asked */
	time_t now;			/* the clock (UTILIS_NOW in tests) */
	struct job *v;			/* the messages, in link order */
	size_t n, alloc;		/* used / allocated */
	size_t stopped_optout;		/* links skipped: the address opted out */
	size_t stopped_refused;		/* links skipped: the address was refused */
	size_t bad_address;		/* links skipped: an address this program cannot send to */
	size_t uncertain_left;		/* uncertain messages neither resent nor settled */
	int oom;			/* out of memory */
};

struct mail_opts {
	int remind;			/* --remind */
	int want_status[3];		/* --status: which links get a reminder */
	int max_reminders;		/* --max-reminders */
	int every_days;			/* --every */
	int resend_uncertain;		/* --resend-uncertain */
	int assume_sent;		/* --assume-sent */
	int dry_run;			/* --dry-run */
};

/* 'YYYY-MM-DDTHH:MM:SSZ' as a time, or -1. */
static time_t parse_utc(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			 &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

static int add_job(struct plan *p, const struct mail_contact *k, int seq, int uncertain)
{
	struct job *j;

	if (ARRAY_GROW(p->v, p->alloc, p->n + 1, 64) < 0)
		return -1;
	j = &p->v[p->n];
	memset(j, 0, sizeof(*j));
	j->invitation_id = k->invitation_id;
	j->seq = seq;
	j->uncertain = uncertain;
	if (!(j->token = strdup(k->token)) || !(j->email = strdup(k->email)) ||
	    (k->name && !(j->name = strdup(k->name))) || (k->lang && !(j->lang = strdup(k->lang)))) {
		free(j->token);
		free(j->email);
		free(j->name);
		return -1;
	}
	p->n++;
	return 0;
}

/* Decide what, if anything, goes to link k (store_mail_each callback). */
static int plan_contact(void *ctx, const struct mail_contact *k)
{
	struct plan *p = ctx;
	const struct mail_opts *o = p->o;
	int seq = -1, uncertain = 0;

	if (k->stop == MAIL_STOP_OPTOUT) {
		p->stopped_optout++;
		return 0;
	}
	if (k->stop == MAIL_STOP_REFUSED) {
		p->stopped_refused++;
		return 0;
	}
	if (k->status == RESP_SUBMITTED)
		return 0;	/* answered: nothing to ask, nothing uncertain that matters */
	if (!o->remind) {
		if (k->first == MAIL_NONE || k->first == MAIL_DEFERRED)
			seq = 0;
		else if (k->first == MAIL_SENDING)
			seq = 0, uncertain = 1;
	} else if (k->last_state == MAIL_SENDING) {
		seq = k->last_seq, uncertain = 1;
	} else if (!o->want_status[k->status] ||
		   (k->first != MAIL_SENT && k->first != MAIL_SENDING)) {
		return 0;	/* answered, or never invited by mail */
	} else if (k->last_state == MAIL_DEFERRED && k->last_seq > 0) {
		seq = k->last_seq;	/* a reminder that did not go: try it again */
	} else if (k->nreminders < o->max_reminders) {
		time_t last = parse_utc(k->last_at);

		if (last < 0 || difftime(p->now, last) >= (double)o->every_days * 86400.0)
			seq = k->last_seq + 1;
	}
	if (seq < 0)
		return 0;
	if (!mailmsg_address_ok(k->email)) {
		cli_warning("not mailing '%s': not an address this program can send to", k->email);
		p->bad_address++;
		return 0;
	}
	if (uncertain && !o->resend_uncertain && !o->assume_sent) {
		if (p->uncertain_left++ < 20)
			cli_warning("the %s to '%s' may have been sent: a run stopped while the "
				    "server had it", seq ? _("reminder") : _("invitation"), k->email);
		return 0;
	}
	if (add_job(p, k, seq, uncertain) < 0) {
		p->oom = 1;
		return 1;
	}
	return 0;
}

static void plan_release(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].token);
		free(p->v[i].name);
		free(p->v[i].email);
		free(p->v[i].lang);
	}
	free(p->v);
}

/*
 * The login from path: the user name on the first line, the password on
 * the second.  Like ssh with a key, a file that others may read is
 * refused.  Prints and returns an exit code.
 */
int read_auth(const char *path, char **user, char **password)
{
	char buf[MAX_AUTH_FILE + 1], *nl;
	struct stat sb;
	ssize_t n;
	int fd;

	*user = *password = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return cli_error(EXIT_IOERR, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return cli_error(EXIT_IOERR, "'%s' is not a file", path);
	}
	if (sb.st_mode & 077) {
		close(fd);
		return cli_error(EXIT_USAGE, "permissions %04o for '%s' are too open: it holds a "
				 "password, so only its owner may read it (chmod 600 '%s')",
				 (unsigned)(sb.st_mode & 07777), path, path);
	}
	n = read(fd, buf, MAX_AUTH_FILE + 1);
	close(fd);
	if (n < 0)
		return cli_error(EXIT_IOERR, "cannot read '%s': %s", path, strerror(errno));
	if (n > MAX_AUTH_FILE)
		return cli_error(EXIT_DATAERR, "'%s' is too long for a login (%d bytes at most)",
				 path, MAX_AUTH_FILE);
	buf[n] = '\0';
	if (strlen(buf) != (size_t)n)
		return cli_error(EXIT_DATAERR, "'%s' holds a NUL byte", path);
	nl = strchr(buf, '\n');
	if (!nl)
		return cli_error(EXIT_DATAERR, "'%s' must hold the user name on its first line "
				 "and the password on the second", path);
	*nl = '\0';
	if (nl > buf && nl[-1] == '\r')
		nl[-1] = '\0';
	{
		char *pw = nl + 1, *end = pw + strcspn(pw, "\r\n");

		*end = '\0';
		if (!*buf || !*pw)
			return cli_error(EXIT_DATAERR, "'%s' must hold the user name on its first "
					 "line and the password on the second", path);
		*user = strdup(buf);
		*password = strdup(pw);
		explicit_bzero(buf, sizeof(buf));
		if (!*user || !*password) {
			free(*user);
			free(*password);
			*user = *password = NULL;
			return cli_error(EXIT_FAIL, "out of memory");
		}
	}
	return EXIT_OK;
}

/* --from: "Name <address>" or "address". */
int parse_from(const char *from, char **name, char **addr)
{
	const char *lt = strrchr(from, '<');

	*name = *addr = NULL;
	if (lt) {
		const char *gt = strchr(lt, '>');
		const char *e = lt;

		if (!gt || gt[1])
			return -1;
		while (e > from && e[-1] == ' ')
			e--;
		if (e > from && !(*name = strndup(from, (size_t)(e - from))))
			return -1;
		if (*name && (*name)[0] == '"' && strlen(*name) >= 2 &&
		    (*name)[strlen(*name) - 1] == '"') {
			memmove(*name, *name + 1, strlen(*name));
			(*name)[strlen(*name) - 1] = '\0';
		}
		*addr = strndup(lt + 1, (size_t)(gt - lt - 1));
	} else {
		*addr = strdup(from);
	}
	if (!*addr || !mailmsg_address_ok(*addr)) {
		free(*name);
		free(*addr);
		*name = *addr = NULL;
		return -1;
	}
	return 0;
}

/* What a claim needs (mail_send's callback). */
struct claim_ctx {
	struct store *st;
	const struct job *j;
	const char *tmpl;
	const char *message_id;
	int resend;
	struct error err;
	int claimed;		/* recorded "sending": its attempt is counted */
	int failed;		/* the workspace could not record it */
};

static int claim(void *ctx)
{
	struct claim_ctx *c = ctx;
	int rc = store_mail_claim(c->st, c->j->invitation_id, c->j->seq, c->tmpl, c->message_id,
				  c->resend, &c->err);

	if (rc < 0)
		c->failed = 1;
	c->claimed = rc == 1;
	return rc == 1 ? 0 : 1;
}

/* Wait until the i-th message's turn at rate per minute from start. */
static void pace(const struct timespec *start, size_t i, int rate)
{
	double due = (double)i * 60.0 / (double)rate;
	struct timespec now, d;
	double elapsed;

	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed = (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
	if (elapsed >= due)
		return;
	d.tv_sec = (time_t)(due - elapsed);
	d.tv_nsec = (long)((due - elapsed - (double)d.tv_sec) * 1e9);
	while (nanosleep(&d, &d) < 0 && errno == EINTR)
		;
}

static int run_mail(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "smtp", required_argument, NULL, 'S' },
		{ "from", required_argument, NULL, 'f' },
		{ "smtp-auth-file", required_argument, NULL, 'A' },
		{ "smtp-insecure", no_argument, NULL, 'I' },
		{ "remind", no_argument, NULL, 'r' },
		{ "status", required_argument, NULL, 's' },
		{ "max-reminders", required_argument, NULL, 'm' },
		{ "every", required_argument, NULL, 'e' },
		{ "rate", required_argument, NULL, 'R' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "resend-uncertain", no_argument, NULL, 'U' },
		{ "assume-sent", no_argument, NULL, 'a' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *smtp = NULL, *from = NULL, *auth = NULL, *base_opt = NULL, *status = NULL;
	const char *form_id;
	struct mail_opts o = { 0, { 1, 1, 0 }, DEFAULT_MAX_REMINDERS, DEFAULT_EVERY_DAYS, 0, 0, 0 };
	struct plan p;
	struct strbuf base = STRBUF_INIT, msg = STRBUF_INIT, csv = STRBUF_INIT;
	struct strbuf link = STRBUF_INIT, stop = STRBUF_INIT;
	struct survey_version sv;
	struct survey *s = NULL;
	struct store *st = NULL;
	struct mail_conn *conn = NULL;
	struct mailtext mt;
	struct diags d = DIAGS_INIT;
	struct error err;
	char *user = NULL, *password = NULL, *from_name = NULL, *from_addr = NULL;
	size_t nsent = 0, nrefused = 0, nrejected = 0, ndeferred = 0, nuncertain = 0, ntaken = 0;
	size_t nsettled = 0;
	long rate = DEFAULT_RATE, v;
	int c, insecure = 0, rc = EXIT_OK, have_mt = 0, have_sv = 0;
	struct timespec start;
	char *end;

	memset(&p, 0, sizeof(p));
	optind = 0;
	while ((c = cli_getopt(&cmd_mail, argc, argv, ":hn", opts)) != -1) {
		switch (c) {
		case 'S': smtp = optarg; break;
		case 'f': from = optarg; break;
		case 'A': auth = optarg; break;
		case 'I': insecure = 1; break;
		case 'r': o.remind = 1; break;
		case 's': status = optarg; break;
		case 'm':
		case 'e':
		case 'R':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < (c == 'R') || v > (c == 'R' ? MAX_RATE : 1000))
				return cli_usage_error(&cmd_mail, "--%s takes a number from %d to %d, "
						       "not '%s'", c == 'm' ? "max-reminders" :
						       c == 'e' ? "every" : "rate", c == 'R',
						       c == 'R' ? MAX_RATE : 1000, optarg);
			if (c == 'm')
				o.max_reminders = (int)v;
			else if (c == 'e')
				o.every_days = (int)v;
			else
				rate = v;
			break;
		case 'n': o.dry_run = 1; break;
		case 'U': o.resend_uncertain = 1; break;
		case 'a': o.assume_sent = 1; break;
		case 'b': base_opt = optarg; break;
		case 'h':
			cli_print_help(stdout, &cmd_mail);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_mail, "no survey named (give its form_id)");
	if (optind + 1 < argc)
		return cli_usage_error(&cmd_mail, "unexpected argument '%s'", argv[optind + 1]);
	form_id = argv[optind];
	if (!from)
		return cli_usage_error(&cmd_mail, "say who sends: --from 'Name <address>'");
	if (!smtp && !o.dry_run)
		return cli_usage_error(&cmd_mail, "say through which server: --smtp "
				       "smtp://HOST:PORT (or smtps://), or --dry-run");
	if (status) {
		if (!o.remind)
			return cli_usage_error(&cmd_mail, "--status goes with --remind");
		if (!strcmp(status, "invited"))
			o.want_status[RESP_STARTED] = 0;
		else if (!strcmp(status, "started"))
			o.want_status[RESP_INVITED] = 0;
		else
			return cli_usage_error(&cmd_mail, "--status is 'invited' or 'started', not "
					       "'%s'", status);
	}
	if (o.resend_uncertain && o.assume_sent)
		return cli_usage_error(&cmd_mail, "give only one of --resend-uncertain and "
				       "--assume-sent");
	if (smtp && strncasecmp(smtp, "smtp://", 7) && strncasecmp(smtp, "smtps://", 8))
		return cli_usage_error(&cmd_mail, "--smtp '%s' is not an SMTP server's address "
				       "(smtp://HOST:PORT or smtps://HOST:PORT)", smtp);
	if (smtp && !mail_url_is_loopback(smtp) && insecure)
		return cli_usage_error(&cmd_mail, "--smtp-insecure sends in clear: only to a "
				       "server on this machine (127.0.0.1, ::1, localhost), not "
				       "'%s'", smtp);
	if (parse_from(from, &from_name, &from_addr) < 0)
		return cli_usage_error(&cmd_mail, "--from '%s' is not 'Name <address>' nor an "
				       "address", from);
	if (!o.dry_run && !base_opt && !(getenv("UTILIS_BASE_URL") && *getenv("UTILIS_BASE_URL"))) {
		/* links to this machine's default address would reach nobody */
		rc = cli_usage_error(&cmd_mail, "say where the links point: --base-url "
				     "https://YOUR-SERVER (or $UTILIS_BASE_URL)");
		goto out;
	}
	if ((rc = cli_base_url(&cmd_mail, base_opt, &base)) != EXIT_OK)
		goto out;
	if (auth && (rc = read_auth(auth, &user, &password)) != EXIT_OK)
		goto out;
	{
		const char *fake = getenv("UTILIS_NOW");

		p.now = fake && *fake ? parse_utc(fake) : time(NULL);
		if (p.now < 0)
			p.now = time(NULL);
	}

	if ((rc = cli_open_store(cli, o.dry_run ? STORE_READONLY : 0, &st)) != EXIT_OK)
		goto out;
	if ((rc = cli_stored_survey(st, form_id, 0, &sv, &s)) != EXIT_OK)
		goto out;
	have_sv = 1;
	if (mailtext_load(&mt, s, sv.file ? sv.file : form_id, sv.source, strlen(sv.source),
			  &d) < 0) {
		cli_print_diags(&d);
		rc = cli_error(EXIT_DATAERR, "the e-mail texts of survey '%s' do not load", form_id);
		goto out;
	}
	have_mt = 1;
	if (mailtext_ready(&mt, &err) < 0) {
		rc = cli_error(EXIT_DATAERR, "%s", err.msg);
		goto out;
	}

	p.o = &o;
	if (store_mail_each(st, form_id, plan_contact, &p, &err) < 0 || p.oom) {
		rc = p.oom ? cli_error(EXIT_FAIL, "out of memory") : cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}

	if (o.dry_run && strbuf_addstr(&csv, "message,template,name,email,subject\n") < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	if (!o.dry_run && p.n > 0) {
		struct mail_config cfg = { smtp, user, password, insecure, 0 };

		if (mail_open(&conn, &cfg, &err) < 0) {
			rc = cli_error(EXIT_USAGE, "%s", err.msg);
			goto out;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (size_t i = 0, nattempt = 0; i < p.n && rc == EXIT_OK; i++) {
		const struct job *j = &p.v[i];
		struct mailtext_vars vars;
		struct mailtext_out words;
		struct mailmsg_head h;
		struct claim_ctx cc;
		char message_id[128], reply[320];
		enum mail_result r;

		if (j->uncertain && o.assume_sent && !o.dry_run) {
			if (store_mail_record(st, j->invitation_id, j->seq, "settled by --assume-sent",
					      "(unknown)", MAIL_SENT, "recorded as sent without "
					      "sending (--assume-sent)", 0, 0, &err) < 0) {
				rc = cli_error(EXIT_IOERR, "%s", err.msg);
				break;
			}
			nsettled++;
			continue;
		}
		strbuf_reset(&link);
		strbuf_reset(&stop);
		strbuf_reset(&msg);
		if (strbuf_addf(&link, "%s/r/%s", base.buf, j->token) < 0 ||
		    strbuf_addf(&stop, "%s/r/%s/stop", base.buf, j->token) < 0) {
			rc = cli_error(EXIT_FAIL, "out of memory");
			break;
		}
		vars.name = j->name;
		vars.link = link.buf;
		vars.stop_link = stop.buf;
		vars.contact_default = from_addr;
		mailtext_out_init(&words);
		if (mailtext_render(&mt, j->seq ? MAILTEXT_REMINDER : MAILTEXT_INVITATION, j->lang,
				    &vars, &words) < 0 ||
		    mailmsg_message_id(message_id, j->token, j->seq, from_addr) < 0) {
			mailtext_out_release(&words);
			rc = cli_error(EXIT_FAIL, "out of memory");
			break;
		}
		if (o.dry_run) {
			char what[32];

			snprintf(what, sizeof(what), j->seq ? "reminder %d" : "invitation", j->seq);
			if (csvout_str(&csv, ',', 1, what, CSVOUT_TEXT) < 0 ||
			    strbuf_addch(&csv, ',') < 0 ||
			    csvout_str(&csv, ',', 1, words.tmpl, CSVOUT_TEXT) < 0 ||
			    strbuf_addch(&csv, ',') < 0 ||
			    csvout_str(&csv, ',', 1, j->name, CSVOUT_TEXT) < 0 ||
			    strbuf_addch(&csv, ',') < 0 ||
			    csvout_str(&csv, ',', 1, j->email, CSVOUT_TEXT) < 0 ||
			    strbuf_addch(&csv, ',') < 0 ||
			    csvout_str(&csv, ',', 1, words.subject.buf, CSVOUT_TEXT) < 0 ||
			    strbuf_addch(&csv, '\n') < 0)
				rc = cli_error(EXIT_FAIL, "out of memory");
			mailtext_out_release(&words);
			continue;
		}
		memset(&h, 0, sizeof(h));
		h.from_name = from_name;
		h.from_addr = from_addr;
		h.to_name = j->name;
		h.to_addr = j->email;
		h.subject = words.subject.buf;
		h.message_id = message_id;
		h.date = time(NULL);
		h.lang = j->lang ? j->lang : s->languages[s->default_lang];
		h.unsubscribe = stop.buf;
		if (mailmsg_build(&msg, &h, words.text.buf, words.html.buf) < 0) {
			mailtext_out_release(&words);
			rc = cli_error(EXIT_FAIL, "out of memory");
			break;
		}
		if (nattempt > 0)
			pace(&start, nattempt, (int)rate);
		nattempt++;
		memset(&cc, 0, sizeof(cc));
		cc.st = st;
		cc.j = j;
		cc.tmpl = words.tmpl;
		cc.message_id = message_id;
		cc.resend = j->uncertain && o.resend_uncertain;
		reply[0] = '\0';
		r = mail_send(conn, from_addr, j->email, msg.buf, msg.len, claim, &cc, reply,
			      sizeof(reply), &err);
		switch (r) {
		case SEND_OK:
			if (store_mail_record(st, j->invitation_id, j->seq, words.tmpl, message_id,
					      MAIL_SENT, reply, 0, 0, &err) < 0) {
				rc = cli_error(EXIT_IOERR, "the %s to '%s' was sent, but cannot be "
					       "recorded: %s (it stays uncertain: see 'utilis help "
					       "mail')", j->seq ? _("reminder") : _("invitation"), j->email,
					       err.msg);
				break;
			}
			nsent++;
			cli_info(cli, "sent the %s to %s\n", j->seq ? _("reminder") : _("invitation"), j->email);
			break;
		case SEND_REFUSED_RCPT:
		case SEND_REFUSED_MSG:
		case SEND_DEFERRED:
			if (store_mail_record(st, j->invitation_id, j->seq, words.tmpl, message_id,
					      r == SEND_DEFERRED ? MAIL_DEFERRED : MAIL_REFUSED, reply,
					      !cc.claimed, r == SEND_REFUSED_RCPT,
					      &err) < 0) {
				rc = cli_error(EXIT_IOERR, "%s", err.msg);
				break;
			}
			if (r == SEND_DEFERRED)
				ndeferred++;
			else if (r == SEND_REFUSED_RCPT)
				nrefused++;
			else
				nrejected++;
			cli_warning("%s '%s': %s", r == SEND_DEFERRED ? "not sent now (to try again "
				    "later) to" : r == SEND_REFUSED_RCPT ? "the server refuses the "
				    "address" : "the server refused the message to", j->email, reply);
			break;
		case SEND_UNCERTAIN:
			nuncertain++;
			cli_warning("no answer from the server after the %s to '%s' (%s): it may "
				    "have been sent", j->seq ? _("reminder") : _("invitation"), j->email, reply);
			break;
		case SEND_NOT_CLAIMED:
			if (cc.failed) {
				rc = cli_error(EXIT_IOERR, "%s; nothing was sent to '%s'", cc.err.msg,
					       j->email);
				break;
			}
			ntaken++;	/* another run has it */
			break;
		case SEND_FATAL:
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
			break;
		}
		mailtext_out_release(&words);
	}
	if (o.dry_run && rc == EXIT_OK)
		rc = cli_write_stdout(&csv);
	if (!o.dry_run && (nsent || nrefused || nrejected || ndeferred || nuncertain || nsettled)) {
		char detail[200];

		snprintf(detail, sizeof(detail), "%s: %zu sent, %zu refused, %zu deferred, "
			 "%zu uncertain", o.remind ? "reminders" : "invitations", nsent,
			 nrefused + nrejected, ndeferred, nuncertain);
		if (store_audit(st, "mail.send", detail, &err) < 0 && rc == EXIT_OK)
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
	}
	if (!cli->quiet) {
		size_t nuncertain_all = nuncertain + p.uncertain_left;

		if (o.dry_run)
			fprintf(stderr, _("%s: %zu %s%s would go"), form_id, p.n,
				o.remind ? _("reminder") : _("invitation"), p.n == 1 ? "" : "s");
		else
			fprintf(stderr, _("%s: %zu %s%s sent"), form_id, nsent,
				o.remind ? _("reminder") : _("invitation"), nsent == 1 ? "" : "s");
		if (nrefused)
			fprintf(stderr, _(", %zu address%s refused"), nrefused, nrefused == 1 ? "" : "es");
		if (nrejected)
			fprintf(stderr, _(", %zu message%s refused"), nrejected, nrejected == 1 ? "" : "s");
		if (ndeferred)
			fprintf(stderr, _(", %zu to try again later"), ndeferred);
		if (nsettled)
			fprintf(stderr, _(", %zu recorded as sent"), nsettled);
		if (p.stopped_optout)
			fprintf(stderr, _(", %zu opted out"), p.stopped_optout);
		if (p.stopped_refused)
			fprintf(stderr, _(", %zu refused earlier"), p.stopped_refused);
		if (p.bad_address)
			fprintf(stderr, _(", %zu unusable address%s"), p.bad_address,
				p.bad_address == 1 ? "" : "es");
		if (ntaken)
			fprintf(stderr, _(", %zu taken by another run"), ntaken);
		if (nuncertain_all)
			fprintf(stderr, _(", %zu uncertain"), nuncertain_all);
		fputc('\n', stderr);
		if (nuncertain_all && !o.dry_run)
			fprintf(stderr, _("uncertain messages may or may not have reached the server: "
				"they are not sent again unless you run again with --resend-uncertain "
				"(a person may get it twice) or settle them with --assume-sent\n"));
		if (ndeferred && !o.dry_run)
			fprintf(stderr, _("run the same command again later to send the messages "
				"not sent now\n"));
	}
	if (rc == EXIT_OK && !o.dry_run && (nuncertain || p.uncertain_left))
		rc = EXIT_FAIL;
out:
	if (conn)
		mail_close(conn);
	if (have_mt)
		mailtext_release(&mt);
	diags_release(&d);
	survey_free(s);
	if (have_sv)
		survey_version_release(&sv);
	if (st)
		store_close(st);
	plan_release(&p);
	if (password)
		explicit_bzero(password, strlen(password));
	free(user);
	free(password);
	free(from_name);
	free(from_addr);
	strbuf_release(&base);
	strbuf_release(&msg);
	strbuf_release(&csv);
	strbuf_release(&link);
	strbuf_release(&stop);
	return rc;
}

const struct command cmd_mail = {
	"mail", run_mail,
	"utilis mail FORM_ID --from ADDRESS (--smtp URL | --dry-run) [--remind] [options]",
	N_("send the invitations and reminders by e-mail, through an SMTP server"),
	N_("Sends each link that has an e-mail address and has not been answered its\n"
	"invitation (its personal link, the deadline, who runs the survey, how the\n"
	"answers are used, and an opt-out link), once.  With --remind, sends a\n"
	"reminder to the links invited and not submitted.  The words are the\n"
	"survey's `mail:` section, else built-in\n"
	"French or English ones, chosen by the link's language (see\n"
	"docs/collection.md, \"E-mail\").\n"
	"\n"
	"  --from ADDRESS       the sender: 'Name <address>' or an address\n"
	"  --smtp URL           the server: smtp://HOST:PORT (STARTTLS, required) or\n"
	"                       smtps://HOST:PORT (TLS from the start)\n"
	"  --smtp-auth-file F   the login: the user name on the first line of F, the\n"
	"                       password on the second; F must be readable by its\n"
	"                       owner only (chmod 600).  Never on the command line.\n"
	"  --smtp-insecure      smtp:// without TLS, to a server on this machine only\n"
	"  --remind             send reminders rather than invitations, to the links\n"
	"                       invited by mail and not submitted\n"
	"  --status invited|started\n"
	"                       with --remind: only the links invited (not started)\n"
	"                       or only those started (default: both)\n"
	"  --max-reminders N    at most N reminders per link (default 2)\n"
	"  --every DAYS         not within DAYS days of the last message (default 7)\n"
	"  --rate N             at most N messages a minute (default 60)\n"
	"  --dry-run            print what would go, to whom, as CSV (message,\n"
	"                       template, name, email, subject); send nothing\n"
	"  --base-url URL       the server's public address for links (as for invite;\n"
	"                       required to send, unless $UTILIS_BASE_URL is set)\n"
	"  --resend-uncertain   send again the messages a stopped run left uncertain\n"
	"  --assume-sent        record those as sent, without sending them\n"
	"\n"
	"Each message is recorded before its text goes to the server and after the\n"
	"server's answer, so a run stopped at any moment, then run again, sends\n"
	"each message once.  A message whose text went out without an answer\n"
	"(the run was killed, the connection lost) is uncertain: it is reported\n"
	"and sent again only with --resend-uncertain.  An address the server\n"
	"refuses (5xx) gets no more mail; a message the server defers (4xx) or a\n"
	"lost connection is tried again on the next run.  A person who opted out\n"
	"(/r/TOKEN/stop) gets no more mail at that address.  `invite --list` and\n"
	"/admin show what was sent.  Exit 1 when messages are left uncertain.\n"),
};
