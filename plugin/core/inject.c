/* core-seal: sending Seal's own messages straight to the network. */
#include "inject.h"

#include <connection.h>
#include <conversation.h>
#include <debug.h>
#include <server.h>

#include "crypto/error.h"
#include "crypto/wire.h"
#include "sizes.h"

gboolean seal_inject_text(seal_peer *peer, const char *text)
{
	PurpleConnection *gc = purple_account_get_connection(peer->account);

	if (gc == NULL || !PURPLE_CONNECTION_IS_CONNECTED(gc)) {
		purple_debug_warning("seal", "not connected: cannot send a protocol message\n");
		return FALSE;
	}
	/* libjabber looks the conversation up while sending and complains when
	 * there is none; every injection belongs to a conversation anyway. */
	if (purple_find_conversation_with_account(PURPLE_CONV_TYPE_IM, peer->send_to,
						  peer->account) == NULL)
		(void)purple_conversation_new(PURPLE_CONV_TYPE_IM, peer->account, peer->send_to);
	return serv_send_im(gc, peer->send_to, text, 0) >= 0;
}

/* Armor msg into pieces for this network; NULL on failure. */
static char **inject_pieces(seal_peer *peer, const uint8_t *msg, size_t len, size_t *count,
			    int *error)
{
	char **pieces = NULL;
	int rc = seal_wire_fragment(msg, len, seal_sizes_max_message(peer->account), &pieces, count);

	*error = rc;
	if (rc != SEAL_OK) {
		purple_debug_error("seal", "cannot armor a message: %s\n", seal_strerror(rc));
		return NULL;
	}
	if (*count == 0) {
		seal_wire_pieces_free(pieces, *count);
		*error = SEAL_ERR_ARGUMENT;
		return NULL;
	}
	return pieces;
}

static gboolean inject_range(seal_peer *peer, char **pieces, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		if (!seal_inject_text(peer, pieces[i]))
			return FALSE;
	return TRUE;
}

int seal_inject_message(seal_peer *peer, const uint8_t *msg, size_t len)
{
	size_t count = 0;
	int error;
	char **pieces = inject_pieces(peer, msg, len, &count, &error);

	if (pieces == NULL)
		return error;
	if (!inject_range(peer, pieces, 0, count))
		error = SEAL_ERR_IO;
	seal_wire_pieces_free(pieces, count);
	return error;
}

char *seal_inject_all_but_last(seal_peer *peer, const uint8_t *msg, size_t len, int *error)
{
	size_t count = 0;
	char **pieces = inject_pieces(peer, msg, len, &count, error);
	char *last = NULL;

	if (pieces == NULL)
		return NULL;
	if (inject_range(peer, pieces, 0, count - 1))
		last = g_strdup(pieces[count - 1]);
	else
		*error = SEAL_ERR_IO;
	seal_wire_pieces_free(pieces, count);
	return last;
}

gboolean seal_inject_reset(seal_peer *peer)
{
	const uint8_t reset[2] = { SEAL_MSG_RESET, 1 };

	return seal_inject_message(peer, reset, sizeof(reset)) == SEAL_OK;
}
