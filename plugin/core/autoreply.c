/* core-seal: keep libpurple's away auto-reply from leaking plaintext. */
#include "autoreply.h"

#include <connection.h>
#include <eventloop.h>

static GList *seal_suppressed_accounts; /* PurpleAccount * whose flag we cleared */
static guint seal_restore_source;

static gboolean autoreply_restore(gpointer data)
{
	(void)data;
	seal_restore_source = 0;
	seal_autoreply_restore_all();
	return FALSE;
}

void seal_autoreply_restore_all(void)
{
	GList *l;

	if (seal_restore_source != 0)
		purple_timeout_remove(seal_restore_source);
	seal_restore_source = 0;
	for (l = seal_suppressed_accounts; l != NULL; l = l->next) {
		/* the account may have signed off meanwhile: look it up again */
		PurpleConnection *gc = g_list_find(purple_accounts_get_all(), l->data) != NULL
					       ? purple_account_get_connection(l->data)
					       : NULL;
		if (gc != NULL)
			gc->flags |= PURPLE_CONNECTION_AUTO_RESP;
	}
	g_list_free(seal_suppressed_accounts);
	seal_suppressed_accounts = NULL;
}

void seal_autoreply_suppress_once(PurpleAccount *account)
{
	PurpleConnection *gc = purple_account_get_connection(account);

	if (gc == NULL || !(gc->flags & PURPLE_CONNECTION_AUTO_RESP))
		return;
	gc->flags &= ~PURPLE_CONNECTION_AUTO_RESP;
	seal_suppressed_accounts = g_list_prepend(seal_suppressed_accounts, account);
	if (seal_restore_source == 0)
		seal_restore_source = purple_timeout_add(0, autoreply_restore, NULL);
}
