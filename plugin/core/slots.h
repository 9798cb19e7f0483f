/* core-seal: a small secret file rewritten after every message.
 *
 * The file is kept as two alternating slots, <base>.0 and <base>.1, each
 * "SEALSLT1", a 64-bit generation, a 32-bit length, the data and a SHA-256
 * of all of it.  A write overwrites the older slot in place (no new inode:
 * creating and renaming a temp file per message costs ~0.4 ms on ext4), so a
 * crash mid-write always leaves the newer complete version in the other
 * slot.  Reads take the valid slot with the highest generation.  Files are
 * 0600; fsync is deferred by up to a second and batched unless durable. */
#ifndef SEAL_SLOTS_H
#define SEAL_SLOTS_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include "crypto/buf.h"

int seal_slots_write(const char *base, const uint8_t *data, size_t len, gboolean durable);
/* SEAL_ERR_IO with *missing = TRUE when neither slot holds a valid version. */
int seal_slots_read(const char *base, seal_buf *out, gboolean *missing);
void seal_slots_remove(const char *base);

/* fsync every slot written since the last sync (also run by a timer). */
void seal_slots_sync_pending(void);
/* Sync, stop the timer, forget generations (unload). */
void seal_slots_uninit(void);

#endif
