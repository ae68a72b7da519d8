/*
 * messages: the few sentences of the web forms that do not come from a
 * survey definition (buttons, headings, the default error messages), in
 * French and English.  Every other text a respondent reads is a label of
 * the survey.  A survey language other than French reads the English.
 */
#ifndef UTILIS_COLLECT_MESSAGES_H
#define UTILIS_COLLECT_MESSAGES_H

enum msg {
	M_NEXT, M_PREV, M_SAVE_LATER, M_REVIEW_TITLE, M_REVIEW_INTRO, M_CHANGE,
	M_SUBMIT, M_SUBMIT_WARN, M_NO_ANSWER, M_THANKS_TITLE, M_THANKS_TEXT,
	M_SAVED_TITLE, M_SAVED_TEXT, M_CONTINUE, M_ERROR_SUMMARY, M_ERROR_PREFIX,
	M_REQUIRED_MARK, M_PAGE, M_OF, M_REVEALED, M_NOT_FOUND_TITLE, M_NOT_FOUND_TEXT,
	M_EXPIRED_TITLE, M_EXPIRED_TEXT, M_BACK_TO_FORM, M_ALREADY_SENT,
	M_TOO_LARGE_TITLE, M_TOO_LARGE_TEXT, M_BAD_TYPE_TITLE, M_BAD_TYPE_TEXT,
	M_SERVER_ERROR_TITLE, M_SERVER_ERROR_TEXT, M_START, M_OPEN_INTRO, M_LANGUAGE,
	M_INVALID_INTEGER, M_INVALID_DECIMAL, M_INVALID_DATE, M_INVALID_CHOICE,
	M_INVALID_TEXT, M_INVALID_NUMBER, M_RANK_DUPLICATE, M_RANK_HINT, M_CHOOSE,
	M_UNRANKED, M_SKIP_LINK, M_SAVED_EACH_PAGE, M_REVIEW_PROBLEMS, M_NOT_ALLOWED_TITLE,
	M_NOT_ALLOWED_TEXT, M_RANK_LABEL, M_BUSY_TITLE, M_BUSY_TEXT,
	M__COUNT
};

/* The sentence id in language code lang ("fr" French, anything else English). */
const char *msg_get(enum msg id, const char *lang);

#endif
