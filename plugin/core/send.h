/* core-seal: what happens to a message the user sends (sending-im-msg). */
#ifndef SEAL_SEND_H
#define SEAL_SEND_H

#include <account.h>

/* Apply the policy to the outgoing *message (libpurple HTML): replace it with
 * armored ciphertext, tag it for discovery, or hold it (*message = NULL). */
void seal_send_outgoing(PurpleAccount *account, const char *receiver, char **message);

#endif
