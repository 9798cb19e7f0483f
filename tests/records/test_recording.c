/* plugin/core/recording.c inside a headless libpurple core (no network):
 * store location and modes, what is recorded (markup stripped, peer
 * normalised, encrypted/trust), per-account / per-contact / global switches,
 * the once-per-conversation notice, chat messages through received-chat-msg,
 * retention at load, export and verify, the read-only log viewer logger,
 * and a damaged database (the client keeps working, nothing recorded). */
#include <sys/stat.h>
#include <purple.h>
#include "plugin/core/recording.h"
#include "testutil.h"

/* --- a GLib event loop for libpurple --------------------------------------- */

typedef struct {
	PurpleInputFunction func;
	gpointer data;
} io_closure;

static gboolean io_invoke(GIOChannel *source, GIOCondition condition, gpointer data)
{
	io_closure *c = data;
	int cond = 0;
	if (condition & (G_IO_IN | G_IO_HUP | G_IO_ERR))
		cond |= PURPLE_INPUT_READ;
	if (condition & (G_IO_OUT | G_IO_HUP | G_IO_ERR))
		cond |= PURPLE_INPUT_WRITE;
	c->func(c->data, g_io_channel_unix_get_fd(source), (PurpleInputCondition)cond);
	return TRUE;
}

static guint io_add(int fd, PurpleInputCondition cond, PurpleInputFunction func, gpointer data)
{
	io_closure *c = g_new0(io_closure, 1);
	GIOChannel *channel = g_io_channel_unix_new(fd);
	int condition = 0;
	guint id;
	c->func = func;
	c->data = data;
	if (cond & PURPLE_INPUT_READ)
		condition |= G_IO_IN | G_IO_HUP | G_IO_ERR;
	if (cond & PURPLE_INPUT_WRITE)
		condition |= G_IO_OUT | G_IO_HUP | G_IO_ERR | G_IO_NVAL;
	id = g_io_add_watch_full(channel, G_PRIORITY_DEFAULT, (GIOCondition)condition, io_invoke, c, g_free);
	g_io_channel_unref(channel);
	return id;
}

static PurpleEventLoopUiOps event_loop = {
	g_timeout_add, g_source_remove, io_add, g_source_remove, NULL, g_timeout_add_seconds, NULL, NULL, NULL,
};

static void run_main_loop_briefly(void)
{
	for (int i = 0; i < 50; i++)
		g_main_context_iteration(NULL, FALSE);
}

/* --- helpers --------------------------------------------------------------- */

/* An XMPP account "connected" without a network: conversations need a
 * connection; none of the protocol plugin's network functions run (the
 * connection is detached before any conversation is destroyed). */
#define PROTOCOL "prpl-jabber"

static PurpleConnection *fake_connection(PurpleAccount *account)
{
	PurpleConnection *gc = g_new0(PurpleConnection, 1);
	gc->account = account;
	gc->state = PURPLE_CONNECTED;
	gc->prpl = purple_find_prpl(PROTOCOL);
	purple_account_set_connection(account, gc);
	return gc;
}

typedef struct {
	int count;
	GString *texts; /* "peer|alias|direction|encrypted|trust|text|markup\n" per record */
} collected;

static gboolean collect(const seal_record *rec, void *user_data)
{
	collected *c = user_data;
	c->count++;
	g_string_append_printf(c->texts, "%s|%s|%s|%d|%s|%s|%s|%s\n", rec->peer, rec->peer_alias,
			       seal_record_direction_name(rec->direction), rec->encrypted,
			       seal_record_trust_name(rec->trust), seal_record_kind_name(rec->kind), rec->text,
			       rec->markup);
	return TRUE;
}

static collected read_records(const char *db_path)
{
	collected c = { 0, g_string_new(NULL) };
	GError *error = NULL;
	seal_records *db = seal_records_open(db_path, SEAL_RECORDS_OPEN_READONLY, &error);
	CHECK_NO_ERROR(error);
	if (db) {
		CHECK(seal_records_query(db, NULL, collect, &c, &error));
		CHECK_NO_ERROR(error);
		seal_records_close(db);
	}
	return c;
}

static int count_notices(PurpleConversation *conv)
{
	int n = 0;
	for (GList *l = purple_conversation_get_message_history(conv); l; l = l->next) {
		PurpleConvMessage *m = l->data;
		if (m->what && strstr(m->what, "Seal is keeping a record of this conversation"))
			n++;
	}
	return n;
}

