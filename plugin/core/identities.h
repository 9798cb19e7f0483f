/* core-seal: the identity key of each local account. */
#ifndef SEAL_IDENTITIES_H
#define SEAL_IDENTITIES_H

#include <account.h>
#include "crypto/identity.h"

/* The account's identity: loaded from disk, or generated and saved on first
 * use.  NULL if it can neither be loaded nor created. */
const seal_identity *seal_identities_get(PurpleAccount *account);
/* The identity only if one exists already (never generates). */
const seal_identity *seal_identities_find(PurpleAccount *account);
void seal_identities_free_all(void);

#endif
