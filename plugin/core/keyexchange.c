/* core-seal: discovery, the handshake and trust in the contact's key. */
#include "keyexchange.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <debug.h>
#include <util.h>

#include "core.h"
#include "crypto/error.h"
#include "crypto/primitives.h"
#include "crypto/wire.h"
#include "identities.h"
#include "inject.h"
#include "ipc.h"
#include "messaging.h"
#include "notices.h"
#include "policy.h"
#include "recording.h"

char *seal_kx_query_line(PurpleAccount *account)
{
	const char *me = purple_account_get_alias(account);
	char *sentence;
	char *line;

	if (me == NULL || *me == '\0')
		me = purple_normalize(account, purple_account_get_username(account));
	if (me == NULL || *me == '\0')
		me = purple_account_get_username(account);
	sentence = g_strdup_printf(_("%s would like to talk with end-to-end encryption using Seal. "
				     "Messages will stay unreadable until Seal is installed."),
				   me);
	line = g_strconcat(SEAL_WIRE_QUERY, " ", sentence, NULL);
	g_free(sentence);
	return line;
}

gboolean seal_kx_start(seal_peer *peer)
{
	const seal_identity *self = seal_identities_get(peer->account);
	seal_handshake *hs = NULL;
	seal_buf init = SEAL_BUF_INIT;
	gboolean sent;
	int rc;

	if (self == NULL) {
		seal_notice_error(peer, _("Seal cannot read or create your identity key, so it "
					  "cannot encrypt. See the debug log for details."));
		return FALSE;
	}
	rc = seal_handshake_start(&hs, self, &init);
	if (rc != SEAL_OK) {
		purple_debug_error("seal", "cannot start a handshake: %s\n", seal_strerror(rc));
		return FALSE;
	}
	seal_handshake_free(peer->hs);
	peer->hs = hs;
	peer->hs_started_us = seal_core_now_us();
	sent = seal_inject_message(peer, init.data, init.len) == SEAL_OK;
	seal_buf_free(&init);
	seal_peer_update_state(peer);
	return sent;
}

void seal_kx_discover(seal_peer *peer)
{
	char *line;

	if (peer->has_seal) {
		(void)seal_kx_start(peer);
		return;
	}
	if (peer->query_sent)
		return;
	line = seal_kx_query_line(peer->account);
	peer->query_sent = seal_inject_text(peer, line);
	g_free(line);
}

/* Text of the loud key-change warning (g_free). */
static char *kx_key_changed_text(seal_peer *peer)
{
	char *warning = g_strdup_printf(
		_("WARNING: the encryption key of %s has changed. This happens when %s reinstalls "
		  "Seal or uses a new device, but it can also mean that someone is intercepting the "
		  "conversation. Compare fingerprints with %s in person or by phone (/seal "
		  "fingerprint), then type /seal verify to accept the new key."),
		peer->name, peer->name, peer->name);

	if (seal_policy_get(peer->account, peer->name) == SEAL_POLICY_ALWAYS) {
		char *held = g_strdup_printf(_("Until then Seal sends nothing to %s."), peer->name);
		char *both = g_strconcat(warning, " ", held, NULL);
		g_free(warning);
		g_free(held);
		warning = both;
	}
	return warning;
}

static void kx_key_changed(seal_peer *peer, const uint8_t *pub)
{
	char *warning;

	memcpy(peer->contact.pending, pub, SEAL_IDENTITY_PUB_LEN);
	peer->contact.trust = SEAL_TRUST_CHANGED;
	(void)seal_peer_save_contact(peer);
	seal_peer_update_state(peer);
	warning = kx_key_changed_text(peer);
	seal_notice_error(peer, warning);
	seal_recording_event(peer->account, peer->name, warning);
	g_free(warning);
	seal_ipc_emit_key_changed(peer->account, peer->name);
}

/* Pin the contact's key on first use, or check it against the pinned one.
 * Returns FALSE when the key changed. */
static gboolean kx_check_identity(seal_peer *peer, const uint8_t *pub)
{
	if (!peer->contact_known) {
		memset(&peer->contact, 0, sizeof(peer->contact));
		memcpy(peer->contact.pinned, pub, SEAL_IDENTITY_PUB_LEN);
		peer->contact.trust = SEAL_TRUST_UNVERIFIED;
		peer->contact.first_seen = (int64_t)(seal_core_now_us() / G_USEC_PER_SEC);
		peer->contact_known = TRUE;
		(void)seal_peer_save_contact(peer);
		return TRUE;
	}
	if (seal_ct_equal(peer->contact.pinned, pub, SEAL_IDENTITY_PUB_LEN)) {
		if (peer->contact.trust == SEAL_TRUST_CHANGED) {
			/* The contact went back to the key we trust. */
			peer->contact.trust = SEAL_TRUST_UNVERIFIED;
			(void)seal_peer_save_contact(peer);
		}
		return TRUE;
	}
	if (peer->contact.trust == SEAL_TRUST_CHANGED &&
	    seal_ct_equal(peer->contact.pending, pub, SEAL_IDENTITY_PUB_LEN))
		return FALSE; /* the same unaccepted new key again: warned already */
	kx_key_changed(peer, pub);
	return FALSE;
}

