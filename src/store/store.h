/*
 * store: the workspace, one SQLite file.  This is the only module that
 * includes <sqlite3.h>.  It holds the immutable survey versions (form id,
 * version, SHA-256 and text of the source), the respondents of each version
 * with their answers, and an audit log.  The schema is created and migrated
 * with PRAGMA user_version; a workspace written by a newer utilis is refused.
 *
 * Every function returns 0 (or a documented positive value) on success and
 * a negative UT_E* code on failure, with a message in *err when err is
 * not NULL.  Strings handed out belong to the caller, who releases them with
 * the matching *_release() function.
 */
#ifndef UTILIS_STORE_H
#define UTILIS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/record.h"
#include "util/diag.h"
#include "util/instance.h"

struct store;

/* store_open() flags. */
enum {
	STORE_CREATE = 1,	/* create the file when it does not exist */
	STORE_READONLY = 2,	/* open read-only; nothing is migrated */
};

/* Schema version this build writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 8

/*
 * Open (and create or migrate) the workspace at path.  Sets WAL,
 * foreign_keys=ON, synchronous=FULL and a busy timeout.  On success *out is
 * a handle for store_close().
 */
int store_open(struct store **out, const char *path, int flags, struct error *err);
void store_close(struct store *st);

/* How long a write waits for another program's lock unless told (store_set_wait). */
#define STORE_WAIT_DEFAULT_MS 5000
/* A wait longer than this calls the notice of store_set_wait(). */
#define STORE_WAIT_NOTICE_MS 500
/*
 * How long this connection waits, in milliseconds, when another program
 * (the server, an import) holds the workspace's write lock, before giving
 * up with UT_EBUSY.  notice (may be NULL) is called with ctx once per
 * wait that lasts longer than STORE_WAIT_NOTICE_MS, so that the program
 * can say that it waits and for what.
 */
void store_set_wait(struct store *st, int ms, void (*notice)(void *ctx), void *ctx);

/*
 * Run SQLite's PRAGMA quick_check over the whole file (it reads every page:
 * not done on open).  0 when intact, UT_ESCHEMA with the first problem.
 */
int store_check(struct store *st, struct error *err);

/*
 * Remove the old copies of changed and erased data from the workspace's
 * log: checkpoint it into the database file and truncate it to zero bytes
 * (SQLITE_CHECKPOINT_TRUNCATE, its result checked).  The database file
 * itself keeps no freed bytes: every connection runs with secure_delete
 * on.  Waits up to wait_ms for other connections.  0 when the log is
 * empty; UT_EBUSY when another program's read transaction still needs
 * the old frames (they remain until it ends: call again later); UT_EIO.
 * With every_reader, page 1 is rewritten first, so that the checkpoint
 * also waits for readers that read the database file alone (whose
 * snapshot would keep rows about to be erased): a check before an erasure.
 * Call outside a transaction.
 */
int store_purge(struct store *st, int wait_ms, int every_reader, struct error *err);

/* Explicit transactions around a batch of writes (imports are all-or-nothing). */
int store_begin(struct store *st, struct error *err);
int store_commit(struct store *st, struct error *err);
/* Roll back; never fails in a way the caller can act on. */
void store_rollback(struct store *st);
/*
 * A read transaction: every read until store_rollback() sees the
 * workspace as it was at this call, whatever other connections (the
 * server collecting) commit meanwhile.  For a reader that reads the
 * workspace several times and needs the answers to agree (an export's
 * row count, its widths, then its rows).  Works on a read-only
 * connection; call outside a transaction.  0 or UT_EIO.
 */
int store_begin_read(struct store *st, struct error *err);
/*
 * store_begin() for a transaction that adds many pages (a large import).
 * When no other connection has the workspace open, the transaction goes
 * through a rollback journal instead of the log: each new page is then
 * written once, to the workspace, where the log would hold it until the
 * checkpoint at close copies it again.  It is as durable and as
 * all-or-nothing (a transaction cut short is undone by the next opening);
 * other programs wait for it to end instead of reading the last commit.
 * store_commit() or store_rollback() returns to the log.  When another
 * connection is open, or the journal cannot change, the same as
 * store_begin().  The foreign keys are off until then: SQLite would look
 * the survey version up for every row, 15 % of the writing; a bulk insert
 * (store_bulk_begin()) checks once that its one survey version exists, and
 * a caller writes nothing else in such a transaction but the audit log.
 * 0 or a UT_E* code.
 */
int store_begin_bulk(struct store *st, struct error *err);

/* --- survey versions ------------------------------------------------- */

struct survey_version {
	int64_t id;		/* row id */
	char *form_id;		/* form_id of the definition */
	int version;		/* its `version` */
	char *title;		/* title in the default language */
	char *sha256;		/* 64 hex digits of the source */
	char *file;		/* file name it was loaded from */
	char *loaded_at;	/* UTC, 'YYYY-MM-DDTHH:MM:SSZ' */
	char *source;		/* the YAML text; NULL in lists */
	int64_t nrespondents;	/* respondents of this version; filled in lists (0 from store_survey_get()) */
};

void survey_version_release(struct survey_version *sv);

enum store_put_result {
	STORE_ADDED,		/* a new version was stored */
	STORE_UNCHANGED,	/* the same source is already stored: nothing done */
};

