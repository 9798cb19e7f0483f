/* Seal tests: seal_ct_equal has no branch or memory index that depends on
 * the bytes it compares.  Run under valgrind memcheck: the compared buffers
 * are marked undefined, so any such branch is reported as an error (the
 * approach of Monocypher's ctgrind).  Without valgrind it only checks values. */
#include <valgrind/memcheck.h>

#include "kat.h"

static int compare_secret(const uint8_t *a, const uint8_t *b, size_t len)
{
	uint8_t x[64], y[64];
	int r;

	memcpy(x, a, len);
	memcpy(y, b, len);
	VALGRIND_MAKE_MEM_UNDEFINED(x, len);
	VALGRIND_MAKE_MEM_UNDEFINED(y, len);
	r = seal_ct_equal(x, y, len);
	VALGRIND_MAKE_MEM_DEFINED(&r, sizeof r); /* the verdict itself is public */
	return r;
}

int main(void)
{
	uint8_t a[64], b[64];
	size_t i;

	if (seal_crypto_init() != SEAL_OK)
		return 1;
	CHECK_RC(seal_random(a, sizeof a), SEAL_OK);
	memcpy(b, a, sizeof a);
	CHECK(compare_secret(a, b, sizeof a) == 1);
	for (i = 0; i < sizeof a; i += 9) {
		b[i] ^= 0x40;
		CHECK(compare_secret(a, b, sizeof a) == 0);
		b[i] ^= 0x40;
	}
	return kat_finish("primitives_ct");
}
