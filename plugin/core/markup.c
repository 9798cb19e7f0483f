/* core-seal: conversion between libpurple's HTML and plain text. */
#include "markup.h"

#include <string.h>
#include <util.h>

char *seal_markup_outgoing_to_plain(const char *html)
{
	char *plain = NULL;

	if (html == NULL)
		return g_strdup("");
	purple_markup_html_to_xhtml(html, NULL, &plain);
	if (plain == NULL)
		plain = g_strdup("");
	return plain;
}

char *seal_markup_incoming_to_plain(const char *text)
{
	char *stripped;

	if (text == NULL)
		return g_strdup("");
	/* purple_markup_strip_html removes tags, turns <br> into "\n" and
	 * decodes entities. */
	stripped = purple_markup_strip_html(text);
	return stripped != NULL ? stripped : g_strdup("");
}

char *seal_markup_plain_to_display(const char *plain, gsize len)
{
	GString *out = g_string_sized_new(len + 16);
	gsize start = 0;
	gsize i;

	for (i = 0; i <= len; i++) {
		if (i == len || plain[i] == '\n') {
			char *escaped = g_markup_escape_text(plain + start, (gssize)(i - start));
			g_string_append(out, escaped);
			g_free(escaped);
			if (i < len)
				g_string_append(out, "<br>");
			start = i + 1;
		}
	}
	return g_string_free(out, FALSE);
}
