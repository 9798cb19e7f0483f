/* core-seal: discovery, the handshake and trust in the contact's key. */
#ifndef SEAL_KEYEXCHANGE_H
#define SEAL_KEYEXCHANGE_H

#include <stddef.h>
#include <stdint.h>
#include "peer.h"

/* Start a new handshake now (send INIT).  FALSE if it could not be sent. */
gboolean seal_kx_start(seal_peer *peer);
/* Begin encryption with a contact: INIT if the contact is known to run Seal,
 * otherwise the query line (once per run), which a contact without Seal
 * reads as one human sentence. */
void seal_kx_discover(seal_peer *peer);
/* A received INIT, RESPONSE or CONFIRM. */
void seal_kx_receive(seal_peer *peer, const uint8_t *msg, size_t len);

/* The user compared fingerprints: mark the contact verified (accepting a
 * changed key).  FALSE if there is no key to verify. */
gboolean seal_kx_verify(seal_peer *peer);
/* Accept a changed key without marking it verified. */
gboolean seal_kx_accept_key(seal_peer *peer);

/* The query line (g_free): "?SEAL1? " + a translated sentence. */
char *seal_kx_query_line(PurpleAccount *account);

#endif
