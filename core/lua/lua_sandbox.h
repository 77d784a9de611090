/* lua_sandbox.h — one Lua 5.4 state under the host's limits.
 *
 * Each script version runs in a state of its own made here: a lua_Alloc
 * that caps its memory, a count hook (set only while the script runs) that
 * stops it past an instruction budget or a wall-clock limit, and a library
 * without os (but time, clock, date, difftime), io, package/require,
 * debug, dofile/loadfile, string.dump or binary chunks, unless the script's
 * directory is trusted.  A stopped script cannot catch its own stop: pcall,
 * xpcall, coroutine.resume and coroutine.close raise it again. */
#ifndef FO_LUA_SANDBOX_H
#define FO_LUA_SANDBOX_H

#include <lua.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Instructions between two looks at the clock and the budget. */
#define FO_LUA_HOOK_EVERY 1000

typedef struct {
	/* limits, set before fo_lua_sandbox_new */
	size_t mem_limit;       /* bytes */
	uint64_t instr_limit;   /* instructions per run */
	uint64_t time_limit_ms; /* wall clock per run */
	bool trusted;           /* full standard library */
	/* accounting */
	size_t mem_used;
	bool mem_hit;          /* an allocation was refused by the cap */
	uint64_t instr;        /* of the current run */
	uint64_t deadline_ns;  /* monotonic */
	int depth;             /* nested entries of the current run */
	bool stopped;          /* the current run was stopped; sticky until leave */
	char stop_reason[320]; /* "FILE:LINE: stopped: ..." */
	bool exit_requested;   /* fleetops.exit(): a stop that is not a fault */
	int exit_code;
	unsigned warnings; /* lines given to warn_fn */
	/* where print() and warnings go; may be NULL */
	void (*print_fn)(void *ud, const char *text, size_t len);
	void (*warn_fn)(void *ud, const char *text);
	void *ud;
} fo_lua_sandbox;

/* A new state whose allocator charges sb (which must outlive it).  NULL
 * with err filled when even the empty state does not fit the cap. */
lua_State *fo_lua_sandbox_new(fo_lua_sandbox *sb, char *err, size_t errlen);
/* The sandbox of a state (its allocator's data). */
fo_lua_sandbox *fo_lua_sandbox_of(lua_State *L);

/* Around every use of a state: the outermost enter starts a run (budget,
 * deadline, hook on); the matching leave ends it (hook off). */
void fo_lua_sandbox_enter(lua_State *L);
void fo_lua_sandbox_leave(lua_State *L);

/* lua_pcall with a message handler that gives "FILE:LINE: message" (an
 * error object that is not a string goes through its __tostring, run
 * protected and under the run's limits, else is named by its type).
 * Returns the Lua status; on error the message is copied into err and
 * popped. */
int fo_lua_sandbox_pcall(lua_State *L, int nargs, int nresults, char *err, size_t errlen);

/* Loads a text chunk (binary refused); chunkname like "@path". */
int fo_lua_sandbox_load(lua_State *L, const char *text, size_t len, const char *chunkname,
                        char *err, size_t errlen);

/* Stops the current run from C (fleetops.exit): raises the sticky stop. */
int fo_lua_sandbox_stop(lua_State *L, const char *reason);

/* Closes the state with the hook on, so a finalizer cannot hang it. */
void fo_lua_sandbox_close(lua_State *L);

#endif
