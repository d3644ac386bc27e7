#!/usr/bin/env python3
"""Turn the raw output of bench/run into results, tables and plots (issue 7).

    report.py --mode full|quick --work DIR --build build-bench --started EPOCH

Reads DIR/{memory,files,wasm}.jsonl and DIR/load-{before,after}; writes
bench/results/<latest|quick>.{json,md}. A full run also draws
docs/perf-{chunk-size,threads,depth}.png with gnuplot and replaces the
results block of docs/performance.md. Every figure is the median over the
repetitions (warm-ups excluded) with its min and max; ratios are of medians.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
GB = 1e9
BUDGET_MS = 50


def sh(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.startswith("{")]


def stats(values):
    return {"min": min(values), "median": statistics.median(values), "max": max(values), "n": len(values)}


class Figures:
    """Figures by id: GB/s over object bytes and over hashed bytes, time, calls."""

    def __init__(self, records):
        self.rec = {r["id"]: r for r in records if "secs" in r and r["secs"]}
        self.extra = {r["id"]: r for r in records if "secs" not in r and "id" in r}

    def has(self, i):
        return i in self.rec

    def gbps(self, i, hashed=False):
        r = self.rec[i]
        b = r["hashed"] if hashed else r["bytes"]
        return stats([b / s / GB for s in r["secs"]])

    def ms(self, i):
        return stats([s * 1e3 for s in self.rec[i]["secs"]])

    def med(self, i, hashed=False):
        return self.gbps(i, hashed)["median"]

    def ns_per_call(self, i):
        r = self.rec[i]
        return stats([s / r["calls"] * 1e9 for s in r["secs"]])

    def label(self, i):
        return self.rec[i]["label"]


def fmt_gb(s):
    return "%.2f (%.2f–%.2f)" % (s["median"], s["min"], s["max"])


def fmt_x(v):
    return "—" if v is None else "%.2f×" % v


def pct(v):
    return "%.1f %%" % (100 * v)


def machine():
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    flags = sh(["grep", "-m1", "^flags", "/proc/cpuinfo"]).split()
    mem = sh(["grep", "MemTotal", "/proc/meminfo"]).split()
    lscpu = {}
    for line in sh(["lscpu"]).splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            lscpu[k.strip()] = v.strip()
    return {
        "cpu": cpu,
        "cores_online": os.cpu_count(),
        "simd": [f for f in ("sse4_2", "avx2", "avx512f", "sha_ni") if f in flags],
        "l2": lscpu.get("L2 cache"), "l3": lscpu.get("L3 cache"),
        "hypervisor": lscpu.get("Hypervisor vendor"),
        "memory_gib": round(int(mem[1]) / 1048576, 1) if len(mem) > 1 else None,
        "kernel": platform.release(),
        "os": sh(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
    }


def build_info(build):
    opts = {}
    try:
        with open(os.path.join(TOP, build, "meson-info", "intro-buildoptions.json")) as f:
            for o in json.load(f):
                if o["name"] in ("buildtype", "optimization", "b_lto", "c_args"):
                    opts[o["name"]] = o["value"]
    except OSError:
        pass
    return {"compiler": sh(["cc", "--version"]).splitlines()[0] if sh(["cc", "--version"]) else None,
            "meson": opts}


def latency(memory, full_bps):
    """Issue 5's workload: per pass p50/p99/coverage; pass 0 is the warm-up."""
    setup = next((r for r in memory if r.get("id") == "latency.setup"), None)
    lat = [r for r in memory if "lat" in r]
    if not setup or not lat:
        return None
    budget = setup["budget_ms"] / 1e3
    out = {"setup": setup, "ideal_throughput_gbps": full_bps / GB,
           "ideal": "min(1, throughput x budget / size), throughput = median in-memory full "
                    "verification on 2 threads of this run"}

    def summarize(rows):
        ms = sorted(r["ns"] / 1e6 for r in rows)
        n = len(ms)
        cov = [r["checked"] / r["size"] for r in rows]
        ideal = [min(1.0, full_bps * budget / r["size"]) for r in rows]
        return {
            "count": n,
            "p50_ms": ms[(n + 1) // 2 - 1],
            "p99_ms": ms[max(0, -(-99 * n // 100) - 1)],
            "max_ms": ms[-1],
            "over_budget": sum(1 for x in ms if x > setup["budget_ms"]),
            "mean_coverage": statistics.mean(cov),
            "mean_ideal": statistics.mean(ideal),
            "coverage_vs_ideal": statistics.mean(cov) / statistics.mean(ideal),
            "mean_of_ratios": statistics.mean(c / i for c, i in zip(cov, ideal)),
            "worst_ratio": min(c / i for c, i in zip(cov, ideal)),
        }

    for mode in ("tuned", "full"):
        rows = [r for r in lat if r["lat"] == mode]
        passes = sorted({r["pass"] for r in rows if r["pass"] > 0})
        per = [summarize([r for r in rows if r["pass"] == p]) for p in passes]
        keys = ("p50_ms", "p99_ms", "max_ms", "mean_coverage", "coverage_vs_ideal", "mean_of_ratios")
        measured = [r for r in rows if r["pass"] > 0]
        bands = {}
        for name, lo, hi in (("<=1MiB", 0, 1 << 20), ("1-64MiB", 1 << 20, 64 << 20),
                             ("64MiB-256MiB", 64 << 20, 256 << 20), (">256MiB", 256 << 20, 1 << 62)):
            b = [r for r in measured if lo < r["size"] <= hi]
            if b:
                bands[name] = summarize(b)
        out[mode] = {
            "per_pass": {k: stats([p[k] for p in per]) for k in keys},
            "pooled": summarize(measured),
            "warmup_pass": summarize([r for r in rows if r["pass"] == 0]),
            "by_size": bands,
        }
    return out


def gnuplot(script):
    p = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if p.returncode:
        print(p.stderr, file=sys.stderr)


def plots(F, ncpu, out_dir, work):
    if not shutil.which("gnuplot"):
        print("gnuplot not found: no plots", file=sys.stderr)
        return []
    term = "set terminal pngcairo size 900,540 font 'DejaVu Sans,11' noenhanced\n"
    made = []
    # Throughput versus chunk size.
    rows = []
    for cs in [4096 << k for k in range(13)]:
        i = "chunk.%d.verify.t1" % cs
        if F.has(i):
            rows.append("%d %f %f %f" % (cs, F.med(i), F.med("chunk.%d.verify.t2" % cs),
                                         F.med("chunk.%d.build.t2" % cs)))
    if rows:
        dat = os.path.join(work, "chunk.dat")
        with open(dat, "w") as f:
            f.write("\n".join(rows) + "\n")
        png = os.path.join(out_dir, "perf-chunk-size.png")
        gnuplot(term + f"""set output '{png}'
set title 'In-memory throughput vs chunk size (1 GiB random buffer, medians)'
set logscale x 2
set xtics ('4K' 4096, '16K' 16384, '64K' 65536, '256K' 262144, '1M' 1048576, '4M' 4194304, '16M' 16777216)
set xlabel 'chunk size (bytes)'
set ylabel 'GB/s'
set yrange [0:*]
set key outside right top
set grid
plot '{dat}' u 1:2 w lp lw 2 pt 7 t 'verify full, 1 thread', \\
     '{dat}' u 1:3 w lp lw 2 pt 5 t 'verify full, 2 threads', \\
     '{dat}' u 1:4 w lp lw 2 pt 9 t 'build, 2 threads', \\
     {F.med('limit.xxh3_64.t1')} w l dt 2 lw 2 t 'raw XXH3-64, 1 thread', \\
     {F.med('limit.xxh3_64.t%d' % ncpu)} w l dt 2 lw 2 t 'raw XXH3-64, {ncpu} threads', \\
     {F.med('limit.bw.t%d' % ncpu)} w l dt 3 lw 2 t 'memory read, {ncpu} threads'
""")
        made.append(png)
    # Throughput versus threads.
    series = [("memory read", "limit.bw.t1", "limit.bw.t%d" % ncpu),
              ("raw XXH3-64", "limit.xxh3_64.t1", "limit.xxh3_64.t%d" % ncpu),
              ("raw XXH128", "limit.xxh3_128.t1", "limit.xxh3_128.t%d" % ncpu),
              ("build", "build.t1", "build.t2"),
              ("verify full", "verify.full.t1", "verify.full.t2"),
              ("verify deep", "verify.deep.t1", "verify.deep.t2"),
              ("file: vld verify", "file.vld.full.j1", "file.vld.full.j2"),
              ("file: b3sum", "file.b3sum.t1", "file.b3sum.all")]
    rows = ['"%s" %f %f' % (n, F.med(a), F.med(b)) for n, a, b in series if F.has(a) and F.has(b)]
    if rows:
        dat = os.path.join(work, "threads.dat")
        with open(dat, "w") as f:
            f.write("\n".join(rows) + "\n")
        png = os.path.join(out_dir, "perf-threads.png")
        gnuplot(term + f"""set output '{png}'
set title 'Throughput vs threads: 1 thread and 2 threads ({ncpu} cores online), 1 GiB random data'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel 'GB/s (median)'
set yrange [0:*]
set xtics rotate by -20
set grid ytics
set key outside top center horizontal
plot '{dat}' u 2:xtic(1) t '1 thread', '' u 3 t '2 threads'
""")
        made.append(png)
    # Throughput versus depth.
    depths = [("shallow", "shallow"), ("sampled 1/256", "sampled256"), ("sampled 1/16", "sampled16"),
              ("full", "full"), ("deep", "deep")]
    rows = ['"%s" %g %g' % (n, F.med("verify.%s.t1" % d), F.med("verify.%s.t2" % d))
            for n, d in depths if F.has("verify.%s.t1" % d)]
    if rows:
        dat = os.path.join(work, "depth.dat")
        with open(dat, "w") as f:
            f.write("\n".join(rows) + "\n")
        png = os.path.join(out_dir, "perf-depth.png")
        gnuplot(term + f"""set output '{png}'
set title 'Verification of a 1 GiB buffer by depth: object bytes verified per second (log scale)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set logscale y 10
set yrange [1:*]
set ylabel 'GB/s of object (median, log)'
set grid ytics
set key top right
plot '{dat}' u 2:xtic(1) t '1 thread', '' u 3 t '2 threads', \\
     {F.med('limit.xxh3_64.t1')} w l dt 2 lw 2 lc rgb 'black' t 'raw XXH3-64, 1 thread'
""")
        made.append(png)
    return made


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=("full", "quick"), default="full")
    ap.add_argument("--work", required=True)
    ap.add_argument("--build", default="build-bench")
    ap.add_argument("--started", type=float, default=None)
    a = ap.parse_args()

    memory = read_jsonl(os.path.join(a.work, "memory.jsonl"))
    files = read_jsonl(os.path.join(a.work, "files.jsonl"))
    wasm = read_jsonl(os.path.join(a.work, "wasm.jsonl"))
    F = Figures(memory + files + wasm)
    setup = F.extra["setup"]
    ncpu = setup["cpus"]
    tn = "t%d" % ncpu
    size_mib = setup["size"] >> 20
    load = {k: open(os.path.join(a.work, "load-" + k)).read().split()[:3]
            for k in ("before", "after") if os.path.exists(os.path.join(a.work, "load-" + k))}

    figures = []
    md = []
    job = F.extra.get("job.5ms.steps")

    def fig(i, group, ratios=None, hashed=False, extra=None):
        if not F.has(i):
            return None
        d = {"id": i, "group": group, "label": F.label(i),
             "gbps": F.gbps(i), "ms": F.ms(i)}
        if hashed:
            d["hashed_gbps"] = F.gbps(i, True)
        if F.rec[i].get("others_cores") is not None:
            d["others_cores"] = min(float(ncpu), F.rec[i]["others_cores"])
        if ratios:
            d["ratios"] = {k: v for k, v in ratios.items() if v is not None}
        if extra:
            d.update(extra)
        figures.append(d)
        return d

    def load_note(group):
        o = [(f["others_cores"], f["label"]) for f in figures if f["group"] == group and "others_cores" in f]
        if not o:
            return []
        worst = max(o)
        return ["Load from other processes while these ran: median %.2f of %d cores busy, at worst %.2f (%s)." % (
            statistics.median(x for x, _ in o), ncpu, worst[0], worst[1]), ""]

    def ratio(i, j, hashed_i=False, hashed_j=False):
        if F.has(i) and F.has(j):
            return F.med(i, hashed_i) / F.med(j, hashed_j)
        return None

    # ---- limits
    md += ["### Limits of this machine (same run)", "",
           "| Measurement | GB/s median (min–max) | ms median |", "|---|---|---|"]
    for i in ["limit.bw.t1", "limit.bw." + tn, "limit.xxh3_64.t1", "limit.xxh3_64." + tn,
              "limit.xxh3_128.t1", "limit.xxh3_128." + tn]:
        if fig(i, "limits"):
            md.append("| %s | %s | %.1f |" % (F.label(i), fmt_gb(F.gbps(i)), F.ms(i)["median"]))
    md.append("")
    md += load_note("limits")

    # ---- in memory, by depth and threads
    md += ["### In memory: %d MiB buffer by depth and threads" % size_mib, "",
           "Object GB/s counts the whole object, hashed GB/s only the bytes read (sampled "
           "depths read few). Ratios are to the limits of the same thread count.", "",
           "| Measurement | object GB/s median (min–max) | ms median | hashed GB/s | × raw XXH3-64 | × memory read | × full |",
           "|---|---|---|---|---|---|---|"]
    rows = [("build.t%d" % t, t, None) for t in (1, 2)]
    for d in ("shallow", "sampled256", "sampled16", "full", "deep"):
        rows += [("verify.%s.t%d" % (d, t), t, d) for t in (1, 2)]
    for i, t, d in rows:
        lim = "t1" if t == 1 else tn
        r_raw = ratio(i, "limit.xxh3_64." + lim, hashed_i=True, hashed_j=True) if d != "shallow" else None
        r_bw = ratio(i, "limit.bw." + lim, hashed_i=True) if d != "shallow" else None
        r_full = ratio(i, "verify.full.t%d" % t) if d in ("shallow", "sampled256", "sampled16", "deep") else None
        if fig(i, "memory", {"raw_xxh3_64": r_raw, "memory_read": r_bw, "full_same_threads": r_full}, hashed=True):
            md.append("| %s | %s | %.3f | %.2f | %s | %s | %s |" % (
                F.label(i), fmt_gb(F.gbps(i)), F.ms(i)["median"], F.med(i, True),
                fmt_x(r_raw), fmt_x(r_bw), fmt_x(r_full)))
    md.append("")
    md += load_note("memory")

    # ---- chunk sizes
    md += ["### Chunk size (overhead curve), full depth, %d MiB buffer" % size_mib, "",
           "| Chunk | verify 1 thread GB/s | × raw | verify 2 threads GB/s | × raw (%d thr.) | build 2 threads GB/s | × raw (%d thr.) |" % (ncpu, ncpu),
           "|---|---|---|---|---|---|---|"]
    for cs in [4096 << k for k in range(13)]:
        v1, v2, b2 = ("chunk.%d.verify.t1" % cs, "chunk.%d.verify.t2" % cs, "chunk.%d.build.t2" % cs)
        if not F.has(v1):
            continue
        r1 = ratio(v1, "limit.xxh3_64.t1")
        r2 = ratio(v2, "limit.xxh3_64." + tn)
        rb = ratio(b2, "limit.xxh3_64." + tn)
        fig(v1, "chunks", {"raw_xxh3_64": r1}, extra={"chunk_size": cs})
        fig(v2, "chunks", {"raw_xxh3_64": r2}, extra={"chunk_size": cs})
        fig(b2, "chunks", {"raw_xxh3_64": rb}, extra={"chunk_size": cs})
        name = "%d KiB" % (cs >> 10) if cs < 1 << 20 else "%d MiB" % (cs >> 20)
        md.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            name, fmt_gb(F.gbps(v1)), fmt_x(r1), fmt_gb(F.gbps(v2)), fmt_x(r2), fmt_gb(F.gbps(b2)), fmt_x(rb)))
    md.append("")
    md += load_note("chunks")

    # ---- streaming
    md += ["### Streaming, full depth, 1 thread", "",
           "| Pieces | GB/s median (min–max) | × whole buffer (`vld_verify_buffer`, 1 thread) | × raw XXH3-64 |",
           "|---|---|---|---|"]
    for p in ("4096", "65536", "1048576", "whole"):
        i = "stream." + p
        rw = ratio(i, "verify.full.t1")
        rr = ratio(i, "limit.xxh3_64.t1")
        if fig(i, "stream", {"buffer_full_t1": rw, "raw_xxh3_64": rr}):
            md.append("| %s | %s | %s | %s |" % (F.label(i).replace("stream full, ", "").replace(", 1 thread", ""),
                                                 fmt_gb(F.gbps(i)), fmt_x(rw), fmt_x(rr)))
    md.append("")

    # ---- small objects
    md += ["### Small objects, full depth, 1 thread (one call = verify one object and free its report)", "",
           "| Size | vld ns/call median (min–max) | vld calls/s | raw XXH3-64 ns/call | vld throughput × raw |",
           "|---|---|---|---|---|"]
    for s in [64 << k for k in range(11)]:
        v, r = "small.%d.vld" % s, "small.%d.raw" % s
        if not F.has(v):
            continue
        nv, nr = F.ns_per_call(v), F.ns_per_call(r)
        x = nr["median"] / nv["median"]
        fig(v, "small", {"raw_xxh3_64": x}, extra={"size": s, "ns_per_call": nv, "calls_per_s": 1e9 / nv["median"]})
        fig(r, "small", extra={"size": s, "ns_per_call": nr, "calls_per_s": 1e9 / nr["median"]})
        name = "%d B" % s if s < 1024 else "%d KiB" % (s >> 10)
        md.append("| %s | %.0f (%.0f–%.0f) | %.2f M | %.1f | %.2f× |" % (
            name, nv["median"], nv["min"], nv["max"], 1e3 / nv["median"], nr["median"], x))
    md.append("")

    # ---- files
    fsetup = F.extra.get("files.setup")
    if fsetup:
        res = fsetup.get("page_cache_resident_before"), fsetup.get("page_cache_resident_after")
        md += ["### Files against peers: %d MiB file of random bytes in the page cache" % (fsetup["size"] >> 20), "",
               "Page cache: %s resident before the first round, %s after the last (fincore); file system %s. "
               "%d rounds after a warm-up round, the order of the commands rotated every round; "
               "times include process start." % (
                   "?" if res[0] is None else pct(res[0]), "?" if res[1] is None else pct(res[1]),
                   fsetup.get("file_system"), fsetup["rounds"]), "",
               "| Command | ms median (min–max) | GB/s (object) | × `xxhsum -c` XXH3 | × raw XXH3-64 (same threads) |",
               "|---|---|---|---|---|"]
        for r in files:
            if "secs" not in r:
                continue
            i = r["id"]
            m = F.ms(i)
            vs = F.ms("file.xxhsum.xxh3")["median"] / m["median"] if F.has("file.xxhsum.xxh3") else None
            thr = "t1" if ("j1" in i or i.endswith(".t1") or "xxhsum" in i or "sha256" in i) else tn
            rr = ratio(i, "limit.xxh3_64." + thr, hashed_i=True, hashed_j=True) if "xxh" in i or "vld" in i else None
            fig(i, "files", {"xxhsum_xxh3": vs, "raw_xxh3_64_hashed": rr}, hashed=True,
                extra={"command": r.get("command")})
            md.append("| %s | %.1f (%.1f–%.1f) | %.2f | %s | %s |" % (
                r["label"], m["median"], m["min"], m["max"], F.med(i), fmt_x(vs), fmt_x(rr)))
        md.append("")
        md += load_note("files")

    # ---- latency budget
    full_bps = F.med("verify.full.t2") * GB if F.has("verify.full.t2") else None
    L = latency(memory, full_bps) if full_bps else None
    if L:
        st = L["setup"]
        md += ["### Latency budget (issue 5): mixed workload, %d objects of %s to %d MiB (log-uniform), %d ms budget, 2 threads" % (
                   st["objects"], "%.1f KiB" % (st["min_size"] / 1024), st["max_size"] >> 20, st["budget_ms"]), "",
               "%d passes in shuffled order after a warm-up pass (the tuner's calibration); each figure is the median "
               "over passes (min–max). Ideal coverage = min(1, %.2f GB/s × %d ms ÷ size), the throughput being this "
               "run's in-memory full verification on 2 threads." % (st["passes"], L["ideal_throughput_gbps"], st["budget_ms"]), "",
               "| Mode | p50 ms | p99 ms | max ms | over budget (all passes) | mean coverage | coverage ÷ ideal (ratio of means) | mean of per-object ratios |",
               "|---|---|---|---|---|---|---|---|"]
        for mode, name in (("tuned", "auto-tuner, 50 ms budget"), ("full", "fixed `full` depth")):
            P = L[mode]["per_pass"]
            md.append("| %s | %.2f (%.2f–%.2f) | %.2f (%.2f–%.2f) | %.1f | %d of %d | %s | %s | %s |" % (
                name, P["p50_ms"]["median"], P["p50_ms"]["min"], P["p50_ms"]["max"],
                P["p99_ms"]["median"], P["p99_ms"]["min"], P["p99_ms"]["max"], P["max_ms"]["median"],
                L[mode]["pooled"]["over_budget"], L[mode]["pooled"]["count"],
                pct(P["mean_coverage"]["median"]), pct(P["coverage_vs_ideal"]["median"]),
                pct(P["mean_of_ratios"]["median"])))
        lt, lf = F.extra.get("latency.load.tuned"), F.extra.get("latency.load.full")
        for x in (lt, lf, job):
            if x and "others_cores" in x:
                x["others_cores"] = min(float(ncpu), x["others_cores"])
        if lt and lf:
            md += ["", "Load from other processes during the measured passes: %.2f of %d cores (budget), %.2f (full depth)." % (
                lt["others_cores"], ncpu, lf["others_cores"])]
            L["tuned"]["others_cores"], L["full"]["others_cores"] = lt["others_cores"], lf["others_cores"]
        w = L["tuned"]["warmup_pass"]
        md += ["", "Warm-up pass of the tuner (not in the figures above): p99 %.2f ms, max %.2f ms, %d over budget, coverage ÷ ideal %s." % (
            w["p99_ms"], w["max_ms"], w["over_budget"], pct(w["coverage_vs_ideal"])), ""]

    # ---- metrics callback, job
    md += ["### Metrics callback and budgeted jobs", "", "| Measurement | GB/s median (min–max) | ratio |", "|---|---|---|"]
    rc = ratio("callback.100ms.t2", "callback.none.t2")
    for i in ("callback.none.t2", "callback.100ms.t2"):
        if fig(i, "callback", {"no_callback": ratio(i, "callback.none.t2")}):
            md.append("| %s | %s | %s |" % (F.label(i), fmt_gb(F.gbps(i)), fmt_x(ratio(i, "callback.none.t2"))))
    if F.has("job.5ms") and job:
        fig("job.5ms", "job", {"buffer_full_t1": ratio("job.5ms", "verify.full.t1")}, extra={"steps": job})
        md.append("| %s | %s | %s × buffer 1 thread; %d steps: p50 %.2f ms, p99 %.2f ms, max %.2f ms |" % (
            F.label("job.5ms"), fmt_gb(F.gbps("job.5ms")), fmt_x(ratio("job.5ms", "verify.full.t1")),
            job["steps"], job["p50_ms"], job["p99_ms"], job["max_ms"]))
    md.append("")
    cb = [f for f in figures if f["group"] == "callback" and "others_cores" in f]
    if cb or (job and "others_cores" in job):
        md += ["Load from other processes: %s%s." % (
            "; ".join("%.2f of %d cores during “%s”" % (f["others_cores"], ncpu, f["label"]) for f in cb),
            ("; %.2f during the jobs" % job["others_cores"]) if job and "others_cores" in job else ""), ""]

    # ---- wasm
    wsetup = F.extra.get("wasm.setup")
    if wsetup:
        md += ["### WebAssembly under Node.js %s (%d MiB, 1 thread) against native" % (wsetup["node"], wsetup["size"] >> 20), "",
               "The binding verifies through a stream, copying 1 MiB pieces into wasm memory; native figures are "
               "this run's 1-thread ones on the %d MiB buffer. Module sizes: %s bytes with -msimd128, "
               "%s without." % (size_mib, "{:,}".format(wsetup.get("wasm_bytes_simd") or 0),
                                "{:,}".format(wsetup.get("wasm_bytes_nosimd") or 0)), "",
               "| Module | GB/s median (min–max) | × native (same operation, 1 thread) | × native stream, 1 MiB pieces |",
               "|---|---|---|---|"]
        for tag in ("simd", "nosimd"):
            for op, nat in (("build", "build.t1"), ("verify", "verify.full.t1")):
                i = "wasm.%s.%s" % (tag, op)
                rn = ratio(i, nat)
                rs = ratio(i, "stream.1048576") if op == "verify" else None
                if fig(i, "wasm", {"native_t1": rn, "native_stream_1mib": rs}):
                    md.append("| %s | %s | %s | %s |" % (F.label(i), fmt_gb(F.gbps(i)), fmt_x(rn), fmt_x(rs)))
        md.append("")

    # ---- targets
    targets = []

    def target(issue, what, goal, measured, met, note=""):
        targets.append({"issue": issue, "target": what, "goal": goal, "measured": measured,
                        "met": met, "note": note})

    if F.has("verify.full.t1"):
        r = ratio("verify.full.t1", "limit.xxh3_64.t1")
        target(4, "in-memory full, 1 thread vs raw XXH3_64bits_dispatch", "≥ 0.95×", "%.2f×" % r, r >= 0.95)
        r2 = ratio("verify.full.t2", "verify.full.t1")
        bw = ratio("limit.bw." + tn, "limit.bw.t1")
        target(4, "in-memory full, 2 threads vs 1 thread", "≥ 1.7× where memory bandwidth allows",
               "%.2f× (memory read scales %.2f×, raw XXH3 %.2f×)" % (r2, bw, ratio("limit.xxh3_64." + tn, "limit.xxh3_64.t1")),
               r2 >= 1.7)
    if F.has("file.vld.full.j1") and F.has("file.xxhsum.xxh3"):
        x = F.ms("file.xxhsum.xxh3")["median"]
        r1 = x / F.ms("file.vld.full.j1")["median"]
        r2 = x / F.ms("file.vld.full.j2")["median"]
        target(4, "page-cached file, full, 1 thread vs `xxhsum -c`", "faster (> 1×)", "%.2f×" % r1, r1 > 1.0)
        target(4, "page-cached file, full, 2 threads vs `xxhsum -c`", "≥ 1.6×", "%.2f×" % r2, r2 >= 1.6)
        for j in ("j1", "j2"):
            rs = F.ms("file.vld.full." + j)["median"] / F.ms("file.vld.sampled16." + j)["median"]
            target(4, "page-cached file, sampled 1/16 vs full (%s thread%s)" % (j[1], "s" if j != "j1" else ""),
                   "≥ 8×", "%.1f×" % rs, rs >= 8)
    if F.has("stream.4096"):
        r = ratio("stream.4096", "stream.whole")
        target(4, "streaming in 4 KiB pieces vs whole buffer", "≥ 0.8×", "%.2f×" % r, r >= 0.8)
    if job:
        target(4, "budgeted job, 5 ms steps: p99 step", "< 7.5 ms", "%.2f ms" % job["p99_ms"], job["p99_ms"] < 7.5)
    if rc is not None:
        target(5, "metrics callback every 100 ms vs none (2 threads)", "within 2 %",
               "%+.1f %% (median; spread %.1f–%.1f GB/s vs %.1f–%.1f)" % (
                   100 * (rc - 1), F.gbps("callback.100ms.t2")["min"], F.gbps("callback.100ms.t2")["max"],
                   F.gbps("callback.none.t2")["min"], F.gbps("callback.none.t2")["max"]),
               rc >= 0.98)
    if L:
        p99 = L["tuned"]["per_pass"]["p99_ms"]
        pooled = L["tuned"]["pooled"]
        target(5, "mixed workload, 50 ms budget, 2 threads: p99 latency", "≤ 50 ms",
               "%.2f ms median over passes (worst pass %.2f; pooled p99 %.2f ms, %d of %d over)" % (
                   p99["median"], p99["max"], pooled["p99_ms"], pooled["over_budget"], pooled["count"]),
               p99["median"] <= BUDGET_MS)
        cv = L["tuned"]["per_pass"]["coverage_vs_ideal"]
        mr = L["tuned"]["per_pass"]["mean_of_ratios"]
        target(5, "mixed workload: mean coverage vs ideal", "≥ 90 %",
               "%s (ratio of means; mean of per-object ratios %s, worst object %s)" % (
                   pct(cv["median"]), pct(mr["median"]), pct(L["tuned"]["pooled"]["worst_ratio"])),
               cv["median"] >= 0.9)
        fp = L["full"]["per_pass"]["p99_ms"]
        target(5, "same workload at fixed full depth: p99 latency (comparison)", "(none; ≤ 50 ms would fit)",
               "%.2f ms, coverage 100 %%" % fp["median"], None)
    tmd = ["### Targets", "", "| Issue | Target | Goal | Measured | Met |", "|---|---|---|---|---|"]
    for t in targets:
        tmd.append("| %d | %s | %s | %s | %s |" % (t["issue"], t["target"], t["goal"], t["measured"],
                                                   "—" if t["met"] is None else "**yes**" if t["met"] else "**NO — missed**"))
    md = tmd + [""] + md

    # ---- header, JSON, files
    started = a.started
    elapsed = time.time() - started if started else None
    versions = {"libvalidate": setup["libvalidate"],
                "libxxhash": "%d.%d.%d" % (setup["xxhash"] // 10000, setup["xxhash"] // 100 % 100, setup["xxhash"] % 100),
                "libxxhash_package": sh(["dpkg-query", "-W", "-f=${Version}", "libxxhash0"]) or None}
    if fsetup:
        versions.update({k: v for k, v in fsetup["versions"].items() if v})
    if wsetup:
        versions["node"] = wsetup["node"]
    gp = sh(["gnuplot", "--version"])
    if gp:
        versions["gnuplot"] = gp
    command = "bench/run" + (" --quick" if a.mode == "quick" else "")
    M = machine()
    B = build_info(a.build)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    head = [
        "Command: `%s` — %s, %s (%d cores online, %s GiB, L3 %s), %s; %s, %s build; libvalidate %s, libxxhash %s." % (
            command, now[:10], M["cpu"], M["cores_online"], M["memory_gib"], M["l3"], M["os"],
            B["compiler"], B["meson"].get("buildtype"), versions["libvalidate"], versions["libxxhash"]),
        "Data: random bytes (xorshift64 in memory, /dev/urandom for the file): incompressible. "
        "Each figure: median of %d repetitions after 1 warm-up run, with min–max. Load average (1/5/15 min) "
        "%s before, %s after: other builds and tests ran on the machine meanwhile." % (
            setup["reps"], "/".join(load.get("before", ["?"])), "/".join(load.get("after", ["?"]))),
        "Run time: %s." % ("%.0f s" % elapsed if elapsed else "?"), ""]
    if a.mode == "quick":
        head.insert(0, "**Quick run**: %d MiB, which fits in this machine's L3 cache (%s), so in-memory figures are "
                       "cache figures; use the full run for anything you quote." % (size_mib, M["l3"]))
    md_text = "\n".join(head + md)

    result = {
        "_comment": "Written by bench/report.py from one run of %s. Figures: GB/s (1e9 bytes/s) over the object "
                    "bytes unless 'hashed_gbps'; min/median/max over repetitions, warm-ups excluded; ratios "
                    "are of medians." % command,
        "mode": a.mode, "command": command, "generated": now,
        "elapsed_s": round(elapsed, 1) if elapsed else None,
        "machine": M, "build": B, "versions": versions,
        "load_average": load,
        "data": "random: xorshift64 bytes in memory, /dev/urandom for the file",
        "repetitions": setup["reps"], "warmup_runs": 1, "buffer_bytes": setup["size"],
        "page_cache": {k: fsetup[k] for k in ("page_cache_resident_before", "page_cache_resident_after",
                                              "file_system")} if fsetup else None,
        "targets": targets,
        "latency_budget": L,
        "figures": figures,
    }
    res_dir = os.path.join(TOP, "bench", "results")
    os.makedirs(res_dir, exist_ok=True)
    base = "latest" if a.mode == "full" else "quick"
    with open(os.path.join(res_dir, base + ".json"), "w") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(res_dir, base + ".md"), "w") as f:
        f.write("# Benchmark results (`%s`)\n\n" % command + md_text + "\n")
    print(md_text)

    if a.mode == "full":
        made = plots(F, ncpu, os.path.join(TOP, "docs"), a.work)
        doc = os.path.join(TOP, "docs", "performance.md")
        if os.path.exists(doc):
            text = open(doc).read()
            new = re.sub(r"(<!-- bench:begin -->\n).*?(<!-- bench:end -->)",
                         lambda m: m.group(1) + md_text.rstrip() + "\n" + m.group(2), text, flags=re.S)
            if new != text:
                with open(doc, "w") as f:
                    f.write(new)
        print("wrote bench/results/%s.{json,md}, %s and docs/performance.md" % (
            base, ", ".join(os.path.relpath(p, TOP) for p in made)), file=sys.stderr)
    else:
        print("wrote bench/results/quick.{json,md}", file=sys.stderr)


if __name__ == "__main__":
    main()
