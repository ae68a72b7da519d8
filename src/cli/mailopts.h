/*
 * The options that `utilis mail` and `utilis match introduce` share
 * (src/cli/cmd_mail.c): the login file and the sender.
 */
#ifndef UTILIS_CLI_MAILOPTS_H
#define UTILIS_CLI_MAILOPTS_H

/* --smtp-auth-file: the user on the first line, the password on the second; mode 0600.  An exit code. */
int read_auth(const char *path, char **user, char **password);
/* --from: "Name <address>" or "address" (malloc'd); 0, or -1 when it is neither. */
int parse_from(const char *from, char **name, char **addr);

#endif
