/* common.c — the machine line and BENCHMARKS.md sections for benchmarks. */
#include "common.h"

#include "fleetops_plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void bench_machine(char *buf, size_t len)
{
	char model[160] = "unknown CPU";
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];
	while (f && fgets(line, sizeof line, f)) {
		if (strncmp(line, "model name", 10) == 0) {
			char *c = strchr(line, ':');
			if (c) {
				snprintf(model, sizeof model, "%s", c + 2);
				model[strcspn(model, "\n")] = '\0';
			}
			break;
		}
	}
	if (f)
		fclose(f);
	snprintf(buf, len, "%ld CPUs (nproc), %s", sysconf(_SC_NPROCESSORS_ONLN), model);
}

void bench_md_section(const char *path, const char *heading, const char *text)
{
	char err[256];
	char *old = fo_file_read(path, NULL, err, sizeof err); /* NULL: a new file */
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		free(old);
		return;
	}
	if (!old) {
		fprintf(f, "# Benchmarks\n\n%s", text);
	} else {
		char *start = strstr(old, heading);
		if (!start) {
			size_t ol = strlen(old);
			fprintf(f, "%s%s%s", old, ol && old[ol - 1] != '\n' ? "\n\n" : "\n", text);
		} else {
			char *end = strstr(start + 1, "\n## ");
			fwrite(old, 1, (size_t)(start - old), f);
			fputs(text, f);
			if (end)
				fprintf(f, "\n%s", end + 1);
		}
	}
	fclose(f);
	free(old);
}
