/* seal-bench: the libotr half.  Two OtrlUserStates in one process, messages
 * passed in memory through inject_message and otrl_message_receiving. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>
#include <libotr/proto.h>
#include <libotr/context.h>
#include <libotr/instag.h>
#include <libotr/message.h>
#include <libotr/privkey.h>
#include <libotr/tlv.h>
#include <libotr/userstate.h>

#include "bench_otr.h"

#define OTR_PROTOCOL "bench"
#define OTR_POLICY OTRL_POLICY_ALLOW_V3
#define OTR_MAX_DELIVERIES 64 /* per pump; an AKE needs four */

struct otr_queued {
	int to;
	char *msg;
	struct otr_queued *next;
};

struct otr_world {
	OtrlUserState us[2];
	int secure[2];
	struct otr_queued *head, *tail;
	int failed;
};

/* Key and instance-tag files of the two accounts, written once. */
struct otr_keys {
	FILE *priv[2], *instag[2];
};

static const char *const otr_names[2] = { "alice@bench", "bob@bench" };

static int otr_index(const char *account)
{
	return strcmp(account, otr_names[0]) == 0 ? 0 : 1;
}

static OtrlPolicy otr_policy(void *opdata, ConnContext *context)
{
	(void)opdata;
	(void)context;
	return OTR_POLICY;
}

static int otr_is_logged_in(void *opdata, const char *accountname, const char *protocol,
			    const char *recipient)
{
	(void)opdata;
	(void)accountname;
	(void)protocol;
	(void)recipient;
	return 1;
}

static void otr_inject_message(void *opdata, const char *accountname, const char *protocol,
			       const char *recipient, const char *message)
{
	struct otr_world *w = opdata;
	struct otr_queued *q = calloc(1, sizeof *q);

	(void)accountname;
	(void)protocol;
	if (q == NULL || (q->msg = strdup(message)) == NULL) {
		free(q);
		w->failed = 1;
		return;
	}
	q->to = otr_index(recipient);
	if (w->tail != NULL)
		w->tail->next = q;
	else
		w->head = q;
	w->tail = q;
}

static void otr_gone_secure(void *opdata, ConnContext *context)
{
	struct otr_world *w = opdata;

	w->secure[otr_index(context->accountname)] = 1;
}

static int otr_max_message_size(void *opdata, ConnContext *context)
{
	(void)opdata;
	(void)context;
	return 0; /* no fragmentation: measure whole messages */
}

static void otr_create_privkey(void *opdata, const char *accountname, const char *protocol)
{
	struct otr_world *w = opdata;

	(void)accountname;
	(void)protocol;
	w->failed = 1; /* keys are loaded before any message; this must not happen */
}

static OtrlMessageAppOps otr_ops = {
	.policy = otr_policy,
	.create_privkey = otr_create_privkey,
	.is_logged_in = otr_is_logged_in,
	.inject_message = otr_inject_message,
	.gone_secure = otr_gone_secure,
	.max_message_size = otr_max_message_size,
};

int bench_otr_init(void)
{
	return otrl_init(OTRL_VERSION_MAJOR, OTRL_VERSION_MINOR, OTRL_VERSION_SUB) == 0 ? 0 : -1;
}

static void otr_keys_close(struct otr_keys *k)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (k->priv[i] != NULL)
			fclose(k->priv[i]);
		if (k->instag[i] != NULL)
			fclose(k->instag[i]);
		k->priv[i] = NULL;
		k->instag[i] = NULL;
	}
}

/* One DSA key and instance tag per account, kept in temporary files. */
static int otr_keys_create(struct otr_keys *k)
{
	OtrlUserState us;
	int i, rc = 0;

	memset(k, 0, sizeof *k);
	for (i = 0; i < 2 && rc == 0; i++) {
		k->priv[i] = tmpfile();
		k->instag[i] = tmpfile();
		us = otrl_userstate_create();
		if (k->priv[i] == NULL || k->instag[i] == NULL || us == NULL ||
		    otrl_privkey_generate_FILEp(us, k->priv[i], otr_names[i], OTR_PROTOCOL) != 0 ||
		    otrl_instag_generate_FILEp(us, k->instag[i], otr_names[i], OTR_PROTOCOL) != 0)
			rc = -1;
		if (us != NULL)
			otrl_userstate_free(us);
	}
	if (rc != 0)
		otr_keys_close(k);
	return rc;
}

static void otr_world_close(struct otr_world *w)
{
	struct otr_queued *q, *next;
	int i;

	for (q = w->head; q != NULL; q = next) {
		next = q->next;
		free(q->msg);
		free(q);
	}
	for (i = 0; i < 2; i++)
		if (w->us[i] != NULL)
			otrl_userstate_free(w->us[i]);
	memset(w, 0, sizeof *w);
}

/* Two fresh user states with the accounts' keys loaded (no conversation yet). */
static int otr_world_open(struct otr_world *w, struct otr_keys *k)
{
	int i;

	memset(w, 0, sizeof *w);
	for (i = 0; i < 2; i++) {
		w->us[i] = otrl_userstate_create();
		rewind(k->priv[i]);
		rewind(k->instag[i]);
		if (w->us[i] == NULL || otrl_privkey_read_FILEp(w->us[i], k->priv[i]) != 0 ||
		    otrl_instag_read_FILEp(w->us[i], k->instag[i]) != 0) {
			otr_world_close(w);
			return -1;
		}
	}
	return 0;
}

