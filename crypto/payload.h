/* Seal crypto library: the plaintext payload inside a DATA message.
 *
 * Plain UTF-8 text (never protocol HTML), a format flag, the sender's
 * timestamp and a message id, padded to a bucket size so the exact length
 * does not leak. */
#ifndef SEAL_CRYPTO_PAYLOAD_H
#define SEAL_CRYPTO_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>
#include "crypto/buf.h"

#define SEAL_PAYLOAD_ID_LEN 16
#define SEAL_PAYLOAD_MAX_TEXT (192 * 1024)

typedef enum {
	SEAL_FORMAT_PLAIN = 0, /* text is plain UTF-8 */
} seal_format;

typedef struct {
	seal_format format;
	int64_t timestamp_us;  /* sender's clock, microseconds since the epoch (UTC) */
	uint8_t id[SEAL_PAYLOAD_ID_LEN];
	const char *text;      /* UTF-8, not NUL-terminated necessarily */
	size_t text_len;
} seal_payload;

/* Serialize and pad (out is secure memory). */
int seal_payload_encode(const seal_payload *p, seal_buf *out);
/* Parse; on success p->text points into data (valid while data lives).
 * Rejects invalid UTF-8 and bad padding with SEAL_ERR_MALFORMED. */
int seal_payload_decode(seal_payload *p, const uint8_t *data, size_t len);

/* SEAL_OK if text is well-formed UTF-8 without NUL (no overlong forms, no
 * surrogates, nothing above U+10FFFF) and at most SEAL_PAYLOAD_MAX_TEXT
 * bytes; SEAL_ERR_MALFORMED or SEAL_ERR_TOO_LARGE otherwise. */
int seal_payload_text_valid(const char *text, size_t len);

/* Size of the padded payload for an unpadded length (header + text):
 * 64 bytes at least, above that the Padmé length (at most 12% padding). */
size_t seal_payload_bucket(size_t len);

#endif
