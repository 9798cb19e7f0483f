/* Unit test of plugin/core/slots.c: the two-slot session file survives a
 * torn or corrupted write of either slot. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <eventloop.h>

#include "crypto/error.h"
#include "crypto/primitives.h"
#include "plugin/core/slots.h"

static int failures;

#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                                  \
		}                                                                    \
	} while (0)

static PurpleEventLoopUiOps loop_ops = {
	g_timeout_add, g_source_remove, NULL, NULL, NULL, g_timeout_add_seconds,
	NULL, NULL, NULL,
};

static gboolean read_is(const char *base, const char *expected)
{
	seal_buf out = SEAL_BUF_INIT;
	gboolean missing = FALSE;
	gboolean same;

	if (seal_slots_read(base, &out, &missing) != SEAL_OK)
		return expected == NULL && missing;
	same = expected != NULL && out.len == strlen(expected) &&
	       memcmp(out.data, expected, out.len) == 0;
	seal_buf_free(&out);
	return same;
}

static void damage(const char *path, gboolean truncate_it)
{
	FILE *f = fopen(path, "r+b");

	CHECK(f != NULL);
	if (f == NULL)
		return;
	if (truncate_it) {
		CHECK(ftruncate(fileno(f), 30) == 0);
	} else {
		int c;
		fseek(f, 25, SEEK_SET);
		c = fgetc(f);
		fseek(f, 25, SEEK_SET);
		fputc(c ^ 0x40, f);
	}
	fclose(f);
}

int main(void)
{
	char *dir = g_dir_make_tmp("seal-slots-XXXXXX", NULL);
	char *base = g_build_filename(dir, "peer.session", NULL);
	char *slot0 = g_strconcat(base, ".0", NULL);
	char *slot1 = g_strconcat(base, ".1", NULL);
	struct stat st;

	purple_eventloop_set_ui_ops(&loop_ops);
	CHECK(seal_crypto_init() == SEAL_OK);
	CHECK(read_is(base, NULL));
	CHECK(seal_slots_write(base, (const uint8_t *)"first", 5, TRUE) == SEAL_OK);  /* gen 1 */
	CHECK(seal_slots_write(base, (const uint8_t *)"second", 6, TRUE) == SEAL_OK); /* gen 2 */
	CHECK(read_is(base, "second"));
	CHECK(stat(slot0, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(stat(slot1, &st) == 0 && (st.st_mode & 0777) == 0600);
	/* a torn write of the newest slot (gen 2 is in slot 0): the older one wins */
	damage(slot0, TRUE);
	CHECK(read_is(base, "first"));
	/* a longer version, then a shorter one rewritten in place over it */
	CHECK(seal_slots_write(base, (const uint8_t *)"third, and longer", 17, FALSE) == SEAL_OK);
	CHECK(seal_slots_write(base, (const uint8_t *)"4th", 3, FALSE) == SEAL_OK);
	seal_slots_sync_pending();
	CHECK(read_is(base, "4th"));
	/* a flipped bit in the newest slot: the previous version wins */
	/* (the read above found gen 1 the newest valid, so "third..." became gen 2
	 * in slot 0 and "4th" gen 3 in slot 1) */
	damage(slot1, FALSE);
	CHECK(read_is(base, "third, and longer"));
	/* both damaged: no session (the plugin then recovers with a new handshake) */
	damage(slot0, FALSE);
	CHECK(read_is(base, NULL));
	/* after forgetting, a new generation starts cleanly */
	seal_slots_uninit();
	seal_slots_remove(base);
	CHECK(read_is(base, NULL));
	CHECK(seal_slots_write(base, (const uint8_t *)"fresh", 5, TRUE) == SEAL_OK);
	CHECK(read_is(base, "fresh"));
	seal_slots_remove(base);
	CHECK(access(slot0, F_OK) != 0 && access(slot1, F_OK) != 0);
	seal_slots_uninit();
	g_rmdir(dir);
	g_free(slot0);
	g_free(slot1);
	g_free(base);
	g_free(dir);
	if (failures)
		return 1;
	printf("slots: all checks passed\n");
	return 0;
}
