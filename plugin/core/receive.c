/* core-seal: what happens to a received IM. */
#include "receive.h"

#include <string.h>
#include <time.h>
#include <glib/gi18n-lib.h>
#include <debug.h>
#include <eventloop.h>

#include "autoreply.h"
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

#define SEAL_REASM_SWEEP_SECONDS 60
#define SEAL_WIRE_ARMOR_MARK "?SEAL1"
#define SEAL_HANDSHAKE_BUSY_US (30 * G_USEC_PER_SEC)

static seal_reassembler *seal_reasm;
static guint seal_reasm_timer;

static gboolean receive_expire_fragments(gpointer data)
{
	(void)data;
	if (seal_reasm != NULL)
		(void)seal_reassembler_expire(seal_reasm, (int64_t)time(NULL));
	return TRUE;
}

void seal_receive_init(void)
{
	if (seal_reasm == NULL && seal_reassembler_new(&seal_reasm) != SEAL_OK)
		seal_reasm = NULL;
	if (seal_reasm_timer == 0)
		seal_reasm_timer = purple_timeout_add_seconds(SEAL_REASM_SWEEP_SECONDS,
							      receive_expire_fragments, NULL);
}

void seal_receive_uninit(void)
{
	if (seal_reasm_timer != 0)
		purple_timeout_remove(seal_reasm_timer);
	seal_reasm_timer = 0;
	seal_reassembler_free(seal_reasm);
	seal_reasm = NULL;
}

static void receive_report_bad(seal_peer *peer, int rc)
{
	char *text = g_strdup_printf(_("A damaged Seal message from %s was ignored (%s)."),
				     peer->name, seal_strerror(rc));

	seal_notice_error(peer, text);
	seal_recording_event(peer->account, peer->name, text);
	g_free(text);
}

/* Text the wire codec did not accept but that carries Seal's marker
 * ("?SEAL1", common to armor, fragments and the query): damaged armor. */
static gboolean receive_looks_armored(const char *plain)
{
	return strstr(plain, SEAL_WIRE_ARMOR_MARK) != NULL;
}

static gboolean receive_handshake_busy(seal_peer *peer)
{
	return peer->hs != NULL && seal_core_now_us() - peer->hs_started_us < SEAL_HANDSHAKE_BUSY_US;
}

static void receive_handshake(seal_peer *peer, const uint8_t *msg, size_t len)
{
	if (msg[0] == SEAL_MSG_INIT &&
	    seal_policy_get(peer->account, peer->name) == SEAL_POLICY_NEVER) {
		char *text = g_strdup_printf(_("%s tried to start an encrypted conversation, but your "
					       "Seal policy for %s is \"never\"."),
					     peer->name, peer->name);
		seal_notice_info(peer, text);
		g_free(text);
		return;
	}
	seal_kx_receive(peer, msg, len);
}

/* Act on a whole binary Seal message.  Returns the text to display for a
 * DATA message (g_free), NULL for everything else. */
static char *receive_dispatch(seal_peer *peer, const uint8_t *msg, size_t len)
{
	if (len == 0) {
		receive_report_bad(peer, SEAL_ERR_TRUNCATED);
		return NULL;
	}
	/* (has_seal is learnt from a handshake that worked, not from armor
	 * anyone can send) */
	switch (msg[0]) {
	case SEAL_MSG_INIT:
	case SEAL_MSG_RESPONSE:
	case SEAL_MSG_CONFIRM:
		receive_handshake(peer, msg, len);
		return NULL;
	case SEAL_MSG_DATA:
		return seal_messaging_decrypt_incoming(peer, msg, len);
	case SEAL_MSG_RESET:
		seal_messaging_reset_received(peer);
		return NULL;
	default:
		receive_report_bad(peer, SEAL_ERR_MALFORMED);
		return NULL;
	}
}

/* Decode an armored message or collect a fragment; dispatch when whole. */
static char *receive_armored(seal_peer *peer, seal_text_kind kind, const char *text)
{
	seal_buf msg = SEAL_BUF_INIT;
	char *display = NULL;
	int rc;

	if (kind == SEAL_TEXT_FRAGMENT) {
		if (seal_reasm == NULL)
			return NULL;
		rc = seal_reassembler_add(seal_reasm, peer->key, text, strlen(text),
					  (int64_t)time(NULL), &msg);
		if (rc == SEAL_MORE)
			return NULL;
	} else {
		rc = seal_wire_decode(text, strlen(text), &msg);
	}
	if (rc == SEAL_OK)
		display = receive_dispatch(peer, msg.data, msg.len);
	else
		receive_report_bad(peer, rc);
	seal_buf_free(&msg);
	return display;
}

