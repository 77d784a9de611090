/* split.c — shell-like word splitting for command lines. */
#include "registry.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void fo_split_free(char **words, int n)
{
	for (int i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

int fo_split_line(const char *line, char ***words)
{
	size_t len = strlen(line);
	char **w = NULL;
	int n = 0;
	size_t cap = 0;
	char *cur = malloc(len + 1);
	if (!cur)
		abort();
	const char *p = line;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		size_t k = 0;
		char quote = 0;
		while (*p && (quote || !isspace((unsigned char)*p))) {
			if (quote) {
				if (*p == quote) {
					quote = 0;
					p++;
				} else if (quote == '"' && *p == '\\' && p[1]) {
					cur[k++] = p[1];
					p += 2;
				} else {
					cur[k++] = *p++;
				}
			} else if (*p == '\'' || *p == '"') {
				quote = *p++;
			} else if (*p == '\\' && p[1]) {
				cur[k++] = p[1];
				p += 2;
			} else {
				cur[k++] = *p++;
			}
		}
		if (quote) {
			free(cur);
			fo_split_free(w, n);
			*words = NULL;
			return -1;
		}
		w = fo_grow(w, &cap, (size_t)n + 1, sizeof *w, 8);
		w[n++] = fo_strndup(cur, k);
	}
	free(cur);
	*words = w;
	return n;
}
