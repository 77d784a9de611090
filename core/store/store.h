/* store.h — opening and closing the store (the operations are public, in
 * fleetops_plugin.h). */
#ifndef FO_STORE_H
#define FO_STORE_H

#include "fleetops_plugin.h"

/* Opens a store for url with a registered backend; the connection itself
 * is made by the store's thread on the first operation, so a slow or absent
 * server never blocks the caller.  OWNED; NULL with err filled when no
 * backend serves the URL's scheme. */
fo_store *fo_store_open(fo_core *core, const char *url, char *err, size_t errlen);
/* Waits up to wait_ms for queued operations, stops the threads, frees.
 * When a server keeps an operation longer, the store is abandoned to its
 * thread (false): the caller must then keep backend code mapped. */
bool fo_store_close(fo_store *s, uint64_t wait_ms);
/* sqlite:$XDG_DATA_HOME/fleetops/fleetops.db */
void fo_store_default_url(char *buf, size_t len);
const char *fo_store_url(const fo_store *s);
const char *fo_store_scheme(const fo_store *s);
/* Whether the last finished operation reached the store; why (borrowed)
 * says what went wrong when not. */
bool fo_store_healthy(const fo_store *s, const char **why);
/* Asks the store every every_ms whether it is there, for a console that
 * must show it (a vanished server is seen even when nothing is written). */
void fo_store_watch_health(fo_store *s, uint64_t every_ms);
/* True once the change listener has subscribed (changes made before that
 * are not heard). */
bool fo_store_listening(fo_store *s);
/* The `db` commands (core/store_cmds.c). */
void fo_store_cmds_register(fo_core *core);

#endif
