/* seal-bench: Seal's core doing the jobs the libotr half does. */
#ifndef SEAL_BENCH_SEAL_H
#define SEAL_BENCH_SEAL_H

#include "bench_util.h"

int bench_seal_init(void);
/* 0 on success, -1 if a step failed or a message did not round-trip. */
int bench_seal_run(const bench_config *cfg, bench_figures *out);

#endif
