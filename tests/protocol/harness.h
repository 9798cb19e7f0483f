/* Protocol tests: assertions and a two-party harness (identities, handshake,
 * a message queue between the two ends). */
#ifndef SEAL_TESTS_PROTOCOL_HARNESS_H
#define SEAL_TESTS_PROTOCOL_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "crypto/buf.h"
#include "crypto/error.h"
#include "crypto/handshake.h"
#include "crypto/identity.h"
#include "crypto/session.h"

extern unsigned long test_seed; /* printed with every failure */

#define CHECK(cond)                                                                      \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "%s:%d: CHECK failed: %s (seed %lu)\n", __FILE__, \
				__LINE__, #cond, test_seed);                             \
			exit(1);                                                         \
		}                                                                        \
	} while (0)

#define CHECK_RC(expr, want)                                                              \
	do {                                                                              \
		int rc_ = (expr);                                                         \
		if (rc_ != (want)) {                                                      \
			fprintf(stderr, "%s:%d: %s returned %d (%s), expected %d (%s) (seed %lu)\n", \
				__FILE__, __LINE__, #expr, rc_, seal_strerror(rc_), (want),   \
				seal_strerror(want), test_seed);                          \
			exit(1);                                                          \
		}                                                                         \
	} while (0)

#define CHECK_OK(expr) CHECK_RC(expr, SEAL_OK)

/* Deterministic test RNG (xorshift64*), seeded from SEAL_TEST_SEED or the clock. */
void test_rng_seed_from_env(void);
uint64_t test_rng_next(void);
uint32_t test_rng_below(uint32_t bound);

/* One end of a conversation. */
typedef struct {
	seal_identity *id;
	seal_handshake *hs;
	seal_session *session;
} party;

void party_init(party *p);
void party_free(party *p);

/* Full handshake between a (initiator) and b; both end with a session. */
void handshake_pair(party *a, party *b);

/* A copy of a message in flight. */
typedef struct {
	uint8_t *data;
	size_t len;
	int from_a;
	uint32_t serial; /* payload counter of the sender, for checking */
} wire_msg;

/* Encrypt a counted text from 'from'; returns the message in flight. */
wire_msg send_counted(party *from, int from_a, uint32_t serial);
/* Decrypt m at 'to' and check its text is the sender's counted text. */
void receive_counted(party *to, const wire_msg *m);
void wire_msg_free(wire_msg *m);

/* Serialized session (for comparing state before and after). */
void session_snapshot(const seal_session *s, seal_buf *out);
int buf_equal(const seal_buf *a, const seal_buf *b);

#endif
