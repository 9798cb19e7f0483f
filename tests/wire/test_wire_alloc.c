/* Oversize input is rejected before any memory is allocated for it.
 *
 * Linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=gcry_malloc
 * so every allocation made by the statically linked seal_crypto code passes
 * through the counters below. */
#include <stddef.h>
#include "tests/wire/wire_test.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *p, size_t size);
void *__real_gcry_malloc(size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *p, size_t size);
void *__wrap_gcry_malloc(size_t size);

static size_t allocations;
static size_t largest_allocation;

static void count_allocation(size_t size)
{
	allocations++;
	if (size > largest_allocation)
		largest_allocation = size;
}

void *__wrap_malloc(size_t size)
{
	count_allocation(size);
	return __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
	count_allocation(count * size);
	return __real_calloc(count, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	count_allocation(size);
	return __real_realloc(p, size);
}

void *__wrap_gcry_malloc(size_t size)
{
	count_allocation(size);
	return __real_gcry_malloc(size);
}

static void reset_counters(void)
{
	allocations = 0;
	largest_allocation = 0;
}

/* "?SEAL1:" + body_len copies of 'A' + "." (allocated before counting). */
static char *armor_of_as(size_t body_len, size_t *len)
{
	char *text = __real_malloc(7 + body_len + 1);

	if (text == NULL)
		return NULL;
	memcpy(text, SEAL_WIRE_PREFIX, 7);
	memset(text + 7, 'A', body_len);
	text[7 + body_len] = '.';
	*len = 7 + body_len + 1;
	return text;
}

static void test_decode_oversize_allocates_nothing(void)
{
	size_t len;
	char *text = armor_of_as(8u * 1024 * 1024, &len); /* 6 MiB decoded */
	seal_buf back = SEAL_BUF_INIT;

	CHECK(text != NULL);
	if (text == NULL)
		return;
	reset_counters();
	CHECK_RC(seal_wire_decode(text, len, &back), SEAL_ERR_TOO_LARGE);
	CHECK(allocations == 0);

	/* The counters do see the decoder's allocations on valid input. */
	text[7 + 400] = '.';
	reset_counters();
	CHECK_RC(seal_wire_decode(text, 7 + 400 + 1, &back), SEAL_OK);
	CHECK(allocations >= 1 && largest_allocation >= 300);
	seal_buf_free(&back);
	free(text);
}

static void test_fragment_oversize_allocates_nothing(void)
{
	size_t body_len = 8u * 1024 * 1024;
	char *text = __real_malloc(32 + body_len + 1);
	seal_reassembler *r = NULL;
	seal_buf back = SEAL_BUF_INIT;
	int header;

	CHECK(text != NULL);
	if (text == NULL)
		return;
	CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
	header = snprintf(text, 32, "%s0badcafe|1|2|", SEAL_WIRE_FRAGMENT_PREFIX);
	memset(text + header, 'A', body_len);
	text[(size_t)header + body_len] = '.';
	reset_counters();
	CHECK_RC(seal_reassembler_add(r, "bob", text, (size_t)header + body_len + 1, 0, &back),
		 SEAL_ERR_TOO_LARGE);
	CHECK(allocations == 0);
	seal_reassembler_free(r);
	free(text);
}

static void test_encode_oversize_allocates_nothing(void)
{
	uint8_t *msg = __real_calloc(1, SEAL_WIRE_MAX_MESSAGE + 1);
	seal_buf text = SEAL_BUF_INIT;
	char **pieces = NULL;
	size_t count = 0;

	CHECK(msg != NULL);
	if (msg == NULL)
		return;
	reset_counters();
	CHECK_RC(seal_wire_encode(msg, SEAL_WIRE_MAX_MESSAGE + 1, &text), SEAL_ERR_TOO_LARGE);
	CHECK_RC(seal_wire_fragment(msg, SEAL_WIRE_MAX_MESSAGE + 1, 400, &pieces, &count),
		 SEAL_ERR_TOO_LARGE);
	CHECK(allocations == 0);
	CHECK(pieces == NULL && count == 0);
	free(msg);
}

int main(void)
{
	test_init();
	test_decode_oversize_allocates_nothing();
	test_fragment_oversize_allocates_nothing();
	test_encode_oversize_allocates_nothing();
	return test_finish("wire_alloc");
}