/*
 * Store a survey version.  Loading a source whose SHA-256 is already stored
 * for form_id is a no-op (*res = STORE_UNCHANGED).  A different source with a
 * version not above the highest stored one is refused with UT_EDATA and a
 * message saying which version is stored and that `version` must increase.
 */
int store_survey_put(struct store *st, const char *form_id, int version,
		     const char *title, const char *file, const char *source,
		     enum store_put_result *res, struct error *err);
/*
 * Fetch one version (version 0: the highest) with its source into *out.
 * Returns 1 when found, 0 when not (out untouched), or a negative code.
 */
int store_survey_get(struct store *st, const char *form_id, int version,
		     struct survey_version *out, struct error *err);
/*
 * Every stored version, ordered by form_id then version, without sources.
 * *out is a malloc'd array for survey_versions_free().
 */
int store_survey_list(struct store *st, struct survey_version **out, size_t *n,
		      struct error *err);
void survey_versions_free(struct survey_version *v, size_t n);
/*
 * The version numbers of form_id, ascending, into *out (malloc'd, to free;
 * *n of them, 0 when the survey is not stored): what store_survey_list()
 * gives of it without counting respondents, which reads every one.
 */
int store_survey_versions(struct store *st, const char *form_id, int **out, size_t *n,
			  struct error *err);

/* --- respondents and answers ----------------------------------------- */

enum respondent_status { RESP_INVITED, RESP_STARTED, RESP_SUBMITTED };

struct respondent {
	int64_t id;			/* row id */
	int64_t survey_version_id;	/* the version answered */
	char *ext_id;			/* `_id` of an import, or NULL */
	char *group;			/* `_group`, or NULL */
	char *wave;			/* `_wave`, or NULL */
	char *token;			/* link token, or NULL */
	enum respondent_status status;	/* progress */
	char *created_at;		/* UTC timestamps as in survey_version */
	char *updated_at;		/* NULL until answers are saved */
	char *submitted_at;		/* NULL until submitted */
	char *panel;			/* panel key (64 hex digits) of a panel survey's answers, or NULL */
};

void respondent_release(struct respondent *r);

/*
 * Answers are positional: values[i] is the answer to the question of index
 * i of the respondent's survey version (survey.h: question.index), in
 * canonical text form, or NULL when unanswered.  Groups and notes hold
 * none.  n may be shorter than the number of questions.
 */

/*
 * Answers with their repeat instances (util/instance.h, pre-order), as
 * response_instances() gives them.  Every function below that takes
 * positional answers has a `_rep` twin that takes these, and the readers a
 * twin that decodes into a struct record_buf (store/record.h: values[0..n)
 * then inst[0..ninst)), so that repeat answers travel in the same row, the
 * same BLOB, under the same durability and erasure rules.
 */
struct store_answers {
	const char *const *values;	/* by question index, NULL: unanswered */
	size_t n;			/* slots in values */
	const struct instance *inst;	/* repeat instances, NULL when none */
	size_t ninst;			/* number of them */
};

/* Create a respondent of a survey version, without answers; its id goes to *id. */
int store_respondent_add(struct store *st, int64_t survey_version_id,
			 const char *ext_id, const char *group, const char *wave,
			 const char *token, int64_t *id, struct error *err);
/*
 * Create a respondent with its answers in one INSERT (imports and
 * simulation: a row is written once).  submit != 0 marks it submitted.
 */
int store_respondent_add_answers(struct store *st, int64_t survey_version_id,
				 const char *ext_id, const char *group, const char *wave,
				 const char *token, const char *const *values, size_t n,
				 int submit, int64_t *id, struct error *err);
int store_respondent_add_rep(struct store *st, int64_t survey_version_id,
			     const char *ext_id, const char *group, const char *wave,
			     const char *token, const struct store_answers *a, int submit,
			     int64_t *id, struct error *err);
/* Find by id or by token: 1 found, 0 not, or a negative code. */
int store_respondent_get(struct store *st, int64_t id, struct respondent *out,
			 struct error *err);
int store_respondent_by_token(struct store *st, const char *token,
			      struct respondent *out, struct error *err);
/*
 * Replace the answers of respondent id.  submit != 0 also marks it
 * submitted.  A submitted respondent's answers are locked: UT_EDATA.
 * Text that is not UTF-8 is refused with UT_EDATA.
 */
int store_answers_save(struct store *st, int64_t id, const char *const *values,
		       size_t n, int submit, struct error *err);
int store_answers_save_rep(struct store *st, int64_t id, const struct store_answers *a,
			   int submit, struct error *err);
/*
 * Answers of respondent id: *values is a malloc'd array of *n malloc'd
 * strings (NULL where unanswered), freed with answers_free().
 */
int store_answers_get(struct store *st, int64_t id, char ***values, size_t *n,
		      struct error *err);
void answers_free(char **values, size_t n);
/*
 * Answers of respondent id with their repeat instances, decoded into rb
 * (RECORD_BUF_INIT, or reused; the caller releases it with
 * record_buf_release()).  The pointers stay valid until rb is reused.
 */
int store_answers_read(struct store *st, int64_t id, struct record_buf *rb,
		       struct error *err);

/*
 * Call fn for every respondent of form_id (version 0: every version; else
 * that version), in id order, with their answers (values and n as above;
 * n is at least nslots).  Only submitted ones when submitted_only.  The
 * pointers are valid during the call only.  Stops and returns fn's value
 * when it is non-zero.  Reads in one pass, without loading everything in
 * memory and without allocating per row.
 */
