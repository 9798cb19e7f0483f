/* core-seal: translations in Seal's own text domain.
 *
 * <glib/gi18n-lib.h> maps _() to Seal's domain, but a plain ngettext() looks
 * up the host's default domain (Pidgin's or Finch's).  Plural messages go
 * through g_dngettext instead; the name stays ngettext so that xgettext's
 * --keyword=ngettext:1,2 still extracts them. */
#ifndef SEAL_CORE_I18N_H
#define SEAL_CORE_I18N_H

#include <glib/gi18n-lib.h>

#undef ngettext
#define ngettext(singular, plural, n) g_dngettext(GETTEXT_PACKAGE, singular, plural, n)

#endif
