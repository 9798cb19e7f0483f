/* seal-bench: cost of each primitive under the protocols. */
#ifndef SEAL_BENCH_PRIMITIVES_H
#define SEAL_BENCH_PRIMITIVES_H

/* Prints one line per primitive (median µs per call); 0 or -1. */
int bench_primitives_print(int quick);

#endif
