/* seal-bench: libotr 4.1 doing the same jobs through its public API. */
#ifndef SEAL_BENCH_OTR_H
#define SEAL_BENCH_OTR_H

#include "bench_util.h"

/* Initialise libotr (and with it libgcrypt), as pidgin-otr does. */
int bench_otr_init(void);
extern const bench_impl bench_otr_impl;

#endif
