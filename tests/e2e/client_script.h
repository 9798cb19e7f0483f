/* The command script of the headless e2e client: one command a line, run in
 * order; waits and sleeps hold the following commands back.
 *
 *   send <to> <text>               type text (escapes \n \t \\ \xNN) and send it
 *   cmd <to> <command line>        run a /command in the IM with <to> (e.g. "seal status")
 *   wait-recv <from> <pattern>     until a message from <from> is shown
 *   wait-sent <to> <pattern>       until an own message to <to> is shown
 *   wait-system <pattern>          until a system line is shown (any conversation)
 *   wait-error <pattern>           until an error line is shown (any conversation)
 *   wait-signed-on                 until the account is signed on
 *   timeout <seconds>              limit of the following waits (default: --timeout)
 *   sleep <ms>                     pause
 *   pref <path>=<value>            set a libpurple preference
 *   echo <text>                    print "ECHO - <text>" (a marker for drivers)
 *   quit                           sign off, unload plugins, exit
 *
 * <pattern> is a substring, or /regex/.  A wait matches the first event of its
 * kind not matched before, also one shown before the wait started.  A wait
 * that times out prints "TIMEOUT - <command>" and the script goes on; the
 * client then exits with status 1. */
#ifndef SEAL_E2E_CLIENT_SCRIPT_H
#define SEAL_E2E_CLIENT_SCRIPT_H

#include <glib.h>
#include <account.h>

typedef struct E2eScript E2eScript;

E2eScript *e2e_script_new(PurpleAccount *account, guint default_timeout_s, GMainLoop *loop);
void e2e_script_free(E2eScript *script);

/* Queue one command line. */
void e2e_script_add_line(E2eScript *script, const char *line);

/* Queue the lines read from fd as they arrive; at end of input, queue quit. */
void e2e_script_read_from(E2eScript *script, int fd);

/* Commands run only after this (the client calls it once signed on). */
void e2e_script_start(E2eScript *script);

/* Number of waits that timed out and commands that failed. */
guint e2e_script_failures(const E2eScript *script);

/* Set a preference from "path=value": typed as the preference already is
 * (int, bool as 0/1/true/false, string), a new one as a string. */
gboolean e2e_pref_assign(const char *assignment);

#endif
