/* seal-bench: runs implementations in turns and collects their figures. */
#ifndef SEAL_BENCH_DRIVER_H
#define SEAL_BENCH_DRIVER_H

#include "bench_util.h"

#define BENCH_IMPLS 2

/* Measures every figure for each implementation, sampling them in turns.
 * 0, or -1 (with a message on stderr naming the one that failed). */
int bench_run_all(const bench_config *cfg, const bench_impl *const impls[BENCH_IMPLS],
		  bench_figures out[BENCH_IMPLS]);

#endif