int store_answers_each(struct store *st, const char *form_id, int version,
		       int submitted_only, size_t nslots,
		       int (*fn)(void *ctx, const struct respondent *r,
				 const char *const *values, size_t n),
		       void *ctx, struct error *err);
/*
 * store_answers_each() for an analysis: the respondent's ext_id, token and
 * times are NULL (not read), its id, version, group, wave, status and
 * panel key are there.
 */
int store_answers_each_lean(struct store *st, const char *form_id, int version,
			    int submitted_only, size_t nslots,
			    int (*fn)(void *ctx, const struct respondent *r,
				      const char *const *values, size_t n),
			    void *ctx, struct error *err);
/*
 * store_answers_each_lean() that copies only the answers in want (a bitmap
 * of nslots slots, store/record.h: record_decode_some()); the others read
 * NULL (or their answer: fn must not rely on either), every one checked.
 */
int store_answers_each_some(struct store *st, const char *form_id, int version,
			    int submitted_only, size_t nslots, const unsigned char *want,
			    int (*fn)(void *ctx, const struct respondent *r,
				      const char *const *values, size_t n),
			    void *ctx, struct error *err);
/*
 * For tests: who decodes the records in store_answers_each_lean() and
 * _some(): 0 the side with time (the default), 1 always the reading
 * thread, 2 always fn's.  Not thread-safe: set it before reading.
 */
void store_lean_decoder(int who);
/* Likewise with the repeat instances: fn gets the decoded record (values, n, inst, ninst). */
int store_answers_each_rep(struct store *st, const char *form_id, int version,
			   int submitted_only, size_t nslots,
			   int (*fn)(void *ctx, const struct respondent *r,
				     const struct record_buf *rec),
			   void *ctx, struct error *err);
/*
 * Likewise without the answers: each respondent alone, its answers neither
 * read nor decoded (for a count by group and wave before the answers).
 */
int store_respondents_each(struct store *st, const char *form_id, int version,
			   int submitted_only,
			   int (*fn)(void *ctx, const struct respondent *r),
			   void *ctx, struct error *err);

/* --- audit log -------------------------------------------------------- */

/* Append an entry (action such as "survey.load", free-text detail). */
int store_audit(struct store *st, const char *action, const char *detail,
		struct error *err);

/* --- web collection: invitations (store/invite.c) --------------------- */

/*
 * An invitation is one respondent link.  Its token is the only secret in
 * the link; the contact (name, email) is what an analyst needs to send it
 * and follow up.  The draft holds the answers saved page by page, in the
 * positional form of answers above.  The respondent row that holds the
 * answers is written only when the respondent submits: then, in an
 * anonymous survey, the draft is emptied and the invitation keeps no
 * pointer to that row (nor a timestamp that could match it), so submitted
 * answers carry no link back to the token or the contact.
 */
struct invitation {
	int64_t id;			/* row id */
	int64_t survey_version_id;	/* the version the link answers */
	char *form_id;			/* that version's form_id */
	int version;			/* and its number */
	char *token;			/* the link's token */
	int is_open;			/* created through a public survey's open link */
	char *name;			/* contact name, or NULL */
	char *email;			/* contact email, or NULL */
	char *group;			/* comparison group (copied to the respondent), or NULL */
	char *wave;			/* collection wave (copied to the respondent), or NULL */
	enum respondent_status status;	/* invited, started (a page saved) or submitted */
	int page;			/* the page where the respondent stopped (0-based) */
	char *lang;			/* language chosen; NULL: the default (and after an anonymous submit) */
	int64_t respondent_id;		/* submitted, not anonymous: the answers' row; else 0 */
	char *created_at;		/* UTC, as elsewhere */
	char *updated_at;		/* last save; NULL before the first and after an anonymous submit */
	/* e-mail, filled by store_invitation_each() only (else 0 and NULL) */
	int mail_stop;			/* enum mail_stop_reason of its address */
	int mail_sent;			/* messages sent to the link (invitation and reminders) */
	char *mail_last;		/* when the last one was sent, or NULL */
	char *contact_key;		/* panel: stands for the contact of a link without e-mail, or NULL */
};

void invitation_release(struct invitation *inv);

/* Counts of one survey's invitations, every version together. */
struct invitation_counts {
	int64_t invited;		/* links sent (not open-link visitors'), never saved */
	int64_t opened;			/* open-link visitors' links, never saved */
	int64_t started;		/* at least one page saved, not submitted */
	int64_t submitted;		/* submitted */
};

/*
 * Create an invitation for survey version survey_version_id with token (as
 * generated by the caller; it must be unused) and optional contact fields.
 * *id gets its row id.  UT_EDATA for an unknown version or a token in
 * use.
 */
int store_invitation_add(struct store *st, int64_t survey_version_id, const char *token,
			 int is_open, const char *name, const char *email,
			 const char *group, const char *wave, int64_t *id,
			 struct error *err);
/*
 * Set the language of invitation id (a code of its survey, checked by the
 * caller): its form opens and its mail is written in it.  UT_EDATA for
 * an unknown id.
 */
int store_invitation_set_lang(struct store *st, int64_t id, const char *lang,
			      struct error *err);