static void test_recording(PurplePlugin *plugin, PurpleAccount *account, const char *db_path)
{
	PurpleConversation *conv = purple_conversation_new(PURPLE_CONV_TYPE_IM, account, "bob@example.org");
	PurpleBuddy *carol = purple_buddy_new(account, "carol@example.org", "Carol");
	collected c;
	struct stat st;
	char *dir = g_path_get_dirname(db_path);

	seal_recording_init(plugin);
	CHECK(g_stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK(g_stat(db_path, &st) == 0 && (st.st_mode & 0777) == 0600);

	seal_recording_im(account, "Bob@Example.org", FALSE, TRUE, SEAL_TRUST_VERIFIED,
			  "<b>hi</b> &amp; <i>welcome</i>", TEST_BASE_US);
	seal_recording_im(account, "bob@example.org", TRUE, FALSE, SEAL_TRUST_UNVERIFIED, "plain reply", 0);
	seal_recording_event(account, "bob@example.org", "Encrypted session started.");
	run_main_loop_briefly();
	CHECK(count_notices(conv) == 1);

	/* Switched off per contact, per account, and globally: nothing recorded. */
	purple_blist_add_buddy(carol, NULL, NULL, NULL);
	purple_blist_node_set_bool((PurpleBlistNode *)carol, "seal-record", FALSE);
	seal_recording_im(account, "carol@example.org", FALSE, FALSE, SEAL_TRUST_UNVERIFIED, "not recorded 1", 0);
	/* ... or on the contact the buddy belongs to */
	purple_blist_node_remove_setting((PurpleBlistNode *)carol, "seal-record");
	purple_blist_node_set_bool(((PurpleBlistNode *)carol)->parent, "seal-record", FALSE);
	seal_recording_im(account, "carol@example.org", FALSE, FALSE, SEAL_TRUST_UNVERIFIED, "not recorded 1b", 0);
	purple_account_set_bool(account, "seal-record", FALSE);
	seal_recording_im(account, "bob@example.org", FALSE, FALSE, SEAL_TRUST_UNVERIFIED, "not recorded 2", 0);
	purple_account_set_bool(account, "seal-record", TRUE);
	purple_prefs_set_bool("/plugins/core/seal/records/enabled", FALSE);
	seal_recording_im(account, "bob@example.org", FALSE, FALSE, SEAL_TRUST_UNVERIFIED, "not recorded 3", 0);
	purple_prefs_set_bool("/plugins/core/seal/records/enabled", TRUE);

	c = read_records(db_path);
	printf("%s", c.texts->str);
	CHECK(c.count == 4); /* with the old record written before loading */
	CHECK(strstr(c.texts->str, "bob@example.org|Bob@Example.org|in|1|verified|im|hi & welcome|"
				   "<b>hi</b> &amp; <i>welcome</i>\n") != NULL);
	CHECK(strstr(c.texts->str, "|out|0|none|im|plain reply|plain reply\n") != NULL);
	CHECK(strstr(c.texts->str, "|event|0|none|event|Encrypted session started.|") != NULL);
	CHECK(strstr(c.texts->str, "not recorded") == NULL);
	g_string_free(c.texts, TRUE);

	/* The notice is shown once per conversation, not once per message. */
	seal_recording_im(account, "bob@example.org", FALSE, FALSE, SEAL_TRUST_UNVERIFIED, "again", 0);
	run_main_loop_briefly();
	CHECK(count_notices(conv) == 1);
	g_free(dir);
}

/* A chat message goes through libpurple's own path (serv_got_chat_in):
 * recorded once, with the room as peer and the speaker as alias. */
static void test_chat(PurpleAccount *account, const char *db_path)
{
	PurpleConversation *chat = purple_conversation_new(PURPLE_CONV_TYPE_CHAT, account, "room@conf.example.org");
	collected c;

	purple_signal_emit(purple_conversations_get_handle(), "received-chat-msg", account, "dave",
			   "<u>chat</u> line", chat, PURPLE_MESSAGE_RECV);
	purple_signal_emit(purple_conversations_get_handle(), "received-chat-msg", account, "alice",
			   "my own line", chat, PURPLE_MESSAGE_SEND);
	c = read_records(db_path);
	CHECK(strstr(c.texts->str, "room@conf.example.org|dave|in|0|none|chat|chat line|<u>chat</u> line\n") != NULL);
	CHECK(strstr(c.texts->str, "room@conf.example.org|alice|out|0|none|chat|my own line|") != NULL);
	g_string_free(c.texts, TRUE);
}

static void test_export_verify_logger(PurpleAccount *account, const char *dir)
{
	char *csv = g_build_filename(dir, "export.csv", NULL);
	char *text = NULL, *verify;
	GList *logs;
	struct stat st;
	int found_escaped = 0;

	CHECK(seal_recording_export_csv(csv) == 7);
	CHECK(g_stat(csv, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(g_file_get_contents(csv, &text, NULL, NULL) && g_str_has_prefix(text, "id,seq,time,"));
	g_free(text);
	verify = seal_recording_verify_text();
	CHECK(strstr(verify, "intact") != NULL);
	g_free(verify);

	/* Pidgin's and Finch's log viewers list and read Seal's records. */
	logs = purple_log_get_logs(PURPLE_LOG_IM, "bob@example.org", account);
	for (GList *l = logs; l; l = l->next) {
		PurpleLog *log = l->data;
		PurpleLogReadFlags flags = 0;
		char *body = purple_log_read(log, &flags);
		if (log->logger && strcmp(log->logger->id, "seal") == 0 && strstr(body, "hi &amp; welcome"))
			found_escaped++;
		g_free(body);
	}
	CHECK(found_escaped == 1);
	g_list_free_full(logs, (GDestroyNotify)purple_log_free);
	g_free(csv);
}

/* Before the plugin first loads: a store whose first record is from 1970. */
static void write_old_record(const char *db_path)
{
	char *dir = g_path_get_dirname(db_path);
	GError *error = NULL;
	seal_records *db;
	char text[64];
	seal_record rec;

	CHECK(g_mkdir_with_parents(dir, 0755) == 0);
	db = seal_records_open(db_path, SEAL_RECORDS_OPEN_READWRITE, &error);
	CHECK_NO_ERROR(error);
	test_fill_record(&rec, 1, text, sizeof text);
	rec.time_us = 1000000;
	CHECK(db && seal_records_append(db, &rec, &error));
	seal_records_close(db);
	g_free(dir);
}

static void test_retention_and_damage(PurplePlugin *plugin, const char *db_path)
{
	collected c;
	char *verify;

	/* Retention of one day, applied at load: the 1970 record goes, the
	 * chain still verifies. */
	seal_recording_uninit();
	purple_prefs_set_int("/plugins/core/seal/records/retention_days", 1);
	seal_recording_init(plugin);
	c = read_records(db_path);
	CHECK(c.count == 6 && strstr(c.texts->str, "about apples") == NULL);
	g_string_free(c.texts, TRUE);
	verify = seal_recording_verify_text();
	CHECK(strstr(verify, "intact") != NULL);
	g_free(verify);
	seal_recording_uninit();
	purple_prefs_set_int("/plugins/core/seal/records/retention_days", 0);

	/* A damaged database: the plugin loads, records nothing, says so. */
	CHECK(g_file_set_contents(db_path, "this is not a database, not at all, not at all", -1, NULL));
	{
		char *wal = g_strconcat(db_path, "-wal", NULL);
		g_unlink(wal);
		g_free(wal);
	}
	seal_recording_init(plugin);
	seal_recording_im(purple_accounts_find("alice@example.org", PROTOCOL), "bob@example.org", FALSE, FALSE,
			  SEAL_TRUST_UNVERIFIED, "lost", 0);
	verify = seal_recording_verify_text();
	CHECK(strstr(verify, "not keeping records") != NULL);
	g_free(verify);
	CHECK(seal_recording_export_csv("/nonexistent/x.csv") < 0);
	seal_recording_uninit();
}

int main(void)
{
	char *dir = test_tmpdir();
	char *db_path = g_build_filename(dir, "seal", "records.db", NULL);
	PurplePlugin *plugin = g_new0(PurplePlugin, 1);
	PurpleConnection *gc;
	PurpleAccount *account;

	purple_util_set_user_dir(dir);
	purple_debug_set_enabled(g_getenv("SEAL_TEST_DEBUG") != NULL);
	purple_eventloop_set_ui_ops(&event_loop);
	if (!purple_core_init("seal-records-test")) {
		fprintf(stderr, "libpurple failed to initialise\n");
		return 1;
	}
	purple_set_blist(purple_blist_new());
	seal_recording_add_prefs();
	account = purple_account_new("alice@example.org", PROTOCOL);
	purple_accounts_add(account);
	gc = fake_connection(account);

	write_old_record(db_path);
	test_recording(plugin, account, db_path);
	test_chat(account, db_path);
	test_export_verify_logger(account, dir);
	test_retention_and_damage(plugin, db_path);

	purple_account_set_connection(account, NULL);
	g_free(gc);
	purple_core_quit();
	g_free(plugin);
	test_remove_tree(dir);
	g_free(db_path);
	g_free(dir);
	return test_finish("records_plugin");
}
