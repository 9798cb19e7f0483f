/* The event log of the headless e2e client. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "client_events.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client_text.h"

static GPtrArray *events;
static E2eEventListener event_listener;
static void *event_listener_data;

static gint64
monotonic_us(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (gint64)now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

void
e2e_event_print(const char *kind, const char *peer, const char *text)
{
	char *escaped = e2e_text_escape(text != NULL ? text : "");

	printf("%" G_GINT64_FORMAT " %s %s %s\n", monotonic_us(), kind,
	       peer != NULL && *peer != '\0' ? peer : "-", escaped);
	fflush(stdout);
	g_free(escaped);
}

static void
event_free(gpointer data)
{
	E2eEvent *event = data;

	g_free(event->kind);
	g_free(event->peer);
	g_free(event->text);
	g_free(event);
}

void
e2e_event_emit(const char *kind, const char *peer, const char *text)
{
	E2eEvent *event = g_new0(E2eEvent, 1);

	e2e_event_print(kind, peer, text);
	if (events == NULL)
		events = g_ptr_array_new_with_free_func(event_free);
	event->kind = g_strdup(kind);
	event->peer = g_strdup(peer != NULL ? peer : "-");
	event->text = g_strdup(text != NULL ? text : "");
	g_ptr_array_add(events, event);
	if (event_listener != NULL)
		event_listener(event_listener_data);
}

static gboolean
event_matches(const E2eEvent *event, const char *kind, const char *peer,
	      const char *substring, GRegex *regex)
{
	if (event->matched || strcmp(event->kind, kind) != 0)
		return FALSE;
	if (peer != NULL && strcmp(event->peer, peer) != 0)
		return FALSE;
	if (regex != NULL)
		return g_regex_match(regex, event->text, 0, NULL);
	return substring == NULL || strstr(event->text, substring) != NULL;
}

E2eEvent *
e2e_event_take(const char *kind, const char *peer, const char *substring, GRegex *regex)
{
	if (events == NULL)
		return NULL;
	for (guint i = 0; i < events->len; i++) {
		E2eEvent *event = g_ptr_array_index(events, i);
		if (event_matches(event, kind, peer, substring, regex)) {
			event->matched = TRUE;
			return event;
		}
	}
	return NULL;
}

void
e2e_events_set_listener(E2eEventListener listener, void *data)
{
	event_listener = listener;
	event_listener_data = data;
}

void
e2e_events_free_all(void)
{
	if (events != NULL)
		g_ptr_array_free(events, TRUE);
	events = NULL;
}
