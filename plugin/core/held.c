/* core-seal: held messages of the last run (see held.h). */
#include "held.h"

#include <connection.h>
#include <signals.h>

#include "i18n.h"
#include "keyexchange.h"
#include "messaging.h"
#include "notices.h"
#include "peer.h"
#include "store.h"

/* Tell the user once, then send them as the hold path would: now over a
 * usable session, otherwise once the handshake this starts completes. */
static void held_restore_peer(const char *name, GPtrArray *texts, gpointer data)
{
	seal_peer *peer = seal_peer_get(data, name);
	guint restored;
	char *text;

	if (peer == NULL || (restored = seal_peer_restore_held(peer, texts)) == 0)
		return;
	text = g_strdup_printf(ngettext("%u message from your last session is waiting to be sent "
					"encrypted to %s.",
					"%u messages from your last session are waiting to be sent "
					"encrypted to %s.",
					restored),
			       restored, peer->name);
	seal_notice_info(peer, text);
	g_free(text);
	if (seal_messaging_can_send(peer) && !peer->ended)
		seal_messaging_session_ready(peer);
	else if (peer->session == NULL && peer->hs == NULL && !peer->ended)
		seal_kx_discover(peer);
	seal_peer_update_state(peer);
}

static void held_restore_account(PurpleAccount *account)
{
	seal_store_load_held(account, held_restore_peer, account);
}

static void held_signed_on(PurpleConnection *gc, gpointer data)
{
	(void)data;
	held_restore_account(purple_connection_get_account(gc));
}

void seal_held_init(PurplePlugin *plugin)
{
	GList *l;

	purple_signal_connect(purple_connections_get_handle(), "signed-on", plugin,
			      PURPLE_CALLBACK(held_signed_on), NULL);
	for (l = purple_connections_get_all(); l != NULL; l = l->next)
		if (purple_connection_get_state(l->data) == PURPLE_CONNECTED)
			held_restore_account(purple_connection_get_account(l->data));
}
