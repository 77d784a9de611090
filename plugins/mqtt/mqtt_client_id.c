/* mqtt_client_id.c — the default MQTT client id.
 *
 * fleetops connects with cleansession 0, so the broker keeps one session
 * per client id.  Two processes under one id take the session from each
 * other on every (re)connect, which shows as a feed that keeps dropping.
 * Operators often run several consoles on one depot server, so the default
 * is fleetops-HOST-USER for the first process of a user on a host and
 * fleetops-HOST-USER-2, -3, ... while the lower ones are held.  An id is held
 * with flock(2) on a file in $XDG_RUNTIME_DIR/fleetops (else
 * /tmp/fleetops-UID); the kernel releases it when the process ends, so a
 * restarted console gets its old id, and its session, back. */
#include "mqtt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define MQ_ID_MAX_TRIES 64

/* Keeps [A-Za-z0-9_-] of src (others become '_'), at most max characters. */
static void id_part(char *dst, size_t len, const char *src, size_t max)
{
	size_t n = 0;
	for (; src && *src && n + 1 < len && n < max; src++)
		dst[n++] = (char)((*src >= 'a' && *src <= 'z') || (*src >= 'A' && *src <= 'Z') ||
		                          (*src >= '0' && *src <= '9') || *src == '-' || *src == '_'
		                      ? *src
		                      : '_');
	dst[n] = '\0';
}

/* The directory of the lock files, created 0700; -1 when it cannot be
 * made safe (not ours, not a directory, a symlink). */
static int lock_dir(char *buf, size_t len)
{
	const char *run = getenv("XDG_RUNTIME_DIR");
	if (run && *run)
		snprintf(buf, len, "%s/fleetops", run);
	else
		snprintf(buf, len, "/tmp/fleetops-%ld", (long)getuid());
	if (mkdir(buf, 0700) != 0 && errno != EEXIST)
		return -1;
	struct stat st;
	if (lstat(buf, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid())
		return -1;
	return 0;
}

int mq_claim_client_id(char *buf, size_t len, int *fd_out)
{
	char host[64] = "localhost", hpart[32], upart[24], dir[512];
	*fd_out = -1;
	if (gethostname(host, sizeof host - 1) != 0)
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = '\0';
	host[strcspn(host, ".")] = '\0'; /* the short name */
	id_part(hpart, sizeof hpart, host, 24);
	const char *user = getenv("USER");
	if (!user || !*user)
		user = getenv("LOGNAME");
	char uid[24];
	if (!user || !*user) {
		snprintf(uid, sizeof uid, "u%ld", (long)getuid());
		user = uid;
	}
	id_part(upart, sizeof upart, user, 16);
	if (lock_dir(dir, sizeof dir) != 0) {
		/* no safe place for the locks: unique, but a new session each run */
		snprintf(buf, len, "fleetops-%s-%s-p%ld", hpart, upart, (long)getpid());
		return -1;
	}
	for (int i = 1; i <= MQ_ID_MAX_TRIES; i++) {
		char id[128], path[700];
		if (i == 1)
			snprintf(id, sizeof id, "fleetops-%s-%s", hpart, upart);
		else
			snprintf(id, sizeof id, "fleetops-%s-%s-%d", hpart, upart, i);
		snprintf(path, sizeof path, "%s/mqtt-%s.lock", dir, id);
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0)
			break;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			snprintf(buf, len, "%s", id);
			*fd_out = fd;
			return 0;
		}
		close(fd);
	}
	snprintf(buf, len, "fleetops-%s-%s-p%ld", hpart, upart, (long)getpid());
	return -1;
}
