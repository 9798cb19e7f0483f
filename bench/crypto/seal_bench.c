/* seal-bench: Seal's core against libotr 4.1 on the same jobs, in one run.
 *
 * Both sides run in this process with two parties each, messages passed in
 * memory.  Prints medians for both and the Seal/libotr ratios next to the
 * project's targets.  Usage: seal-bench [--quick] */
#include <stdio.h>
#include <string.h>

#include <gcrypt.h>
#include <libotr/version.h>

#include "bench_driver.h"
#include "bench_otr.h"
#include "bench_primitives.h"
#include "bench_seal.h"
#include "bench_util.h"

static const bench_config bench_full = { 15, 15, 7, 400, 100 };
static const bench_config bench_quick = { 2, 2, 1, 6, 4 };

static int bench_targets_missed;

static void print_verdict(int met)
{
	printf("  %s\n", met ? "met" : "MISSED");
	if (!met)
		bench_targets_missed++;
}

static void print_figures(const bench_figures *seal, const bench_figures *otr)
{
	size_t s;

	printf("%-44s %12s %12s\n", "", "Seal", "libotr");
	printf("%-44s %12.3f %12.3f\n", "identity key generation, median (ms)", seal->keygen_ms,
	       otr->keygen_ms);
	printf("%-44s %12.3f %12.3f\n", "handshake to both sides ready, median (ms)", seal->handshake_ms,
	       otr->handshake_ms);
	for (s = 0; s < BENCH_SIZES; s++) {
		char label[64];

		snprintf(label, sizeof label, "one-way %zu B: encrypt+decrypt (us/msg)", bench_sizes[s]);
		printf("%-44s %12.2f %12.2f\n", label, seal->oneway_us[s], otr->oneway_us[s]);
		snprintf(label, sizeof label, "one-way %zu B (msgs/s)", bench_sizes[s]);
		printf("%-44s %12.0f %12.0f\n", label, 1e6 / seal->oneway_us[s], 1e6 / otr->oneway_us[s]);
		snprintf(label, sizeof label, "alternating %zu B: encrypt+decrypt (us/msg)", bench_sizes[s]);
		printf("%-44s %12.2f %12.2f\n", label, seal->alternating_us[s], otr->alternating_us[s]);
		snprintf(label, sizeof label, "alternating %zu B (msgs/s)", bench_sizes[s]);
		printf("%-44s %12.0f %12.0f\n", label, 1e6 / seal->alternating_us[s],
		       1e6 / otr->alternating_us[s]);
	}
	printf("%-44s %12zu %12zu   (plaintext: %zu bytes)\n", "wire characters, 100-byte message",
	       seal->wire_chars_100, otr->wire_chars_100, bench_sizes[0]);
	printf("%-44s %12zu %12zu\n", "wire overhead (characters beyond the text)",
	       seal->wire_chars_100 - bench_sizes[0], otr->wire_chars_100 - bench_sizes[0]);
}

static void print_ratios(const bench_figures *seal, const bench_figures *otr)
{
	/* Overhead: the characters a 100-byte text costs on the wire beyond itself. */
	double wire = (double)(seal->wire_chars_100 - bench_sizes[0]) /
		      (double)(otr->wire_chars_100 - bench_sizes[0]);
	size_t s;

	printf("\n%-44s %12s %16s\n", "Seal / libotr", "measured", "target");
	printf("%-44s %11.1fx %16s", "identity keygen speed-up", otr->keygen_ms / seal->keygen_ms,
	       ">= 50x");
	print_verdict(otr->keygen_ms / seal->keygen_ms >= 50.0);
	printf("%-44s %11.1fx %16s", "handshake speed-up", otr->handshake_ms / seal->handshake_ms, ">= 3x");
	print_verdict(otr->handshake_ms / seal->handshake_ms >= 3.0);
	for (s = 0; s < BENCH_SIZES; s++) {
		char label[64];
		double r = seal->oneway_us[s] / otr->oneway_us[s];

		snprintf(label, sizeof label, "one-way time ratio, %zu B", bench_sizes[s]);
		printf("%-44s %12.3f %16s", label, r, "<= 1.0");
		print_verdict(r <= 1.0);
	}
	for (s = 0; s < BENCH_SIZES; s++) {
		char label[64];
		double r = seal->alternating_us[s] / otr->alternating_us[s];

		snprintf(label, sizeof label, "alternating time ratio, %zu B", bench_sizes[s]);
		printf("%-44s %12.3f %16s", label, r, "<= 0.20");
		print_verdict(r <= 0.2);
	}
	printf("%-44s %12.3f %16s", "wire overhead ratio, 100 B", wire, "<= 0.50");
	print_verdict(wire <= 0.5);
}

int main(int argc, char **argv)
{
	const bench_config *cfg = &bench_full;
	static const bench_impl *const impls[BENCH_IMPLS] = { &bench_seal_impl, &bench_otr_impl };
	bench_figures figures[BENCH_IMPLS];
	const bench_figures *seal = &figures[0], *otr = &figures[1];
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			cfg = &bench_quick;
		} else {
			fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
			return 2;
		}
	}
	/* libotr first, as when pidgin-otr is loaded before Seal: Seal must then
	 * accept libgcrypt as libotr set it up. */
	if (bench_otr_init() != 0 || bench_seal_init() != 0) {
		fprintf(stderr, "seal-bench: library initialisation failed\n");
		return 1;
	}
	printf("seal-bench: Seal vs libotr %s, in one process, libgcrypt %s%s\n", OTRL_VERSION,
	       gcry_check_version(NULL), cfg == &bench_quick ? " (--quick: figures not meaningful)" : "");
	printf("times are CPU time of the one thread doing all the work; medians\n");
	printf("runs: %d keygens, %d handshakes, %d rounds x %d one-way / %d alternating messages\n\n",
	       cfg->keygen_runs, cfg->handshake_runs, cfg->rounds, cfg->oneway_msgs, cfg->alternating_msgs);
	fflush(stdout);
	if (bench_primitives_print(cfg == &bench_quick) != 0) {
		fprintf(stderr, "seal-bench: a primitive failed\n");
		return 1;
	}
	if (bench_run_all(cfg, impls, figures) != 0)
		return 1;
	print_figures(seal, otr);
	print_ratios(seal, otr);
	printf("\n%d target(s) missed\n", bench_targets_missed);
	fflush(stdout);
	return 0;
}
