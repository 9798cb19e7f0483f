/* Seal crypto library: cryptographic primitives over libgcrypt 1.10.
 *
 * Every secret that passes through here is copied only into libgcrypt secure
 * memory, and every temporary is wiped before returning, on all paths. */
#include <gcrypt.h>
#include <stdatomic.h>
#include <string.h>

#include "crypto/error.h"
#include "crypto/primitives.h"

#define SEAL_GCRYPT_MIN_VERSION "1.10.0"
/* The locked pool libgcrypt starts with, and the size of each further pool
 * it adds when that one is full (GCRYCTL_AUTO_EXPAND_SECMEM).  A session
 * takes up to ~68 KB with its skipped keys, so a fixed pool would run out
 * with a few hundred contacts.  Added pools are not locked into RAM. */
#define SEAL_SECMEM_SIZE (1024 * 1024)
#define SEAL_SECMEM_GROWTH (1024 * 1024)
#define SEAL_HKDF_MAX_LEN (255 * SEAL_SHA256_LEN)

struct seal_crypto_ctx {
	gcry_cipher_hd_t aead; /* ChaCha20-Poly1305, key set per call */
	gcry_mac_hd_t hmac;    /* HMAC-SHA256, key set per call */
};

/* ------------------------------------------------------------------ */
/* Initialisation, wiping, comparison (random bytes: random.c)        */
/* ------------------------------------------------------------------ */

/* Set once libgcrypt is known to be initialised: later calls (one per
 * message from the payload encoder) then skip the version check. */
static atomic_int seal_crypto_ready;

int seal_crypto_init(void)
{
	if (atomic_load_explicit(&seal_crypto_ready, memory_order_acquire))
		return SEAL_OK;
	if (gcry_check_version(SEAL_GCRYPT_MIN_VERSION) == NULL)
		return SEAL_ERR_INIT;
	if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P)) {
		/* the host, another plugin or an earlier call did it */
		atomic_store_explicit(&seal_crypto_ready, 1, memory_order_release);
		return SEAL_OK;
	}
	/* Secure memory that cannot be locked (no CAP_IPC_LOCK, low RLIMIT_MEMLOCK)
	 * still works; only the warning is suppressed.  Growth must be enabled
	 * before the pool is created.  When it cannot grow (the host set up
	 * libgcrypt, or the system is out of memory) a secure allocation fails
	 * with SEAL_ERR_NOMEM. */
	gcry_control(GCRYCTL_SUSPEND_SECMEM_WARN);
	gcry_control(GCRYCTL_AUTO_EXPAND_SECMEM, (unsigned int)SEAL_SECMEM_GROWTH);
	gcry_control(GCRYCTL_INIT_SECMEM, SEAL_SECMEM_SIZE, 0);
	gcry_control(GCRYCTL_RESUME_SECMEM_WARN);
	if (gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0) != 0)
		return SEAL_ERR_INIT;
	atomic_store_explicit(&seal_crypto_ready, 1, memory_order_release);
	return SEAL_OK;
}

void seal_wipe(void *p, size_t len)
{
	if (p != NULL && len != 0)
		explicit_bzero(p, len);
}

int seal_ct_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
	volatile uint8_t diff = 0;
	size_t i;

	for (i = 0; i < len; i++)
		diff |= a[i] ^ b[i];
	/* 1 when diff == 0, else 0, without a data-dependent branch. */
	return (int)(1 & ((((unsigned)diff) - 1) >> 8));
}

/* 1 if all len bytes are zero, computed without a data-dependent branch. */
static int seal_ct_is_zero(const uint8_t *p, size_t len)
{
	volatile uint8_t acc = 0;
	size_t i;

	for (i = 0; i < len; i++)
		acc |= p[i];
	return (int)(1 & ((((unsigned)acc) - 1) >> 8));
}

/* ------------------------------------------------------------------ */
/* X25519 (RFC 7748)                                                  */
/* ------------------------------------------------------------------ */

static void seal_x25519_clamp(uint8_t k[SEAL_X25519_LEN])
{
	k[0] &= 248;
	k[31] &= 127;
	k[31] |= 64;
}

