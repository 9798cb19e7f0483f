/* Seal crypto library: cryptographic primitives over libgcrypt 1.10.
 *
 * X25519 (RFC 7748), Ed25519 (RFC 8032), SHA-256, HMAC-SHA256, HKDF-SHA256
 * (RFC 5869), ChaCha20-Poly1305 (RFC 8439) and strong random bytes.
 * All functions return SEAL_OK or a negative seal_err code. */
#ifndef SEAL_CRYPTO_PRIMITIVES_H
#define SEAL_CRYPTO_PRIMITIVES_H

#include <stddef.h>
#include <stdint.h>

#define SEAL_X25519_LEN 32
#define SEAL_ED25519_SEED_LEN 32
#define SEAL_ED25519_PUB_LEN 32
#define SEAL_ED25519_SIG_LEN 64
#define SEAL_SHA256_LEN 32
#define SEAL_AEAD_KEY_LEN 32
#define SEAL_AEAD_NONCE_LEN 12
#define SEAL_AEAD_TAG_LEN 16

/* Initialise libgcrypt once, only if the host has not done so already
 * (pidgin-otr or another plugin may have).  Checks the library version.
 * When Seal initialises it, secure memory starts at 1 MiB and grows as
 * needed.  Safe to call any number of times; cheap after the first. */
int seal_crypto_init(void);

/* Strong random bytes (GCRY_STRONG_RANDOM). */
int seal_random(uint8_t *out, size_t len);

/* Unpredictable bytes for values that must be unique but are not secret
 * (message ids, fragment ids, protocol nonces sent in the clear): libgcrypt's
 * nonce generator, seeded from the strong RNG, served from a small per-thread
 * pool (crypto/random.c).  Well under 0.1 µs for 16 bytes, where seal_random
 * costs ~14 µs per call.  Never use it for keys. */
int seal_random_nonce(uint8_t *out, size_t len);

/* Wipe memory so the compiler cannot elide it. */
void seal_wipe(void *p, size_t len);

/* Constant-time equality of two equal-length buffers: 1 if equal, 0 if not. */
int seal_ct_equal(const uint8_t *a, const uint8_t *b, size_t len);

/* X25519: out = X25519(scalar, point).  Fails with SEAL_ERR_LOW_ORDER when the
 * result is all zero (low-order peer point); libgcrypt does not check this. */
int seal_x25519(uint8_t out[SEAL_X25519_LEN], const uint8_t scalar[SEAL_X25519_LEN],
		const uint8_t point[SEAL_X25519_LEN]);
/* pub = X25519(secret, 9). */
int seal_x25519_public(uint8_t pub[SEAL_X25519_LEN], const uint8_t secret[SEAL_X25519_LEN]);
/* Fresh key pair from strong random bytes (secret clamped). */
int seal_x25519_keypair(uint8_t secret[SEAL_X25519_LEN], uint8_t pub[SEAL_X25519_LEN]);

/* Ed25519 (pure, RFC 8032). */
int seal_ed25519_public(uint8_t pub[SEAL_ED25519_PUB_LEN], const uint8_t seed[SEAL_ED25519_SEED_LEN]);
int seal_ed25519_sign(uint8_t sig[SEAL_ED25519_SIG_LEN], const uint8_t seed[SEAL_ED25519_SEED_LEN],
		      const uint8_t pub[SEAL_ED25519_PUB_LEN], const uint8_t *msg, size_t msg_len);
/* SEAL_OK if valid, SEAL_ERR_AUTH if not. */
int seal_ed25519_verify(const uint8_t sig[SEAL_ED25519_SIG_LEN], const uint8_t pub[SEAL_ED25519_PUB_LEN],
			const uint8_t *msg, size_t msg_len);

int seal_sha256(uint8_t out[SEAL_SHA256_LEN], const uint8_t *msg, size_t len);
int seal_hmac_sha256(uint8_t out[SEAL_SHA256_LEN], const uint8_t *key, size_t key_len,
		     const uint8_t *msg, size_t len);
/* HKDF-SHA256 (RFC 5869): extract with salt (may be NULL/0), expand to out_len (<= 255*32). */
int seal_hkdf_sha256(uint8_t *out, size_t out_len, const uint8_t *salt, size_t salt_len,
		     const uint8_t *ikm, size_t ikm_len, const uint8_t *info, size_t info_len);

/* One-shot ChaCha20-Poly1305 (RFC 8439).  out receives len bytes of ciphertext
 * followed by the 16-byte tag (out must hold len + 16).  Decrypt takes
 * ciphertext||tag (in_len >= 16), writes in_len - 16 bytes, compares the tag in
 * constant time (gcry_cipher_checktag) and returns SEAL_ERR_AUTH on mismatch;
 * then nothing of the plaintext is left in out (it is wiped).  out may be the
 * same buffer as in (in place); other overlaps are not allowed. */
int seal_aead_encrypt(uint8_t *out, const uint8_t key[SEAL_AEAD_KEY_LEN],
		      const uint8_t nonce[SEAL_AEAD_NONCE_LEN], const uint8_t *ad, size_t ad_len,
		      const uint8_t *in, size_t len);
int seal_aead_decrypt(uint8_t *out, const uint8_t key[SEAL_AEAD_KEY_LEN],
		      const uint8_t nonce[SEAL_AEAD_NONCE_LEN], const uint8_t *ad, size_t ad_len,
		      const uint8_t *in, size_t in_len);

/* Reusable handles for the per-message hot path: opening a libgcrypt cipher or
 * MAC handle costs ~7 µs, reusing one costs nothing.  A session keeps one of
 * each.  Functions as above, but on the context's handles. */
typedef struct seal_crypto_ctx seal_crypto_ctx;
int seal_crypto_ctx_new(seal_crypto_ctx **out);
void seal_crypto_ctx_free(seal_crypto_ctx *ctx);
int seal_ctx_hmac_sha256(seal_crypto_ctx *ctx, uint8_t out[SEAL_SHA256_LEN], const uint8_t *key,
			 size_t key_len, const uint8_t *msg, size_t len);
int seal_ctx_aead_encrypt(seal_crypto_ctx *ctx, uint8_t *out, const uint8_t key[SEAL_AEAD_KEY_LEN],
			  const uint8_t nonce[SEAL_AEAD_NONCE_LEN], const uint8_t *ad, size_t ad_len,
			  const uint8_t *in, size_t len);
int seal_ctx_aead_decrypt(seal_crypto_ctx *ctx, uint8_t *out, const uint8_t key[SEAL_AEAD_KEY_LEN],
			  const uint8_t nonce[SEAL_AEAD_NONCE_LEN], const uint8_t *ad, size_t ad_len,
			  const uint8_t *in, size_t in_len);

#endif
