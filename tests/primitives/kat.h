/* Seal tests: helpers shared by the primitives known-answer tests. */
#ifndef SEAL_TESTS_PRIMITIVES_KAT_H
#define SEAL_TESTS_PRIMITIVES_KAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/error.h"
#include "crypto/primitives.h"

static int kat_failures;

#define KAT_HELPER __attribute__((unused)) static

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			kat_failures++;                                               \
		}                                                                     \
	} while (0)

#define CHECK_RC(expr, want)                                                           \
	do {                                                                           \
		int kat_rc_ = (expr);                                                  \
		if (kat_rc_ != (want)) {                                               \
			fprintf(stderr, "%s:%d: %s returned %d (%s), wanted %d\n", __FILE__, \
				__LINE__, #expr, kat_rc_, seal_strerror(kat_rc_), (int)(want)); \
			kat_failures++;                                                \
		}                                                                      \
	} while (0)

KAT_HELPER int kat_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes a hex string into a fresh malloc'd buffer; *len gets its size.
 * Exits the test program on malformed test data (a bug in the test). */
static uint8_t *kat_hex(const char *hex, size_t *len)
{
	size_t n = strlen(hex), i;
	uint8_t *out;

	if (n % 2 != 0) {
		fprintf(stderr, "odd-length hex in test data\n");
		exit(2);
	}
	out = malloc(n / 2 + 1);
	if (out == NULL)
		exit(2);
	for (i = 0; i < n / 2; i++) {
		int hi = kat_nibble(hex[2 * i]), lo = kat_nibble(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			fprintf(stderr, "bad hex digit in test data\n");
			exit(2);
		}
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	if (len != NULL)
		*len = n / 2;
	return out;
}

/* Decodes hex of exactly want bytes into dst. */
KAT_HELPER void kat_hex_fixed(uint8_t *dst, size_t want, const char *hex)
{
	size_t len;
	uint8_t *tmp = kat_hex(hex, &len);

	if (len != want) {
		fprintf(stderr, "test data has %zu bytes, wanted %zu\n", len, want);
		exit(2);
	}
	memcpy(dst, tmp, len);
	free(tmp);
}

/* 1 if buf equals the bytes spelled by hex; prints both when not. */
KAT_HELPER int kat_equal_hex(const uint8_t *buf, size_t len, const char *hex)
{
	size_t want_len, i;
	uint8_t *want = kat_hex(hex, &want_len);
	int same = want_len == len && memcmp(buf, want, len) == 0;

	if (!same) {
		fprintf(stderr, "  got:    ");
		for (i = 0; i < len; i++)
			fprintf(stderr, "%02x", buf[i]);
		fprintf(stderr, "\n  wanted: %s\n", hex);
	}
	free(want);
	return same;
}

KAT_HELPER int kat_all_zero(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

KAT_HELPER int kat_finish(const char *name)
{
	if (kat_failures != 0) {
		fprintf(stderr, "%s: %d check(s) failed\n", name, kat_failures);
		return 1;
	}
	printf("%s: all checks passed\n", name);
	return 0;
}

#endif
