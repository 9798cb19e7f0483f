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

static int otr_measure_keygen(const bench_config *cfg, bench_figures *out)
{
	double *t = calloc((size_t)cfg->keygen_runs, sizeof *t);
	int i, rc = t == NULL ? -1 : 0;

	for (i = 0; i < cfg->keygen_runs && rc == 0; i++) {
		OtrlUserState us = otrl_userstate_create();
		FILE *f = tmpfile();
		double t0 = bench_now_us();

		if (us == NULL || f == NULL ||
		    otrl_privkey_generate_FILEp(us, f, otr_names[0], OTR_PROTOCOL) != 0)
			rc = -1;
		t[i] = (bench_now_us() - t0) / 1e3;
		if (f != NULL)
			fclose(f);
		if (us != NULL)
			otrl_userstate_free(us);
	}
	if (rc == 0)
		out->keygen_ms = bench_median(t, cfg->keygen_runs);
	free(t);
	return rc;
}

static int otr_measure_handshake(const bench_config *cfg, struct otr_keys *k, bench_figures *out)
{
	double *t = calloc((size_t)cfg->handshake_runs, sizeof *t);
	struct otr_world w;
	int i, rc = t == NULL ? -1 : 0;

	for (i = 0; i < cfg->handshake_runs && rc == 0; i++) {
		double t0;

		if (otr_world_open(&w, k) != 0) {
			rc = -1;
			break;
		}
		t0 = bench_now_us();
		rc = otr_handshake(&w);
		t[i] = (bench_now_us() - t0) / 1e3;
		otr_world_close(&w);
	}
	if (rc == 0)
		out->handshake_ms = bench_median(t, cfg->handshake_runs);
	free(t);
	return rc;
}

/* Median over rounds of the mean time per message (µs). */
static int otr_measure_messages(const bench_config *cfg, struct otr_world *w, const char *text,
				int alternate, double *us_per_msg)
{
	int msgs = alternate ? cfg->alternating_msgs : cfg->oneway_msgs;
	double *t = calloc((size_t)cfg->rounds, sizeof *t);
	int r, m, rc = t == NULL ? -1 : 0;

	for (r = 0; r < cfg->rounds && rc == 0; r++) {
		double t0 = bench_now_us();

		for (m = 0; m < msgs && rc == 0; m++)
			rc = otr_send_receive(w, alternate ? m % 2 : 0, text, NULL);
		t[r] = (bench_now_us() - t0) / msgs;
	}
	if (rc == 0)
		*us_per_msg = bench_median(t, cfg->rounds);
	free(t);
	return rc;
}

static int otr_measure_all_messages(const bench_config *cfg, struct otr_keys *k, bench_figures *out)
{
	struct otr_world w;
	char *text;
	int s, rc;

	if (otr_world_open(&w, k) != 0)
		return -1;
	rc = otr_handshake(&w);
	/* One message each way first: both sides then hold each other's keys. */
	if (rc == 0)
		rc = otr_send_receive(&w, 0, "hello", NULL);
	if (rc == 0)
		rc = otr_send_receive(&w, 1, "hello", NULL);
	for (s = 0; s < BENCH_SIZES && rc == 0; s++) {
		text = bench_text(bench_sizes[s], (unsigned)s);
		rc = text == NULL ? -1 : 0;
		if (rc == 0 && s == 0)
			rc = otr_send_receive(&w, 0, text, &out->wire_chars_100);
		if (rc == 0)
			rc = otr_measure_messages(cfg, &w, text, 0, &out->oneway_us[s]);
		if (rc == 0)
			rc = otr_measure_messages(cfg, &w, text, 1, &out->alternating_us[s]);
		free(text);
	}
	otr_world_close(&w);
	return rc;
}

int bench_otr_run(const bench_config *cfg, bench_figures *out)
{
	struct otr_keys k;
	int rc;

	memset(out, 0, sizeof *out);
	rc = otr_measure_keygen(cfg, out);
	if (rc != 0 || otr_keys_create(&k) != 0)
		return -1;
	rc = otr_measure_handshake(cfg, &k, out);
	if (rc == 0)
		rc = otr_measure_all_messages(cfg, &k, out);
	otr_keys_close(&k);
	return rc;
}
