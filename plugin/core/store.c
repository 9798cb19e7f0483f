/* core-seal: Seal's files under purple_user_dir()/seal/ (see store.h). */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <debug.h>
#include <prefs.h>
#include <util.h>

#include "crypto/error.h"
#include "crypto/primitives.h"
#include "slots.h"

#define SEAL_STORE_DIR "seal"
#define SEAL_ACCOUNT_KEY_HEX 32
#define SEAL_CONTACT_MAGIC "SEALC1\n"
#define SEAL_CONTACT_NAME_MAX 1024
#define SEAL_HELD_MAGIC "SEALH"
#define SEAL_HELD_VERSION 1

static char *store_dir(void)
{
	return g_build_filename(purple_user_dir(), SEAL_STORE_DIR, NULL);
}

static int store_ensure_dir(void)
{
	char *dir = store_dir();
	int rc = SEAL_OK;

	if (g_mkdir_with_parents(dir, 0700) != 0 || chmod(dir, 0700) != 0) {
		purple_debug_error("seal", "cannot create the state directory %s: %s\n", dir,
				   g_strerror(errno));
		rc = SEAL_ERR_IO;
	}
	g_free(dir);
	return rc;
}

static char *store_hash_hex(const char *protocol, const char *username, const char *peer)
{
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	char *hex;

	g_checksum_update(sum, (const guchar *)protocol, (gssize)strlen(protocol) + 1);
	g_checksum_update(sum, (const guchar *)username, (gssize)strlen(username) + (peer ? 1 : 0));
	if (peer != NULL)
		g_checksum_update(sum, (const guchar *)peer, (gssize)strlen(peer));
	hex = g_strdup(g_checksum_get_string(sum));
	g_checksum_free(sum);
	return hex;
}

static char *store_account_key(PurpleAccount *account)
{
	char *hex = store_hash_hex(purple_account_get_protocol_id(account),
				   purple_account_get_username(account), NULL);

	hex[SEAL_ACCOUNT_KEY_HEX] = '\0';
	return hex;
}

/* Full path of a file of account (peer may be NULL) with the given suffix. */
static char *store_path(PurpleAccount *account, const char *peer, const char *suffix)
{
	char *acct = store_account_key(account);
	char *dir = store_dir();
	char *name;
	char *path;

	if (peer != NULL) {
		char *peer_hex = store_hash_hex(purple_account_get_protocol_id(account),
						purple_account_get_username(account), peer);
		name = g_strdup_printf("%s-%s%s", acct, peer_hex, suffix);
		g_free(peer_hex);
	} else {
		name = g_strdup_printf("%s%s", acct, suffix);
	}
	path = g_build_filename(dir, name, NULL);
	g_free(name);
	g_free(dir);
	g_free(acct);
	return path;
}

static int store_write_all(int fd, const uint8_t *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static void store_sync_dir(const char *path)
{
	char *dir = g_path_get_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	g_free(dir);
}

/* Atomic write: temp file 0600, fsync, rename over path. */
static int store_write_file(const char *path, const uint8_t *data, size_t len)
{
	char *tmp;
	int fd;
	int ok;

	if (store_ensure_dir() != SEAL_OK)
		return SEAL_ERR_IO;
	tmp = g_strconcat(path, ".tmp", NULL);
	(void)unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		purple_debug_error("seal", "cannot write %s: %s\n", tmp, g_strerror(errno));
		g_free(tmp);
		return SEAL_ERR_IO;
	}
	ok = fchmod(fd, 0600) == 0 && store_write_all(fd, data, len) == 0 && fsync(fd) == 0;
	ok = (close(fd) == 0) && ok;
	if (ok && rename(tmp, path) != 0)
		ok = 0;
	if (!ok) {
		purple_debug_error("seal", "cannot write %s: %s\n", path, g_strerror(errno));
		(void)unlink(tmp);
		g_free(tmp);
		return SEAL_ERR_IO;
	}
	store_sync_dir(path);
	g_free(tmp);
	return SEAL_OK;
}

void seal_store_uninit(void)
{
	seal_slots_uninit();
}

