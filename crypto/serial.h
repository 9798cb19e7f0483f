/* Seal crypto library (private): big-endian byte cursors and the envelope of
 * every serialized object (identity, contact, session).
 *
 * Envelope (docs/PROTOCOL.md, "Serialization"):
 *   "SEAL" | kind u8 | version u8 | body_len u32 BE | body | SHA-256(all before it)
 */
#ifndef SEAL_CRYPTO_SERIAL_H
#define SEAL_CRYPTO_SERIAL_H

#include <stddef.h>
#include <stdint.h>
#include "crypto/buf.h"

#define SEAL_SERIAL_MAGIC "SEAL"
#define SEAL_SERIAL_HEADER_LEN 10 /* magic 4 + kind 1 + version 1 + body_len 4 */
#define SEAL_SERIAL_OVERHEAD (SEAL_SERIAL_HEADER_LEN + 32)

typedef enum {
	SEAL_KIND_IDENTITY = 1,
	SEAL_KIND_CONTACT = 2,
	SEAL_KIND_SESSION = 3,
	SEAL_KIND_HANDSHAKE = 4,
} seal_serial_kind;

/* Sequential writer into a buffer whose size was computed beforehand.
 * Writing past the end sets overflow (a programming error, reported as
 * SEAL_ERR_ARGUMENT by seal_serial_seal). */
typedef struct {
	uint8_t *p;
	size_t cap;
	size_t pos;
	int overflow;
} seal_writer;

void seal_writer_u8(seal_writer *w, uint8_t v);
void seal_writer_u32(seal_writer *w, uint32_t v);
void seal_writer_u64(seal_writer *w, uint64_t v);
void seal_writer_bytes(seal_writer *w, const uint8_t *src, size_t n);

/* Sequential reader; any read past the end sets truncated and yields zeros. */
typedef struct {
	const uint8_t *p;
	size_t len;
	size_t pos;
	int truncated;
} seal_reader;

void seal_reader_init(seal_reader *r, const uint8_t *p, size_t len);
uint8_t seal_reader_u8(seal_reader *r);
uint32_t seal_reader_u32(seal_reader *r);
uint64_t seal_reader_u64(seal_reader *r);
void seal_reader_bytes(seal_reader *r, uint8_t *dst, size_t n);
/* Pointer to the next n bytes (NULL and truncated set if fewer remain). */
const uint8_t *seal_reader_view(seal_reader *r, size_t n);
/* SEAL_OK if everything was read exactly, SEAL_ERR_TRUNCATED if a read ran
 * past the end, SEAL_ERR_MALFORMED if bytes are left over. */
int seal_reader_finish(const seal_reader *r);

void seal_put_u32(uint8_t *p, uint32_t v);
uint32_t seal_get_u32(const uint8_t *p);
void seal_put_u64(uint8_t *p, uint64_t v);
uint64_t seal_get_u64(const uint8_t *p);

/* Allocate out for a body of body_len bytes and write the header; the caller
 * writes the body through w, then calls seal_serial_seal. */
int seal_serial_begin(seal_buf *out, seal_writer *w, seal_serial_kind kind, uint8_t version,
		      size_t body_len, int secure);
/* Append the checksum; on error out is freed. */
int seal_serial_seal(seal_buf *out, seal_writer *w);

/* Check the envelope of data (magic, kind, version, length, checksum) and
 * point body at its body.  Errors: SEAL_ERR_TRUNCATED (ends early),
 * SEAL_ERR_MALFORMED (foreign, wrong kind, trailing bytes, checksum
 * mismatch), SEAL_ERR_VERSION (a version other than version). */
int seal_serial_open(const uint8_t *data, size_t len, seal_serial_kind kind, uint8_t version,
		     seal_reader *body);

#endif
