/* core-seal: what happens to a received IM (receiving-im-msg). */
#ifndef SEAL_RECEIVE_H
#define SEAL_RECEIVE_H

#include <account.h>

/* Start and stop fragment reassembly (with its expiry timer). */
void seal_receive_init(void);
void seal_receive_uninit(void);

/* Handle a received IM.  Returns TRUE (and *message = NULL) when it must not
 * be displayed: a protocol message, a fragment, or one that failed to
 * decrypt.  Otherwise *message may have been replaced by the decrypted text
 * or the text without the discovery tag. */
gboolean seal_receive_incoming(PurpleAccount *account, const char *sender, char **message);

/* After an incoming message was displayed: mark it if it was not encrypted
 * but should have been. */
void seal_receive_after_display(PurpleAccount *account, const char *sender);

#endif