/* Read a whole (small) file into secure memory. */
static int store_read_file(const char *path, seal_buf *out, gboolean *missing)
{
	struct stat st;
	int fd;
	size_t done = 0;
	int rc;

	*missing = FALSE;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		*missing = (errno == ENOENT);
		return SEAL_ERR_IO;
	}
	if (fstat(fd, &st) != 0 || st.st_size < 0 || st.st_size > 4 * 1024 * 1024) {
		close(fd);
		return SEAL_ERR_IO;
	}
	rc = seal_buf_alloc(out, (size_t)st.st_size > 0 ? (size_t)st.st_size : 1, 1);
	if (rc != SEAL_OK) {
		close(fd);
		return rc;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, out->data + done, (size_t)st.st_size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	out->len = done;
	if (done != (size_t)st.st_size) {
		seal_buf_free(out);
		return SEAL_ERR_IO;
	}
	return SEAL_OK;
}

static void store_remove(const char *path)
{
	if (unlink(path) != 0 && errno != ENOENT)
		purple_debug_warning("seal", "cannot remove %s: %s\n", path, g_strerror(errno));
}

int seal_store_load_identity(PurpleAccount *account, seal_identity **out, gboolean *missing)
{
	char *path = store_path(account, NULL, ".identity");
	seal_buf data = SEAL_BUF_INIT;
	int rc = store_read_file(path, &data, missing);

	if (rc == SEAL_OK)
		rc = seal_identity_load(out, data.data, data.len);
	seal_buf_free(&data);
	g_free(path);
	return rc;
}

int seal_store_save_identity(PurpleAccount *account, const seal_identity *id)
{
	char *path = store_path(account, NULL, ".identity");
	seal_buf data = SEAL_BUF_INIT;
	int rc = seal_identity_save(id, &data);

	if (rc == SEAL_OK)
		rc = store_write_file(path, data.data, data.len);
	seal_buf_free(&data);
	g_free(path);
	return rc;
}

/* A contact file: magic, the peer name and "\n", then the contact bytes. */
static int contact_parse(const seal_buf *data, char **name, seal_contact *c)
{
	size_t magic_len = strlen(SEAL_CONTACT_MAGIC);
	const uint8_t *nl;
	size_t name_len;

	if (data->len < magic_len || memcmp(data->data, SEAL_CONTACT_MAGIC, magic_len) != 0)
		return SEAL_ERR_MALFORMED;
	nl = memchr(data->data + magic_len, '\n', data->len - magic_len);
	if (nl == NULL)
		return SEAL_ERR_MALFORMED;
	name_len = (size_t)(nl - (data->data + magic_len));
	if (name_len == 0 || name_len > SEAL_CONTACT_NAME_MAX)
		return SEAL_ERR_MALFORMED;
	if (c != NULL) {
		int rc = seal_contact_load(c, nl + 1, data->len - (size_t)(nl + 1 - data->data));
		if (rc != SEAL_OK)
			return rc;
	}
	if (name != NULL)
		*name = g_strndup((const char *)data->data + magic_len, name_len);
	return SEAL_OK;
}

int seal_store_load_contact(PurpleAccount *account, const char *peer, seal_contact *out,
			    gboolean *missing)
{
	char *path = store_path(account, peer, ".contact");
	seal_buf data = SEAL_BUF_INIT;
	int rc = store_read_file(path, &data, missing);

	if (rc == SEAL_OK)
		rc = contact_parse(&data, NULL, out);
	seal_buf_free(&data);
	g_free(path);
	return rc;
}

int seal_store_save_contact(PurpleAccount *account, const char *peer, const seal_contact *c)
{
	char *path = store_path(account, peer, ".contact");
	seal_buf body = SEAL_BUF_INIT;
	GByteArray *file;
	int rc = seal_contact_save(c, &body);

	if (rc == SEAL_OK) {
		file = g_byte_array_new();
		g_byte_array_append(file, (const guint8 *)SEAL_CONTACT_MAGIC, strlen(SEAL_CONTACT_MAGIC));
		g_byte_array_append(file, (const guint8 *)peer, strlen(peer));
		g_byte_array_append(file, (const guint8 *)"\n", 1);
		g_byte_array_append(file, body.data, body.len);
		rc = store_write_file(path, file->data, file->len);
		g_byte_array_free(file, TRUE);
	}
	seal_buf_free(&body);
	g_free(path);
	return rc;
}

int seal_store_load_session(PurpleAccount *account, const char *peer, seal_session **out,
			    gboolean *missing)
{
	char *base = store_path(account, peer, ".session");
	seal_buf data = SEAL_BUF_INIT;
	int rc = seal_slots_read(base, &data, missing);

	if (rc == SEAL_OK)
		rc = seal_session_load(out, data.data, data.len);
	seal_buf_free(&data);
	g_free(base);
	return rc;
}

