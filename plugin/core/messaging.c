/* core-seal: encrypted messages over an established session. */
#include "messaging.h"

#include <string.h>
#include "i18n.h"
#include <debug.h>

#include "core.h"
#include "crypto/error.h"
#include "crypto/payload.h"
#include "crypto/primitives.h"
#include "inject.h"
#include "keyexchange.h"
#include "markup.h"
#include "notices.h"
#include "policy.h"
#include "recording.h"

#define SEAL_RESET_INTERVAL_US (10 * G_USEC_PER_SEC)

gboolean seal_messaging_can_send(seal_peer *peer)
{
	if (peer->session == NULL)
		return FALSE;
	if (peer->contact_known && peer->contact.trust == SEAL_TRUST_CHANGED &&
	    seal_policy_get(peer->account, peer->name) == SEAL_POLICY_ALWAYS)
		return FALSE;
	return TRUE;
}

/* Payload + session encrypt; the session is saved afterwards.  id: the
 * payload id, kept by a re-sent message so the contact can skip one it
 * already showed; a new random one when reuse_id is FALSE. */
static int messaging_encrypt(seal_peer *peer, const char *plain, uint8_t id[SEAL_PAYLOAD_ID_LEN],
			     gboolean reuse_id, seal_buf *out)
{
	seal_payload payload;
	seal_buf encoded = SEAL_BUF_INIT;
	int rc;

	memset(&payload, 0, sizeof(payload));
	payload.format = SEAL_FORMAT_PLAIN;
	payload.timestamp_us = seal_core_now_us();
	payload.text = plain;
	payload.text_len = strlen(plain);
	rc = SEAL_OK;
	if (!reuse_id)
		rc = seal_random_nonce(id, SEAL_PAYLOAD_ID_LEN); /* not secret: the cheap generator */
	memcpy(payload.id, id, sizeof(payload.id));
	if (rc == SEAL_OK)
		rc = seal_payload_encode(&payload, &encoded);
	if (rc == SEAL_OK)
		rc = seal_session_encrypt(peer->session, encoded.data, encoded.len, out);
	seal_buf_free(&encoded);
	if (rc == SEAL_OK)
		(void)seal_peer_save_session(peer);
	return rc;
}

static void messaging_record_sent(seal_peer *peer, const char *plain)
{
	char *display = seal_markup_plain_to_display(plain, strlen(plain));

	seal_recording_im(peer->account, peer->name, TRUE, TRUE, peer->contact.trust, display, 0);
	g_free(display);
}

static void messaging_report_send_failure(seal_peer *peer, int rc)
{
	char *text;

	if (rc == SEAL_ERR_TOO_LARGE)
		text = g_strdup_printf(_("This message is too long for Seal to send to %s. It was "
					 "not sent; please split it into shorter messages."),
				       peer->name);
	else
		text = g_strdup_printf(_("Seal could not encrypt a message to %s (%s). It was not "
					 "sent and is held until the encrypted session works again."),
				       peer->name, seal_strerror(rc));
	seal_notice_error(peer, text);
	g_free(text);
}

char *seal_messaging_encrypt_outgoing(seal_peer *peer, const char *plain, int *error)
{
	seal_buf wire = SEAL_BUF_INIT;
	uint8_t id[SEAL_PAYLOAD_ID_LEN];
	char *last = NULL;

	*error = messaging_encrypt(peer, plain, id, FALSE, &wire);
	if (*error == SEAL_OK)
		last = seal_inject_all_but_last(peer, wire.data, wire.len, error);
	seal_buf_free(&wire);
	if (last == NULL) {
		messaging_report_send_failure(peer, *error);
		return NULL;
	}
	seal_peer_remember_sent(peer, plain, id);
	messaging_record_sent(peer, plain);
	return last;
}

/* Encrypt and send every piece (held and re-sent messages): SEAL_OK or why
 * not.  id as for messaging_encrypt. */
static int messaging_send_now(seal_peer *peer, const char *plain, uint8_t id[SEAL_PAYLOAD_ID_LEN],
			      gboolean reuse_id)
{
	seal_buf wire = SEAL_BUF_INIT;
	int rc = messaging_encrypt(peer, plain, id, reuse_id, &wire);

	if (rc == SEAL_OK)
		rc = seal_inject_message(peer, wire.data, wire.len);
	seal_buf_free(&wire);
	if (rc == SEAL_OK) {
		seal_peer_remember_sent(peer, plain, id);
		messaging_record_sent(peer, plain);
	}
	return rc;
}

