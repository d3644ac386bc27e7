#define _GNU_SOURCE
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU seconds used by the whole machine (all but idle and iowait). */
double bench_machine_busy(void)
{
    FILE *f = fopen("/proc/stat", "r");
    unsigned long long v[8] = {0};
    if (!f)
        return 0;
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
                   &v[4], &v[5], &v[6], &v[7]);
    fclose(f);
    if (n < 8)
        return 0;
    return (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)sysconf(_SC_CLK_TCK);
}

double bench_self_busy(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

void bench_measure(int warmup, int reps, void (*fn)(void *), void *arg, double *secs,
                   double *others)
{
    for (int i = 0; i < warmup; i++)
        fn(arg);
    for (int i = 0; i < reps; i++) {
        double m0 = others ? bench_machine_busy() : 0, s0 = others ? bench_self_busy() : 0;
        double t0 = bench_now();
        fn(arg);
        secs[i] = bench_now() - t0;
        if (others) {
            double o = (bench_machine_busy() - m0) - (bench_self_busy() - s0);
            others[i] = o > 0 ? o : 0;
        }
    }
}

void bench_emit(const char *id, const char *label, double bytes, double hashed, double calls,
                const double *secs, const double *others, int reps)
{
    printf("{\"id\":\"%s\",\"label\":\"%s\",\"bytes\":%.0f,\"hashed\":%.0f,\"calls\":%.0f,\"secs\":[",
           id, label, bytes, hashed, calls);
    for (int i = 0; i < reps; i++)
        printf("%s%.9f", i ? "," : "", secs[i]);
    printf("]");
    if (others) {
        double o = 0, t = 0;
        for (int i = 0; i < reps; i++)
            o += others[i], t += secs[i];
        /* Average number of cores other processes kept busy meanwhile; the
         * clock-tick resolution makes it meaningless over short figures. */
        if (t >= 0.25)
            printf(",\"others_cores\":%.3f", o / t);
    }
    printf("}\n");
    fflush(stdout);
    fprintf(stderr, "  %s\n", label);
}

void *bench_alloc(size_t len, uint64_t seed)
{
    uint8_t *p = NULL;
    if (posix_memalign((void **)&p, 4096, len ? len : 1) != 0) {
        perror("posix_memalign");
        exit(1);
    }
    uint64_t x = seed ? seed : 0x9e3779b97f4a7c15u;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        memcpy(p + i, &x, 8);
    }
    for (; i < len; i++)
        p[i] = (uint8_t)(x >> (8 * (i & 7)));
    return p;
}
