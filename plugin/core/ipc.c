/* core-seal: the signals and IPC commands of seal-ipc.h. */
#include "ipc.h"

#include <signals.h>
#include <value.h>

#include "actions.h"
#include "control.h"
#include "core.h"

void seal_ipc_emit_state_changed(PurpleAccount *account, const char *peer, seal_conv_state state)
{
	PurplePlugin *plugin = seal_core_plugin();

	if (plugin != NULL)
		purple_signal_emit(plugin, "seal-state-changed", account, peer, (int)state);
}

void seal_ipc_emit_key_changed(PurpleAccount *account, const char *peer)
{
	PurplePlugin *plugin = seal_core_plugin();

	if (plugin != NULL)
		purple_signal_emit(plugin, "seal-key-changed", account, peer);
}

/* Marshals libpurple does not ship. */
static void ipc_marshal_INT__POINTER(PurpleCallback cb, va_list args, void *data, void **return_val)
{
	void *arg1 = va_arg(args, void *);
	int ret = ((int (*)(void *, void *))cb)(arg1, data);

	if (return_val != NULL)
		*return_val = GINT_TO_POINTER(ret);
}

static void ipc_marshal_POINTER__VOID(PurpleCallback cb, va_list args, void *data, void **return_val)
{
	void *ret = ((void *(*)(void *))cb)(data);

	(void)args;
	if (return_val != NULL)
		*return_val = ret;
}

static int ipc_get_state(PurpleAccount *account, const char *peer)
{
	return (int)seal_control_get_state(account, peer);
}

static gboolean ipc_verify(PurpleAccount *account, const char *peer)
{
	return seal_control_verify(account, peer);
}

static gboolean ipc_accept_key(PurpleAccount *account, const char *peer)
{
	return seal_control_accept_key(account, peer);
}

static gboolean ipc_forget(PurpleAccount *account, const char *peer)
{
	return seal_control_forget(account, peer);
}

static char *ipc_own_fingerprint(PurpleAccount *account)
{
	return seal_control_own_fingerprint(account, FALSE);
}

static char *ipc_get_policy(PurpleAccount *account, const char *peer)
{
	return g_strdup(seal_control_get_policy(account, peer));
}

static int ipc_export_records(const char *csv_path)
{
	return seal_actions_export_records(csv_path);
}

static char *ipc_verify_records(void)
{
	return seal_actions_verify_records();
}

static PurpleValue *ipc_account(void)
{
	return purple_value_new(PURPLE_TYPE_SUBTYPE, PURPLE_SUBTYPE_ACCOUNT);
}

static PurpleValue *ipc_string(void)
{
	return purple_value_new(PURPLE_TYPE_STRING);
}

static void ipc_register_signals(PurplePlugin *plugin)
{
	purple_signal_register(plugin, "seal-state-changed", purple_marshal_VOID__POINTER_POINTER_UINT,
			       NULL, 3, ipc_account(), ipc_string(), purple_value_new(PURPLE_TYPE_INT));
	purple_signal_register(plugin, "seal-key-changed", purple_marshal_VOID__POINTER_POINTER, NULL,
			       2, ipc_account(), ipc_string());
}

static void ipc_register_peer_commands(PurplePlugin *plugin)
{
	purple_plugin_ipc_register(plugin, "get-state", PURPLE_CALLBACK(ipc_get_state),
				   purple_marshal_INT__POINTER_POINTER,
				   purple_value_new(PURPLE_TYPE_INT), 2, ipc_account(), ipc_string());
	purple_plugin_ipc_register(plugin, "start", PURPLE_CALLBACK(seal_control_start),
				   purple_marshal_VOID__POINTER_POINTER, NULL, 2, ipc_account(),
				   ipc_string());
	purple_plugin_ipc_register(plugin, "end", PURPLE_CALLBACK(seal_control_end),
				   purple_marshal_VOID__POINTER_POINTER, NULL, 2, ipc_account(),
				   ipc_string());
	purple_plugin_ipc_register(plugin, "verify", PURPLE_CALLBACK(ipc_verify),
				   purple_marshal_BOOLEAN__POINTER_POINTER,
				   purple_value_new(PURPLE_TYPE_BOOLEAN), 2, ipc_account(), ipc_string());
	purple_plugin_ipc_register(plugin, "accept-key", PURPLE_CALLBACK(ipc_accept_key),
				   purple_marshal_BOOLEAN__POINTER_POINTER,
				   purple_value_new(PURPLE_TYPE_BOOLEAN), 2, ipc_account(), ipc_string());
	purple_plugin_ipc_register(plugin, "forget", PURPLE_CALLBACK(ipc_forget),
				   purple_marshal_BOOLEAN__POINTER_POINTER,
				   purple_value_new(PURPLE_TYPE_BOOLEAN), 2, ipc_account(), ipc_string());
	purple_plugin_ipc_register(plugin, "peer-fingerprint",
				   PURPLE_CALLBACK(seal_control_peer_fingerprint),
				   purple_marshal_POINTER__POINTER_POINTER, ipc_string(), 2,
				   ipc_account(), ipc_string());
	purple_plugin_ipc_register(plugin, "get-policy", PURPLE_CALLBACK(ipc_get_policy),
				   purple_marshal_POINTER__POINTER_POINTER, ipc_string(), 2,
				   ipc_account(), ipc_string());
	purple_plugin_ipc_register(plugin, "set-policy", PURPLE_CALLBACK(seal_control_set_policy),
				   purple_marshal_BOOLEAN__POINTER_POINTER_POINTER,
				   purple_value_new(PURPLE_TYPE_BOOLEAN), 3, ipc_account(), ipc_string(),
				   ipc_string());
}

static void ipc_register_account_commands(PurplePlugin *plugin)
{
	purple_plugin_ipc_register(plugin, "own-fingerprint", PURPLE_CALLBACK(ipc_own_fingerprint),
				   purple_marshal_POINTER__POINTER, ipc_string(), 1, ipc_account());
	purple_plugin_ipc_register(plugin, "list-contacts", PURPLE_CALLBACK(seal_control_list_contacts),
				   purple_marshal_POINTER__POINTER,
				   purple_value_new(PURPLE_TYPE_POINTER), 1, ipc_account());
	purple_plugin_ipc_register(plugin, "export-records", PURPLE_CALLBACK(ipc_export_records),
				   ipc_marshal_INT__POINTER, purple_value_new(PURPLE_TYPE_INT), 1,
				   ipc_string());
	purple_plugin_ipc_register(plugin, "verify-records", PURPLE_CALLBACK(ipc_verify_records),
				   ipc_marshal_POINTER__VOID, ipc_string(), 0);
}

void seal_ipc_register(PurplePlugin *plugin)
{
	ipc_register_signals(plugin);
	ipc_register_peer_commands(plugin);
	ipc_register_account_commands(plugin);
}

void seal_ipc_unregister(PurplePlugin *plugin)
{
	purple_plugin_ipc_unregister_all(plugin);
	purple_signals_unregister_by_instance(plugin);
}
