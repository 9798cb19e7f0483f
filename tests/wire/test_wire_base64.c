/* The base64 layer under the armor: round trips at every length, and the
 * strict decoder rejects a bad character or a misplaced '=' at every
 * position, including the groups it decodes without a per-character branch. */
#include "crypto/base64.h"
#include "tests/wire/wire_test.h"

#define MAX_BYTES 48

static void test_round_trip_every_length(void)
{
	uint8_t msg[MAX_BYTES], back[MAX_BYTES];
	char text[MAX_BYTES / 3 * 4 + 4];
	size_t n;

	for (n = 0; n <= MAX_BYTES; n++) {
		size_t chars = seal_base64_encoded_len(n), decoded = 0;

		test_fill(msg, n);
		seal_base64_encode(msg, n, text);
		CHECK_RC(seal_base64_decoded_len(text, chars, &decoded), SEAL_OK);
		CHECK(decoded == n);
		CHECK_RC(seal_base64_decode(text, chars, back), SEAL_OK);
		CHECK(memcmp(back, msg, n) == 0);
	}
}

/* Every byte value outside the alphabet, at every position of a 45-byte
 * message (60 characters, no padding), is refused. */
static void test_bad_character_everywhere(void)
{
	uint8_t msg[45], back[45];
	char text[60], copy[60];
	size_t pos;
	int c;

	test_fill(msg, sizeof msg);
	seal_base64_encode(msg, sizeof msg, text);
	for (pos = 0; pos < sizeof text; pos++) {
		for (c = 0; c < 256; c++) {
			if (seal_base64_value((unsigned char)c) >= 0)
				continue;
			memcpy(copy, text, sizeof text);
			copy[pos] = (char)c;
			if (c == '=' && pos >= sizeof text - 2)
				continue; /* may be valid padding; checked below */
			CHECK_RC(seal_base64_decode(copy, sizeof copy, back), SEAL_ERR_MALFORMED);
		}
	}
}

static void test_padding_only_at_the_end(void)
{
	uint8_t back[8];

	CHECK_RC(seal_base64_decode("QQ==QUFB", 8, back), SEAL_ERR_MALFORMED);
	CHECK_RC(seal_base64_decode("QUE=QUFB", 8, back), SEAL_ERR_MALFORMED);
	CHECK_RC(seal_base64_decode("QUFBQQ==", 8, back), SEAL_OK);
	CHECK(memcmp(back, "AAAA", 4) == 0);
	CHECK_RC(seal_base64_decode("QUFBQR==", 8, back), SEAL_ERR_MALFORMED); /* unused bits */
	CHECK_RC(seal_base64_decode("QUFBQUE=", 8, back), SEAL_OK);
	CHECK(memcmp(back, "AAAAA", 5) == 0);
	CHECK_RC(seal_base64_decode("QUFBQUF=", 8, back), SEAL_ERR_MALFORMED);
	CHECK_RC(seal_base64_decode("QUFB=UFB", 8, back), SEAL_ERR_MALFORMED);
	CHECK_RC(seal_base64_decode("QUFBQUF", 7, back), SEAL_ERR_MALFORMED);
	CHECK_RC(seal_base64_decode("", 0, back), SEAL_OK);
}

int main(void)
{
	test_init();
	test_round_trip_every_length();
	test_bad_character_everywhere();
	test_padding_only_at_the_end();
	return test_finish("wire_base64");
}
