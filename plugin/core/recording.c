/* core-seal: the bridge from libpurple conversations to the record store
 * (plugin/records).  See recording.h.
 *
 * Durability: every message is appended in its own SQLite transaction before
 * the hooks that call us return, i.e. before libpurple displays it; the store
 * runs in WAL mode with synchronous=NORMAL, so a committed record survives the
 * client being killed (see plugin/records/store.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <conversation.h>
#include <debug.h>
#include <log.h>
#include <notify.h>
#include <prefs.h>
#include <server.h>
#include <util.h>
#include "records/records.h"
#include "recording.h"

#define PREF_ROOT "/plugins/core/seal/records"
#define PREF_ENABLED PREF_ROOT "/enabled"
#define PREF_RETENTION_DAYS PREF_ROOT "/retention_days"
#define PREF_NOTICE_TEXT PREF_ROOT "/notice_text"
#define SETTING_RECORD "seal-record"
#define RETENTION_INTERVAL_S (24 * 60 * 60)
#define SEARCH_INDEX_INTERVAL_S 10
#define DAY_US G_GINT64_CONSTANT(86400000000)

static struct {
	PurplePlugin *plugin;
	seal_records *db;
	gboolean error_reported;
	guint retention_timer;
	guint search_index_timer; /* keeps full-text indexing out of the message path */
	GHashTable *announced; /* "account\nprotocol\npeer" of conversations told they are recorded */
	GSList *pending_announcements; /* of announcement * not yet run */
	PurpleLogLogger *logger;
} recording;

static void report_once(const char *title, const GError *error)
{
	purple_debug_error("seal", "records: %s: %s\n", title, error->message);
	if (recording.error_reported)
		return;
	recording.error_reported = TRUE;
	purple_notify_error(recording.plugin, _("Seal records"), title, error->message);
}

void seal_recording_add_prefs(void)
{
	purple_prefs_add_none("/plugins/core/seal"); /* no-op when core-seal added it first */
	purple_prefs_add_none(PREF_ROOT);
	purple_prefs_add_bool(PREF_ENABLED, TRUE);
	purple_prefs_add_int(PREF_RETENTION_DAYS, 0);
	purple_prefs_add_string(PREF_NOTICE_TEXT, "");
}

static char *records_path(void)
{
	return g_build_filename(purple_user_dir(), "seal", "records.db", NULL);
}

static seal_records *open_store(GError **error)
{
	char *dir = g_build_filename(purple_user_dir(), "seal", NULL);
	char *path = records_path();
	seal_records *db = NULL;

	if (g_mkdir_with_parents(dir, 0700) != 0 || g_chmod(dir, 0700) != 0)
		g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_IO, _("Could not create %s: %s"), dir,
			    g_strerror(errno));
	else
		db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, error);
	g_free(dir);
	g_free(path);
	return db;
}

static void apply_retention(void)
{
	int days = purple_prefs_get_int(PREF_RETENTION_DAYS);
	GError *error = NULL;
	int64_t deleted = 0;

	if (!recording.db || days <= 0)
		return;
	if (!seal_records_prune(recording.db, g_get_real_time() - (int64_t)days * DAY_US, &deleted, &error)) {
		report_once(_("Seal could not apply the retention period to its records"), error);
		g_error_free(error);
		return;
	}
	if (deleted > 0)
		purple_debug_info("seal", "records: pruned %" G_GINT64_FORMAT " records older than %d days\n",
				  deleted, days);
}

static gboolean retention_tick(gpointer unused)
{
	(void)unused;
	apply_retention();
	return TRUE;
}

static gboolean search_index_tick(gpointer unused)
{
	(void)unused;
	if (recording.db && seal_records_unindexed(recording.db) > 0)
		seal_records_index_pending(recording.db, NULL); /* searches see unindexed records anyway */
	return TRUE;
}

/* --- whether to record ------------------------------------------------- */

static gboolean node_allows_recording(PurpleBlistNode *node)
{
	/* Unset means "record": the setting is only written to turn it off. */
	if (!node || !node->settings || !g_hash_table_lookup(node->settings, SETTING_RECORD))
		return TRUE;
	return purple_blist_node_get_bool(node, SETTING_RECORD);
}

