/* seal-bench: shared configuration, figures and timing helpers. */
#ifndef SEAL_BENCH_UTIL_H
#define SEAL_BENCH_UTIL_H

#include <stddef.h>

#define BENCH_SIZES 2 /* message sizes measured: 100 bytes and 1 KiB */

typedef struct {
	int keygen_runs;      /* identity key generations timed */
	int handshake_runs;   /* handshakes timed */
	int rounds;           /* rounds per message figure (median taken) */
	int oneway_msgs;      /* messages per round, same sender */
	int alternating_msgs; /* messages per round, senders alternate */
} bench_config;

/* What one implementation achieved.  Times are medians. */
typedef struct {
	double keygen_ms;
	double handshake_ms;
	double oneway_us[BENCH_SIZES];      /* encrypt + decrypt, same sender */
	double alternating_us[BENCH_SIZES]; /* encrypt + decrypt, senders alternate */
	size_t wire_chars_100;              /* characters on the wire for a 100-byte text */
} bench_figures;

extern const size_t bench_sizes[BENCH_SIZES];

/* One implementation under test.  The driver calls these in turns, Seal then
 * libotr, so both are sampled under the same machine load.  Each returns 0,
 * or -1 on any failure (including a message that did not round-trip). */
typedef struct {
	const char *name;
	/* Keys for two parties and an established conversation (untimed). */
	int (*open)(void **state);
	void (*close)(void *state);
	/* One identity key generation; *ms receives its duration. */
	int (*keygen)(void *state, double *ms);
	/* One handshake between fresh parties until both are ready. */
	int (*handshake)(void *state, double *ms);
	/* count messages of text over the open conversation, the same sender
	 * or alternating senders; *us_per_msg receives the mean. */
	int (*messages)(void *state, const char *text, size_t len, int alternate, int count,
			double *us_per_msg);
	/* Characters on the wire for one message of text. */
	int (*wire_chars)(void *state, const char *text, size_t len, size_t *chars);
} bench_impl;

/* CPU time of the calling thread in microseconds. */
double bench_now_us(void);
/* Median of n values (reorders them). */
double bench_median(double *v, int n);
/* A printable ASCII text of exactly len bytes (NUL-terminated, caller frees). */
char *bench_text(size_t len, unsigned seed);

#endif
