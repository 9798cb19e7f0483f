/* seal-bench: Seal's core doing the jobs the libotr half does. */
#ifndef SEAL_BENCH_SEAL_H
#define SEAL_BENCH_SEAL_H

#include "bench_util.h"

int bench_seal_init(void);
extern const bench_impl bench_seal_impl;

#endif