static void kx_announce(seal_peer *peer, gboolean restarted, gboolean by_us)
{
	char *text;

	if (restarted && by_us)
		text = g_strdup_printf(_("You restarted the encrypted session with %s."), peer->name);
	else if (restarted)
		text = g_strdup_printf(_("%s restarted the encrypted session."), peer->name);
	else if (peer->contact.trust == SEAL_TRUST_VERIFIED)
		text = g_strdup_printf(_("Encrypted conversation with %s started (verified)."),
				       peer->name);
	else
		text = g_strdup_printf(_("Encrypted conversation with %s started (unverified: "
					 "compare fingerprints with /seal fingerprint)."),
				       peer->name);
	seal_notice_info(peer, text);
	seal_recording_event(peer->account, peer->name, text);
	g_free(text);
}

static void kx_established(seal_peer *peer, seal_session *session, gboolean by_us)
{
	/* (after a RESET the old session is already dropped) */
	gboolean restarted = peer->session != NULL || peer->resend_recent;
	gboolean key_ok;
	uint8_t pub[SEAL_IDENTITY_PUB_LEN];

	memcpy(pub, seal_session_peer_identity(session), sizeof(pub));
	key_ok = kx_check_identity(peer, pub); /* contact saved before the session */
	seal_peer_set_session(peer, session);
	seal_peer_update_state(peer);
	if (key_ok || peer->contact.trust != SEAL_TRUST_CHANGED)
		kx_announce(peer, restarted, by_us);
	seal_messaging_session_ready(peer);
}

void seal_kx_receive(seal_peer *peer, const uint8_t *msg, size_t len)
{
	const seal_identity *self = seal_identities_get(peer->account);
	seal_session *established = NULL;
	seal_buf reply = SEAL_BUF_INIT;
	gboolean had_handshake;
	int rc;

	if (self == NULL)
		return;
	had_handshake = peer->hs != NULL;
	rc = seal_handshake_receive(&peer->hs, self, msg, len, &reply, &established);
	if (rc == SEAL_ERR_STATE || rc == SEAL_ERR_REFLECTED) {
		purple_debug_info("seal", "ignored a handshake message: %s\n", seal_strerror(rc));
		return;
	}
	if (rc != SEAL_OK) {
		char *text = g_strdup_printf(_("An encryption handshake message from %s was rejected "
					       "(%s)."), peer->name, seal_strerror(rc));
		seal_notice_error(peer, text);
		seal_recording_event(peer->account, peer->name, text);
		g_free(text);
		return;
	}
	peer->has_seal = TRUE;
	if (!had_handshake && peer->hs != NULL)
		peer->hs_started_us = seal_core_now_us(); /* we answer a handshake */
	if (reply.len > 0)
		(void)seal_inject_message(peer, reply.data, reply.len);
	seal_buf_free(&reply);
	if (established != NULL)
		kx_established(peer, established, msg[0] == SEAL_MSG_RESPONSE);
	else
		seal_peer_update_state(peer);
}

gboolean seal_kx_accept_key(seal_peer *peer)
{
	if (!peer->contact_known || peer->contact.trust != SEAL_TRUST_CHANGED)
		return FALSE;
	memcpy(peer->contact.pinned, peer->contact.pending, SEAL_IDENTITY_PUB_LEN);
	memset(peer->contact.pending, 0, SEAL_IDENTITY_PUB_LEN);
	peer->contact.trust = SEAL_TRUST_UNVERIFIED;
	(void)seal_peer_save_contact(peer);
	seal_peer_update_state(peer);
	seal_recording_event(peer->account, peer->name, _("The new key of the contact was accepted."));
	seal_messaging_session_ready(peer);
	return TRUE;
}

gboolean seal_kx_verify(seal_peer *peer)
{
	if (!peer->contact_known)
		return FALSE;
	if (peer->contact.trust == SEAL_TRUST_CHANGED)
		(void)seal_kx_accept_key(peer);
	peer->contact.trust = SEAL_TRUST_VERIFIED;
	(void)seal_peer_save_contact(peer);
	seal_peer_update_state(peer);
	seal_recording_event(peer->account, peer->name, _("The contact was verified."));
	return TRUE;
}