int seal_x25519(uint8_t out[SEAL_X25519_LEN], const uint8_t scalar[SEAL_X25519_LEN],
		const uint8_t point[SEAL_X25519_LEN])
{
	uint8_t *k;
	uint8_t u[SEAL_X25519_LEN];
	gpg_error_t gerr;
	int rc = SEAL_OK;

	if (out == NULL || scalar == NULL || point == NULL)
		return SEAL_ERR_ARGUMENT;
	k = gcry_malloc_secure(SEAL_X25519_LEN);
	if (k == NULL)
		return SEAL_ERR_NOMEM;
	/* RFC 7748 §5: decodeScalar25519 clamps, decodeUCoordinate masks bit 255.
	 * Done here so the result never depends on what libgcrypt does. */
	memcpy(k, scalar, SEAL_X25519_LEN);
	seal_x25519_clamp(k);
	memcpy(u, point, SEAL_X25519_LEN);
	u[31] &= 127;

	gerr = gcry_ecc_mul_point(GCRY_ECC_CURVE25519, out, k, u);
	if (gerr != 0) {
		seal_wipe(out, SEAL_X25519_LEN);
		rc = SEAL_ERR_CRYPTO;
	} else if (seal_ct_is_zero(out, SEAL_X25519_LEN)) {
		rc = SEAL_ERR_LOW_ORDER;
	}
	seal_wipe(k, SEAL_X25519_LEN);
	gcry_free(k);
	return rc;
}

int seal_x25519_public(uint8_t pub[SEAL_X25519_LEN], const uint8_t secret[SEAL_X25519_LEN])
{
	static const uint8_t base_point[SEAL_X25519_LEN] = { 9 };

	return seal_x25519(pub, secret, base_point);
}

