/* A protocol plugin for tests: accounts "<name>" on "prpl-seal-loopback"
 * connect at once and deliver IMs to each other in-process, in order, from
 * the main loop.  Everything sent is kept as "the wire". */
#ifndef SEAL_LOOPBACK_PRPL_H
#define SEAL_LOOPBACK_PRPL_H

#include <glib.h>
#include <account.h>

#define LOOPBACK_PRPL_ID "prpl-seal-loopback"

void loopback_prpl_register(void);
/* A new connected account named name. */
PurpleAccount *loopback_account(const char *name);
/* When on, every delivered text is mangled the way servers and prpls do:
 * HTML-escaped, wrapped in markup, re-flowed with <br> every 50 characters. */
void loopback_set_mangling(gboolean on);
/* Run the main loop until no delivery is pending. */
void loopback_flush(void);
/* Every text sent so far, one per line (g_free). */
char *loopback_wire(void);
/* Largest single message sent since the last reset, in characters. */
size_t loopback_max_sent(void);
void loopback_reset_max_sent(void);

#endif