static gboolean should_record(PurpleAccount *account, const char *peer, seal_record_kind kind)
{
	PurpleBlistNode *node = NULL;

	if (!recording.db || !account || !peer || !purple_prefs_get_bool(PREF_ENABLED) ||
	    !purple_account_get_bool(account, SETTING_RECORD, TRUE))
		return FALSE;
	if (kind == SEAL_RECORD_KIND_CHAT)
		node = (PurpleBlistNode *)purple_blist_find_chat(account, peer);
	else
		node = (PurpleBlistNode *)purple_find_buddy(account, peer);
	/* The buddy, or the contact it belongs to, may carry the setting. */
	return node_allows_recording(node) && (!node || node_allows_recording(node->parent));
}

/* --- telling the conversation it is recorded ---------------------------- */

typedef struct {
	char *username;
	char *protocol;
	char *peer;
	PurpleConversationType type;
	guint timer;
} announcement;

static void announcement_free(announcement *a)
{
	g_free(a->username);
	g_free(a->protocol);
	g_free(a->peer);
	g_free(a);
}

static gboolean announce_now(gpointer data)
{
	announcement *a = data;
	PurpleAccount *account = purple_accounts_find(a->username, a->protocol);
	PurpleConversation *conv = account ? purple_find_conversation_with_account(a->type, a->peer, account) : NULL;
	const char *notice = purple_prefs_get_string(PREF_NOTICE_TEXT);

	recording.pending_announcements = g_slist_remove(recording.pending_announcements, a);
	if (conv)
		purple_conversation_write(conv, NULL, _("Seal is keeping a record of this conversation."),
					  PURPLE_MESSAGE_SYSTEM | PURPLE_MESSAGE_NO_LOG, time(NULL));
	if (account && a->type == PURPLE_CONV_TYPE_IM && notice && *notice &&
	    purple_account_get_connection(account))
		serv_send_im(purple_account_get_connection(account), a->peer, notice, 0);
	announcement_free(a);
	return FALSE;
}

/* Once per conversation (until its window is closed): a discreet line, and
 * the optional notice to the contact.  Deferred to the main loop so that it
 * never runs inside libpurple's message hooks (the conversation may not even
 * exist yet for a first incoming message). */
static void announce_once(PurpleAccount *account, const char *peer, PurpleConversationType type)
{
	char *key = g_strdup_printf("%s\n%s\n%s", purple_account_get_username(account),
				    purple_account_get_protocol_id(account), peer);
	announcement *a;

	if (g_hash_table_contains(recording.announced, key)) {
		g_free(key);
		return;
	}
	g_hash_table_add(recording.announced, key);
	a = g_new0(announcement, 1);
	a->username = g_strdup(purple_account_get_username(account));
	a->protocol = g_strdup(purple_account_get_protocol_id(account));
	a->peer = g_strdup(peer);
	a->type = type;
	a->timer = purple_timeout_add(0, announce_now, a);
	recording.pending_announcements = g_slist_prepend(recording.pending_announcements, a);
}

static void conversation_deleted(PurpleConversation *conv, gpointer unused)
{
	PurpleAccount *account = purple_conversation_get_account(conv);
	char *key;
	(void)unused;

	if (!account || !recording.announced)
		return;
	key = g_strdup_printf("%s\n%s\n%s", purple_account_get_username(account),
			      purple_account_get_protocol_id(account),
			      purple_normalize(account, purple_conversation_get_name(conv)));
	g_hash_table_remove(recording.announced, key);
	g_free(key);
}

/* --- writing records ---------------------------------------------------- */

static seal_record_trust record_trust(gboolean encrypted, seal_trust trust)
{
	if (!encrypted)
		return SEAL_RECORD_TRUST_NONE;
	switch (trust) {
	case SEAL_TRUST_VERIFIED:
		return SEAL_RECORD_TRUST_VERIFIED;
	case SEAL_TRUST_CHANGED:
		return SEAL_RECORD_TRUST_CHANGED;
	default:
		return SEAL_RECORD_TRUST_UNVERIFIED;
	}
}

