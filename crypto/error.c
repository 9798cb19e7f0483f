/* Seal crypto library: error strings. */
#include "crypto/error.h"

const char *seal_strerror(int code)
{
	switch (code) {
	case SEAL_OK: return "success";
	case SEAL_MORE: return "more fragments needed";
	case SEAL_ERR_NOMEM: return "out of memory";
	case SEAL_ERR_CRYPTO: return "cryptographic library failure";
	case SEAL_ERR_ARGUMENT: return "invalid argument";
	case SEAL_ERR_MALFORMED: return "malformed input";
	case SEAL_ERR_VERSION: return "unsupported version";
	case SEAL_ERR_AUTH: return "authentication failed (message altered or wrong key)";
	case SEAL_ERR_REPLAY: return "message already received (replay)";
	case SEAL_ERR_TOO_MANY_SKIPPED: return "too many missing messages";
	case SEAL_ERR_STATE: return "message not expected now";
	case SEAL_ERR_TOO_LARGE: return "input too large";
	case SEAL_ERR_LOW_ORDER: return "invalid public key (low order)";
	case SEAL_ERR_IDENTITY: return "identity key differs from the expected one";
	case SEAL_ERR_TRUNCATED: return "input truncated";
	case SEAL_ERR_LIMIT: return "resource limit reached";
	case SEAL_ERR_EXPIRED: return "incomplete message expired";
	case SEAL_ERR_IO: return "file system error";
	case SEAL_ERR_INIT: return "libgcrypt missing, too old or unusable";
	case SEAL_ERR_REFLECTED: return "own message reflected back";
	default: return "unknown error";
	}
}
