/* The Seal button in each Pidgin conversation toolbar: shows the state of the
 * active conversation and opens Seal's menu for it. */
#ifndef GTK_SEAL_CONV_BUTTON_H
#define GTK_SEAL_CONV_BUTTON_H

#include <gtkconv.h>

#include "seal-ipc.h"

/* Adds the button to gtkconv's toolbar if it has none yet (IM only) and shows
 * the current state of gtkconv->active_conv, asked from core-seal. */
void seal_button_attach(PidginConversation *gtkconv);

/* Shows state on conv's button (if conv is the active one of its window). */
void seal_button_show_state(PurpleConversation *conv, seal_conv_state state);

/* Forgets what was last shown for conv (conv is being deleted). */
void seal_button_forget_conversation(PurpleConversation *conv);

/* Removes the buttons from every conversation window (plugin unload). */
void seal_button_remove_all(void);

#endif
