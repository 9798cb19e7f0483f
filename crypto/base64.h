/* Seal crypto library (private): standard base64 (RFC 4648 section 4) with
 * padding.  Used by the wire codec; not part of the public API. */
#ifndef SEAL_CRYPTO_BASE64_H
#define SEAL_CRYPTO_BASE64_H

#include <stddef.h>
#include <stdint.h>

/* Characters needed to encode n bytes (a multiple of 4).  n must be at most
 * SIZE_MAX / 2 so the result cannot overflow. */
size_t seal_base64_encoded_len(size_t n);

/* Encode n bytes into exactly seal_base64_encoded_len(n) characters (no NUL). */
void seal_base64_encode(const uint8_t *in, size_t n, char *out);

/* Value 0..63 of an alphabet character, or -1 for anything else ('=' too). */
int seal_base64_value(unsigned char c);

/* Bytes that len compact characters (padding counted) decode to, in
 * *out_len.  Returns SEAL_OK, or SEAL_ERR_MALFORMED when len is not a
 * multiple of 4.  Counts 0, 1 or 2 trailing '='; does not check the rest. */
int seal_base64_decoded_len(const char *in, size_t len, size_t *out_len);

/* Strictly decode len compact characters into out (room for
 * seal_base64_decoded_len bytes).  Rejects whitespace, characters outside the
 * alphabet, '=' anywhere but the last one or two places, and non-zero unused
 * bits before the padding (so every byte string has exactly one encoding).
 * Returns SEAL_OK or SEAL_ERR_MALFORMED. */
int seal_base64_decode(const char *in, size_t len, uint8_t *out);

#endif
