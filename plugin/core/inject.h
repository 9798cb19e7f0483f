/* core-seal: sending Seal's own messages straight to the network.
 *
 * serv_send_im() bypasses sending-im-msg and is neither displayed nor logged. */
#ifndef SEAL_INJECT_H
#define SEAL_INJECT_H

#include <stddef.h>
#include <stdint.h>
#include "peer.h"

/* Send a line of text as is; FALSE if not connected or the network refused it. */
gboolean seal_inject_text(seal_peer *peer, const char *text);

/* Armor a binary message, cut it to the network's size and send every piece.
 * SEAL_OK, SEAL_ERR_TOO_LARGE (too many pieces) or SEAL_ERR_IO (not sent). */
int seal_inject_message(seal_peer *peer, const uint8_t *msg, size_t len);

/* Armor and cut a binary message, send all pieces but the last and return the
 * last (g_free) for the caller to put in the outgoing message; NULL on
 * failure, with *error (SEAL_ERR_TOO_LARGE: more pieces than allowed). */
char *seal_inject_all_but_last(seal_peer *peer, const uint8_t *msg, size_t len, int *error);

/* 1-byte RESET: "I cannot decrypt your messages; please start again". */
gboolean seal_inject_reset(seal_peer *peer);

#endif