void seal_messaging_hold(seal_peer *peer, const char *plain, gboolean echo)
{
	seal_peer_hold(peer, plain);
	if (echo) {
		seal_notice_own_message(peer, plain);
		seal_notice_info(peer, _("(pending: this message will be sent encrypted as soon as "
					 "the encrypted session is ready)"));
	}
	seal_peer_update_state(peer);
}

static void messaging_resend_recent(seal_peer *peer)
{
	GList *texts = seal_peer_recent_texts(peer);
	GList *l;
	guint sent = 0;

	peer->resend_recent = FALSE;
	g_queue_clear_full(&peer->recent, NULL); /* entries re-added as they are sent */
	for (l = texts; l != NULL; l = l->next) {
		seal_sent_text *recent = l->data;
		if (messaging_send_now(peer, recent->text, recent->id, TRUE) == SEAL_OK)
			sent++;
	}
	g_list_free_full(texts, seal_sent_text_free);
	if (sent > 0) {
		char *text = g_strdup_printf(ngettext("%u recent message was sent again, encrypted.",
						      "%u recent messages were sent again, encrypted.",
						      sent), sent);
		seal_notice_info(peer, text);
		g_free(text);
	}
}

static void messaging_flush_held(seal_peer *peer)
{
	guint sent = 0;
	gboolean stuck = FALSE;
	char *plain;

	/* each message leaves the queue (and its file) once it was sent */
	while (!stuck && (plain = g_queue_peek_head(&peer->held)) != NULL) {
		uint8_t id[SEAL_PAYLOAD_ID_LEN];
		int rc = messaging_send_now(peer, plain, id, FALSE);
		if (rc == SEAL_OK)
			sent++;
		else if (rc == SEAL_ERR_TOO_LARGE)
			messaging_report_send_failure(peer, rc); /* can never be sent: dropped */
		else
			stuck = TRUE; /* kept, in order */
		if (!stuck)
			seal_free_text(seal_peer_take_held(peer));
	}
	if (sent > 0) {
		char *text = g_strdup_printf(ngettext("%u held message sent encrypted.",
						      "%u held messages sent encrypted.", sent), sent);
		seal_notice_info(peer, text);
		g_free(text);
	}
	if (stuck)
		seal_notice_error(peer, _("Seal could not send the held messages yet; they stay "
					  "held."));
}

void seal_messaging_session_ready(seal_peer *peer)
{
	if (!seal_messaging_can_send(peer)) {
		if (seal_peer_held_count(peer) > 0)
			seal_notice_info(peer, _("Held messages stay held until you accept the new key."));
		return;
	}
	if (peer->resend_recent)
		messaging_resend_recent(peer);
	if (seal_peer_held_count(peer) > 0 && !peer->ended)
		messaging_flush_held(peer);
	seal_peer_update_state(peer);
}

static const char *messaging_failure_reason(int rc)
{
	switch (rc) {
	case SEAL_ERR_AUTH:
		return _("it was altered or damaged on the way");
	case SEAL_ERR_MALFORMED:
	case SEAL_ERR_TRUNCATED:
		return _("it is damaged or incomplete");
	case SEAL_ERR_TOO_MANY_SKIPPED:
		return _("too many messages were lost before it");
	case SEAL_ERR_VERSION:
		return _("it uses an unsupported version of Seal");
	case SEAL_ERR_STATE:
		return _("there is no encrypted session for it");
	default:
		return seal_strerror(rc);
	}
}

/* Ask the contact to start the session again: RESET to a known Seal user;
 * to anyone else (perhaps someone without Seal sending armor) only the
 * human-readable query line, once, which a Seal user answers the same way. */
