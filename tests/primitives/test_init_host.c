/* Seal tests: seal_crypto_init when the host (or another plugin such as
 * pidgin-otr) has already initialised libgcrypt: it must accept that state,
 * change nothing, and everything must work. */
#include <gcrypt.h>

#include "kat.h"

int main(void)
{
	uint8_t key[32] = { 1 }, nonce[12] = { 2 }, sealed[16 + 5], back[5];

	/* What a host does first: its own version check and initialisation,
	 * without secure memory. */
	if (gcry_check_version(NULL) == NULL)
		return 1;
	gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	CHECK(gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P) != 0);

	CHECK_RC(seal_crypto_init(), SEAL_OK);
	CHECK_RC(seal_crypto_init(), SEAL_OK);
	CHECK_RC(seal_aead_encrypt(sealed, key, nonce, NULL, 0, (const uint8_t *)"hello", 5), SEAL_OK);
	CHECK_RC(seal_aead_decrypt(back, key, nonce, NULL, 0, sealed, sizeof sealed), SEAL_OK);
	CHECK(memcmp(back, "hello", 5) == 0);
	return kat_finish("primitives_init_host");
}
