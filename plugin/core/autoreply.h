/* core-seal: keep libpurple's away auto-reply from leaking plaintext.
 *
 * serv_got_im() sends the away message with serv_send_im(), which bypasses
 * sending-im-msg: to a contact with an encrypted session (or under "always")
 * it would leave in plaintext.  Seal switches the connection's auto-response
 * flag off for that one received message and back on from the main loop. */
#ifndef SEAL_AUTOREPLY_H
#define SEAL_AUTOREPLY_H

#include <account.h>

void seal_autoreply_suppress_once(PurpleAccount *account);
/* Restore every flag still switched off (unload). */
void seal_autoreply_restore_all(void);

#endif