static const char *buddy_alias(PurpleAccount *account, const char *peer)
{
	PurpleBuddy *buddy = purple_find_buddy(account, peer);
	return buddy ? purple_buddy_get_alias(buddy) : peer;
}

static gboolean store_record(seal_record *rec)
{
	GError *error = NULL;
	if (!seal_records_append(recording.db, rec, &error)) {
		report_once(_("Seal could not save a conversation record"), error);
		g_error_free(error);
		return FALSE;
	}
	return TRUE;
}

static void fill_common(seal_record *rec, PurpleAccount *account, const char *peer, seal_record_kind kind)
{
	memset(rec, 0, sizeof *rec);
	rec->time_us = g_get_real_time();
	rec->account = purple_account_get_username(account);
	rec->protocol = purple_account_get_protocol_id(account);
	rec->kind = kind;
	rec->peer = peer;
}

void seal_recording_im(PurpleAccount *account, const char *peer, gboolean outgoing, gboolean encrypted,
		       seal_trust trust, const char *text, gint64 sender_time_us)
{
	char *normalised, *plain;
	seal_record rec;

	if (!text || !should_record(account, peer, SEAL_RECORD_KIND_IM))
		return;
	normalised = g_strdup(purple_normalize(account, peer));
	plain = purple_markup_strip_html(text);
	fill_common(&rec, account, normalised, SEAL_RECORD_KIND_IM);
	rec.sender_time_us = sender_time_us;
	rec.peer_alias = buddy_alias(account, peer);
	rec.direction = outgoing ? SEAL_RECORD_DIR_OUT : SEAL_RECORD_DIR_IN;
	rec.encrypted = encrypted ? 1 : 0;
	rec.trust = record_trust(encrypted, trust);
	rec.text = plain ? plain : "";
	rec.markup = text;
	if (store_record(&rec))
		announce_once(account, normalised, PURPLE_CONV_TYPE_IM);
	g_free(plain);
	g_free(normalised);
}

void seal_recording_event(PurpleAccount *account, const char *peer, const char *text)
{
	char *normalised;
	seal_record rec;

	if (!text || !should_record(account, peer, SEAL_RECORD_KIND_IM))
		return;
	normalised = g_strdup(purple_normalize(account, peer));
	fill_common(&rec, account, normalised, SEAL_RECORD_KIND_EVENT);
	rec.peer_alias = buddy_alias(account, peer);
	rec.direction = SEAL_RECORD_DIR_EVENT;
	rec.trust = SEAL_RECORD_TRUST_NONE;
	rec.text = text;
	rec.markup = text;
	store_record(&rec);
	g_free(normalised);
}

/* received-chat-msg sees every chat message once, after decryption and
 * before display, including our own (echoed by the server, or by the prpl
 * itself for IRC, flagged PURPLE_MESSAGE_SEND). */
static void chat_message_received(PurpleAccount *account, char *sender, char *message, PurpleConversation *conv,
				  PurpleMessageFlags flags, gpointer unused)
{
	char *room, *plain;
	seal_record rec;
	(void)unused;

	if (!conv || !message || (flags & (PURPLE_MESSAGE_SYSTEM | PURPLE_MESSAGE_ERROR)))
		return;
	room = g_strdup(purple_normalize(account, purple_conversation_get_name(conv)));
	if (!should_record(account, room, SEAL_RECORD_KIND_CHAT)) {
		g_free(room);
		return;
	}
	plain = purple_markup_strip_html(message);
	fill_common(&rec, account, room, SEAL_RECORD_KIND_CHAT);
	rec.peer_alias = sender ? sender : "";
	rec.direction = (flags & PURPLE_MESSAGE_SEND) ? SEAL_RECORD_DIR_OUT : SEAL_RECORD_DIR_IN;
	rec.trust = SEAL_RECORD_TRUST_NONE;
	rec.text = plain ? plain : "";
	rec.markup = message;
	if (store_record(&rec))
		announce_once(account, room, PURPLE_CONV_TYPE_CHAT);
	g_free(plain);
	g_free(room);
}

/* --- export and verify (plugin actions, IPC) ----------------------------- */

