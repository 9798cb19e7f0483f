/* core-seal: a small secret file rewritten after every message (see slots.h). */
#include "slots.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <debug.h>
#include <eventloop.h>

#include "crypto/error.h"
#include "crypto/primitives.h"

#define SLOT_MAGIC "SEALSLT1"
#define SLOT_MAGIC_LEN 8
#define SLOT_HEADER_LEN (SLOT_MAGIC_LEN + 8 + 4)
#define SLOT_MAX_DATA (1024 * 1024)
#define SLOT_SYNC_DELAY_MS 1000

static GHashTable *slot_generations; /* base path -> guint64 * (newest written or read) */
static GHashTable *slot_unsynced;    /* slot path -> NULL */
static guint slot_sync_timer;

static char *slot_path(const char *base, guint64 generation)
{
	return g_strdup_printf("%s.%u", base, (unsigned)(generation % 2));
}

static void put_be(uint8_t *p, guint64 v, int bytes)
{
	int i;

	for (i = bytes - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)(v & 0xff);
}

static guint64 get_be(const uint8_t *p, int bytes)
{
	guint64 v = 0;
	int i;

	for (i = 0; i < bytes; i++)
		v = (v << 8) | p[i];
	return v;
}

/* Parse one slot file's bytes: SEAL_OK with the data's offset and length. */
static int slot_parse(const seal_buf *file, guint64 *generation, size_t *len)
{
	uint8_t digest[SEAL_SHA256_LEN];

	if (file->len < SLOT_HEADER_LEN + SEAL_SHA256_LEN ||
	    memcmp(file->data, SLOT_MAGIC, SLOT_MAGIC_LEN) != 0)
		return SEAL_ERR_MALFORMED;
	*generation = get_be(file->data + SLOT_MAGIC_LEN, 8);
	*len = (size_t)get_be(file->data + SLOT_MAGIC_LEN + 8, 4);
	if (*len > SLOT_MAX_DATA || file->len < SLOT_HEADER_LEN + *len + SEAL_SHA256_LEN)
		return SEAL_ERR_TRUNCATED;
	if (seal_sha256(digest, file->data, SLOT_HEADER_LEN + *len) != SEAL_OK ||
	    !seal_ct_equal(digest, file->data + SLOT_HEADER_LEN + *len, SEAL_SHA256_LEN))
		return SEAL_ERR_MALFORMED;
	return SEAL_OK;
}

