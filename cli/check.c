/*
 * vld - `vld check`: xxhsum -c compatible verification of checksum files.
 *
 * Messages, their streams, the summary lines and the exit status follow
 * xxhsum 0.8.1 (which copied them from coreutils' md5sum); comments, the
 * XXH3_ prefix, escaped names and --ignore-missing follow newer xxhsum.
 * SPDX-License-Identifier: MIT
 */
#include "check.h"

#include "progress.h"
#include "sumfile.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct check_report {
    unsigned long proper;     /* properly formatted lines */
    unsigned long improper;   /* improperly formatted lines */
    unsigned long mismatched; /* FAILED */
    unsigned long matched;    /* OK */
    unsigned long unreadable; /* could not open or read */
    unsigned long missing;    /* skipped by --ignore-missing */
    bool quit;                /* a line could not even be read */
} check_report;

typedef enum { LINE_OK, LINE_FAILED, LINE_UNREADABLE, LINE_MISSING } line_status;

/* Reason for a library failure, without the file name the detail may repeat. */
static void lib_reason(const vld_ctx *ctx, vld_status st, const char *name, char *out, size_t cap)
{
    char detail[512] = "";
    const char *d = detail;
    size_t n = strlen(name);
    vld_ctx_last_error(ctx, detail, sizeof detail);
    if (strncmp(d, name, n) == 0 && d[n] == ':' && d[n + 1] == ' ')
        d += n + 2;
    snprintf(out, cap, "%s", *d ? d : vld_strerror(st));
}

/* Hash the file a line names and compare. *reason is set for LINE_UNREADABLE. */
static line_status check_line_file(vld_ctx *ctx, progress *pg, const check_opts *o,
                                   const sumline *l, char *reason, size_t cap)
{
    uint8_t digest[16];
    size_t len = 0;
    struct stat sb;
    vld_status st;
    bool is_stdin = strcmp(l->filename, "stdin") == 0; /* xxhsum's name for standard input */
    int fd = is_stdin ? STDIN_FILENO : open(l->filename, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        int e = errno;
        if (o->ignore_missing && e == ENOENT)
            return LINE_MISSING;
        snprintf(reason, cap, "%s", strerror(e));
        return LINE_UNREADABLE;
    }
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        close_input(fd);
        snprintf(reason, cap, "%s", strerror(EISDIR));
        return LINE_UNREADABLE;
    }
    progress_begin(pg, ctx, l->filename);
    st = vld_digest_fd(ctx, l->algo, fd, digest, &len);
    progress_end(pg, ctx);
    close_input(fd);
    if (st != VLD_OK) {
        lib_reason(ctx, st, l->filename, reason, cap);
        return LINE_UNREADABLE;
    }
    return (len == l->digest_len && memcmp(digest, l->digest, len) == 0) ? LINE_OK : LINE_FAILED;
}

static void print_name(const sumline *l)
{
    /* Names are escaped back only when the line itself was escaped: 0.8.1
     * files hold raw names and 0.8.1 prints them raw. */
    if (l->escaped && sumline_needs_escape(l->filename)) {
        putchar('\\');
        sumline_print_escaped(stdout, l->filename);
    } else {
        fputs(l->filename, stdout);
    }
}

static void check_lines(vld_ctx *ctx, progress *pg, const check_opts *o, FILE *in,
                        const char *name, check_report *r)
{
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;

    while (!r->quit) {
        sumline l;
        char reason[512];
        line_status ls;
        sumfile_getline_result g = sumfile_getline(in, &line, &cap);

        lineno++;
        if (g == GETLINE_EOF)
            break;
        if (g != GETLINE_OK) {
            fflush(stdout);
            fprintf(stderr, "%s:%lu: Error: %s.\n", name, lineno,
                    g == GETLINE_TOO_LONG ? "Line too long" : "Out of memory");
            r->quit = true;
            break;
        }
        switch (sumline_parse(line, o->little_endian, &l)) {
        case SUMLINE_COMMENT:
            continue;
        case SUMLINE_INVALID:
            r->improper++;
            if (o->warn) {
                fflush(stdout);
                fprintf(stderr, "%s:%lu: Error: Improperly formatted checksum line.\n", name,
                        lineno);
            }
            continue;
        case SUMLINE_OK:
            break;
        }
        r->proper++;

        ls = check_line_file(ctx, pg, o, &l, reason, sizeof reason);
        switch (ls) {
        case LINE_MISSING:
            r->missing++;
            break;
        case LINE_UNREADABLE:
            r->unreadable++;
            if (!o->status)
                printf("%s:%lu: Could not open or read '%s': %s.\n", name, lineno, l.filename,
                       reason);
            break;
        case LINE_OK:
        case LINE_FAILED:
            if (ls == LINE_OK)
                r->matched++;
            else
                r->mismatched++;
            if (!o->status && !(ls == LINE_OK && o->quiet)) {
                print_name(&l);
                fputs(ls == LINE_OK ? ": OK\n" : ": FAILED\n", stdout);
            }
            break;
        }
    }
    free(line);
}

