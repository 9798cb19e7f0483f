/* core-seal: the largest message each network carries, for fragmentation. */
#ifndef SEAL_SIZES_H
#define SEAL_SIZES_H

#include <stddef.h>
#include <account.h>

#define SEAL_PREF_MAX_SIZE_ROOT "/plugins/core/seal/max_message_size"
#define SEAL_MAX_SIZE_SETTING "seal-max-message-size"

/* Add the per-protocol override prefs (0 = built-in table). */
void seal_sizes_add_prefs(void);

/* Characters per message for account (0 = unlimited).  The account setting
 * "seal-max-message-size" wins, then the pref for the protocol, then the table. */
size_t seal_sizes_max_message(PurpleAccount *account);

#endif
