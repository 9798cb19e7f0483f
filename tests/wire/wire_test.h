/* Shared helpers for the wire tests: checks that report and count failures,
 * and a seeded pseudo-random generator so every run is reproducible. */
#ifndef SEAL_TESTS_WIRE_TEST_H
#define SEAL_TESTS_WIRE_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto/buf.h"
#include "crypto/error.h"
#include "crypto/primitives.h"
#include "crypto/wire.h"

static int test_failures;

#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                              \
			test_failures++;                                             \
		}                                                                    \
	} while (0)

#define CHECK_RC(expr, want)                                                         \
	do {                                                                         \
		int check_rc_ = (expr);                                              \
		if (check_rc_ != (want)) {                                           \
			fprintf(stderr, "%s:%d: %s returned %d (%s), wanted %d\n",    \
				__FILE__, __LINE__, #expr, check_rc_,                \
				seal_strerror(check_rc_), (int)(want));              \
			test_failures++;                                             \
		}                                                                    \
	} while (0)

/* xorshift64*: fast, deterministic, good enough to pick positions. */
static uint64_t test_rng_state = 0x5EA15EA15EA15EA1ULL;

static inline uint64_t test_rand(void)
{
	test_rng_state ^= test_rng_state >> 12;
	test_rng_state ^= test_rng_state << 25;
	test_rng_state ^= test_rng_state >> 27;
	return test_rng_state * 0x2545F4914F6CDD1DULL;
}

/* Uniform-enough value in [0, bound) (bound > 0). */
static inline size_t test_below(size_t bound)
{
	return (size_t)(test_rand() % bound);
}

static inline void test_fill(uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)test_rand();
}

static inline void test_init(void)
{
	if (seal_crypto_init() != SEAL_OK) {
		fprintf(stderr, "seal_crypto_init failed\n");
		exit(1);
	}
}

static inline int test_finish(const char *name)
{
	if (test_failures != 0) {
		fprintf(stderr, "%s: %d check(s) failed\n", name, test_failures);
		return 1;
	}
	printf("%s: all checks passed\n", name);
	return 0;
}

#endif
