/* core-seal: conversion between libpurple's HTML and the plain text Seal encrypts. */
#ifndef SEAL_MARKUP_H
#define SEAL_MARKUP_H

#include <glib.h>

/* The plain text of an outgoing libpurple message: <br> becomes "\n", tags
 * are removed, entities decoded, links keep their text.  g_free the result. */
char *seal_markup_outgoing_to_plain(const char *html);

/* The text of a received message as Seal looks at it: tags stripped and
 * entities decoded, so armor escaped or wrapped by a server is found. */
char *seal_markup_incoming_to_plain(const char *text);

/* Plain text made safe for display: escaped, "\n" as <br>.  g_free the result. */
char *seal_markup_plain_to_display(const char *plain, gsize len);

#endif