/*
 * Give invitation id a contact key (panel surveys: 32 random hex digits for
 * a link without an e-mail address, or the key of the person's earlier
 * link when they are invited again), from which its panel key is derived.
 */
int store_invitation_set_contact_key(struct store *st, int64_t id, const char *contact_key,
				     struct error *err);
/* Find by token: 1 found (out filled, invitation_release), 0 not, or a negative code. */
int store_invitation_by_token(struct store *st, const char *token, struct invitation *out,
			      struct error *err);
/*
 * The draft answers of invitation id, positional, as store_answers_get()
 * gives them (answers_free).  An invitation without a draft gives n = 0.
 */
int store_invitation_draft(struct store *st, int64_t id, char ***values, size_t *n,
			   struct error *err);
/* The draft with its repeat instances into rb, as store_answers_read(). */
int store_invitation_draft_read(struct store *st, int64_t id, struct record_buf *rb,
				struct error *err);
/*
 * Save the draft of invitation id with the page to resume at and the
 * language chosen (NULL: keep), and mark it started.  Refused with
 * UT_EDATA once submitted (answers are locked) or for an unknown id.
 * The write is durable when this returns (synchronous=FULL).
 */
int store_invitation_save(struct store *st, int64_t id, const char *const *values,
			  size_t n, int page, const char *lang, struct error *err);
int store_invitation_save_rep(struct store *st, int64_t id, const struct store_answers *a,
			      int page, const char *lang, struct error *err);
/*
 * Submit invitation id with its final answers, in one transaction: write
 * the respondent row (submitted, with the invitation's group and wave; with
 * the token as well unless anonymous), mark the invitation submitted and
 * empty its draft.  flags: STORE_SUBMIT_ANONYMOUS (1, so that a survey's
 * `anonymous` can be passed as it is) and STORE_SUBMIT_PANEL, which gives
 * the row the panel key of the link's contact (store_panel_key; none for
 * a link without contact).  When anonymous, the invitation keeps no link to the
 * row: no respondent_id, no token in the row, no timestamp nor language in
 * the invitation, and the row's times are the day of submission only
 * ('YYYY-MM-DDT00:00:00Z').  seen (may be NULL) is the draft as the caller
 * read it when it computed values: when the stored draft differs (a page
 * was saved since), nothing is written and 1 is returned, so that the
 * caller reads the draft again.  UT_EDATA when already submitted
 * (nothing changes) or unknown.  *respondent_id (may be NULL) gets the new
 * row's id.  An anonymous submission leaves old copies of the draft in the
 * log: store_purge() afterwards.
 */
enum { STORE_SUBMIT_ANONYMOUS = 1, STORE_SUBMIT_PANEL = 2 };
int store_invitation_submit(struct store *st, int64_t id, const char *const *values,
			    size_t n, int flags, const char *const *seen, size_t nseen,
			    int64_t *respondent_id, struct error *err);
/* Likewise with repeat instances; seen (may be NULL) with its own. */
int store_invitation_submit_rep(struct store *st, int64_t id, const struct store_answers *a,
				int flags, const struct store_answers *seen,
				int64_t *respondent_id, struct error *err);
/*
 * Call fn for every invitation of form_id (every version), in id order.
 * The invitation is valid during the call only (strings point into the
 * row).  Stops and returns fn's value when non-zero.
 */
int store_invitation_each(struct store *st, const char *form_id,
			  int (*fn)(void *ctx, const struct invitation *inv),
			  void *ctx, struct error *err);
/* Counts of form_id's invitations by status into *out. */
int store_invitation_counts(struct store *st, const char *form_id,
			    struct invitation_counts *out, struct error *err);

/*
 * The open link of public survey form_id: its token into *token (malloc'd),
 * creating it with new_token when the survey has none yet.  Returns 1 when
 * created, 0 when it existed, or a negative code.
 */
int store_open_link(struct store *st, const char *form_id, const char *new_token,
		    char **token, struct error *err);
/* The form_id of open-link token into *form_id (malloc'd): 1 found, 0 not, or negative. */
int store_open_link_find(struct store *st, const char *token, char **form_id,
			 struct error *err);

/*
 * The short code of a printed letter for link invitation_id, kept as its
 * hash (32 bytes, collect/token.h shortcode_hash()).  0, UT_EDATA when
 * the hash is already some link's (draw another code), or negative.
 */
int store_short_code_add(struct store *st, int64_t invitation_id, const unsigned char hash[32],
			 struct error *err);
/*
 * The token of the link whose short code has hash, into *token (malloc'd):
 * 1 found, 0 when no link has it or its link has submitted (a code stops
 * working then, as when its link is erased), or negative.
 */
int store_short_code_find(struct store *st, const unsigned char hash[32], char **token,
			  struct error *err);

/*
 * A named server key kept in the workspace (so that a restart keeps the
 * forms respondents have open valid): copies the stored value of name
 * into out (n bytes), storing fresh (n bytes) first when there is none.
 * UT_ESCHEMA when the stored value is not n bytes long.
 */
int store_secret(struct store *st, const char *name, const unsigned char *fresh,
		 unsigned char *out, size_t n, struct error *err);

/* --- bulk imports, re-import checks, erasure, counts (responses.c) ---- */

