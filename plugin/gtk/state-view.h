/* How each seal_conv_state is shown: words, icon, colour, explanation. */
#ifndef GTK_SEAL_STATE_VIEW_H
#define GTK_SEAL_STATE_VIEW_H

#include "seal-ipc.h"

typedef struct {
	const char *label;    /* translated, short: the button text */
	const char *tooltip;  /* translated: what it means and what to do */
	const char *stock_id; /* GTK stock icon */
	const char *colour;   /* "#rrggbb" for the label text */
} seal_state_view;

/* The presentation of state (translated at call time). */
seal_state_view seal_state_view_of(seal_conv_state state);

#endif
