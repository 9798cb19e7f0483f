/* core-seal: what Seal tells the user inside a conversation.
 *
 * Lines are system messages, not logged by libpurple (PURPLE_MESSAGE_NO_LOG);
 * text is plain (escaped here) and already translated by the caller. */
#ifndef SEAL_NOTICES_H
#define SEAL_NOTICES_H

#include "peer.h"

void seal_notice_info(seal_peer *peer, const char *text);
void seal_notice_error(seal_peer *peer, const char *text);
/* Show a message the user typed that Seal holds back (libpurple will not
 * echo it), as the user's own line. */
void seal_notice_own_message(seal_peer *peer, const char *plain);

#endif