/* One submitted respondent to add in bulk (imports, simulation). */
struct store_row {
	const char *ext_id;		/* `_id` of the source, or NULL */
	const char *group;		/* `_group`, or NULL */
	const char *wave;		/* `_wave`, or NULL */
	const char *submitted_at;	/* 'YYYY-MM-DDTHH:MM:SSZ', or NULL for now */
	const char *const *values;	/* answers by question index, NULL: unanswered */
	size_t n;			/* slots in values */
	const struct instance *inst;	/* repeat instances (store_answers), or NULL */
	size_t ninst;			/* number of them */
};

struct store_bulk;

/*
 * Add submitted respondents of one survey version in batches: several rows
 * per INSERT, which halves the cost of a million rows against one INSERT
 * each.  Rows are copied by store_bulk_add() and written by a later call or
 * by store_bulk_finish(); run it all inside store_begin()/store_commit().
 * store_bulk_finish() writes what is left, gives the number of rows written
 * in *nrows (may be NULL) and frees b, also on failure; store_bulk_abort()
 * frees b without writing (then store_rollback()).  Answers that are not
 * UTF-8 are refused with UT_EDATA.
 */
int store_bulk_begin(struct store *st, int64_t survey_version_id, struct store_bulk **out,
		     struct error *err);
int store_bulk_add(struct store_bulk *b, const struct store_row *row, struct error *err);
int store_bulk_finish(struct store_bulk *b, int64_t *nrows, struct error *err);

/*
 * A row of store_bulk_write(): its answers already encoded (record.h,
 * record_append()) and every string with its length, so that the writing
 * measures and copies nothing.
 */
struct store_enc_row {
	const char *ext_id;		/* `_id` of the source, or NULL */
	size_t ext_len;			/* its length in bytes */
	const char *group;		/* `_group`, or NULL */
	size_t group_len;		/* its length */
	const char *wave;		/* `_wave`, or NULL */
	size_t wave_len;		/* its length */
	const char *submitted_at;	/* 'YYYY-MM-DDTHH:MM:SSZ' (20 bytes), or NULL for now */
	const void *answers;		/* the encoded answers (non-NULL, even when empty) */
	size_t answers_len;		/* their length */
};

/*
 * Insert rows[0..n) now, after the rows store_bulk_add() left pending, in
 * statements of many rows that bind the caller's bytes without a copy (they
 * need to live only during the call).  The answers are stored as given:
 * the caller encoded them with record_append(), which checks them.  0, or
 * UT_EDATA for a submission time not of that shape, or a UT_E* code.
 */
int store_bulk_write(struct store_bulk *b, const struct store_enc_row *rows, size_t n,
		     struct error *err);
void store_bulk_abort(struct store_bulk *b);

/* Number of respondents of form_id (every version) that have an `_id`. */
int store_count_ext_ids(struct store *st, const char *form_id, int64_t *count,
			struct error *err);
/*
 * Look for a respondent of form_id (any version) whose `_id` is ext_id.
 * Returns 1 when found, with *same set to 1 when its answers are exactly
 * values[0..n) (trailing unanswered slots aside), else to 0; 0 when there
 * is none; or a negative code.
 */
int store_find_ext_id(struct store *st, const char *form_id, const char *ext_id,
		      const char *const *values, size_t n, int *same, struct error *err);
/* Likewise, with the answers encoded (record.h): *same when the stored bytes are these. */
int store_find_ext_id_blob(struct store *st, const char *form_id, const char *ext_id,
			   const void *answers, size_t len, int *same, struct error *err);
int store_find_ext_id_rep(struct store *st, const char *form_id, const char *ext_id,
			  const struct store_answers *a, int *same, struct error *err);

/*
 * Number of respondents of form_id (version 0: every version) into *count;
 * only the submitted ones when submitted_only.
 */
int store_count_respondents(struct store *st, const char *form_id, int version,
			    int submitted_only, int64_t *count, struct error *err);

/*
 * The respondents store_answers_each() gives for form_id version version
 * (submitted only when submitted_only): their number, and the longest
 * `_id`, group and wave, in bytes; a respondent without an `_id` counts
 * 20 (its number's digits at most).  For a .sav export's widths.
 */
struct store_resp_widths {
	int64_t n;
	size_t ext_id, grp, wave;
};
int store_respondent_widths(struct store *st, const char *form_id, int version,
			    int submitted_only, struct store_resp_widths *w, struct error *err);

/* What store_erase() removes. */
enum store_erase_kind {
	STORE_ERASE_RESPONDENT,	/* the respondent whose `_id` is key (or, without one, whose number is key) */
	STORE_ERASE_EMAIL,	/* the links sent to e-mail address key, and their answers when linked */
	STORE_ERASE_BEFORE,	/* respondents and links last active before day key ('YYYY-MM-DD') */
};

/* What store_erase() removed, or would remove. */
struct store_erased {
	int64_t respondents;	/* respondent rows with their answers */
	int64_t contacts;	/* invitations (links with a contact's name and e-mail) */
	int64_t unlinked;	/* panel: answers of the person's other waves, kept without their key */
};