static void receive_query(seal_peer *peer)
{
	peer->has_seal = TRUE;
	if (peer->ended || receive_handshake_busy(peer))
		return;
	if (peer->session != NULL)
		seal_messaging_reset_received(peer); /* it lost its state: restart, re-send */
	else
		(void)seal_kx_start(peer);
}

/* Remove our discovery tag from *message (raw, or as seen in plain);
 * TRUE if there was one.  The raw text is checked first because
 * purple_markup_strip_html turns tabs into spaces. */
static gboolean receive_strip_tag(const char *plain, char **message)
{
	seal_buf stripped = SEAL_BUF_INIT;
	gboolean tag_in_raw = seal_wire_has_tag(*message, strlen(*message));

	if (!tag_in_raw && !seal_wire_has_tag(plain, strlen(plain)))
		return FALSE;
	if (tag_in_raw && seal_wire_strip_tag(*message, strlen(*message), &stripped) == SEAL_OK) {
		g_free(*message);
		*message = g_strdup((const char *)stripped.data);
	} else if (seal_wire_strip_tag(plain, strlen(plain), &stripped) == SEAL_OK) {
		g_free(*message);
		*message = seal_markup_plain_to_display((const char *)stripped.data, stripped.len);
	}
	seal_buf_free(&stripped);
	return TRUE;
}

/* Plaintext: a tagged one comes from a Seal user, so start the handshake;
 * arrange for the unencrypted mark when encryption was expected. */
static void receive_plaintext(seal_peer *peer, const char *plain, char **message)
{
	seal_policy policy = seal_policy_get(peer->account, peer->name);

	if (receive_strip_tag(plain, message)) {
		peer->has_seal = TRUE;
		peer->untagged_reply = FALSE;
		/* A Seal user tags only while it has no session with us: if we
		 * still have one, it lost its state, so start again too. */
		if (policy != SEAL_POLICY_NEVER && !peer->ended && !receive_handshake_busy(peer))
			(void)seal_kx_start(peer);
	} else if (!peer->has_seal) {
		peer->untagged_reply = TRUE;
	}
	if (policy == SEAL_POLICY_ALWAYS || (peer->session != NULL && !peer->ended))
		peer->plain_notice_due = TRUE;
	seal_recording_im(peer->account, peer->name, FALSE, FALSE, SEAL_TRUST_UNVERIFIED, *message, 0);
}

gboolean seal_receive_incoming(PurpleAccount *account, const char *sender, char **message)
{
	seal_text_kind kind;
	seal_peer *peer;
	char *plain;
	char *display = NULL;

	if (account == NULL || sender == NULL || message == NULL || *message == NULL)
		return FALSE;
	peer = seal_peer_get(account, sender);
	if (peer == NULL)
		return FALSE;
	plain = seal_markup_incoming_to_plain(*message);
	kind = seal_wire_classify(plain, strlen(plain));
	if (kind == SEAL_TEXT_PLAIN && receive_looks_armored(plain)) {
		/* Armor that does not parse: damaged on the way, or forged. */
		receive_report_bad(peer, SEAL_ERR_MALFORMED);
		g_free(plain);
		g_free(*message);
		*message = NULL;
		return TRUE;
	}
	if (kind == SEAL_TEXT_PLAIN) {
		receive_plaintext(peer, plain, message);
		if (peer->session != NULL ||
		    seal_policy_get(account, peer->name) == SEAL_POLICY_ALWAYS)
			seal_autoreply_suppress_once(account);
		g_free(plain);
		return FALSE;
	}
	if (kind == SEAL_TEXT_QUERY) {
		if (seal_policy_get(account, peer->name) == SEAL_POLICY_NEVER) {
			g_free(plain);
			return FALSE; /* shown as the human sentence it is */
		}
		receive_query(peer);
	} else {
		display = receive_armored(peer, kind, plain);
	}
	g_free(plain);
	g_free(*message);
	*message = display;
	if (display != NULL)
		seal_autoreply_suppress_once(account); /* never answer an encrypted message in clear */
	return display == NULL;
}

void seal_receive_after_display(PurpleAccount *account, const char *sender)
{
	seal_peer *peer = seal_peer_get(account, sender);

	if (peer == NULL || !peer->plain_notice_due)
		return;
	peer->plain_notice_due = FALSE;
	seal_notice_error(peer, _("The message above was not encrypted."));
}