int seal_store_save_session(PurpleAccount *account, const char *peer, const seal_session *s)
{
	char *base = store_path(account, peer, ".session");
	seal_buf data = SEAL_BUF_INIT;
	int rc = store_ensure_dir();

	if (rc == SEAL_OK)
		rc = seal_session_save(s, &data);
	if (rc == SEAL_OK)
		rc = seal_slots_write(base, data.data, data.len,
				      purple_prefs_get_bool(SEAL_PREF_SYNC_SESSIONS));
	seal_buf_free(&data);
	g_free(base);
	return rc;
}

int seal_store_load_seen(PurpleAccount *account, const char *peer, seal_buf *out)
{
	char *path = store_path(account, peer, ".seen");
	gboolean missing = FALSE;
	int rc = store_read_file(path, out, &missing);

	g_free(path);
	if (rc != SEAL_OK && missing) {
		seal_buf_free(out);
		return SEAL_OK;
	}
	return rc;
}

int seal_store_save_seen(PurpleAccount *account, const char *peer, const uint8_t *ids,
			 size_t len)
{
	char *path = store_path(account, peer, ".seen");
	int rc = store_write_file(path, ids, len);

	g_free(path);
	return rc;
}

void seal_store_forget_session(PurpleAccount *account, const char *peer)
{
	char *base = store_path(account, peer, ".session");

	seal_slots_remove(base);
	g_free(base);
}

void seal_store_forget_contact(PurpleAccount *account, const char *peer)
{
	char *path = store_path(account, peer, ".contact");

	store_remove(path);
	g_free(path);
}

GList *seal_store_list_contacts(PurpleAccount *account)
{
	char *dir_path = store_dir();
	char *acct = store_account_key(account);
	char *prefix = g_strconcat(acct, "-", NULL);
	GDir *dir = g_dir_open(dir_path, 0, NULL);
	GList *names = NULL;
	const char *entry;

	while (dir != NULL && (entry = g_dir_read_name(dir)) != NULL) {
		char *path;
		seal_buf data = SEAL_BUF_INIT;
		gboolean missing;
		char *name = NULL;

		if (!g_str_has_prefix(entry, prefix) || !g_str_has_suffix(entry, ".contact"))
			continue;
		path = g_build_filename(dir_path, entry, NULL);
		if (store_read_file(path, &data, &missing) == SEAL_OK &&
		    contact_parse(&data, &name, NULL) == SEAL_OK)
			names = g_list_prepend(names, name);
		seal_buf_free(&data);
		g_free(path);
	}
	if (dir != NULL)
		g_dir_close(dir);
	g_free(prefix);
	g_free(acct);
	g_free(dir_path);
	return g_list_sort(names, (GCompareFunc)g_strcmp0);
}

/* A held file: magic, version byte, then protocol id, account user name,
 * contact name and each held text as a 32-bit big-endian length and the
 * bytes, the texts preceded by their 32-bit count. */
static void held_put(GByteArray *file, const char *text)
{
	guint32 len = GUINT32_TO_BE((guint32)strlen(text));

	g_byte_array_append(file, (const guint8 *)&len, sizeof(len));
	g_byte_array_append(file, (const guint8 *)text, (guint)strlen(text));
}

static size_t held_size(PurpleAccount *account, const char *peer, const GQueue *texts)
{
	size_t size = strlen(SEAL_HELD_MAGIC) + 1 + 4 * sizeof(guint32) +
		      strlen(purple_account_get_protocol_id(account)) +
		      strlen(purple_account_get_username(account)) + strlen(peer);
	GList *l;

	for (l = texts->head; l != NULL; l = l->next)
		size += sizeof(guint32) + strlen(l->data);
	return size;
}