/*
 * Erase from form_id (every version) what kind and key select: the
 * respondents with their answers, and the invitations holding their
 * contact.  The deleted bytes are overwritten in the file (secure_delete);
 * older copies remain in the log until store_purge(), which the caller
 * runs once the erasure is committed.
 * An audit entry says who (the caller's user name), when, the criterion
 * and the counts, never the key, the contact or the answers.  With dry_run
 * nothing changes and *out says what would go.  A key that matches more
 * than one respondent for STORE_ERASE_RESPONDENT is refused (UT_EDATA):
 * the caller cannot tell which person is meant.  In a panel survey,
 * erasing by e-mail also erases every answer that carries the address's
 * panel key (all the person's waves, linked to a link or not), and erasing
 * one respondent removes its panel key from the person's other waves
 * (*out.unlinked), which stay as answers no longer linked to anything.
 * The last activity of a
 * respondent is its submission, else its last save, else its creation; of
 * an invitation its last save, else its creation.
 */
int store_erase(struct store *st, const char *form_id, enum store_erase_kind kind,
		const char *key, const char *who, int dry_run, struct store_erased *out,
		struct error *err);

/* --- panels (store/panel.c) ------------------------------------------ */

/*
 * The panel key of a contact of survey form_id into out (64 hex digits):
 * HMAC-SHA-256 under the workspace's panel secret of the form_id and the
 * e-mail address (trimmed, in lower case) or, without one, contact_key
 * (a link's contact key).  Returns 1 when out is set; 0 when there is no
 * contact (both empty) or, without create, no secret yet (out is "").
 * With create, a workspace without a secret (a new one, or one made
 * before panels existed) gets a fresh one, unless answers already carry
 * panel keys (the secret was removed: UT_ESCHEMA, as new keys would
 * not match theirs).
 */
int store_panel_key(struct store *st, const char *form_id, const char *email,
		    const char *contact_key, int create, char out[65], struct error *err);
/* Give respondent respondent_id the panel key panel (NULL: none). */
int store_panel_set(struct store *st, int64_t respondent_id, const char *panel,
		    struct error *err);
/*
 * Remove panel key panel from every respondent of form_id that carries it
 * (or, with count_only, count them), adding their number to *nrows.
 */
int store_panel_forget(struct store *st, const char *form_id, const char *panel,
		       int count_only, int64_t *nrows, struct error *err);

/* --- the prize jury (store/jury.c) ----------------------------------- */

struct juror {
	int64_t id;		/* row id */
	char *edition;		/* edition identifier */
	char *name;		/* as given */
	char *email;		/* or NULL */
	char *organisation;	/* or NULL */
	char *token;		/* their link */
	char *submitted_at;	/* when they submitted all their sheets, or NULL */
	char *created_at;	/* when added */
	int64_t nassigned;	/* candidates assigned (lists only) */
	int64_t nstarted;	/* sheets with at least one save (lists only) */
	int64_t nconflicts;	/* conflicts declared (lists only) */
};

void juror_release(struct juror *j);
void jurors_free(struct juror *v, size_t n);

/* A (juror, candidate) pair: an assignment with its sheet, or a conflict. */
struct jury_pair {
	int64_t juror_id;	/* juror row id */
	int64_t candidate_id;	/* respondent id of the application */
	int64_t sheet_id;	/* respondent id of the grid answers, 0 when none */
};

/* Add a juror; a second juror with the same email in an edition is UT_EDATA. */
int store_juror_add(struct store *st, const char *edition, const char *name,
		    const char *email, const char *organisation, const char *token,
		    int64_t *id, struct error *err);
/* The jurors of an edition, in id order, with their counts (jurors_free). */
int store_juror_list(struct store *st, const char *edition, struct juror **out, size_t *n,
		     struct error *err);
/*
 * Find a juror of an edition by id (digits), email or token: 1 found, 0
 * not, or a negative code.
 */
int store_juror_find(struct store *st, const char *edition, const char *key,
		     struct juror *out, struct error *err);
/* Find a juror of any edition by their link token: 1, 0 or a negative code. */
int store_juror_by_token(struct store *st, const char *token, struct juror *out,
			 struct error *err);

/*
 * Record a conflict of interest and remove the assignment of that pair
 * with its sheet, if any (the audit keeps what it held).  by_juror: the
 * juror declared it on their page, else an analyst did.  Declaring it twice
 * is UT_EDATA.
 */
int store_jury_conflict(struct store *st, const char *edition, int64_t juror_id,
			int64_t candidate_id, const char *reason, int by_juror,
			struct error *err);
/* Assign a candidate to a juror (a conflicted pair is UT_EDATA); audited. */
int store_jury_assign(struct store *st, const char *edition, int64_t juror_id,
		      int64_t candidate_id, struct error *err);
/*
 * Withdraw an assignment that has no sheet yet (`jury assign --rebalance`);
 * audited with reason.  An assignment with a sheet, or none, is UT_EDATA.
 */
int store_jury_unassign(struct store *st, const char *edition, int64_t juror_id,
			int64_t candidate_id, const char *reason, struct error *err);
/* Every assignment (with its sheet) or every conflict of an edition (free()). */
int store_jury_assignments(struct store *st, const char *edition, struct jury_pair **out,
			   size_t *n, struct error *err);
int store_jury_conflicts(struct store *st, const char *edition, struct jury_pair **out,
			 size_t *n, struct error *err);
/*
 * Save a juror's grid answers for a candidate: the sheet is created (a
 * respondent of grid version grid_version_id) on first save.  The pair
 * must be assigned and the juror not have submitted (else UT_EDATA).
 * detail, when not NULL, is what changed ("note_impact: 3 -> 4") and goes
 * to the audit.
 */
