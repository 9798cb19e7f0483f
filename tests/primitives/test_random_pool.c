/* seal_random_nonce hands out bytes from a per-thread pool: every value is
 * handed out once, across refills, threads and fork(). */
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kat.h"

#define DRAWS 2000
#define ID_LEN 16

static int compare_ids(const void *a, const void *b)
{
	return memcmp(a, b, ID_LEN);
}

/* n ids from seal_random_nonce, then checks that no two are equal. */
static void check_distinct(uint8_t (*ids)[ID_LEN], size_t n)
{
	size_t i;

	qsort(ids, n, ID_LEN, compare_ids);
	for (i = 1; i < n; i++)
		CHECK(memcmp(ids[i - 1], ids[i], ID_LEN) != 0);
}

static void test_many_draws_distinct(void)
{
	static uint8_t ids[DRAWS][ID_LEN];
	size_t i;

	for (i = 0; i < DRAWS; i++)
		CHECK_RC(seal_random_nonce(ids[i], ID_LEN), SEAL_OK);
	check_distinct(ids, DRAWS);
}

/* Every length, small (from the pool) and large (straight from libgcrypt). */
static void test_every_length(void)
{
	uint8_t a[300], b[300];
	size_t len;

	for (len = 1; len <= sizeof a; len += (len < 70 ? 1 : 37)) {
		memset(a, 0, sizeof a);
		memset(b, 0, sizeof b);
		CHECK_RC(seal_random_nonce(a, len), SEAL_OK);
		CHECK_RC(seal_random_nonce(b, len), SEAL_OK);
		if (len >= 8)
			CHECK(memcmp(a, b, len) != 0);
		CHECK(a[len] == 0 && b[len] == 0); /* nothing written past len */
	}
}

static void *draw_thread(void *arg)
{
	uint8_t (*ids)[ID_LEN] = arg;
	size_t i;

	for (i = 0; i < DRAWS / 2; i++)
		if (seal_random_nonce(ids[i], ID_LEN) != SEAL_OK)
			memset(ids[i], 0, ID_LEN);
	return NULL;
}

static void test_threads_distinct(void)
{
	static uint8_t ids[DRAWS][ID_LEN];
	pthread_t t;

	CHECK(pthread_create(&t, NULL, draw_thread, ids) == 0);
	draw_thread(ids + DRAWS / 2);
	CHECK(pthread_join(t, NULL) == 0);
	check_distinct(ids, DRAWS);
}

/* Parent and child draw right after fork(): with a pool copied into the child
 * both would hand out the same bytes. */
static void test_fork_distinct(void)
{
	uint8_t first[ID_LEN], parent[ID_LEN], child[ID_LEN];
	int fds[2];
	pid_t pid;
	int status = 0;

	CHECK_RC(seal_random_nonce(first, ID_LEN), SEAL_OK); /* the pool is full now */
	CHECK(pipe(fds) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int ok = seal_random_nonce(child, ID_LEN) == SEAL_OK &&
			 write(fds[1], child, ID_LEN) == ID_LEN;
		_exit(ok ? 0 : 1);
	}
	CHECK_RC(seal_random_nonce(parent, ID_LEN), SEAL_OK);
	CHECK(read(fds[0], child, ID_LEN) == ID_LEN);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(memcmp(parent, child, ID_LEN) != 0);
	CHECK(memcmp(first, child, ID_LEN) != 0);
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	if (seal_crypto_init() != SEAL_OK) {
		fprintf(stderr, "seal_crypto_init failed\n");
		return 1;
	}
	test_many_draws_distinct();
	test_every_length();
	test_threads_distinct();
	test_fork_distinct();
	if (kat_failures != 0) {
		fprintf(stderr, "random_pool: %d check(s) failed\n", kat_failures);
		return 1;
	}
	printf("random_pool: all checks passed\n");
	return 0;
}