int seal_store_save_held(PurpleAccount *account, const char *peer, const GQueue *texts)
{
	char *path = store_path(account, peer, ".held");
	GByteArray *file;
	guint8 version = SEAL_HELD_VERSION;
	guint32 count = GUINT32_TO_BE(texts->length);
	GList *l;
	int rc;

	if (texts->length == 0) {
		store_remove(path);
		g_free(path);
		return SEAL_OK;
	}
	/* sized at once: no reallocation leaves copies of the texts behind */
	file = g_byte_array_sized_new((guint)held_size(account, peer, texts));
	g_byte_array_append(file, (const guint8 *)SEAL_HELD_MAGIC, strlen(SEAL_HELD_MAGIC));
	g_byte_array_append(file, &version, 1);
	held_put(file, purple_account_get_protocol_id(account));
	held_put(file, purple_account_get_username(account));
	held_put(file, peer);
	g_byte_array_append(file, (const guint8 *)&count, sizeof(count));
	for (l = texts->head; l != NULL; l = l->next)
		held_put(file, l->data);
	rc = store_write_file(path, file->data, file->len);
	seal_wipe(file->data, file->len);
	g_byte_array_free(file, TRUE);
	g_free(path);
	return rc;
}

/* The next length-prefixed string of a held file (g_free), NULL if damaged. */
static char *held_get(const seal_buf *data, size_t *at)
{
	guint32 len;

	if (data->len - *at < sizeof(len))
		return NULL;
	memcpy(&len, data->data + *at, sizeof(len));
	len = GUINT32_FROM_BE(len);
	*at += sizeof(len);
	if (data->len - *at < len || memchr(data->data + *at, '\0', len) != NULL)
		return NULL;
	*at += len;
	return g_strndup((const char *)data->data + *at - len, len);
}

/* The held texts of a file of account: the contact's name (g_free) and the
 * texts, oldest first; NULL if the file is damaged or someone else's. */
static char *held_parse(PurpleAccount *account, const seal_buf *data, GPtrArray *texts)
{
	size_t magic_len = strlen(SEAL_HELD_MAGIC);
	size_t at = magic_len + 1;
	char *protocol;
	char *username;
	char *peer;
	guint32 count = 0;
	gboolean ok;

	if (data->len < at + sizeof(count) ||
	    memcmp(data->data, SEAL_HELD_MAGIC, magic_len) != 0 ||
	    data->data[magic_len] != SEAL_HELD_VERSION)
		return NULL;
	protocol = held_get(data, &at);
	username = held_get(data, &at);
	peer = held_get(data, &at);
	ok = peer != NULL && *peer != '\0' &&
	     g_strcmp0(protocol, purple_account_get_protocol_id(account)) == 0 &&
	     g_strcmp0(username, purple_account_get_username(account)) == 0 &&
	     data->len - at >= sizeof(count);
	if (ok) {
		memcpy(&count, data->data + at, sizeof(count));
		count = GUINT32_FROM_BE(count);
		at += sizeof(count);
	}
	while (ok && count-- > 0) {
		char *text = held_get(data, &at);
		ok = text != NULL;
		if (ok)
			g_ptr_array_add(texts, text);
	}
	g_free(protocol);
	g_free(username);
	if (!ok) {
		g_free(peer);
		return NULL;
	}
	return peer;
}

void seal_store_load_held(PurpleAccount *account, seal_store_held_fn fn, gpointer data)
{
	char *dir_path = store_dir();
	char *acct = store_account_key(account);
	char *prefix = g_strconcat(acct, "-", NULL);
	GDir *dir = g_dir_open(dir_path, 0, NULL);
	const char *entry;

	while (dir != NULL && (entry = g_dir_read_name(dir)) != NULL) {
		char *path;
		seal_buf file = SEAL_BUF_INIT;
		GPtrArray *texts;
		gboolean missing;
		char *peer = NULL;

		if (!g_str_has_prefix(entry, prefix) || !g_str_has_suffix(entry, ".held"))
			continue;
		path = g_build_filename(dir_path, entry, NULL);
		texts = g_ptr_array_new_with_free_func(seal_store_free_text);
		if (store_read_file(path, &file, &missing) == SEAL_OK)
			peer = held_parse(account, &file, texts);
		if (peer != NULL)
			fn(peer, texts, data);
		else
			purple_debug_warning("seal", "a file of held messages is unreadable\n");
		seal_buf_free(&file);
		g_ptr_array_free(texts, TRUE);
		g_free(peer);
		g_free(path);
	}
	if (dir != NULL)
		g_dir_close(dir);
	g_free(prefix);
	g_free(acct);
	g_free(dir_path);
}

void seal_store_free_text(gpointer text)
{
	if (text != NULL) {
		seal_wipe(text, strlen(text));
		g_free(text);
	}
}
