/* seal-bench: timing helpers and test texts. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

const size_t bench_sizes[BENCH_SIZES] = { 100, 1024 };

double bench_now_us(void)
{
	struct timespec ts;

	/* CPU time of this thread: both libraries compute in this one thread,
	 * and other processes on a loaded machine do not inflate the figures. */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int bench_compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_median(double *v, int n)
{
	if (n <= 0)
		return 0.0;
	qsort(v, (size_t)n, sizeof *v, bench_compare_doubles);
	if (n % 2 == 1)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

char *bench_text(size_t len, unsigned seed)
{
	static const char words[] = "the quick brown fox jumps over a lazy dog while seal keeps "
				    "every word private and every record honest ";
	char *t = malloc(len + 1);
	size_t i;

	if (t == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		t[i] = words[(i + seed * 7) % (sizeof words - 1)];
	t[len] = '\0';
	return t;
}
