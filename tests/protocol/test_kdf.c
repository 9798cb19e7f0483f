/* Protocol: the ratchet's chain step is exactly HMAC-SHA256(ck, 0x01) for
 * the message key and HMAC-SHA256(ck, 0x02) for the next chain key, checked
 * against the primitives' HMAC and a value computed independently. */
#include <string.h>
#include "crypto/primitives.h"
#include "crypto/ratchet.h"
#include "tests/protocol/harness.h"

int main(void)
{
	uint8_t chain[32], copy[32], mk[32], want_mk[32], want_next[32];
	static const uint8_t one = 0x01, two = 0x02;
	int round, i;

	test_rng_seed_from_env();
	CHECK_OK(seal_crypto_init());
	for (round = 0; round < 200; round++) {
		for (i = 0; i < 32; i++)
			chain[i] = (uint8_t)test_rng_next();
		if (round == 0)
			memset(chain, 0, sizeof(chain));
		memcpy(copy, chain, sizeof(copy));
		CHECK_OK(seal_hmac_sha256(want_mk, copy, 32, &one, 1));
		CHECK_OK(seal_hmac_sha256(want_next, copy, 32, &two, 1));
		CHECK_OK(seal_ratchet_chain_step(chain, mk));
		CHECK(memcmp(mk, want_mk, 32) == 0);
		CHECK(memcmp(chain, want_next, 32) == 0);
		CHECK(memcmp(mk, chain, 32) != 0);
	}
	/* One fixed answer pins the chain step down independently of the
	 * primitives: HMAC-SHA256(key = 32 x 0x0b, 0x01), from Python's hmac. */
	memset(chain, 0x0b, sizeof(chain));
	CHECK_OK(seal_ratchet_chain_step(chain, mk));
	{
		static const uint8_t expect_mk[32] = {
#include "tests/protocol/kdf_vector.inc"
		};
		CHECK(memcmp(mk, expect_mk, 32) == 0);
	}
	printf("ok\n");
	return 0;
}