int seal_recording_export_csv(const char *path)
{
	GError *error = NULL;
	struct stat st;
	FILE *out;
	int fd;
	int64_t count;

	if (!recording.db || !path)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || fstat(fd, &st) != 0 || (S_ISREG(st.st_mode) && fchmod(fd, 0600) != 0) ||
	    !(out = fdopen(fd, "wb"))) {
		purple_debug_error("seal", "records: cannot write %s: %s\n", path, g_strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	count = seal_records_export_csv(recording.db, NULL, out, FALSE, &error);
	if (fclose(out) != 0 && count >= 0) {
		purple_debug_error("seal", "records: cannot write %s: %s\n", path, g_strerror(errno));
		count = -1;
	}
	if (error) {
		purple_debug_error("seal", "records: %s\n", error->message);
		g_error_free(error);
	}
	if (count < 0 && S_ISREG(st.st_mode))
		g_unlink(path); /* no partial export left behind */
	return count < 0 ? -1 : (int)MIN(count, G_MAXINT);
}

char *seal_recording_verify_text(void)
{
	seal_verify_result result;
	GError *error = NULL;
	char *text;

	if (!recording.db)
		return g_strdup(_("Seal is not keeping records: the record database could not be opened."));
	if (!seal_records_verify(recording.db, &result, &error)) {
		text = g_strdup_printf(_("The records could not be verified: %s"), error->message);
		g_error_free(error);
		return text;
	}
	if (result.status == SEAL_VERIFY_OK)
		text = g_strdup_printf(_("The records are intact: %s."), result.detail);
	else
		text = g_strdup_printf(_("The records were tampered with: %s."), result.detail);
	seal_verify_result_clear(&result);
	return text;
}

/* --- read-only PurpleLogLogger: Seal's records in the log viewers ------- */

/* What a listed log is: one UTC day of one contact, between two record ids. */
typedef struct {
	int64_t day_start_us;
	int64_t first_id;
	int64_t last_id; /* 0: up to the newest record (today's log) */
} log_day;

static void fill_filter_for_log(PurpleLog *log, seal_records_filter *filter, char **peer)
{
	const log_day *day = log->logger_data;

	*peer = g_strdup(purple_normalize(log->account, log->name));
	memset(filter, 0, sizeof *filter);
	filter->peer = *peer;
	filter->account = purple_account_get_username(log->account);
	filter->from_us = day->day_start_us;
	filter->to_us = day->day_start_us + DAY_US;
	filter->from_id = day->first_id;
	filter->to_id = day->last_id;
}

static gboolean append_log_line(const seal_record *rec, void *user_data)
{
	GString *out = user_data;
	time_t t = (time_t)(rec->time_us / 1000000);
	struct tm tm;
	char *text = g_markup_escape_text(rec->text ? rec->text : "", -1);
	char *who = g_markup_escape_text(rec->direction == SEAL_RECORD_DIR_OUT ? rec->account
					 : rec->peer_alias && *rec->peer_alias ? rec->peer_alias : rec->peer, -1);
	char **lines = g_strsplit(text, "\n", -1);
	char *body = g_strjoinv("<br>", lines);

	localtime_r(&t, &tm);
	g_string_append_printf(out, "<font size=\"2\">(%s)</font> ", purple_time_format(&tm));
	if (rec->direction == SEAL_RECORD_DIR_EVENT)
		g_string_append_printf(out, "<i>%s</i><br>", body);
	else
		g_string_append_printf(out, "<b>%s:</b> %s%s<br>", who, rec->encrypted ? "&#x1F512; " : "", body);
	g_strfreev(lines);
	g_free(body);
	g_free(who);
	g_free(text);
	return TRUE;
}

static char *logger_read(PurpleLog *log, PurpleLogReadFlags *flags)
{
	GString *out = g_string_new(NULL);
	seal_records_filter filter;
	char *peer;

	if (flags)
		*flags = PURPLE_LOG_READ_NO_NEWLINE;
	if (recording.db && log->logger_data) {
		fill_filter_for_log(log, &filter, &peer);
		seal_records_query(recording.db, &filter, append_log_line, out, NULL);
		g_free(peer);
	}
	return g_string_free(out, FALSE);
}

static int logger_size(PurpleLog *log)
{
	char *text = logger_read(log, NULL);
	int size = (int)MIN(strlen(text), (size_t)G_MAXINT);
	g_free(text);
	return size;
}

static void logger_finalize(PurpleLog *log)
{
	g_free(log->logger_data);
	log->logger_data = NULL;
}

typedef struct {
	GList *logs;
	PurpleLogType type;
	const char *name;
	PurpleAccount *account;
} log_listing;

static void add_log_day(int64_t day_start_us, int64_t first_id, int64_t last_id, void *user_data)
{
	log_listing *listing = user_data;
	log_day *day = g_new0(log_day, 1);
	PurpleLog *log = purple_log_new(listing->type, listing->name, listing->account, NULL,
					(time_t)(day_start_us / 1000000), NULL);

	day->day_start_us = day_start_us;
	day->first_id = first_id;
	/* Today's log keeps growing after it was listed. */
	day->last_id = day_start_us + DAY_US > g_get_real_time() ? 0 : last_id;
	log->logger = recording.logger;
	log->logger_data = day;
	listing->logs = g_list_prepend(listing->logs, log);
}

/* One log per UTC day that holds records of (account, name). */
static GList *logger_list(PurpleLogType type, const char *name, PurpleAccount *account)
{
	log_listing listing = { NULL, type, name, account };
	char *peer;

	if (type == PURPLE_LOG_SYSTEM || !recording.db || !account || !name)
		return NULL;
	peer = g_strdup(purple_normalize(account, name));
	seal_records_list_days(recording.db, purple_account_get_username(account), peer, add_log_day, &listing, NULL);
	g_free(peer);
	return listing.logs;
}

static void register_logger(void)
{
	recording.logger = purple_log_logger_new("seal", _("Seal records"), 6, NULL, NULL, logger_finalize,
						 logger_list, logger_read, logger_size);
	purple_log_logger_add(recording.logger);
}

static void unregister_logger(void)
{
	if (!recording.logger)
		return;
	purple_log_logger_remove(recording.logger);
	purple_log_logger_free(recording.logger);
	recording.logger = NULL;
}

/* --- load / unload -------------------------------------------------------- */

void seal_recording_init(PurplePlugin *plugin)
{
	GError *error = NULL;

	recording.plugin = plugin;
	recording.error_reported = FALSE;
	recording.announced = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	recording.db = open_store(&error);
	if (!recording.db) {
		report_once(_("Seal is not keeping records of conversations"), error);
		g_error_free(error);
	}
	apply_retention();
	recording.retention_timer = purple_timeout_add_seconds(RETENTION_INTERVAL_S, retention_tick, NULL);
	recording.search_index_timer = purple_timeout_add_seconds(SEARCH_INDEX_INTERVAL_S, search_index_tick, NULL);
	purple_signal_connect(purple_conversations_get_handle(), "received-chat-msg", plugin,
			      PURPLE_CALLBACK(chat_message_received), NULL);
	purple_signal_connect(purple_conversations_get_handle(), "deleting-conversation", plugin,
			      PURPLE_CALLBACK(conversation_deleted), NULL);
	register_logger();
}

void seal_recording_uninit(void)
{
	unregister_logger();
	purple_signal_disconnect(purple_conversations_get_handle(), "received-chat-msg", recording.plugin,
				 PURPLE_CALLBACK(chat_message_received));
	purple_signal_disconnect(purple_conversations_get_handle(), "deleting-conversation", recording.plugin,
				 PURPLE_CALLBACK(conversation_deleted));
	if (recording.retention_timer)
		purple_timeout_remove(recording.retention_timer);
	recording.retention_timer = 0;
	if (recording.search_index_timer)
		purple_timeout_remove(recording.search_index_timer);
	recording.search_index_timer = 0;
	for (GSList *l = recording.pending_announcements; l; l = l->next) {
		announcement *a = l->data;
		purple_timeout_remove(a->timer);
		announcement_free(a);
	}
	g_slist_free(recording.pending_announcements);
	recording.pending_announcements = NULL;
	if (recording.announced)
		g_hash_table_destroy(recording.announced);
	recording.announced = NULL;
	seal_records_close(recording.db);
	recording.db = NULL;
	recording.plugin = NULL;
}
