/* core-seal: what the user can ask for. */
#include "control.h"

#include <glib/gi18n-lib.h>

#include "crypto/contact.h"
#include "crypto/error.h"
#include "identities.h"
#include "keyexchange.h"
#include "messaging.h"
#include "notices.h"
#include "peer.h"
#include "policy.h"
#include "recording.h"
#include "store.h"

seal_conv_state seal_control_get_state(PurpleAccount *account, const char *who)
{
	seal_peer *peer = seal_peer_get(account, who);

	return peer != NULL ? seal_peer_current_state(peer) : SEAL_STATE_PLAIN;
}

void seal_control_start(PurpleAccount *account, const char *who)
{
	seal_peer *peer = seal_peer_get(account, who);

	if (peer == NULL)
		return;
	peer->ended = FALSE;
	peer->query_sent = FALSE;
	seal_kx_discover(peer);
	if (peer->session != NULL)
		seal_messaging_session_ready(peer);
	seal_peer_update_state(peer);
}

void seal_control_end(PurpleAccount *account, const char *who)
{
	seal_peer *peer = seal_peer_get(account, who);
	char *text;

	if (peer == NULL)
		return;
	peer->ended = TRUE;
	seal_handshake_free(peer->hs);
	peer->hs = NULL;
	seal_peer_update_state(peer);
	text = g_strdup_printf(_("Encryption with %s ended for this conversation. Type /seal start "
				 "to encrypt again."), peer->name);
	seal_notice_info(peer, text);
	seal_recording_event(account, peer->name, text);
	g_free(text);
}

gboolean seal_control_verify(PurpleAccount *account, const char *who)
{
	seal_peer *peer = seal_peer_get(account, who);

	return peer != NULL && seal_kx_verify(peer);
}

gboolean seal_control_accept_key(PurpleAccount *account, const char *who)
{
	seal_peer *peer = seal_peer_get(account, who);

	return peer != NULL && seal_kx_accept_key(peer);
}

gboolean seal_control_forget(PurpleAccount *account, const char *who)
{
	seal_peer *peer = seal_peer_get(account, who);

	if (peer == NULL)
		return FALSE;
	seal_peer_forget(peer);
	seal_recording_event(account, peer->name, _("The contact's key and session were forgotten."));
	return TRUE;
}

static char *control_fingerprint(const uint8_t *pub)
{
	char out[SEAL_FINGERPRINT_LEN];

	if (seal_fingerprint(out, pub) != SEAL_OK)
		return NULL;
	return g_strdup(out);
}

char *seal_control_own_fingerprint(PurpleAccount *account, gboolean create)
{
	const seal_identity *id;

	if (account == NULL)
		return NULL;
	id = create ? seal_identities_get(account) : seal_identities_find(account);
	return id != NULL ? control_fingerprint(seal_identity_public(id)) : NULL;
}

char *seal_control_peer_fingerprint(PurpleAccount *account, const char *who)
{
	seal_peer *peer = seal_peer_get(account, who);

	if (peer == NULL || !peer->contact_known)
		return NULL;
	if (peer->contact.trust == SEAL_TRUST_CHANGED)
		return control_fingerprint(peer->contact.pending);
	return control_fingerprint(peer->contact.pinned);
}

const char *seal_control_get_policy(PurpleAccount *account, const char *who)
{
	return seal_policy_name(seal_policy_get(account, who));
}

gboolean seal_control_set_policy(PurpleAccount *account, const char *who, const char *policy)
{
	seal_policy p;

	if (!seal_policy_parse(policy, &p))
		return FALSE;
	return seal_policy_set(account, who, p);
}

char *seal_control_status_text(PurpleAccount *account, const char *who)
{
	seal_peer *peer = seal_peer_get(account, who);
	const char *state;

	if (peer == NULL)
		return g_strdup(_("Not encrypted."));
	switch (seal_peer_current_state(peer)) {
	case SEAL_STATE_PENDING:
		if (peer->hs != NULL)
			state = _("Encrypting… (the encrypted session is being set up)");
		else /* messages held, the contact has not answered with Seal */
			state = _("Waiting for the contact to answer with Seal (perhaps it is not "
				  "installed there yet)");
		break;
	case SEAL_STATE_UNVERIFIED:
		state = _("Encrypted (unverified: compare fingerprints with /seal fingerprint)");
		break;
	case SEAL_STATE_VERIFIED:
		state = _("Encrypted and verified");
		break;
	case SEAL_STATE_KEY_CHANGED:
		state = _("The contact's key changed and is not accepted yet (see /seal fingerprint, "
			  "then /seal verify)");
		break;
	case SEAL_STATE_ENDED:
		state = _("Encryption ended by you (/seal start to encrypt again)");
		break;
	case SEAL_STATE_PLAIN:
	default:
		state = _("Not encrypted");
		break;
	}
	return g_strdup_printf(_("%s. Policy: %s. Held messages: %u."), state,
			       seal_policy_name(seal_policy_get(account, peer->name)),
			       seal_peer_held_count(peer));
}

const char *seal_control_trust_name(int trust)
{
	switch (trust) {
	case SEAL_TRUST_VERIFIED:
		return "verified";
	case SEAL_TRUST_CHANGED:
		return "changed";
	default:
		return "unverified";
	}
}

GList *seal_control_list_contacts(PurpleAccount *account)
{
	GList *names = seal_store_list_contacts(account);
	GList *out = NULL;
	GList *l;

	for (l = names; l != NULL; l = l->next) {
		seal_peer *peer = seal_peer_get(account, l->data);
		if (peer != NULL && peer->contact_known)
			out = g_list_prepend(out, g_strdup_printf("%s\t%s", peer->name,
								  seal_control_trust_name(peer->contact.trust)));
	}
	g_list_free_full(names, g_free);
	return g_list_reverse(out);
}