int store_jury_sheet_save(struct store *st, const char *edition, int64_t juror_id,
			  int64_t candidate_id, int64_t grid_version_id,
			  const char *const *values, size_t n, const char *detail,
			  struct error *err);
/* A juror submits every sheet: they are locked from then on. */
int store_jury_submit(struct store *st, const char *edition, int64_t juror_id,
		      struct error *err);
/* Append an audit entry of an edition (juror or candidate 0 when none). */
int store_jury_audit(struct store *st, const char *edition, int64_t juror_id,
		     int64_t candidate_id, const char *action, const char *detail,
		     struct error *err);
/*
 * Call fn for each audit entry of an edition in order, with the juror's
 * name (NULL when none or removed).  Stops on a non-zero return of fn.
 */
int store_jury_audit_each(struct store *st, const char *edition,
			  int (*fn)(void *ctx, const char *at, const char *juror,
				    int64_t candidate_id, const char *action, const char *detail),
			  void *ctx, struct error *err);

/* --- e-mail: the send log and the addresses to leave alone (store/mail.c) */

/* The state of one message in the send log. */
enum mail_state {
	MAIL_NONE = -1,		/* no such message in the log */
	MAIL_SENDING,		/* its text may have reached the server: uncertain until 250 */
	MAIL_SENT,		/* the server answered 250 to its text */
	MAIL_REFUSED,		/* a 5xx: never tried again */
	MAIL_DEFERRED,		/* a 4xx or a dropped connection before its text went: to retry */
};

/* Why an address gets no more mail. */
enum mail_stop_reason {
	MAIL_STOP_NONE,		/* it may be mailed */
	MAIL_STOP_OPTOUT,	/* the person opted out through a link (/r/TOKEN/stop) */
	MAIL_STOP_REFUSED,	/* the server refused the address (5xx on RCPT) */
};

/* A link with an address, and what was mailed to it (store_mail_each). */
struct mail_contact {
	int64_t invitation_id;		/* the link */
	int version;			/* the survey version it answers */
	const char *token;		/* its token */
	const char *name;		/* contact name, or NULL */
	const char *email;		/* address (never NULL) */
	const char *lang;		/* the link's language, or NULL (the survey's default) */
	enum respondent_status status;	/* progress */
	enum mail_stop_reason stop;	/* the address is stopped (through this link or another) */
	enum mail_state first;		/* the invitation's state (seq 0), or MAIL_NONE */
	int nreminders;			/* reminders sent or uncertain */
	const char *last_at;		/* when the last message sent or uncertain began, or NULL */
	int last_seq;			/* highest seq in the log, -1 when none */
	enum mail_state last_state;	/* its state, or MAIL_NONE */
	const char *last_reply;		/* the server's reply to it, or NULL */
};

/*
 * Call fn for every link of form_id (every version; not open-link
 * visitors') that has an e-mail address, in id order.  The contact is
 * valid during the call only.  Stops and returns fn's value when non-zero.
 */
int store_mail_each(struct store *st, const char *form_id,
		    int (*fn)(void *ctx, const struct mail_contact *k),
		    void *ctx, struct error *err);
/*
 * Claim message seq of link invitation_id before its text goes out: in
 * one committed (durable) transaction, record it 'sending' with template
 * and message_id and count an attempt.  Returns 1 when claimed; 0 when the
 * log already holds it sent, refused or (unless resend) sending: another
 * run has it, nothing changed; or a negative code.
 */
int store_mail_claim(struct store *st, int64_t invitation_id, int seq, const char *template,
		     const char *message_id, int resend, struct error *err);
/*
 * Record the outcome of message seq (MAIL_SENT, MAIL_REFUSED or
 * MAIL_DEFERRED) with the server's reply (may be NULL).  new_attempt
 * counts an attempt that was not claimed (refused or deferred before its
 * text went).  With MAIL_REFUSED and stop_address, the address is also
 * stopped (MAIL_STOP_REFUSED), in the same transaction.
 */
int store_mail_record(struct store *st, int64_t invitation_id, int seq, const char *template,
		      const char *message_id, enum mail_state state, const char *reply,
		      int new_attempt, int stop_address, struct error *err);
/*
 * The person of link invitation_id opts out: its address gets no more
 * mail.  Returns 1 when recorded, 0 when the link had already opted out
 * (nothing changes), UT_EDATA for an unknown link, or a negative code.
 */
int store_mail_optout(struct store *st, int64_t invitation_id, struct error *err);
/* Whether link invitation_id's address is stopped: *out an enum mail_stop_reason. */
int store_mail_stopped(struct store *st, int64_t invitation_id, int *out, struct error *err);
/* --- conflicts found before they are declared (store/coi.c) ---------- */

/* A tie a juror states: where they work, sit on a board, or who funds them. */
struct jury_tie {
	int64_t juror_id;	/* juror row id */
	char *kind;		/* "employer", "board" or "funder" */
	char *name;		/* the organisation as written (may hold a SIREN/SIRET) */
};

/* A suggested conflict: one thing that links a juror and a candidate. */
struct jury_suggestion {
	int64_t juror_id;	/* juror row id */
	int64_t candidate_id;	/* respondent id of the application */
	char *match;		/* what matched: "name:dupont et fils", "siren:552100554" */
	char *reason;		/* for the analyst: employer "X" ~ ent_nom "Y" */
	char *state;		/* "pending", "confirmed" or "dismissed" (NULL on input) */
};

