/* Seal crypto library: the wire codec.
 *
 * Every Seal protocol message is binary (first byte: seal_msg_type) and
 * travels as printable ASCII that survives any IM network:
 *     ?SEAL1:<base64>.
 * A message longer than the network allows is cut into fragments:
 *     ?SEAL1|<id>|<k>|<n>|<piece>.
 * (see docs/PROTOCOL.md for the exact grammar).  The decoder finds the armor
 * anywhere in a text, skips whitespace and line breaks that servers insert,
 * and rejects anything malformed with an error, never a crash.
 *
 * Discovery: a whitespace tag appended to outgoing plaintext, and a query
 * line ("?SEAL1? ...") that a contact without Seal reads as one short sentence. */
#ifndef SEAL_CRYPTO_WIRE_H
#define SEAL_CRYPTO_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include "crypto/buf.h"

#define SEAL_WIRE_PREFIX "?SEAL1:"
#define SEAL_WIRE_FRAGMENT_PREFIX "?SEAL1|"
#define SEAL_WIRE_QUERY "?SEAL1?"
#define SEAL_WIRE_MAX_MESSAGE (256 * 1024) /* decoded bytes of one message */

typedef enum {
	SEAL_MSG_INIT = 1,
	SEAL_MSG_RESPONSE = 2,
	SEAL_MSG_CONFIRM = 3,
	SEAL_MSG_DATA = 4,
	SEAL_MSG_RESET = 5, /* "I cannot decrypt your messages; please start again" */
} seal_msg_type;

typedef enum {
	SEAL_TEXT_PLAIN = 0,    /* no Seal content */
	SEAL_TEXT_MESSAGE = 1,  /* contains a whole armored message */
	SEAL_TEXT_FRAGMENT = 2, /* contains a fragment */
	SEAL_TEXT_QUERY = 3,    /* contains a query line */
} seal_text_kind;

/* What a received text holds (HTML should be stripped/unescaped first). */
seal_text_kind seal_wire_classify(const char *text, size_t len);

/* Armor a binary message (1..SEAL_WIRE_MAX_MESSAGE bytes): NUL-terminated
 * "?SEAL1:...." in out (out->len excludes the NUL). */
int seal_wire_encode(const uint8_t *msg, size_t len, seal_buf *out);
/* Find and decode the armored message in text. */
int seal_wire_decode(const char *text, size_t len, seal_buf *out);

/* Whitespace tag: a fixed run of spaces and tabs ending in a tab. */
const char *seal_wire_tag(void);
/* 1 if text carries the tag, 0 if not. */
int seal_wire_has_tag(const char *text, size_t len);
/* Copy text without the tag (NUL-terminated; out->len excludes the NUL) into out. */
int seal_wire_strip_tag(const char *text, size_t len, seal_buf *out);

/* Armor msg and cut it into pieces of at most max_chars characters each
 * (max_chars == 0: no limit, one piece).  pieces[i] are NUL-terminated;
 * free with seal_wire_pieces_free.  SEAL_ERR_ARGUMENT if max_chars cannot
 * carry one base64 character per fragment (below 22); SEAL_ERR_TOO_LARGE if
 * more than SEAL_REASM_MAX_PIECES pieces would be needed. */
int seal_wire_fragment(const uint8_t *msg, size_t len, size_t max_chars,
		       char ***pieces, size_t *count);
void seal_wire_pieces_free(char **pieces, size_t count);

/* Reassembly of fragments, per contact, in any order, with bounded memory. */
#define SEAL_REASM_MAX_PIECES 64
#define SEAL_REASM_MAX_BYTES (256 * 1024)     /* per message, decoded */
#define SEAL_REASM_MAX_PENDING 8              /* incomplete messages per contact */
#define SEAL_REASM_MAX_TOTAL (4 * 1024 * 1024) /* all contacts together */
#define SEAL_REASM_EXPIRY_SECONDS 120

typedef struct seal_reassembler seal_reassembler;
int seal_reassembler_new(seal_reassembler **out);
void seal_reassembler_free(seal_reassembler *r);
/* Add the fragment in text from contact at time now (seconds).
 * Returns SEAL_MORE while incomplete, SEAL_OK with the decoded binary message
 * in out when the last piece arrived, or a negative error (duplicates of a
 * piece already held are ignored and return SEAL_MORE). */
int seal_reassembler_add(seal_reassembler *r, const char *contact, const char *text,
			 size_t len, int64_t now, seal_buf *out);
/* Drop incomplete messages older than SEAL_REASM_EXPIRY_SECONDS; returns how many. */
int seal_reassembler_expire(seal_reassembler *r, int64_t now);
/* Drop everything held for contact. */
void seal_reassembler_forget(seal_reassembler *r, const char *contact);

#endif