static int slot_read_file(const char *path, seal_buf *out)
{
	struct stat st;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	int rc;

	if (fd < 0)
		return SEAL_ERR_IO;
	if (fstat(fd, &st) != 0 || st.st_size <= 0 ||
	    st.st_size > SLOT_HEADER_LEN + SLOT_MAX_DATA + SEAL_SHA256_LEN) {
		close(fd);
		return SEAL_ERR_IO;
	}
	rc = seal_buf_alloc(out, (size_t)st.st_size, 1);
	while (rc == SEAL_OK && done < (size_t)st.st_size) {
		ssize_t n = read(fd, out->data + done, (size_t)st.st_size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	if (rc == SEAL_OK)
		out->len = done;
	return rc;
}

static void slot_remember_generation(const char *base, guint64 generation)
{
	guint64 *value = g_new(guint64, 1);

	*value = generation;
	if (slot_generations == NULL)
		slot_generations = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_hash_table_replace(slot_generations, g_strdup(base), value);
}

int seal_slots_read(const char *base, seal_buf *out, gboolean *missing)
{
	seal_buf files[2] = { SEAL_BUF_INIT, SEAL_BUF_INIT };
	guint64 gens[2] = { 0, 0 };
	size_t lens[2] = { 0, 0 };
	int valid[2] = { 0, 0 };
	int best = -1;
	int i;
	int rc = SEAL_OK;

	*missing = FALSE;
	for (i = 0; i < 2; i++) {
		char *path = slot_path(base, (guint64)i);
		valid[i] = slot_read_file(path, &files[i]) == SEAL_OK &&
			   slot_parse(&files[i], &gens[i], &lens[i]) == SEAL_OK;
		if (valid[i] && (best < 0 || gens[i] > gens[best]))
			best = i;
		g_free(path);
	}
	if (best < 0) {
		*missing = TRUE;
		rc = SEAL_ERR_IO;
	} else {
		rc = seal_buf_alloc(out, lens[best] > 0 ? lens[best] : 1, 1);
		if (rc == SEAL_OK) {
			memcpy(out->data, files[best].data + SLOT_HEADER_LEN, lens[best]);
			out->len = lens[best];
			slot_remember_generation(base, gens[best]);
		}
	}
	seal_buf_free(&files[0]);
	seal_buf_free(&files[1]);
	return rc;
}

/* The generation written last (or found on disk); 0 if none. */
static guint64 slot_current_generation(const char *base)
{
	guint64 *known = slot_generations ? g_hash_table_lookup(slot_generations, base) : NULL;
	seal_buf data = SEAL_BUF_INIT;
	gboolean missing;

	if (known != NULL)
		return *known;
	if (seal_slots_read(base, &data, &missing) != SEAL_OK)
		return 0;
	seal_buf_free(&data);
	known = g_hash_table_lookup(slot_generations, base);
	return known != NULL ? *known : 0;
}

static gboolean slot_sync_timeout(gpointer data)
{
	(void)data;
	slot_sync_timer = 0;
	seal_slots_sync_pending();
	return FALSE;
}

static void slot_defer_sync(const char *path)
{
	if (slot_unsynced == NULL)
		slot_unsynced = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_hash_table_replace(slot_unsynced, g_strdup(path), NULL);
	if (slot_sync_timer == 0)
		slot_sync_timer = purple_timeout_add(SLOT_SYNC_DELAY_MS, slot_sync_timeout, NULL);
}

static int slot_write_file(const char *path, const seal_buf *file, gboolean durable)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	size_t done = 0;
	int ok;

	if (fd < 0)
		return SEAL_ERR_IO;
	ok = fchmod(fd, 0600) == 0;
	while (ok && done < file->len) {
		ssize_t n = pwrite(fd, file->data + done, file->len - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			ok = 0;
		else
			done += (size_t)n;
	}
	ok = ok && ftruncate(fd, (off_t)file->len) == 0 && (!durable || fsync(fd) == 0);
	ok = (close(fd) == 0) && ok;
	return ok ? SEAL_OK : SEAL_ERR_IO;
}

int seal_slots_write(const char *base, const uint8_t *data, size_t len, gboolean durable)
{
	guint64 generation = slot_current_generation(base) + 1;
	seal_buf file = SEAL_BUF_INIT;
	char *path;
	int rc;

	if (len > SLOT_MAX_DATA)
		return SEAL_ERR_TOO_LARGE;
	rc = seal_buf_alloc(&file, SLOT_HEADER_LEN + len + SEAL_SHA256_LEN, 1);
	if (rc != SEAL_OK)
		return rc;
	memcpy(file.data, SLOT_MAGIC, SLOT_MAGIC_LEN);
	put_be(file.data + SLOT_MAGIC_LEN, generation, 8);
	put_be(file.data + SLOT_MAGIC_LEN + 8, (guint64)len, 4);
	if (len > 0)
		memcpy(file.data + SLOT_HEADER_LEN, data, len);
	file.len = SLOT_HEADER_LEN + len + SEAL_SHA256_LEN;
	rc = seal_sha256(file.data + SLOT_HEADER_LEN + len, file.data, SLOT_HEADER_LEN + len);
	path = slot_path(base, generation);
	if (rc == SEAL_OK)
		rc = slot_write_file(path, &file, durable);
	if (rc == SEAL_OK) {
		slot_remember_generation(base, generation);
		if (!durable)
			slot_defer_sync(path);
	} else {
		purple_debug_error("seal", "cannot write %s: %s\n", path, g_strerror(errno));
	}
	g_free(path);
	seal_buf_free(&file);
	return rc;
}

void seal_slots_remove(const char *base)
{
	int i;

	for (i = 0; i < 2; i++) {
		char *path = slot_path(base, (guint64)i);
		if (unlink(path) != 0 && errno != ENOENT)
			purple_debug_warning("seal", "cannot remove %s: %s\n", path, g_strerror(errno));
		if (slot_unsynced != NULL)
			g_hash_table_remove(slot_unsynced, path);
		g_free(path);
	}
	if (slot_generations != NULL)
		g_hash_table_remove(slot_generations, base);
}

void seal_slots_sync_pending(void)
{
	GHashTableIter iter;
	gpointer path;
	char *dir = NULL;

	if (slot_sync_timer != 0)
		purple_timeout_remove(slot_sync_timer);
	slot_sync_timer = 0;
	if (slot_unsynced == NULL)
		return;
	g_hash_table_iter_init(&iter, slot_unsynced);
	while (g_hash_table_iter_next(&iter, &path, NULL)) {
		int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd >= 0) {
			(void)fsync(fd);
			close(fd);
		}
		if (dir == NULL)
			dir = g_path_get_dirname(path);
	}
	g_hash_table_remove_all(slot_unsynced);
	if (dir != NULL) {
		/* a slot file may be new: make its directory entry durable too */
		int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			(void)fsync(fd);
			close(fd);
		}
		g_free(dir);
	}
}

void seal_slots_uninit(void)
{
	seal_slots_sync_pending();
	if (slot_unsynced != NULL)
		g_hash_table_destroy(slot_unsynced);
	slot_unsynced = NULL;
	if (slot_generations != NULL)
		g_hash_table_destroy(slot_generations);
	slot_generations = NULL;
}
