/*
 * messages: the French and English sentences of the web forms (see
 * messages.h).  Keep them short and plain: many respondents read with
 * difficulty.
 */
#include "collect/messages.h"

#include <stdio.h>
#include <string.h>

static const char *const table[M__COUNT][2] = {
	[M_NEXT] = { "Suivant", "Next" },
	[M_PREV] = { "Précédent", "Previous" },
	[M_SAVE_LATER] = { "Enregistrer et finir plus tard", "Save and finish later" },
	[M_REVIEW_TITLE] = { "Vérifiez vos réponses", "Check your answers" },
	[M_REVIEW_INTRO] = { "Relisez vos réponses. Vous pouvez encore les modifier.",
			     "Read your answers again. You can still change them." },
	[M_CHANGE] = { "Modifier", "Change" },
	[M_SUBMIT] = { "Envoyer mes réponses", "Send my answers" },
	[M_SUBMIT_WARN] = { "Après l'envoi, vous ne pourrez plus modifier vos réponses.",
			    "Once sent, your answers cannot be changed." },
	[M_NO_ANSWER] = { "Pas de réponse", "No answer" },
	[M_THANKS_TITLE] = { "Merci !", "Thank you!" },
	[M_THANKS_TEXT] = { "Vos réponses ont bien été envoyées. Vous pouvez fermer cette page.",
			    "Your answers have been sent. You can close this page." },
	[M_SAVED_TITLE] = { "Vos réponses sont enregistrées", "Your answers are saved" },
	[M_SAVED_TEXT] = { "Pour continuer plus tard, ouvrez à nouveau le même lien. "
			   "Vous reprendrez là où vous vous êtes arrêté.",
			   "To continue later, open the same link again. "
			   "You will start again where you stopped." },
	[M_CONTINUE] = { "Continuer maintenant", "Continue now" },
	[M_ERROR_SUMMARY] = { "Il y a un problème", "There is a problem" },
	[M_ERROR_PREFIX] = { "Erreur :", "Error:" },
	[M_REQUIRED_MARK] = { "(obligatoire)", "(required)" },
	[M_PAGE] = { "Page", "Page" },
	[M_OF] = { "sur", "of" },
	[M_REVEALED] = { "Votre réponse fait apparaître une nouvelle question, marquée "
			 "« Nouvelle question ». Répondez-y, puis continuez.",
			 "Your answer brings up a new question, marked “New question”. "
			 "Answer it, then continue." },
	[M_NOT_FOUND_TITLE] = { "Page introuvable", "Page not found" },
	[M_NOT_FOUND_TEXT] = { "Ce lien ne fonctionne pas. Vérifiez qu'il est complet, ou "
			       "demandez un nouveau lien à la personne qui vous l'a envoyé.",
			       "This link does not work. Check that it is complete, or ask "
			       "the person who sent it for a new one." },
	[M_EXPIRED_TITLE] = { "Cette page n'est plus à jour", "This page is out of date" },
	[M_EXPIRED_TEXT] = { "Rien n'a été enregistré depuis cette page. Ouvrez le "
			     "questionnaire à nouveau : vos réponses déjà enregistrées sont "
			     "conservées.",
			     "Nothing was saved from this page. Open the questionnaire "
			     "again: the answers already saved are kept." },
	[M_BACK_TO_FORM] = { "Revenir au questionnaire", "Back to the questionnaire" },
	[M_ALREADY_SENT] = { "Vos réponses ont déjà été envoyées : elles ne peuvent plus "
			     "être modifiées.",
			     "Your answers have already been sent: they can no longer be "
			     "changed." },
	[M_TOO_LARGE_TITLE] = { "Réponse trop longue", "Answer too long" },
	[M_TOO_LARGE_TEXT] = { "Une réponse est trop longue pour être enregistrée. Revenez "
			       "en arrière, raccourcissez-la et réessayez.",
			       "An answer is too long to be saved. Go back, shorten it "
			       "and try again." },
	[M_BAD_TYPE_TITLE] = { "Envoi non reconnu", "Unrecognised sending" },
	[M_BAD_TYPE_TEXT] = { "Le formulaire n'a pas été envoyé de la manière attendue. "
			      "Rien n'a été enregistré.",
			      "The form was not sent in the expected way. Nothing was saved." },
	[M_SERVER_ERROR_TITLE] = { "Une erreur est survenue", "Something went wrong" },
	[M_SERVER_ERROR_TEXT] = { "Vos dernières réponses n'ont pas pu être enregistrées. "
				  "Réessayez dans un instant.",
				  "Your last answers could not be saved. Try again in a "
				  "moment." },
	[M_START] = { "Commencer", "Start" },
	[M_OPEN_INTRO] = { "Vos réponses sont enregistrées à chaque page. Pour reprendre "
			   "plus tard, gardez l'adresse de la page qui s'ouvrira.",
			   "Your answers are saved at each page. To continue later, keep "
			   "the address of the page that opens next." },
	[M_LANGUAGE] = { "Langue", "Language" },
	[M_INVALID_INTEGER] = { "Écrivez un nombre entier, par exemple 12.",
				"Write a whole number, for example 12." },
	[M_INVALID_DECIMAL] = { "Écrivez un nombre, par exemple 2,5.",
				"Write a number, for example 2.5." },
	[M_INVALID_DATE] = { "Écrivez une date qui existe, par exemple 31/12/2024.",
			     "Write a date that exists, for example 2024-12-31." },
	[M_INVALID_CHOICE] = { "Choisissez une réponse dans la liste.",
			       "Choose an answer from the list." },
	[M_INVALID_TEXT] = { "Ce texte contient des caractères qui ne sont pas acceptés.",
			     "This text contains characters that are not accepted." },
	[M_INVALID_NUMBER] = { "Choisissez une valeur proposée.", "Choose one of the values offered." },
	[M_RANK_DUPLICATE] = { "Donnez un rang différent à chaque choix.",
			       "Give each choice a different rank." },
	[M_RANK_HINT] = { "Le rang 1 est le plus important.", "Rank 1 is the most important." },
	[M_CHOOSE] = { "Choisir…", "Choose…" },
	[M_UNRANKED] = { "Pas de rang", "No rank" },
	[M_SKIP_LINK] = { "Aller aux questions", "Skip to the questions" },
	[M_SAVED_EACH_PAGE] = { "Vos réponses sont enregistrées à chaque page. Pour reprendre "
				"plus tard, ouvrez à nouveau le même lien.",
				"Your answers are saved at each page. To continue later, open "
				"the same link again." },
	[M_REVIEW_PROBLEMS] = { "Certaines réponses manquent ou ne conviennent pas. "
				"Corrigez-les avant d'envoyer.",
				"Some answers are missing or not acceptable. Correct them "
				"before sending." },
	[M_NOT_ALLOWED_TITLE] = { "Action impossible", "Action not possible" },
	[M_NOT_ALLOWED_TEXT] = { "Cette page ne permet pas cette action.",
				 "This page does not allow this action." },
	[M_RANK_LABEL] = { "Rang", "Rank" },
	[M_BUSY_TITLE] = { "Service très demandé", "Service busy" },
	[M_BUSY_TEXT] = { "Le serveur est très occupé : cette page n'a pas été enregistrée. "
			  "Réessayez dans un instant.",
			  "The server is very busy: this page was not saved. Try again in a "
			  "moment." },
	[M_TOO_MANY_TITLE] = { "Trop de demandes", "Too many requests" },
	/* followed by msg_retry_after()'s sentence */
	[M_TOO_MANY_TEXT] = { "Trop de demandes sont venues de votre adresse en peu de temps.",
			      "Too many requests came from your address in a short time." },
	[M_BACK_TO_CODE] = { "Revenir à la saisie du code", "Back to the code page" },
	/* the button's text is followed by the repeat's label: « Ajouter : Membre » */
	[M_REPEAT_ADD] = { "Ajouter :", "Add:" },
	[M_REPEAT_REMOVE] = { "Retirer", "Remove" },
	[M_REPEAT_MAX] = { "Nombre maximum :", "Maximum number:" },
	[M_REPEAT_FULL] = { "Le nombre maximum est atteint : vous ne pouvez plus en ajouter.",
			    "The maximum number is reached: you cannot add more." },
	[M_REPEAT_NONE] = { "Aucun pour l'instant.", "None yet." },
	[M_REPEAT_FIXED] = { "Nombre fixé par vos réponses :", "Number set by your answers:" },
	[M_REPEAT_STALE] = { "Cette page a été modifiée dans une autre fenêtre : voici son état "
			     "actuel. Ce que vous venez d'envoyer n'a pas été enregistré. "
			     "Vérifiez la page, puis recommencez.",
			     "This page was changed in another window: here it is as it is now. "
			     "What you have just sent was not saved. Check the page, then try "
			     "again." },

	/* the jurors' pages */
	[M_JURY_LIST_TITLE] = { "Vos dossiers à noter", "Your applications to score" },
	[M_JURY_HELLO] = { "Bonjour", "Hello" },
	[M_JURY_INTRO] = { "Voici les dossiers de candidature qui vous sont confiés. Ouvrez "
			   "chacun pour le noter sur la grille. Vos notes sont enregistrées à "
			   "chaque page : vous pouvez vous arrêter et revenir plus tard avec le "
			   "même lien. Quand tous vos dossiers sont notés, envoyez vos notes "
			   "au jury.",
			   "Here are the applications assigned to you. Open each one to score "
			   "it on the grid. Your scores are saved at each page: you can stop "
			   "and come back later with the same link. When all your applications "
			   "are scored, send your scores to the jury." },
	[M_JURY_COUNT] = { "Dossiers notés : %d sur %d.", "Applications scored: %d of %d." },
	[M_JURY_NONE] = { "Aucun dossier ne vous est confié pour le moment.",
			  "No application is assigned to you at the moment." },
	[M_JURY_STATUS] = { "État :", "Status:" },
	[M_JURY_NOT_STARTED] = { "pas commencé", "not started" },
	[M_JURY_IN_PROGRESS] = { "en cours", "in progress" },
	[M_JURY_DONE] = { "terminé", "done" },
	[M_JURY_SCORE] = { "Noter ce dossier", "Score this application" },
	[M_JURY_RESUME] = { "Continuer la notation", "Continue scoring" },
	[M_JURY_CHANGE] = { "Revoir mes notes", "Review my scores" },
	[M_JURY_SEE] = { "Voir mes notes", "See my scores" },
	[M_JURY_SUMMARY] = { "Résumé du dossier", "Summary of the application" },
	[M_JURY_SUBMIT_TITLE] = { "Envoyer vos notes", "Send your scores" },
	[M_JURY_SUBMIT_READY] = { "Tous vos dossiers sont notés. Relisez-les si vous le "
				  "souhaitez, puis envoyez vos notes au jury.",
				  "All your applications are scored. Read them again if you "
				  "wish, then send your scores to the jury." },
	[M_JURY_SUBMIT_NOT_READY] = { "Le bouton d'envoi apparaîtra ici quand tous vos dossiers "
				      "seront notés.",
				      "The button to send your scores will appear here when all "
				      "your applications are scored." },
	[M_JURY_SUBMIT_ALL] = { "Envoyer toutes mes notes", "Send all my scores" },
	[M_JURY_CONFIRM_TITLE] = { "Confirmer l'envoi de vos notes", "Confirm sending your scores" },
	[M_JURY_CONFIRM_TEXT] = { "Vous allez envoyer au jury vos notes sur les dossiers "
				  "ci-dessous. Après l'envoi, vous ne pourrez plus les modifier.",
				  "You are about to send the jury your scores on the "
				  "applications below. Once sent, they cannot be changed." },
	[M_JURY_CONFIRM_BUTTON] = { "Oui, envoyer mes notes", "Yes, send my scores" },
	[M_JURY_BACK] = { "Revenir à mes dossiers", "Back to my applications" },
	[M_JURY_THANKS_TEXT] = { "Vos notes sont envoyées au jury ; elles ne peuvent plus être "
				 "modifiées. Merci pour votre engagement !",
				 "Your scores have been sent to the jury; they can no longer "
				 "be changed. Thank you for your commitment!" },
	[M_JURY_SAVED_NOTICE] = { "Vos notes sur ce dossier sont enregistrées.",
				  "Your scores on this application are saved." },
	[M_JURY_CONFLICT_NOTICE] = { "Votre conflit d'intérêts est enregistré : ce dossier vous "
				     "est retiré. L'équipe du prix le confiera à un autre juré.",
				     "Your conflict of interest is recorded: this application "
				     "is withdrawn from you. The prize team will give it to "
				     "another juror." },
	[M_JURY_CONFLICT_TITLE] = { "Conflit d'intérêts", "Conflict of interest" },
	[M_JURY_CONFLICT_TEXT] = { "Vous avez un lien personnel ou professionnel avec "
				   "l'association ou l'entreprise candidate ? Ne notez pas ce "
				   "dossier : déclarez-le ici. Il vous sera retiré et confié à un "
				   "autre juré ; les notes que vous lui avez peut-être déjà "
				   "données seront retirées. L'équipe du prix verra votre "
				   "déclaration.",
				   "Do you have a personal or professional link with the "
				   "candidate association or company? Do not score this "
				   "application: declare it here. It will be withdrawn from you "
				   "and given to another juror; any scores you have already "
				   "given it will be withdrawn. The prize team will see your "
				   "declaration." },
	[M_JURY_CONFLICT_REASON] = { "Votre lien avec les candidats",
				     "Your link with the candidates" },
	[M_JURY_CONFLICT_HINT] = { "Par exemple : « je suis administratrice de l'association ».",
				   "For example: “I sit on the association's board”." },
	[M_JURY_CONFLICT_BUTTON] = { "Je déclare un conflit d'intérêts",
				     "I declare a conflict of interest" },
	[M_JURY_CONFLICT_MISSING] = { "Dites en quelques mots quel est votre lien avec les "
				      "candidats.",
				      "Say in a few words what your link with the candidates is." },
	[M_JURY_CONFLICT_TOO_LONG] = { "1 000 caractères au plus.", "1,000 characters at most." },
	[M_JURY_CONFLICTS] = { "Dossiers retirés pour conflit d'intérêts",
			       "Applications withdrawn for a conflict of interest" },
	[M_JURY_CLOSED_TITLE] = { "Les pages du jury sont fermées", "The jury's pages are closed" },
	[M_JURY_CLOSED_TEXT] = { "Les pages du jury ne sont pas ouvertes en ce moment. "
				 "Réessayez plus tard, ou contactez l'équipe du prix.",
				 "The jury's pages are not open at the moment. Try again "
				 "later, or contact the prize team." },
	[M_JURY_LOCKED_TITLE] = { "Vos notes sont envoyées", "Your scores have been sent" },
	[M_JURY_LOCKED] = { "Vos notes ont déjà été envoyées au jury : elles ne peuvent plus "
			    "être modifiées.",
			    "Your scores have already been sent to the jury: they can no "
			    "longer be changed." },
	[M_JURY_YOUR_SCORES] = { "Vos notes", "Your scores" },
	[M_JURY_FINISH] = { "Enregistrer et revenir à mes dossiers",
			    "Save and go back to my applications" },
	[M_JURY_APPLICATION] = { "dossier", "application" },
	[M_JURY_NOT_READY_TEXT] = { "Certains dossiers ne sont pas encore entièrement notés : "
				    "terminez-les avant d'envoyer vos notes.",
				    "Some applications are not fully scored yet: finish them "
				    "before sending your scores." },
	[M_STOP_TITLE] = { "Ne plus recevoir de messages", "Stop receiving messages" },
	[M_STOP_TEXT] = { "Si vous confirmez, nous ne vous enverrons plus de message "
			  "(invitation ou rappel) à l'adresse où vous avez reçu ce lien. "
			  "Vous pourrez quand même répondre au questionnaire avec ce lien.",
			  "If you confirm, we will send no more messages (invitations or "
			  "reminders) to the address where you received this link. You can "
			  "still answer the survey with this link." },
	[M_STOP_BUTTON] = { "Ne plus recevoir de messages", "Stop receiving messages" },
	[M_STOP_DONE_TITLE] = { "C'est noté", "Done" },
	[M_STOP_DONE_TEXT] = { "Vous ne recevrez plus de message de notre part à cette "
			       "adresse. Vous pouvez quand même répondre au questionnaire.",
			       "You will receive no more messages from us at this address. "
			       "You can still answer the survey." },
	[M_JURY_COL_CANDIDATE] = { "Dossier", "Application" },
	[M_JURY_COL_STATE] = { "État", "State" },
	[M_JURY_COL_TOTAL] = { "Mon total sur 100", "My total out of 100" },
	[M_JURY_COL_LINK] = { "Ma grille", "My grid" },
	[M_JURY_SUMMARIES] = { "Les dossiers en bref", "The applications in brief" },
	[M_JURY_TOTAL_NOTE] = { "Votre total : la moyenne de vos notes, pondérée comme dans la grille, "
				"ramenée sur 100 ; il s'affiche quand tous les critères sont notés.",
				"Your total: your scores averaged with the grid's weights, out of "
				"100; it shows once every criterion is scored." },
	[M_JURY_CONFLICT_JUMP] = { "Un lien avec ces candidats ? Déclarer un conflit d'intérêts",
				   "A link with these candidates? Declare a conflict of interest" },
	[M_JURY_CONFLICT_CONFIRM_TITLE] = { "Confirmez-vous ce conflit d'intérêts ?",
					    "Do you confirm this conflict of interest?" },
	[M_JURY_CONFLICT_CONFIRM_TEXT] = { "Ce dossier vous sera retiré, ainsi que les notes que vous "
					   "lui avez déjà données. Votre déclaration sera transmise à "
					   "l'équipe du prix. Vous avez écrit :",
					   "This application will be withdrawn from you, with any "
					   "scores you have given it. The prize team will see your "
					   "declaration. You wrote:" },
	[M_JURY_CONFLICT_CONFIRM_BUTTON] = { "Oui, je déclare ce conflit d'intérêts",
					     "Yes, I declare this conflict of interest" },
	[M_JURY_CONFLICT_CANCEL] = { "Non, revenir à la grille", "No, back to the grid" },
	[M_JURY_CONFIRM_TOTALS] = { "Vos totaux avant l'envoi", "Your totals before sending" },
	/* %d: how many questions appeared (2 or more) */
	[M_REVEALED_MANY] = { "Vos réponses font apparaître %d nouvelles questions, marquées "
			      "« Nouvelle question ». Répondez-y, puis continuez.",
			      "Your answers bring up %d new questions, marked “New question”. "
			      "Answer them, then continue." },
	[M_REVEALED_CHANGED] = { "Vos réponses changent ce que propose cette page. Vérifiez-la, "
				 "puis continuez.",
				 "Your answers change what this page offers. Check it, then "
				 "continue." },
	[M_NEW_QUESTION] = { "Nouvelle question", "New question" },
};

const char *msg_get(enum msg id, const char *lang)
{
	int en = !(lang && !strcmp(lang, "fr"));

	if ((unsigned)id >= M__COUNT)
		return "";
	return table[id][en];
}

void msg_retry_after(char *buf, size_t size, unsigned wait, const char *lang)
{
	int en = !(lang && !strcmp(lang, "fr"));
	unsigned n = wait ? wait : 1;

	/* a minute or more in whole minutes, rounded up: never too early */
	if (n >= 60) {
		n = (n + 59) / 60;
		if (en)
			snprintf(buf, size, "Try again in %u minute%s.", n, n > 1 ? "s" : "");
		else
			snprintf(buf, size, "Réessayez dans %u minute%s.", n, n > 1 ? "s" : "");
	} else if (en) {
		snprintf(buf, size, "Try again in %u second%s.", n, n > 1 ? "s" : "");
	} else {
		snprintf(buf, size, "Réessayez dans %u seconde%s.", n, n > 1 ? "s" : "");
	}
}
