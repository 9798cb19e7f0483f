/* Text conversions of the headless e2e client: script arguments in, event
 * lines out, and the HTML that libpurple conversations carry. */
#ifndef SEAL_E2E_CLIENT_TEXT_H
#define SEAL_E2E_CLIENT_TEXT_H

#include <glib.h>

/* One event-line field: \n, \t, \\ and \xNN for every other control byte;
 * UTF-8 passes unchanged.  Returns a new string. */
char *e2e_text_escape(const char *text);

/* The inverse, for script arguments: \n, \t, \\, \xNN.  Returns a new string. */
char *e2e_text_unescape(const char *text);

/* What Pidgin's input box hands libpurple for this typed text: HTML-escaped,
 * newlines as <br>.  Returns a new string. */
char *e2e_text_typed_to_markup(const char *typed);

/* What a conversation window shows for this message markup, as plain text:
 * tags dropped, <br> as a newline, entities decoded.  Returns a new string. */
char *e2e_text_markup_to_shown(const char *markup);

#endif