/* Hand every queued message to its recipient until nothing is left. */
static void otr_pump(struct otr_world *w)
{
	int deliveries = 0;

	while (w->head != NULL && deliveries++ < OTR_MAX_DELIVERIES) {
		struct otr_queued *q = w->head;
		char *plain = NULL;
		OtrlTLV *tlvs = NULL;

		w->head = q->next;
		if (w->head == NULL)
			w->tail = NULL;
		otrl_message_receiving(w->us[q->to], &otr_ops, w, otr_names[q->to], OTR_PROTOCOL,
				       otr_names[1 - q->to], q->msg, &plain, &tlvs, NULL, NULL, NULL);
		if (plain != NULL)
			otrl_message_free(plain);
		if (tlvs != NULL)
			otrl_tlv_free(tlvs);
		free(q->msg);
		free(q);
	}
	if (w->head != NULL)
		w->failed = 1;
}

/* Alice asks for OTR; the AKE runs until both sides are encrypted. */
static int otr_handshake(struct otr_world *w)
{
	char *query = otrl_proto_default_query_msg(otr_names[0], OTR_POLICY);

	if (query == NULL)
		return -1;
	otr_inject_message(w, otr_names[0], OTR_PROTOCOL, otr_names[1], query);
	free(query);
	otr_pump(w);
	return w->secure[0] && w->secure[1] && !w->failed ? 0 : -1;
}

/* Sender encrypts text, the other side decrypts it; checks the round trip.
 * wire_chars (may be NULL) receives the length of the encrypted message. */
static int otr_send_receive(struct otr_world *w, int from, const char *text, size_t *wire_chars)
{
	char *wire = NULL, *plain = NULL;
	OtrlTLV *tlvs = NULL;
	int to = 1 - from, ok;

	if (otrl_message_sending(w->us[from], &otr_ops, w, otr_names[from], OTR_PROTOCOL, otr_names[to],
				 OTRL_INSTAG_BEST, text, NULL, &wire, OTRL_FRAGMENT_SEND_SKIP, NULL, NULL,
				 NULL) != 0 || wire == NULL)
		return -1;
	if (wire_chars != NULL)
		*wire_chars = strlen(wire);
	ok = otrl_message_receiving(w->us[to], &otr_ops, w, otr_names[to], OTR_PROTOCOL, otr_names[from],
				    wire, &plain, &tlvs, NULL, NULL, NULL) == 0 &&
	     plain != NULL && strcmp(plain, text) == 0;
	otrl_message_free(wire);
	if (plain != NULL)
		otrl_message_free(plain);
	if (tlvs != NULL)
		otrl_tlv_free(tlvs);
	otr_pump(w);
	return ok && !w->failed ? 0 : -1;
}

/* The state of the libotr side between calls. */
struct otr_bench {
	struct otr_keys keys;
	struct otr_world conv; /* an encrypted conversation for the message figures */
};

static int otr_bench_keygen(void *state, double *ms)
{
	OtrlUserState us = otrl_userstate_create();
	FILE *f = tmpfile();
	double t0 = bench_now_us();
	int rc = 0;

	(void)state;
	if (us == NULL || f == NULL || otrl_privkey_generate_FILEp(us, f, otr_names[0], OTR_PROTOCOL) != 0)
		rc = -1;
	*ms = (bench_now_us() - t0) / 1e3;
	if (f != NULL)
		fclose(f);
	if (us != NULL)
		otrl_userstate_free(us);
	return rc;
}

static int otr_bench_handshake(void *state, double *ms)
{
	struct otr_bench *b = state;
	struct otr_world w;
	double t0;
	int rc;

	if (otr_world_open(&w, &b->keys) != 0)
		return -1;
	t0 = bench_now_us();
	rc = otr_handshake(&w);
	*ms = (bench_now_us() - t0) / 1e3;
	otr_world_close(&w);
	return rc;
}

static int otr_bench_messages(void *state, const char *text, size_t len, int alternate, int count,
			      double *us_per_msg)
{
	struct otr_bench *b = state;
	double t0 = bench_now_us();
	int m, rc = 0;

	(void)len; /* libotr takes NUL-terminated text */
	for (m = 0; m < count && rc == 0; m++)
		rc = otr_send_receive(&b->conv, alternate ? m % 2 : 0, text, NULL);
	*us_per_msg = (bench_now_us() - t0) / count;
	return rc;
}

static int otr_bench_wire_chars(void *state, const char *text, size_t len, size_t *chars)
{
	struct otr_bench *b = state;

	(void)len;
	return otr_send_receive(&b->conv, 0, text, chars);
}

static void otr_bench_close(void *state)
{
	struct otr_bench *b = state;

	if (b == NULL)
		return;
	otr_world_close(&b->conv);
	otr_keys_close(&b->keys);
	free(b);
}

static int otr_bench_open(void **state)
{
	struct otr_bench *b = calloc(1, sizeof *b);
	int rc;

	*state = b;
	if (b == NULL || otr_keys_create(&b->keys) != 0)
		return -1;
	if (otr_world_open(&b->conv, &b->keys) != 0)
		return -1;
	rc = otr_handshake(&b->conv);
	/* One message each way first: both sides then hold each other's keys. */
	if (rc == 0)
		rc = otr_send_receive(&b->conv, 0, "hello", NULL);
	if (rc == 0)
		rc = otr_send_receive(&b->conv, 1, "hello", NULL);
	return rc;
}

const bench_impl bench_otr_impl = {
	.name = "libotr",
	.open = otr_bench_open,
	.close = otr_bench_close,
	.keygen = otr_bench_keygen,
	.handshake = otr_bench_handshake,
	.messages = otr_bench_messages,
	.wire_chars = otr_bench_wire_chars,
};
