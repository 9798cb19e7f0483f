/* The event log of the headless e2e client: every event is printed as one
 * line "<CLOCK_MONOTONIC µs> <KIND> <field>..." on stdout and kept so that
 * script waits can match events that happened before the wait started. */
#ifndef SEAL_E2E_CLIENT_EVENTS_H
#define SEAL_E2E_CLIENT_EVENTS_H

#include <glib.h>

typedef struct {
	char *kind;     /* RECV, SENT, SYSTEM, ERROR, SIGNED-ON, ... */
	char *peer;     /* normalised contact name, or "-" */
	char *text;     /* the text as shown (plain), unescaped */
	gboolean matched; /* already consumed by a wait */
} E2eEvent;

typedef void (*E2eEventListener)(void *data);

/* Print and keep an event.  peer and text may be NULL (printed as "-" / nothing). */
void e2e_event_emit(const char *kind, const char *peer, const char *text);

/* Print an event that waits never match (command results, diagnostics). */
void e2e_event_print(const char *kind, const char *peer, const char *text);

/* The first event not yet matched by a wait with this kind, whose peer is
 * peer (NULL: any) and whose text matches (substring, or the regex if
 * regex != NULL); marks it matched.  NULL if there is none. */
E2eEvent *e2e_event_take(const char *kind, const char *peer, const char *substring,
			 GRegex *regex);

/* Called after every kept event (one listener: the script runner). */
void e2e_events_set_listener(E2eEventListener listener, void *data);

void e2e_events_free_all(void);

#endif
