/* log.h — log lines to a file (or stderr when headless); never to the TUI. */
#ifndef FO_LOG_H
#define FO_LOG_H

#include "fleetops_plugin.h"
#include <stdio.h>

typedef struct fo_logger fo_logger;

/* path NULL or "-" logs to stderr.  Returns NULL with err filled when the
 * file cannot be opened. OWNED. */
fo_logger *fo_logger_open(const char *path, fo_log_level min, char *err, size_t errlen);
void fo_logger_close(fo_logger *l);
void fo_logger_vwrite(fo_logger *l, fo_log_level level, const char *fmt, va_list ap);
fo_log_level fo_log_level_parse(const char *s); /* "debug".."error"; info on unknown */

#endif