static void messaging_ask_restart(seal_peer *peer, gint64 now)
{
	char *line;

	if (peer->contact_known || peer->session != NULL) {
		if (peer->reset_sent_us == 0 || now - peer->reset_sent_us > SEAL_RESET_INTERVAL_US) {
			peer->reset_sent_us = now;
			(void)seal_inject_reset(peer);
		}
		return;
	}
	if (peer->query_sent)
		return;
	line = seal_kx_query_line(peer->account);
	peer->query_sent = seal_inject_text(peer, line);
	g_free(line);
}

static void messaging_report_undecryptable(seal_peer *peer, int rc)
{
	gint64 now = seal_core_now_us();
	char *text;

	if (rc == SEAL_ERR_REPLAY) {
		text = g_strdup_printf(_("A message from %s arrived a second time; the copy was "
					 "ignored."), peer->name);
		seal_notice_error(peer, text);
		seal_recording_event(peer->account, peer->name, text);
		g_free(text);
		return;
	}
	text = g_strdup_printf(_("A message from %s could not be decrypted (%s). Seal asked %s to "
				 "restart the encrypted session."),
			       peer->name, messaging_failure_reason(rc), peer->name);
	seal_notice_error(peer, text);
	seal_recording_event(peer->account, peer->name, text);
	g_free(text);
	messaging_ask_restart(peer, now);
}

char *seal_messaging_decrypt_incoming(seal_peer *peer, const uint8_t *msg, size_t len)
{
	seal_buf decrypted = SEAL_BUF_INIT;
	seal_payload payload;
	char *display = NULL;
	int rc;

	if (peer->session == NULL) {
		messaging_report_undecryptable(peer, SEAL_ERR_STATE);
		return NULL;
	}
	rc = seal_session_decrypt(peer->session, msg, len, &decrypted);
	if (rc == SEAL_OK) {
		(void)seal_peer_save_session(peer);
		rc = seal_payload_decode(&payload, decrypted.data, decrypted.len);
	}
	if (rc == SEAL_OK && seal_peer_seen_before(peer, payload.id)) {
		/* re-sent after a restart request, already shown: skip it */
		purple_debug_info("seal", "skipped a re-sent message already shown\n");
	} else if (rc == SEAL_OK) {
		display = seal_markup_plain_to_display(payload.text, payload.text_len);
		seal_recording_im(peer->account, peer->name, FALSE, TRUE, peer->contact.trust, display,
				  payload.timestamp_us);
	}
	seal_buf_free(&decrypted);
	if (rc != SEAL_OK)
		messaging_report_undecryptable(peer, rc);
	return display;
}

void seal_messaging_reset_received(seal_peer *peer)
{
	gint64 now = seal_core_now_us();
	char *text;

	if (peer->hs != NULL && now - peer->hs_started_us < SEAL_RESET_INTERVAL_US)
		return; /* already restarting */
	if (!peer->contact_known && peer->session == NULL && peer->hs == NULL) {
		purple_debug_info("seal", "ignored a RESET from a contact without a session\n");
		return;
	}
	text = g_strdup_printf(_("%s could not read your recent encrypted messages. Seal is "
				 "restarting the encrypted session and will send them again."),
			       peer->name);
	seal_notice_info(peer, text);
	seal_recording_event(peer->account, peer->name, text);
	g_free(text);
	seal_peer_drop_session(peer);
	peer->resend_recent = TRUE;
	peer->has_seal = TRUE;
	(void)seal_kx_start(peer);
}

static void messaging_report_unsent_peer(seal_peer *peer, gpointer data)
{
	guint held = seal_peer_held_count(peer);
	char *text;

	(void)data;
	if (held == 0)
		return;
	if (seal_peer_save_held(peer))
		text = g_strdup_printf(ngettext("Seal was stopped: %u message to %s is kept and will "
						"be sent encrypted the next time Seal runs.",
						"Seal was stopped: %u messages to %s are kept and "
						"will be sent encrypted the next time Seal runs.",
						held),
				       held, peer->name);
	else
		text = g_strdup_printf(ngettext("Seal was stopped: %u message to %s was never sent.",
						"Seal was stopped: %u messages to %s were never sent.",
						held),
				       held, peer->name);
	seal_notice_error(peer, text);
	seal_recording_event(peer->account, peer->name, text);
	g_free(text);
}

void seal_messaging_report_unsent(void)
{
	seal_peers_foreach(messaging_report_unsent_peer, NULL);
}
