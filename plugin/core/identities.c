/* core-seal: the identity key of each local account. */
#include "identities.h"

#include <debug.h>

#include "crypto/error.h"
#include "store.h"

static GHashTable *seal_identity_table; /* PurpleAccount * -> seal_identity * */

static GHashTable *identity_table(void)
{
	if (seal_identity_table == NULL)
		seal_identity_table = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
							    (GDestroyNotify)seal_identity_free);
	return seal_identity_table;
}

static seal_identity *identity_load(PurpleAccount *account, gboolean *missing)
{
	seal_identity *id = NULL;
	int rc = seal_store_load_identity(account, &id, missing);

	if (rc != SEAL_OK) {
		if (!*missing)
			purple_debug_error("seal", "identity file unusable: %s\n", seal_strerror(rc));
		return NULL;
	}
	return id;
}

const seal_identity *seal_identities_find(PurpleAccount *account)
{
	seal_identity *id = g_hash_table_lookup(identity_table(), account);
	gboolean missing = FALSE;

	if (id == NULL && (id = identity_load(account, &missing)) != NULL)
		g_hash_table_insert(identity_table(), account, id);
	return id;
}

const seal_identity *seal_identities_get(PurpleAccount *account)
{
	seal_identity *id = g_hash_table_lookup(identity_table(), account);
	gboolean missing = FALSE;
	int rc;

	if (id != NULL)
		return id;
	id = identity_load(account, &missing);
	if (id == NULL && !missing)
		return NULL; /* never overwrite an existing identity we cannot read */
	if (id == NULL) {
		rc = seal_identity_generate(&id);
		if (rc == SEAL_OK)
			rc = seal_store_save_identity(account, id);
		if (rc != SEAL_OK) {
			purple_debug_error("seal", "cannot create an identity: %s\n", seal_strerror(rc));
			seal_identity_free(id);
			return NULL;
		}
		purple_debug_info("seal", "created a new identity key\n");
	}
	g_hash_table_insert(identity_table(), account, id);
	return id;
}

void seal_identities_free_all(void)
{
	if (seal_identity_table != NULL)
		g_hash_table_destroy(seal_identity_table);
	seal_identity_table = NULL;
}
