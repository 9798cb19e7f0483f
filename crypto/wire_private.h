/* Seal crypto library (private): pieces of the wire codec shared by
 * crypto/wire.c (armor, tag, fragmenter) and crypto/wire_reasm.c
 * (reassembler).  Not part of the public API. */
#ifndef SEAL_CRYPTO_WIRE_PRIVATE_H
#define SEAL_CRYPTO_WIRE_PRIVATE_H

#include <stddef.h>
#include <stdint.h>
#include "crypto/buf.h"

#define SEAL_WIRE_PREFIX_LEN 7 /* "?SEAL1:", "?SEAL1|" and "?SEAL1?" alike */

/* Offset of the first occurrence of needle (nlen >= 1) in text, or len if
 * there is none. */
size_t seal_wire_find(const char *text, size_t len, const char *needle, size_t nlen);

/* Scan an armored body that starts at p (just after a prefix) up to its '.'
 * terminator, skipping the whitespace servers insert.  On SEAL_OK *chars is
 * the number of body characters (alphabet and '='), *consumed the bytes read
 * including the '.'.  SEAL_ERR_TRUNCATED if the text ends first,
 * SEAL_ERR_MALFORMED on any other character. */
int seal_wire_scan_body(const char *p, size_t left, size_t *chars, size_t *consumed);

/* Copy the body characters of a scanned body (consumed bytes at p) without
 * whitespace and without the '.' into dst, which has room for chars. */
void seal_wire_compact_body(const char *p, size_t consumed, char *dst);

/* Largest number of body characters a message may have:
 * the base64 length of SEAL_WIRE_MAX_MESSAGE bytes. */
size_t seal_wire_max_body_chars(void);

/* Strictly decode a compact base64 body into out (plain memory).  Checks the
 * decoded size against SEAL_WIRE_MAX_MESSAGE before allocating.  An empty
 * body is SEAL_ERR_MALFORMED. */
int seal_wire_decode_compact(const char *body, size_t len, seal_buf *out);

#endif
