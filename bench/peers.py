#!/usr/bin/env python3
"""Files against peer tools (issue 7), one JSON line per figure on stdout.

    peers.py --vld build-bench/cli/vld --file F --rounds N --work DIR

Makes the manifest and the sum files of F, reads F into the page cache,
then runs every command once per round, the order rotated each round so
that no tool always runs first or after the same neighbour. Round 0 is the
warm-up and is not reported. Every command must exit 0 (the data is intact),
else the run stops. Page-cache residency (fincore) is recorded before the
first and after the last round.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)


def version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        out = (p.stdout or p.stderr).strip().splitlines()
        return out[0] if out else "?"
    except OSError:
        return None


def resident(path):
    """Fraction of the file's pages in the page cache, or None without fincore."""
    if not shutil.which("fincore"):
        return None
    out = subprocess.run(["fincore", "--bytes", "--noheadings", "--raw", "-o", "RES,SIZE", path],
                         capture_output=True, text=True).stdout.split()
    return int(out[0]) / max(1, int(out[1])) if len(out) == 2 else None


def machine_busy():
    """CPU seconds the whole machine has used (all but idle and iowait)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / os.sysconf("SC_CLK_TCK")


def children_busy():
    t = os.times()
    return t.children_user + t.children_system


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vld", required=True)
    ap.add_argument("--file", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    f = os.path.abspath(a.file)
    size = os.path.getsize(f)
    w = a.work

    def sumfile(name, cmd):
        path = os.path.join(w, name)
        with open(path, "w") as out:
            subprocess.run(cmd + [f], check=True, stdout=out)
        return path

    man = os.path.join(w, "data.vldm")
    run([a.vld, "manifest", "-q", "-f", "-o", man, f])
    vld = [a.vld, "verify", "-q"]
    # id, label, command, bytes hashed (None: the object size)
    cmds = [
        ("vld.full.j1", "`vld verify` full, 1 thread", vld + ["-j", "1", f, man], None),
        ("vld.full.j2", "`vld verify` full, 2 threads", vld + ["-j", "2", f, man], None),
        ("vld.sampled16.j1", "`vld verify` sampled 1/16, 1 thread",
         vld + ["-j", "1", "-s", "0.0625", f, man], size / 16),
        ("vld.sampled16.j2", "`vld verify` sampled 1/16, 2 threads",
         vld + ["-j", "2", "-s", "0.0625", f, man], size / 16),
        ("vld.sampled256.j1", "`vld verify` sampled 1/256, 1 thread",
         vld + ["-j", "1", "-s", "0.00390625", f, man], size / 256),
    ]
    if shutil.which("xxhsum"):
        cmds += [
            ("xxhsum.xxh3", "`xxhsum -c` XXH3-64 sum file, 1 thread",
             ["xxhsum", "-c", sumfile("xxh3.sum", ["xxhsum", "-H3"])], None),
            ("xxhsum.xxh128", "`xxhsum -c` XXH128 sum file, 1 thread",
             ["xxhsum", "-c", sumfile("xxh128.sum", ["xxhsum", "-H2"])], None),
        ]
    if shutil.which("b3sum"):
        b3 = sumfile("b3.sum", ["b3sum"])
        cmds += [
            ("b3sum.t1", "`b3sum --check --num-threads 1`", ["b3sum", "--check", "--num-threads", "1", b3], None),
            ("b3sum.all", "`b3sum --check` (all threads, mmap)", ["b3sum", "--check", b3], None),
        ]
    if shutil.which("sha256sum"):
        cmds.append(("sha256sum", "`sha256sum -c`, 1 thread",
                     ["sha256sum", "-c", sumfile("sha256.sum", ["sha256sum"])], None))

    with open(f, "rb") as fh:  # into the page cache
        while fh.read(1 << 24):
            pass
    before = resident(f)
    secs = {c[0]: [] for c in cmds}
    others = {c[0]: 0.0 for c in cmds}
    for r in range(a.rounds + 1):
        k = r % len(cmds)
        for cid, _, cmd, _ in cmds[k:] + cmds[:k]:
            m0, c0 = machine_busy(), children_busy()
            t0 = time.monotonic()
            run(cmd)
            if r:
                secs[cid].append(time.monotonic() - t0)
                # CPU that other processes used meanwhile (10 ms resolution).
                others[cid] += max(0.0, (machine_busy() - m0) - (children_busy() - c0))
        print("  files: round %d of %d%s" % (r, a.rounds, " (warm-up)" if r == 0 else ""), file=sys.stderr)
    after = resident(f)
    print(json.dumps({
        "id": "files.setup", "size": size, "rounds": a.rounds, "warmup_rounds": 1,
        "page_cache_resident_before": before, "page_cache_resident_after": after,
        "file_system": subprocess.run(["stat", "-f", "-c", "%T", f], capture_output=True,
                                      text=True).stdout.strip(),
        "versions": {
            "vld": version([a.vld, "--version"]),
            "xxhsum": version(["xxhsum", "--version"]),
            "b3sum": version(["b3sum", "--version"]),
            "sha256sum": version(["sha256sum", "--version"]),
        },
    }))
    for cid, label, cmd, hashed in cmds:
        print(json.dumps({"id": "file." + cid, "label": label, "bytes": size,
                          "hashed": size if hashed is None else hashed, "calls": 1,
                          "command": " ".join(os.path.basename(cmd[0]) if i == 0 else
                                              os.path.basename(x) if x.startswith("/") else x
                                              for i, x in enumerate(cmd)),
                          "secs": secs[cid],
                          "others_cores": round(others[cid] / sum(secs[cid]), 3)
                          if sum(secs[cid]) >= 0.25 else None}))


if __name__ == "__main__":
    main()
