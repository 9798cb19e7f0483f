/* Seal crypto library: error codes.
 *
 * Every function of the library returns 0 (SEAL_OK) on success or one of
 * these negative codes.  A few functions return a documented positive value
 * for a non-error outcome (e.g. SEAL_MORE from the fragment reassembler). */
#ifndef SEAL_CRYPTO_ERROR_H
#define SEAL_CRYPTO_ERROR_H

typedef enum {
	SEAL_OK = 0,
	SEAL_ERR_NOMEM = -1,        /* out of (secure) memory */
	SEAL_ERR_CRYPTO = -2,       /* libgcrypt reported a failure */
	SEAL_ERR_ARGUMENT = -3,     /* invalid argument from the caller */
	SEAL_ERR_MALFORMED = -4,    /* input is not well-formed */
	SEAL_ERR_VERSION = -5,      /* unsupported protocol or file version */
	SEAL_ERR_AUTH = -6,         /* authentication failed (tampered or wrong key) */
	SEAL_ERR_REPLAY = -7,       /* message was already received */
	SEAL_ERR_TOO_MANY_SKIPPED = -8, /* too many skipped messages in one chain */
	SEAL_ERR_STATE = -9,        /* message unexpected in the current state */
	SEAL_ERR_TOO_LARGE = -10,   /* input exceeds a size limit */
	SEAL_ERR_LOW_ORDER = -11,   /* peer public key is of low order */
	SEAL_ERR_IDENTITY = -12,    /* peer identity key differs from the expected one */
	SEAL_ERR_TRUNCATED = -13,   /* input ends early */
	SEAL_ERR_LIMIT = -14,       /* a resource bound was reached (fragments, ...) */
	SEAL_ERR_EXPIRED = -15,     /* an incomplete message expired */
	SEAL_ERR_IO = -16,          /* file system error */
	SEAL_ERR_INIT = -17,        /* libgcrypt missing, too old or unusable */
	SEAL_ERR_REFLECTED = -18,   /* our own handshake message came back */
} seal_err;

/* Positive, non-error results. */
#define SEAL_MORE 1 /* reassembler: fragment stored, message not complete yet */

/* A short, human-readable English description of a code (never NULL). */
const char *seal_strerror(int code);

#endif
