/* core-seal: encrypted messages over an established session. */
#ifndef SEAL_MESSAGING_H
#define SEAL_MESSAGING_H

#include <stddef.h>
#include <stdint.h>
#include "peer.h"

/* TRUE if Seal may send encrypted messages to the contact now (a session
 * exists and no unaccepted key change blocks it under "always"). */
gboolean seal_messaging_can_send(seal_peer *peer);

/* Encrypt plain, send all armored pieces but the last and return the last
 * (g_free) to travel in the outgoing message; NULL on failure (nothing of
 * the plaintext left the machine, the user was told), with *error
 * (SEAL_ERR_TOO_LARGE: the text can never be sent as one message). */
char *seal_messaging_encrypt_outgoing(seal_peer *peer, const char *plain, int *error);

/* Keep a typed message until it can be sent encrypted: shows it as the
 * user's own (pending) line when echo is TRUE. */
void seal_messaging_hold(seal_peer *peer, const char *plain, gboolean echo);

/* The session just became usable: re-send what the contact could not read
 * (after a RESET), then send the held messages, with notices. */
void seal_messaging_session_ready(seal_peer *peer);

/* A received DATA message: the text to display (escaped HTML, g_free), or
 * NULL after telling the user it could not be decrypted.  The message is
 * recorded with the sender's timestamp. */
char *seal_messaging_decrypt_incoming(seal_peer *peer, const uint8_t *msg, size_t len);

/* Seal is stopping: tell the user (and the record) about every message
 * still held: kept on disk, sent the next time Seal runs (held.c). */
void seal_messaging_report_unsent(void);

/* The contact cannot read our messages (RESET): restart the session. */
void seal_messaging_reset_received(seal_peer *peer);

#endif
