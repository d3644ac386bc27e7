/*
 * vld - atomic file replacement.
 * SPDX-License-Identifier: MIT
 */
#include "atomic.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary file a signal handler must remove (async-signal-safe unlink). */
static char *volatile g_temp_path;

static void on_signal(int sig)
{
    char *p = g_temp_path;
    if (p)
        unlink(p);
    signal(sig, SIG_DFL);
    raise(sig);
}

static const int g_signals[] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction g_saved[sizeof g_signals / sizeof *g_signals];

static void guard(char *path)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    g_temp_path = path;
    for (size_t i = 0; i < sizeof g_signals / sizeof *g_signals; i++)
        sigaction(g_signals[i], &sa, &g_saved[i]);
}

static void unguard(void)
{
    for (size_t i = 0; i < sizeof g_signals / sizeof *g_signals; i++)
        sigaction(g_signals[i], &g_saved[i], NULL);
    g_temp_path = NULL;
}

/* Directory part of path ("." when it has none); malloc'ed. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *d;
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    d = malloc((size_t)(slash - path) + 1);
    if (d) {
        memcpy(d, path, (size_t)(slash - path));
        d[slash - path] = '\0';
    }
    return d;
}

/* Make a directory entry durable; filesystems that cannot fsync a
 * directory (EINVAL) are not an error. */
static int sync_dir(const char *dir)
{
    int e = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    if (fsync(fd) != 0 && errno != EINVAL)
        e = errno;
    close(fd);
    return e;
}

/* Move tmp to path unless path exists; atomic where the filesystem allows. */
static int rename_noreplace(const char *tmp, const char *path)
{
    struct stat sb;
#ifdef RENAME_NOREPLACE
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return errno;
#endif
    if (link(tmp, path) == 0) {
        unlink(tmp);
        return 0;
    }
    if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS && errno != EMLINK)
        return errno;
    /* no hard links either: the best left is a check just before */
    if (lstat(path, &sb) == 0)
        return EEXIST;
    return rename(tmp, path) == 0 ? 0 : errno;
}

static mode_t default_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

int atomic_write(const char *path, const void *buf, size_t len, bool overwrite)
{
    const char *base = strrchr(path, '/');
    char *dir = dir_of(path);
    char *tmp;
    size_t tmp_len;
    sigset_t block, old;
    int fd, e = 0;

    base = base ? base + 1 : path;
    if (!dir)
        return ENOMEM;
    tmp_len = strlen(dir) + strlen(base) + 16;
    tmp = malloc(tmp_len);
    if (!tmp) {
        free(dir);
        return ENOMEM;
    }
    snprintf(tmp, tmp_len, "%s/.%s.XXXXXX", dir, base);

    /* no signal between creating the file and knowing its name */
    sigemptyset(&block);
    for (size_t i = 0; i < sizeof g_signals / sizeof *g_signals; i++)
        sigaddset(&block, g_signals[i]);
    sigprocmask(SIG_BLOCK, &block, &old);
    fd = mkstemp(tmp);
    e = errno;
    if (fd >= 0)
        guard(tmp);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        free(tmp);
        free(dir);
        return e;
    }
    e = 0;
    if (fchmod(fd, default_mode()) != 0 || (e = write_all(fd, buf, len)) != 0 ||
        fsync(fd) != 0) {
        if (!e)
            e = errno;
        close(fd);
        goto fail;
    }
    if (close(fd) != 0) {
        e = errno;
        goto fail;
    }
    if (overwrite)
        e = rename(tmp, path) == 0 ? 0 : errno;
    else
        e = rename_noreplace(tmp, path);
    if (e)
        goto fail;
    unguard();
    e = sync_dir(dir);
    free(tmp);
    free(dir);
    return e;

fail:
    unlink(tmp);
    unguard();
    free(tmp);
    free(dir);
    return e;
}
