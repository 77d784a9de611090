/* common.h — what every benchmark program shares: the machine line and
 * its section of BENCHMARKS.md. */
#ifndef FO_BENCH_COMMON_H
#define FO_BENCH_COMMON_H

#include <stddef.h>

/* "2 CPUs (nproc), <CPU model>" into buf. */
void bench_machine(char *buf, size_t len);
/* Rewrites path with text replacing the section that starts with the line
 * `heading` (appended when missing); other sections stay as they were. */
void bench_md_section(const char *path, const char *heading, const char *text);

#endif