void jury_ties_free(struct jury_tie *v, size_t n);
void jury_suggestions_free(struct jury_suggestion *v, size_t n);
/*
 * Replace a juror's ties with kinds[i]/names[i] (n may be 0: no ties);
 * audited ("ties").  kind must be employer, board or funder (else a
 * failed CHECK: the caller validates).
 */
int store_jury_ties_set(struct store *st, const char *edition, int64_t juror_id,
			const char *const *kinds, const char *const *names, size_t n,
			struct error *err);
/* Every tie of an edition's jurors, by juror then as given (jury_ties_free). */
int store_jury_ties(struct store *st, const char *edition, struct jury_tie **out, size_t *n,
		    struct error *err);
/*
 * Record the matches found now: the edition's pending suggestions are
 * replaced by found[] (state ignored); a match already decided (same
 * juror, candidate and match) keeps its decision and is not pending again;
 * a pair already recorded as a conflict is left out.
 */
int store_jury_suggestions_sync(struct store *st, const char *edition,
				const struct jury_suggestion *found, size_t n, struct error *err);
/* Every suggestion of an edition, by candidate, juror, match (jury_suggestions_free). */
int store_jury_suggestions(struct store *st, const char *edition,
			   struct jury_suggestion **out, size_t *n, struct error *err);
/* How many suggestions of the edition wait for a decision. */
int store_jury_pending(struct store *st, const char *edition, int64_t *n, struct error *err);
/*
 * Decide every pending suggestion of a pair.  confirm: a conflict is
 * recorded (declared by the analyst, reason "suggested: ..."), which
 * removes the assignment like store_jury_conflict(); else they are
 * dismissed (audited "conflict.dismiss").  No pending suggestion for the
 * pair is UT_EDATA.
 */
int store_jury_suggestion_decide(struct store *st, const char *edition, int64_t juror_id,
				 int64_t candidate_id, int confirm, struct error *err);

/* A laureate's follow-up link: an invitation of the follow-up survey. */
struct store_followup {
	int64_t candidate_id;	/* respondent id of the application */
	int64_t invitation_id;	/* the invitation */
	int64_t respondent_id;	/* its answers once submitted, else 0 */
	char *token;		/* the link's token */
	char *status;		/* invited, started or submitted */
	char *email;		/* where it was sent, or NULL */
};

/* Attach an invitation to a candidate of an edition (once per candidate: else UT_EDATA). */
int store_followup_add(struct store *st, const char *edition, int64_t candidate_id,
		       int64_t invitation_id, struct error *err);
/* The follow-up links of an edition, by candidate (store_followups_free). */
int store_followups(struct store *st, const char *edition, struct store_followup **out,
		    size_t *n, struct error *err);
void store_followups_free(struct store_followup *v, size_t n);

/* --- the matching's introductions (store/match.c) ------------------------- */

/*
 * The send log of the introductions of `utilis match introduce`: one row
 * per pair (need_id, offer_id) and side (0 the association, 1 the
 * volunteer).  store_match_intro_state: its state, MAIL_NONE when never
 * tried.  store_match_intro_claim: record it 'sending' (committed) before
 * its text goes; 1 claimed, 0 not (sent, refused, or 'sending' without
 * resend), or a negative code.  store_match_intro_record: its outcome
 * (MAIL_SENT, MAIL_REFUSED, MAIL_DEFERRED), or with MAIL_NONE settle an
 * uncertain one as sent without sending (reply says why).
 */
int store_match_intro_state(struct store *st, const char *need_id, const char *offer_id, int side,
			    enum mail_state *out, struct error *err);
int store_match_intro_claim(struct store *st, const char *need_id, const char *offer_id, int side,
			    const char *email, const char *message_id, int resend, struct error *err);
int store_match_intro_record(struct store *st, const char *need_id, const char *offer_id, int side,
			     enum mail_state state, const char *reply, struct error *err);

/* A pair introduced (store_match_introduced) or followed up (store_match_followups). */
struct store_match_pair {
	char *need_id, *offer_id;	/* as `utilis match` names them */
	char *introduced_at;		/* the first introduction sent, YYYY-MM-DDTHH:MM:SSZ */
	int side;			/* followups: 0 association, 1 volunteer */
	char *company, *sector, *kind;	/* followups: as recorded */
	char *token;			/* followups: the link's token */
	enum respondent_status status;	/* followups: the link's progress */
	int64_t respondent_id;		/* followups: its submitted answers, or 0 */
	int version;			/* followups: their survey version */
};
void store_match_pairs_free(struct store_match_pair *v, size_t n);
/* The pairs introduced to at least one side (sent), in need and offer order. */
int store_match_introduced(struct store *st, struct store_match_pair **out, size_t *n,
			   struct error *err);
/* The follow-up links of the pairs, in need, offer and side order. */
int store_match_followups(struct store *st, struct store_match_pair **out, size_t *n,
			  struct error *err);
/* Record invitation_id as the follow-up link of one side of a pair. */
int store_match_followup_add(struct store *st, const char *need_id, const char *offer_id, int side,
			     const char *company, const char *sector, const char *kind,
			     const char *introduced_at, int64_t invitation_id, struct error *err);

#endif