static bool check_file(vld_ctx *ctx, progress *pg, const check_opts *o, const char *path)
{
    bool from_stdin = strcmp(path, "-") == 0;
    const char *name = from_stdin ? "stdin" : path;
    check_report r;
    bool ok;
    FILE *in;
    int fd = open_input(path, NULL); /* refuses directories, names the file */

    if (fd < 0)
        return false;
    in = from_stdin ? stdin : fdopen(fd, "r");
    if (!in) {
        msg_error(name, "%s", strerror(errno));
        close_input(fd);
        return false;
    }
    memset(&r, 0, sizeof r);
    check_lines(ctx, pg, o, in, name, &r);
    if (!from_stdin)
        fclose(in);

    if (r.proper == 0) {
        fflush(stdout);
        fprintf(stderr, "%s: no properly formatted xxHash checksum lines found\n", name);
    } else if (!o->status) {
        if (r.improper)
            printf("%lu %s improperly formatted\n", r.improper,
                   r.improper == 1 ? "line is" : "lines are");
        if (r.unreadable)
            printf("%lu listed %s could not be read\n", r.unreadable,
                   r.unreadable == 1 ? "file" : "files");
        if (r.mismatched)
            printf("%lu computed %s did NOT match\n", r.mismatched,
                   r.mismatched == 1 ? "checksum" : "checksums");
    }
    ok = r.proper != 0 && r.mismatched == 0 && r.unreadable == 0 &&
         (!o->strict || r.improper == 0) && !r.quit;
    if (o->ignore_missing && r.matched == 0) {
        /* as coreutils and newer xxhsum: checking nothing is not a success */
        printf("%s: no file was verified\n", name);
        ok = false;
    }
    return ok;
}

int check_run(const check_opts *o, char **files, int nfiles)
{
    progress pg;
    bool ok = true;
    vld_ctx *ctx = new_ctx();
    if (!ctx)
        return 1;
    progress_init(&pg, o->progress);
    if (nfiles == 0) {
        ok = check_file(ctx, &pg, o, "-");
    } else {
        for (int i = 0; i < nfiles; i++)
            ok = check_file(ctx, &pg, o, files[i]) && ok;
    }
    vld_ctx_free(ctx);
    if (fflush(stdout) != 0) {
        msg_error(NULL, "standard output: %s", strerror(errno));
        return 1;
    }
    return ok ? 0 : 1;
}

static const char check_help[] =
    "Usage: vld check [OPTION]... [SUMFILE]...\n"
    "   or: vld sum -c [OPTION]... [SUMFILE]...\n"
    "Verify files against checksum lists written by xxhsum or 'vld sum'.\n"
    "With no SUMFILE, or when SUMFILE is -, read the list from standard input.\n"
    "\n"
    "Lines may be GNU style (HASH  NAME; 8, 16 or 32 hex digits pick XXH32,\n"
    "XXH64 or XXH128; XXH3_HASH is XXH3-64) or BSD style (XXH64 (NAME) = HASH).\n"
    "Lines starting with '#' are comments; a leading '\\' marks escaped names.\n"
    "\n"
    "  -q, --quiet           don't print OK for each successfully verified file;\n"
    "                        no progress bar\n"
    "      --status          don't output anything, the exit status shows success\n"
    "      --strict          fail on improperly formatted checksum lines\n"
    "  -w, --warn            warn about improperly formatted checksum lines\n"
    "      --ignore-missing  don't fail or report for files that don't exist\n"
    "      --little-endian   GNU lines were written with --little-endian\n"
    "      --no-progress     no progress bar on standard error\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "Exit status: 0 all listed files matched, 1 a file failed, could not be read,\n"
    "no line was properly formatted (or, with --strict, one was not), 2 usage error.\n";

/* Options shared with `vld sum -c`; values above 255 are long-only. */
enum { OPT_STATUS = 256, OPT_STRICT, OPT_IGNORE_MISSING, OPT_LE, OPT_NO_PROGRESS };

int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"quiet", no_argument, NULL, 'q'},
        {"status", no_argument, NULL, OPT_STATUS},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"warn", no_argument, NULL, 'w'},
        {"ignore-missing", no_argument, NULL, OPT_IGNORE_MISSING},
        {"little-endian", no_argument, NULL, OPT_LE},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    check_opts o;
    bool no_progress = false;
    int c;

    memset(&o, 0, sizeof o);
    while ((c = getopt_long(argc, argv, ":qwh", longopts, NULL)) != -1) {
        switch (c) {
        case 'q': o.quiet = true; break;
        case 'w': o.warn = true; break;
        case OPT_STATUS: o.status = true; break;
        case OPT_STRICT: o.strict = true; break;
        case OPT_IGNORE_MISSING: o.ignore_missing = true; break;
        case OPT_LE: o.little_endian = true; break;
        case OPT_NO_PROGRESS: no_progress = true; break;
        case 'h': fputs(check_help, stdout); return 0;
        default: return usage_bad_option(argv, c);
        }
    }
    if (optind == argc && isatty(STDIN_FILENO))
        return usage_error("no SUMFILE given and standard input is a terminal");
    o.progress = progress_wanted(o.quiet || o.status, no_progress);
    return check_run(&o, argv + optind, argc - optind);
}
