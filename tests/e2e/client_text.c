/* Text conversions of the headless e2e client. */
#include "client_text.h"

#include <string.h>

#include <util.h>

char *
e2e_text_escape(const char *text)
{
	GString *out = g_string_sized_new(strlen(text) + 16);

	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n')
			g_string_append(out, "\\n");
		else if (*p == '\t')
			g_string_append(out, "\\t");
		else if (*p == '\\')
			g_string_append(out, "\\\\");
		else if (*p < 0x20 || *p == 0x7f)
			g_string_append_printf(out, "\\x%02x", *p);
		else
			g_string_append_c(out, (char)*p);
	}
	return g_string_free(out, FALSE);
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
e2e_text_unescape(const char *text)
{
	GString *out = g_string_sized_new(strlen(text));

	for (const char *p = text; *p; p++) {
		if (*p != '\\' || p[1] == '\0') {
			g_string_append_c(out, *p);
			continue;
		}
		p++;
		if (*p == 'n')
			g_string_append_c(out, '\n');
		else if (*p == 't')
			g_string_append_c(out, '\t');
		else if (*p == 'x' && hex_value(p[1]) >= 0 && hex_value(p[2]) >= 0) {
			g_string_append_c(out, (char)(hex_value(p[1]) * 16 + hex_value(p[2])));
			p += 2;
		} else
			g_string_append_c(out, *p);
	}
	return g_string_free(out, FALSE);
}

char *
e2e_text_typed_to_markup(const char *typed)
{
	GString *out = g_string_sized_new(strlen(typed) + 16);

	for (const char *p = typed; *p; p++) {
		switch (*p) {
		case '&': g_string_append(out, "&amp;"); break;
		case '<': g_string_append(out, "&lt;"); break;
		case '>': g_string_append(out, "&gt;"); break;
		case '"': g_string_append(out, "&quot;"); break;
		case '\n': g_string_append(out, "<br>"); break;
		default: g_string_append_c(out, *p); break;
		}
	}
	return g_string_free(out, FALSE);
}

/* Is the tag starting at p (just after '<') a line break: br, br/, br /? */
static gboolean
tag_is_line_break(const char *p, const char *end)
{
	if (end - p < 2 || g_ascii_strncasecmp(p, "br", 2) != 0)
		return FALSE;
	for (p += 2; p < end; p++)
		if (*p != ' ' && *p != '/')
			return FALSE;
	return TRUE;
}

char *
e2e_text_markup_to_shown(const char *markup)
{
	GString *out = g_string_sized_new(strlen(markup));
	const char *p = markup;

	while (*p) {
		if (*p == '<') {
			const char *end = strchr(p, '>');
			if (end != NULL) {
				if (tag_is_line_break(p + 1, end))
					g_string_append_c(out, '\n');
				p = end + 1;
				continue;
			}
		} else if (*p == '&') {
			int length = 0;
			const char *entity = purple_markup_unescape_entity(p, &length);
			if (entity != NULL && length > 0) {
				g_string_append(out, entity);
				p += length;
				continue;
			}
		}
		g_string_append_c(out, *p);
		p++;
	}
	return g_string_free(out, FALSE);
}
