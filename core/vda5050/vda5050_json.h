/* vda5050_json.h — the VDA 5050 codec's JSON reader: simdjson (C++) behind
 * a small C API (core/vda5050_json.cc).
 *
 * A parse turns one document into a flat array of nodes in document order:
 * a container's children follow it directly, and every node knows where its
 * next sibling starts, so C code walks objects and arrays without any
 * allocation.  Strings and keys point into the parser's own buffers: they
 * are BORROWED and valid until the next parse with the same parser.  Keys
 * and strings are NUL-terminated and may contain NUL (use the lengths). */
#ifndef FO_VDA5050_JSON_H
#define FO_VDA5050_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	FO_VJ_NULL,
	FO_VJ_BOOL,
	FO_VJ_INT,    /* fits int64 */
	FO_VJ_UINT,   /* above INT64_MAX */
	FO_VJ_DOUBLE, /* has a fraction or an exponent */
	FO_VJ_STRING,
	FO_VJ_ARRAY,
	FO_VJ_OBJECT,
} fo_vj_type;

typedef struct {
	const char *key; /* member name when the parent is an object, else NULL */
	uint32_t keylen;
	uint32_t type;  /* fo_vj_type */
	uint32_t next;  /* index of the next sibling; parent's end when last */
	uint32_t count; /* ARRAY/OBJECT: children; STRING: length in bytes */
	union {
		const char *s;
		double d;
		int64_t i;
		uint64_t u;
		bool b;
	} v;
} fo_vj_node;

typedef enum {
	FO_VJ_OK = 0,
	FO_VJ_ESYNTAX,   /* not JSON (truncated, bad token, trailing junk) */
	FO_VJ_EUTF8,     /* invalid UTF-8 */
	FO_VJ_EDEPTH,    /* nested deeper than the parser's limit */
	FO_VJ_ECAPACITY, /* longer than the parser's limit */
	FO_VJ_ENUMBER,   /* a number that does not fit a double or 64 bits */
	FO_VJ_ENOMEM,
} fo_vj_status;

typedef struct fo_vj_parser fo_vj_parser;

/* OWNED; NULL when out of memory.  max_len bytes per document, max_depth
 * levels of nesting. */
fo_vj_parser *fo_vj_parser_new(size_t max_len, size_t max_depth);
void fo_vj_parser_free(fo_vj_parser *p);

/* Parses buf[0..len).  On FO_VJ_OK *nodes (BORROWED) holds *n >= 1 nodes,
 * the root first.  Otherwise what is filled with a short description. */
fo_vj_status fo_vj_parse(fo_vj_parser *p, const char *buf, size_t len, const fo_vj_node **nodes,
                         size_t *n, char *what, size_t whatlen);

#ifdef __cplusplus
}
#endif

#endif
