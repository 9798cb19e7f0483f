/* core-seal: what happens to a message the user sends. */
#include "send.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "core.h"
#include "crypto/error.h"
#include "crypto/wire.h"
#include "keyexchange.h"
#include "markup.h"
#include "messaging.h"
#include "notices.h"
#include "peer.h"
#include "policy.h"
#include "recording.h"

/* A handshake we started this long ago without an answer is started again. */
#define SEAL_HANDSHAKE_RETRY_US (30 * G_USEC_PER_SEC)

static void send_replace_message(char **message, char *replacement)
{
	g_free(*message);
	*message = replacement;
}

static void send_encrypted(seal_peer *peer, const char *plain, char **message)
{
	int error = SEAL_OK;
	char *last = seal_messaging_encrypt_outgoing(peer, plain, &error);

	send_replace_message(message, last);
	if (last == NULL && error != SEAL_ERR_TOO_LARGE)
		seal_messaging_hold(peer, plain, TRUE); /* retried when the session works */
}

/* A handshake with a Seal user is under way (and not stale): even under
 * "opportunistic", wait for it rather than send plaintext. */
static gboolean send_handshake_running(seal_peer *peer)
{
	return peer->has_seal && !peer->ended && peer->session == NULL && peer->hs != NULL &&
	       seal_core_now_us() - peer->hs_started_us <= SEAL_HANDSHAKE_RETRY_US;
}

static void send_held(seal_peer *peer, const char *plain, char **message)
{
	gboolean handshake_stale = peer->hs == NULL ||
		seal_core_now_us() - peer->hs_started_us > SEAL_HANDSHAKE_RETRY_US;

	send_replace_message(message, NULL);
	seal_messaging_hold(peer, plain, TRUE);
	if (peer->ended) {
		seal_notice_info(peer, _("You ended encryption in this conversation; type /seal start "
					 "to encrypt again."));
		return;
	}
	if (peer->session != NULL && peer->contact.trust == SEAL_TRUST_CHANGED) {
		char *text = g_strdup_printf(_("Held until you accept the new key of %s: compare "
					       "fingerprints (/seal fingerprint), then /seal verify."),
					     peer->name);
		seal_notice_error(peer, text);
		g_free(text);
		return;
	}
	if (peer->session == NULL && handshake_stale)
		seal_kx_discover(peer);
}

/* Opportunistic, no session: plaintext goes out, tagged so a Seal user
 * recognises us, until the contact answered in plaintext without a tag
 * (then it has no Seal, and the tag would only be noise). */
static void send_plaintext(seal_peer *peer, char **message)
{
	const char *tag = seal_wire_tag();

	seal_recording_im(peer->account, peer->name, TRUE, FALSE, SEAL_TRUST_UNVERIFIED, *message, 0);
	if (peer->ended || peer->untagged_reply || seal_wire_has_tag(*message, strlen(*message)))
		return;
	/* At the end, where it is least visible; in front on IRC, whose
	 * servers trim trailing spaces and tabs. */
	if (g_strcmp0(purple_account_get_protocol_id(peer->account), "prpl-irc") == 0)
		send_replace_message(message, g_strconcat(tag, *message, NULL));
	else
		send_replace_message(message, g_strconcat(*message, tag, NULL));
}

/* What pidgin-otr (libotr) sends: data "?OTR:", fragments "?OTR|" and
 * "?OTR,", queries "?OTRv", errors "?OTR Error:".  Already encrypted, or
 * nothing secret: it goes out untouched.  A user's own text that merely
 * begins with "?OTR" is not one of them. */
static gboolean send_is_otr(const char *message)
{
	static const char *const otr_prefixes[] = { "?OTR:", "?OTR|", "?OTR,", "?OTRv",
						    "?OTR Error:" };
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(otr_prefixes); i++)
		if (g_str_has_prefix(message, otr_prefixes[i]))
			return TRUE;
	return FALSE;
}

void seal_send_outgoing(PurpleAccount *account, const char *receiver, char **message)
{
	seal_policy policy;
	seal_peer *peer;
	char *plain;

	if (account == NULL || receiver == NULL || message == NULL || *message == NULL ||
	    **message == '\0' || send_is_otr(*message))
		return;
	policy = seal_policy_get(account, receiver);
	peer = seal_peer_get(account, receiver);
	if (peer == NULL) {
		if (policy == SEAL_POLICY_ALWAYS)
			send_replace_message(message, NULL);
		return;
	}
	if (policy == SEAL_POLICY_NEVER) {
		seal_recording_im(account, peer->name, TRUE, FALSE, SEAL_TRUST_UNVERIFIED, *message, 0);
		return;
	}
	plain = seal_markup_outgoing_to_plain(*message);
	if (seal_messaging_can_send(peer) && !peer->ended)
		send_encrypted(peer, plain, message);
	else if (policy == SEAL_POLICY_ALWAYS || send_handshake_running(peer))
		send_held(peer, plain, message);
	else
		send_plaintext(peer, message);
	seal_free_text(plain);
}
