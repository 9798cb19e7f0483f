/* seal-bench: the driver.  Every sample is taken for each implementation in
 * turn (Seal, libotr, Seal, libotr, ...), so a change of machine load during
 * the run hits both alike; each figure is the median of its samples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_driver.h"

typedef struct {
	const bench_impl *const *impls;
	void *state[BENCH_IMPLS];
	double *samples[BENCH_IMPLS];
} bench_run;

static int bench_fail(const bench_impl *impl, const char *what)
{
	fprintf(stderr, "seal-bench: %s failed during %s\n", impl->name, what);
	return -1;
}

/* Median per implementation of runs samples of one timed job. */
static int bench_sample_calls(bench_run *run, int runs, const char *what,
			      int (*job)(const bench_impl *impl, void *state, double *value, void *arg),
			      void *arg, double median[BENCH_IMPLS])
{
	int r, i;

	for (r = 0; r < runs; r++)
		for (i = 0; i < BENCH_IMPLS; i++)
			if (job(run->impls[i], run->state[i], &run->samples[i][r], arg) != 0)
				return bench_fail(run->impls[i], what);
	for (i = 0; i < BENCH_IMPLS; i++)
		median[i] = bench_median(run->samples[i], runs);
	return 0;
}

static int job_keygen(const bench_impl *impl, void *state, double *value, void *arg)
{
	(void)arg;
	return impl->keygen(state, value);
}

static int job_handshake(const bench_impl *impl, void *state, double *value, void *arg)
{
	(void)arg;
	return impl->handshake(state, value);
}

struct message_job {
	const char *text;
	size_t len;
	int alternate, count;
};

static int job_messages(const bench_impl *impl, void *state, double *value, void *arg)
{
	const struct message_job *m = arg;

	return impl->messages(state, m->text, m->len, m->alternate, m->count, value);
}

static int bench_message_figures(bench_run *run, const bench_config *cfg, bench_figures out[BENCH_IMPLS])
{
	double median[BENCH_IMPLS];
	struct message_job m;
	int s, i, rc = 0;

	for (s = 0; s < BENCH_SIZES && rc == 0; s++) {
		char *text = bench_text(bench_sizes[s], (unsigned)s);

		if (text == NULL)
			return -1;
		m.text = text;
		m.len = bench_sizes[s];
		if (s == 0)
			for (i = 0; i < BENCH_IMPLS && rc == 0; i++)
				if (run->impls[i]->wire_chars(run->state[i], text, m.len, &out[i].wire_chars_100) != 0)
					rc = bench_fail(run->impls[i], "a wire-size message");
		m.alternate = 0;
		m.count = cfg->oneway_msgs;
		if (rc == 0)
			rc = bench_sample_calls(run, cfg->rounds, "one-way messages", job_messages, &m, median);
		for (i = 0; i < BENCH_IMPLS && rc == 0; i++)
			out[i].oneway_us[s] = median[i];
		m.alternate = 1;
		m.count = cfg->alternating_msgs;
		if (rc == 0)
			rc = bench_sample_calls(run, cfg->rounds, "alternating messages", job_messages, &m, median);
		for (i = 0; i < BENCH_IMPLS && rc == 0; i++)
			out[i].alternating_us[s] = median[i];
		free(text);
	}
	return rc;
}

static int bench_all_figures(bench_run *run, const bench_config *cfg, bench_figures out[BENCH_IMPLS])
{
	double median[BENCH_IMPLS];
	int i, rc;

	rc = bench_sample_calls(run, cfg->keygen_runs, "identity key generation", job_keygen, NULL, median);
	for (i = 0; i < BENCH_IMPLS && rc == 0; i++)
		out[i].keygen_ms = median[i];
	if (rc == 0)
		rc = bench_sample_calls(run, cfg->handshake_runs, "handshakes", job_handshake, NULL, median);
	for (i = 0; i < BENCH_IMPLS && rc == 0; i++)
		out[i].handshake_ms = median[i];
	if (rc == 0)
		rc = bench_message_figures(run, cfg, out);
	return rc;
}

int bench_run_all(const bench_config *cfg, const bench_impl *const impls[BENCH_IMPLS],
		  bench_figures out[BENCH_IMPLS])
{
	bench_run run;
	int i, rc = 0, most = cfg->keygen_runs;

	if (cfg->handshake_runs > most)
		most = cfg->handshake_runs;
	if (cfg->rounds > most)
		most = cfg->rounds;
	memset(&run, 0, sizeof run);
	memset(out, 0, BENCH_IMPLS * sizeof *out);
	run.impls = impls;
	for (i = 0; i < BENCH_IMPLS && rc == 0; i++) {
		run.samples[i] = calloc((size_t)most, sizeof(double));
		if (run.samples[i] == NULL)
			rc = -1;
		else if (impls[i]->open(&run.state[i]) != 0)
			rc = bench_fail(impls[i], "setup");
	}
	if (rc == 0)
		rc = bench_all_figures(&run, cfg, out);
	for (i = 0; i < BENCH_IMPLS; i++) {
		impls[i]->close(run.state[i]);
		free(run.samples[i]);
	}
	return rc;
}