int seal_x25519_keypair(uint8_t secret[SEAL_X25519_LEN], uint8_t pub[SEAL_X25519_LEN])
{
	int rc;

	if (secret == NULL || pub == NULL)
		return SEAL_ERR_ARGUMENT;
	rc = seal_random(secret, SEAL_X25519_LEN);
	if (rc == SEAL_OK) {
		seal_x25519_clamp(secret);
		rc = seal_x25519_public(pub, secret);
	}
	if (rc != SEAL_OK)
		seal_wipe(secret, SEAL_X25519_LEN);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Ed25519 (RFC 8032, pure)                                           */
/* ------------------------------------------------------------------ */

static int seal_map_gcry_alloc_error(gpg_error_t gerr)
{
	return gpg_err_code(gerr) == GPG_ERR_ENOMEM ? SEAL_ERR_NOMEM : SEAL_ERR_CRYPTO;
}

/* Builds the secret-key S-expression.  The seed is copied to secure memory
 * first so libgcrypt allocates the S-expression in secure memory too.  pub may
 * be NULL (then libgcrypt derives the point itself, which is slower). */
static int seal_ed25519_secret_sexp(gcry_sexp_t *key, const uint8_t seed[SEAL_ED25519_SEED_LEN],
				    const uint8_t *pub)
{
	uint8_t *d;
	gpg_error_t gerr;

	d = gcry_malloc_secure(SEAL_ED25519_SEED_LEN);
	if (d == NULL)
		return SEAL_ERR_NOMEM;
	memcpy(d, seed, SEAL_ED25519_SEED_LEN);
	if (pub != NULL)
		gerr = gcry_sexp_build(key, NULL,
				       "(private-key(ecc(curve Ed25519)(flags eddsa)(q %b)(d %b)))",
				       SEAL_ED25519_PUB_LEN, pub, SEAL_ED25519_SEED_LEN, d);
	else
		gerr = gcry_sexp_build(key, NULL, "(private-key(ecc(curve Ed25519)(flags eddsa)(d %b)))",
				       SEAL_ED25519_SEED_LEN, d);
	seal_wipe(d, SEAL_ED25519_SEED_LEN);
	gcry_free(d);
	return gerr != 0 ? seal_map_gcry_alloc_error(gerr) : SEAL_OK;
}

/* Copies an opaque or plain MPI into exactly len bytes. */
static int seal_mpi_to_fixed(uint8_t *dst, size_t len, gcry_mpi_t m)
{
	unsigned int nbits = 0;
	const void *raw;

	if (m == NULL)
		return SEAL_ERR_CRYPTO;
	if (gcry_mpi_get_flag(m, GCRYMPI_FLAG_OPAQUE)) {
		raw = gcry_mpi_get_opaque(m, &nbits);
		if (raw == NULL || (nbits + 7) / 8 != len)
			return SEAL_ERR_CRYPTO;
		memcpy(dst, raw, len);
		return SEAL_OK;
	}
	return SEAL_ERR_CRYPTO;
}

int seal_ed25519_public(uint8_t pub[SEAL_ED25519_PUB_LEN], const uint8_t seed[SEAL_ED25519_SEED_LEN])
{
	gcry_sexp_t key = NULL;
	gcry_ctx_t ec = NULL;
	gcry_mpi_t q = NULL;
	int rc;

	if (pub == NULL || seed == NULL)
		return SEAL_ERR_ARGUMENT;
	rc = seal_ed25519_secret_sexp(&key, seed, NULL);
	if (rc != SEAL_OK)
		return rc;
	if (gcry_mpi_ec_new(&ec, key, NULL) != 0) {
		rc = SEAL_ERR_CRYPTO;
		goto out;
	}
	/* "q@eddsa" makes libgcrypt compute Q = [s]B from d and return it in the
	 * RFC 8032 encoding (32 bytes, little endian, sign bit of x on top). */
	q = gcry_mpi_ec_get_mpi("q@eddsa", ec, 1);
	rc = seal_mpi_to_fixed(pub, SEAL_ED25519_PUB_LEN, q);
out:
	gcry_mpi_release(q);
	gcry_ctx_release(ec);
	gcry_sexp_release(key);
	return rc;
}

/* libgcrypt 1.10.1 aborts the whole process ("mulm_25519: different sizes")
 * when it verifies against a public point whose x or y coordinate is below
 * 2^192 (fewer than four 64-bit limbs): the identity, the points of order 2
 * and 4, and many points of large order an attacker can pick.  So a peer's
 * key is decoded here first (RFC 8032 §5.1.3, with libgcrypt's generic MPI
 * arithmetic, which has no such limit) and refused when either coordinate is
 * that short, or when the encoding is not canonical or not on the curve.  An
 * honestly generated key is refused with probability about 2^-62. */
#define SEAL_ED25519_D_HEX "52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3"
#define SEAL_ED25519_SQRT_M1_HEX "2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0"
#define SEAL_ED25519_MIN_COORD_BITS 193

struct seal_field {
	gcry_mpi_t p, d, sqrt_m1, exp; /* exp = (p - 5) / 8 */
};

static void seal_field_release(struct seal_field *f)
{
	gcry_mpi_release(f->p);
	gcry_mpi_release(f->d);
	gcry_mpi_release(f->sqrt_m1);
	gcry_mpi_release(f->exp);
}

static int seal_field_init(struct seal_field *f)
{
	memset(f, 0, sizeof *f);
	f->p = gcry_mpi_set_ui(NULL, 1);
	f->exp = gcry_mpi_new(256);
	if (f->p == NULL || f->exp == NULL ||
	    gcry_mpi_scan(&f->d, GCRYMPI_FMT_HEX, SEAL_ED25519_D_HEX, 0, NULL) != 0 ||
	    gcry_mpi_scan(&f->sqrt_m1, GCRYMPI_FMT_HEX, SEAL_ED25519_SQRT_M1_HEX, 0, NULL) != 0) {
		seal_field_release(f);
		return SEAL_ERR_NOMEM;
	}
	gcry_mpi_mul_2exp(f->p, f->p, 255);
	gcry_mpi_sub_ui(f->p, f->p, 19);
	gcry_mpi_sub_ui(f->exp, f->p, 5);
	gcry_mpi_rshift(f->exp, f->exp, 3);
	return SEAL_OK;
}

/* x from y per RFC 8032 §5.1.3 steps 2-4; returns NULL if y is not on the curve. */
static gcry_mpi_t seal_ed25519_recover_x(const struct seal_field *f, gcry_mpi_t y)
{
	gcry_mpi_t u = gcry_mpi_new(256), v = gcry_mpi_new(256), t = gcry_mpi_new(256);
	gcry_mpi_t x = gcry_mpi_new(256), one = gcry_mpi_set_ui(NULL, 1);
	int on_curve = 0;

	gcry_mpi_mulm(t, y, y, f->p);         /* t = y^2 */
	gcry_mpi_subm(u, t, one, f->p);       /* u = y^2 - 1 */
	gcry_mpi_mulm(v, t, f->d, f->p);
	gcry_mpi_addm(v, v, one, f->p);       /* v = d y^2 + 1 */
	gcry_mpi_mulm(t, v, v, f->p);
	gcry_mpi_mulm(t, t, v, f->p);         /* t = v^3 */
	gcry_mpi_mulm(x, t, t, f->p);
	gcry_mpi_mulm(x, x, v, f->p);
	gcry_mpi_mulm(x, x, u, f->p);         /* x = u v^7 */
	gcry_mpi_powm(x, x, f->exp, f->p);
	gcry_mpi_mulm(x, x, t, f->p);
	gcry_mpi_mulm(x, x, u, f->p);         /* x = u v^3 (u v^7)^((p-5)/8) */
	gcry_mpi_mulm(t, x, x, f->p);
	gcry_mpi_mulm(t, t, v, f->p);         /* t = v x^2 */
	if (gcry_mpi_cmp(t, u) == 0) {
		on_curve = 1;
	} else {
		gcry_mpi_addm(t, t, u, f->p);
		if (gcry_mpi_cmp_ui(t, 0) == 0) { /* v x^2 = -u */
			gcry_mpi_mulm(x, x, f->sqrt_m1, f->p);
			on_curve = 1;
		}
	}
	gcry_mpi_release(u);
	gcry_mpi_release(v);
	gcry_mpi_release(t);
	gcry_mpi_release(one);
	if (!on_curve) {
		gcry_mpi_release(x);
		return NULL;
	}
	return x;
}

/* SEAL_OK if libgcrypt can safely verify against pub, else SEAL_ERR_AUTH. */
static int seal_ed25519_check_public(const uint8_t pub[SEAL_ED25519_PUB_LEN])
{
	uint8_t be[SEAL_ED25519_PUB_LEN];
	unsigned int sign = pub[31] >> 7;
	int rc = SEAL_ERR_AUTH, i;
	struct seal_field f;
	gcry_mpi_t y = NULL, x = NULL;

	for (i = 0; i < SEAL_ED25519_PUB_LEN; i++)
		be[i] = pub[SEAL_ED25519_PUB_LEN - 1 - i];
	be[0] &= 0x7f;
	if (seal_field_init(&f) != SEAL_OK)
		return SEAL_ERR_NOMEM;
	if (gcry_mpi_scan(&y, GCRYMPI_FMT_USG, be, sizeof be, NULL) != 0) {
		rc = SEAL_ERR_NOMEM;
		goto out;
	}
	if (gcry_mpi_cmp(y, f.p) >= 0 || gcry_mpi_get_nbits(y) < SEAL_ED25519_MIN_COORD_BITS)
		goto out;
	x = seal_ed25519_recover_x(&f, y);
	if (x == NULL || (gcry_mpi_cmp_ui(x, 0) == 0 && sign))
		goto out;
	if (gcry_mpi_test_bit(x, 0) != (int)sign)
		gcry_mpi_sub(x, f.p, x);
	if (gcry_mpi_get_nbits(x) >= SEAL_ED25519_MIN_COORD_BITS)
		rc = SEAL_OK;
out:
	gcry_mpi_release(x);
	gcry_mpi_release(y);
	seal_field_release(&f);
	return rc;
}

/* Extracts the 32-byte value of token name ("r" or "s") from a sig-val. */
static int seal_ed25519_sig_part(uint8_t *dst, gcry_sexp_t sig, const char *name)
{
	gcry_sexp_t part;
	const char *data;
	size_t len = 0;
	int rc = SEAL_ERR_CRYPTO;

	part = gcry_sexp_find_token(sig, name, 0);
	if (part == NULL)
		return SEAL_ERR_CRYPTO;
	data = gcry_sexp_nth_data(part, 1, &len);
	if (data != NULL && len == SEAL_ED25519_SIG_LEN / 2) {
		memcpy(dst, data, len);
		rc = SEAL_OK;
	}
	gcry_sexp_release(part);
	return rc;
}

static int seal_ed25519_data_sexp(gcry_sexp_t *data, const uint8_t *msg, size_t msg_len)
{
	gpg_error_t gerr;
	static const uint8_t empty = 0;

	gerr = gcry_sexp_build(data, NULL, "(data(flags eddsa)(hash-algo sha512)(value %b))",
			       (int)msg_len, msg_len ? msg : &empty);
	return gerr != 0 ? seal_map_gcry_alloc_error(gerr) : SEAL_OK;
}

int seal_ed25519_sign(uint8_t sig[SEAL_ED25519_SIG_LEN], const uint8_t seed[SEAL_ED25519_SEED_LEN],
		      const uint8_t pub[SEAL_ED25519_PUB_LEN], const uint8_t *msg, size_t msg_len)
{
	gcry_sexp_t key = NULL, data = NULL, sigval = NULL;
	int rc;

	if (sig == NULL || seed == NULL || pub == NULL || (msg == NULL && msg_len != 0))
		return SEAL_ERR_ARGUMENT;
	if (msg_len > 0x7fffffff)
		return SEAL_ERR_TOO_LARGE;
	rc = seal_ed25519_secret_sexp(&key, seed, pub);
	if (rc == SEAL_OK)
		rc = seal_ed25519_data_sexp(&data, msg, msg_len);
	if (rc == SEAL_OK && gcry_pk_sign(&sigval, data, key) != 0)
		rc = SEAL_ERR_CRYPTO;
	if (rc == SEAL_OK)
		rc = seal_ed25519_sig_part(sig, sigval, "r");
	if (rc == SEAL_OK)
		rc = seal_ed25519_sig_part(sig + SEAL_ED25519_SIG_LEN / 2, sigval, "s");
	if (rc != SEAL_OK)
		seal_wipe(sig, SEAL_ED25519_SIG_LEN);
	gcry_sexp_release(sigval);
	gcry_sexp_release(data);
	gcry_sexp_release(key);
	return rc;
}

int seal_ed25519_verify(const uint8_t sig[SEAL_ED25519_SIG_LEN], const uint8_t pub[SEAL_ED25519_PUB_LEN],
			const uint8_t *msg, size_t msg_len)
{
	gcry_sexp_t key = NULL, data = NULL, sigval = NULL;
	gpg_error_t gerr;
	int rc;

	if (sig == NULL || pub == NULL || (msg == NULL && msg_len != 0))
		return SEAL_ERR_ARGUMENT;
	if (msg_len > 0x7fffffff)
		return SEAL_ERR_TOO_LARGE;
	rc = seal_ed25519_check_public(pub);
	if (rc != SEAL_OK)
		return rc;
	gerr = gcry_sexp_build(&key, NULL, "(public-key(ecc(curve Ed25519)(flags eddsa)(q %b)))",
			       SEAL_ED25519_PUB_LEN, pub);
	if (gerr == 0)
		gerr = gcry_sexp_build(&sigval, NULL, "(sig-val(eddsa(r %b)(s %b)))", SEAL_ED25519_SIG_LEN / 2,
				       sig, SEAL_ED25519_SIG_LEN / 2, sig + SEAL_ED25519_SIG_LEN / 2);
	rc = gerr != 0 ? seal_map_gcry_alloc_error(gerr) : SEAL_OK;
	if (rc == SEAL_OK)
		rc = seal_ed25519_data_sexp(&data, msg, msg_len);
	/* Any verification failure (bad signature, point not on the curve,
	 * non-canonical encoding) means the signature is not valid. */
	if (rc == SEAL_OK && gcry_pk_verify(sigval, data, key) != 0)
		rc = SEAL_ERR_AUTH;
	gcry_sexp_release(sigval);
	gcry_sexp_release(data);
	gcry_sexp_release(key);
	return rc;
}

/* ------------------------------------------------------------------ */
/* SHA-256, HMAC-SHA256, HKDF-SHA256                                  */
/* ------------------------------------------------------------------ */

int seal_sha256(uint8_t out[SEAL_SHA256_LEN], const uint8_t *msg, size_t len)
{
	if (out == NULL || (msg == NULL && len != 0))
		return SEAL_ERR_ARGUMENT;
	gcry_md_hash_buffer(GCRY_MD_SHA256, out, len ? (const void *)msg : (const void *)"", len);
	return SEAL_OK;
}

static int seal_hmac_open(gcry_mac_hd_t *hd)
{
	gpg_error_t gerr = gcry_mac_open(hd, GCRY_MAC_HMAC_SHA256, GCRY_MAC_FLAG_SECURE, NULL);

	return gerr != 0 ? seal_map_gcry_alloc_error(gerr) : SEAL_OK;
}

/* Keys the handle and leaves it ready for data.  HMAC keys may be of any
 * length, but libgcrypt refuses an empty one: RFC 2104 pads any key with
 * zeros to the block size, so one zero byte is the same key as no key. */
static int seal_hmac_start(gcry_mac_hd_t hd, const uint8_t *key, size_t key_len)
{
	static const uint8_t zero_key[1] = { 0 };

	if (key_len == 0) {
		key = zero_key;
		key_len = sizeof zero_key;
	}
	if (gcry_mac_setkey(hd, key, key_len) != 0 || gcry_mac_reset(hd) != 0)
		return SEAL_ERR_CRYPTO;
	return SEAL_OK;
}

static int seal_hmac_write(gcry_mac_hd_t hd, const uint8_t *data, size_t len)
{
	if (len != 0 && gcry_mac_write(hd, data, len) != 0)
		return SEAL_ERR_CRYPTO;
	return SEAL_OK;
}

static int seal_hmac_finish(gcry_mac_hd_t hd, uint8_t out[SEAL_SHA256_LEN])
{
	size_t out_len = SEAL_SHA256_LEN;

	if (gcry_mac_read(hd, out, &out_len) != 0 || out_len != SEAL_SHA256_LEN) {
		seal_wipe(out, SEAL_SHA256_LEN);
		return SEAL_ERR_CRYPTO;
	}
	return SEAL_OK;
}

static int seal_hmac_on(gcry_mac_hd_t hd, uint8_t out[SEAL_SHA256_LEN], const uint8_t *key,
			size_t key_len, const uint8_t *msg, size_t len)
{
	int rc = seal_hmac_start(hd, key, key_len);

	if (rc == SEAL_OK)
		rc = seal_hmac_write(hd, msg, len);
	if (rc == SEAL_OK)
		rc = seal_hmac_finish(hd, out);
	return rc;
}

int seal_hmac_sha256(uint8_t out[SEAL_SHA256_LEN], const uint8_t *key, size_t key_len,
		     const uint8_t *msg, size_t len)
{
	gcry_mac_hd_t hd;
	int rc;

	if (out == NULL || (key == NULL && key_len != 0) || (msg == NULL && len != 0))
		return SEAL_ERR_ARGUMENT;
	rc = seal_hmac_open(&hd);
	if (rc != SEAL_OK)
		return rc;
	rc = seal_hmac_on(hd, out, key, key_len, msg, len);
	gcry_mac_close(hd);
	return rc;
}

/* RFC 5869 §2.3: T(i) = HMAC(PRK, T(i-1) | info | i), OKM = T(1) | T(2) | ... */
static int seal_hkdf_expand(gcry_mac_hd_t hd, uint8_t *out, size_t out_len, const uint8_t *prk,
			    const uint8_t *info, size_t info_len, uint8_t *block)
{
	size_t done = 0, take;
	uint8_t counter = 0;
	int rc = SEAL_OK;

	while (rc == SEAL_OK && done < out_len) {
		counter++;
		rc = seal_hmac_start(hd, prk, SEAL_SHA256_LEN);
		if (rc == SEAL_OK && counter > 1)
			rc = seal_hmac_write(hd, block, SEAL_SHA256_LEN);
		if (rc == SEAL_OK)
			rc = seal_hmac_write(hd, info, info_len);
		if (rc == SEAL_OK)
			rc = seal_hmac_write(hd, &counter, 1);
		if (rc == SEAL_OK)
			rc = seal_hmac_finish(hd, block);
		if (rc == SEAL_OK) {
			take = out_len - done < SEAL_SHA256_LEN ? out_len - done : SEAL_SHA256_LEN;
			memcpy(out + done, block, take);
			done += take;
		}
	}
	return rc;
}

int seal_hkdf_sha256(uint8_t *out, size_t out_len, const uint8_t *salt, size_t salt_len,
		     const uint8_t *ikm, size_t ikm_len, const uint8_t *info, size_t info_len)
{
	static const uint8_t zero_salt[SEAL_SHA256_LEN] = { 0 };
	gcry_mac_hd_t hd;
	uint8_t *prk; /* PRK, then the running block T(i) */
	int rc;

	if ((out == NULL && out_len != 0) || (salt == NULL && salt_len != 0) ||
	    (ikm == NULL && ikm_len != 0) || (info == NULL && info_len != 0))
		return SEAL_ERR_ARGUMENT;
	if (out_len > SEAL_HKDF_MAX_LEN)
		return SEAL_ERR_TOO_LARGE;
	if (salt_len == 0) { /* RFC 5869 §2.2: HashLen zeros */
		salt = zero_salt;
		salt_len = sizeof zero_salt;
	}
	prk = gcry_malloc_secure(2 * SEAL_SHA256_LEN);
	if (prk == NULL)
		return SEAL_ERR_NOMEM;
	rc = seal_hmac_open(&hd);
	if (rc == SEAL_OK) {
		rc = seal_hmac_on(hd, prk, salt, salt_len, ikm, ikm_len);
		if (rc == SEAL_OK)
			rc = seal_hkdf_expand(hd, out, out_len, prk, info, info_len, prk + SEAL_SHA256_LEN);
		gcry_mac_close(hd);
	}
	if (rc != SEAL_OK)
		seal_wipe(out, out_len);
	seal_wipe(prk, 2 * SEAL_SHA256_LEN);
	gcry_free(prk);
	return rc;
}

/* ------------------------------------------------------------------ */
/* ChaCha20-Poly1305 (RFC 8439)                                       */
/* ------------------------------------------------------------------ */

static int seal_aead_open(gcry_cipher_hd_t *hd)
{
	gpg_error_t gerr =
		gcry_cipher_open(hd, GCRY_CIPHER_CHACHA20, GCRY_CIPHER_MODE_POLY1305, GCRY_CIPHER_SECURE);

	return gerr != 0 ? seal_map_gcry_alloc_error(gerr) : SEAL_OK;
}

/* Keys the handle, sets the nonce (which restarts Poly1305) and absorbs AD. */
static int seal_aead_start(gcry_cipher_hd_t hd, const uint8_t *key, const uint8_t *nonce,
			   const uint8_t *ad, size_t ad_len)
{
	if (gcry_cipher_setkey(hd, key, SEAL_AEAD_KEY_LEN) != 0)
		return SEAL_ERR_CRYPTO;
	if (gcry_cipher_setiv(hd, nonce, SEAL_AEAD_NONCE_LEN) != 0)
		return SEAL_ERR_CRYPTO;
	if (ad_len != 0 && gcry_cipher_authenticate(hd, ad, ad_len) != 0)
		return SEAL_ERR_CRYPTO;
	return SEAL_OK;
}

static int seal_aead_check_args(const uint8_t *out, const uint8_t *key, const uint8_t *nonce,
				const uint8_t *ad, size_t ad_len, const uint8_t *in, size_t in_len)
{
	if (out == NULL || key == NULL || nonce == NULL || (ad == NULL && ad_len != 0) ||
	    (in == NULL && in_len != 0))
		return SEAL_ERR_ARGUMENT;
	return SEAL_OK;
}

static int seal_aead_encrypt_on(gcry_cipher_hd_t hd, uint8_t *out, const uint8_t *key,
				const uint8_t *nonce, const uint8_t *ad, size_t ad_len,
				const uint8_t *in, size_t len)
{
	int rc = seal_aead_start(hd, key, nonce, ad, ad_len);

	if (rc == SEAL_OK && len != 0 && gcry_cipher_encrypt(hd, out, len, in, len) != 0)
		rc = SEAL_ERR_CRYPTO;
	if (rc == SEAL_OK && gcry_cipher_gettag(hd, out + len, SEAL_AEAD_TAG_LEN) != 0)
		rc = SEAL_ERR_CRYPTO;
	if (rc != SEAL_OK)
		seal_wipe(out, len + SEAL_AEAD_TAG_LEN);
	return rc;
}

static int seal_aead_decrypt_on(gcry_cipher_hd_t hd, uint8_t *out, const uint8_t *key,
				const uint8_t *nonce, const uint8_t *ad, size_t ad_len,
				const uint8_t *in, size_t in_len)
{
	size_t len = in_len - SEAL_AEAD_TAG_LEN;
	gpg_error_t gerr;
	int rc = seal_aead_start(hd, key, nonce, ad, ad_len);

	if (rc == SEAL_OK && len != 0 && gcry_cipher_decrypt(hd, out, len, in, len) != 0)
		rc = SEAL_ERR_CRYPTO;
	if (rc == SEAL_OK) {
		/* Constant-time comparison inside libgcrypt. */
		gerr = gcry_cipher_checktag(hd, in + len, SEAL_AEAD_TAG_LEN);
		if (gpg_err_code(gerr) == GPG_ERR_CHECKSUM)
			rc = SEAL_ERR_AUTH;
		else if (gerr != 0)
			rc = SEAL_ERR_CRYPTO;
	}
	if (rc != SEAL_OK)
		seal_wipe(out, len);
	return rc;
}

int seal_aead_encrypt(uint8_t *out, const uint8_t key[SEAL_AEAD_KEY_LEN],
		      const uint8_t nonce[SEAL_AEAD_NONCE_LEN], const uint8_t *ad, size_t ad_len,
		      const uint8_t *in, size_t len)
{
	gcry_cipher_hd_t hd;
	int rc = seal_aead_check_args(out, key, nonce, ad, ad_len, in, len);

	if (rc == SEAL_OK)
		rc = seal_aead_open(&hd);
	if (rc != SEAL_OK)
		return rc;
	rc = seal_aead_encrypt_on(hd, out, key, nonce, ad, ad_len, in, len);
	gcry_cipher_close(hd);
	return rc;
}

int seal_aead_decrypt(uint8_t *out, const uint8_t key[SEAL_AEAD_KEY_LEN],
		      const uint8_t nonce[SEAL_AEAD_NONCE_LEN], const uint8_t *ad, size_t ad_len,
		      const uint8_t *in, size_t in_len)
{
	gcry_cipher_hd_t hd;
	int rc;

	if (in_len < SEAL_AEAD_TAG_LEN)
		return in == NULL ? SEAL_ERR_ARGUMENT : SEAL_ERR_TRUNCATED;
	rc = seal_aead_check_args(out, key, nonce, ad, ad_len, in, in_len);
	if (rc == SEAL_OK)
		rc = seal_aead_open(&hd);
	if (rc != SEAL_OK)
		return rc;
	rc = seal_aead_decrypt_on(hd, out, key, nonce, ad, ad_len, in, in_len);
	gcry_cipher_close(hd);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Reusable context                                                   */
/* ------------------------------------------------------------------ */

int seal_crypto_ctx_new(seal_crypto_ctx **out)
{
	seal_crypto_ctx *ctx;
	int rc;

	if (out == NULL)
		return SEAL_ERR_ARGUMENT;
	*out = NULL;
	ctx = gcry_calloc(1, sizeof *ctx);
	if (ctx == NULL)
		return SEAL_ERR_NOMEM;
	rc = seal_aead_open(&ctx->aead);
	if (rc != SEAL_OK) {
		gcry_free(ctx);
		return rc;
	}
	rc = seal_hmac_open(&ctx->hmac);
	if (rc != SEAL_OK) {
		gcry_cipher_close(ctx->aead);
		gcry_free(ctx);
		return rc;
	}
	*out = ctx;
	return SEAL_OK;
}

void seal_crypto_ctx_free(seal_crypto_ctx *ctx)
{
	if (ctx == NULL)
		return;
	gcry_cipher_close(ctx->aead); /* libgcrypt wipes the key schedule */
	gcry_mac_close(ctx->hmac);
	gcry_free(ctx);
}

int seal_ctx_hmac_sha256(seal_crypto_ctx *ctx, uint8_t out[SEAL_SHA256_LEN], const uint8_t *key,
			 size_t key_len, const uint8_t *msg, size_t len)
{
	if (ctx == NULL || out == NULL || (key == NULL && key_len != 0) || (msg == NULL && len != 0))
		return SEAL_ERR_ARGUMENT;
	return seal_hmac_on(ctx->hmac, out, key, key_len, msg, len);
}

int seal_ctx_aead_encrypt(seal_crypto_ctx *ctx, uint8_t *out, const uint8_t key[SEAL_AEAD_KEY_LEN],
			  const uint8_t nonce[SEAL_AEAD_NONCE_LEN], const uint8_t *ad, size_t ad_len,
			  const uint8_t *in, size_t len)
{
	int rc;

	if (ctx == NULL)
		return SEAL_ERR_ARGUMENT;
	rc = seal_aead_check_args(out, key, nonce, ad, ad_len, in, len);
	if (rc != SEAL_OK)
		return rc;
	return seal_aead_encrypt_on(ctx->aead, out, key, nonce, ad, ad_len, in, len);
}

int seal_ctx_aead_decrypt(seal_crypto_ctx *ctx, uint8_t *out, const uint8_t key[SEAL_AEAD_KEY_LEN],
			  const uint8_t nonce[SEAL_AEAD_NONCE_LEN], const uint8_t *ad, size_t ad_len,
			  const uint8_t *in, size_t in_len)
{
	int rc;

	if (ctx == NULL)
		return SEAL_ERR_ARGUMENT;
	if (in_len < SEAL_AEAD_TAG_LEN)
		return in == NULL ? SEAL_ERR_ARGUMENT : SEAL_ERR_TRUNCATED;
	rc = seal_aead_check_args(out, key, nonce, ad, ad_len, in, in_len);
	if (rc != SEAL_OK)
		return rc;
	return seal_aead_decrypt_on(ctx->aead, out, key, nonce, ad, ad_len, in, in_len);
}
