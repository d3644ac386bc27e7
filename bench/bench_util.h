/* Timing and output helpers shared by the benchmarks. */
#ifndef VLD_BENCH_UTIL_H
#define VLD_BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_MAX_REPS 64

double bench_now(void); /* seconds, monotonic */

/*
 * `warmup` untimed calls of fn(arg), then `reps` timed ones into secs[].
 * With `others` non-NULL, others[i] gets the CPU seconds that other
 * processes used during repetition i (from /proc/stat, 10 ms resolution):
 * the load the figure was measured under.
 */
void bench_measure(int warmup, int reps, void (*fn)(void *), void *arg, double *secs,
                   double *others);

/*
 * One figure as a JSON line on standard output, for bench/report.py:
 * the object bytes, bytes actually hashed and calls of one repetition
 * (0 when meaningless), and the wall time of each repetition.
 */
void bench_emit(const char *id, const char *label, double bytes, double hashed, double calls,
                const double *secs, const double *others, int reps);

/* CPU seconds used so far by the whole machine (clock ticks) and by this process. */
double bench_machine_busy(void);
double bench_self_busy(void);

/* Page-aligned, filled with xorshift64 bytes: incompressible, reproducible. */
void *bench_alloc(size_t len, uint64_t seed);

#endif
