"""libvalidate.dask on a LocalCluster (2 worker processes, loopback only).

Run with the system python3 that has `distributed` (Debian python3-distributed):
    python3 -m unittest discover -s tests_dask -t .
Without `distributed` this fails on import: the Meson test must not pass
without having run.
"""
import logging
import os
import random
import shutil
import tempfile
import time
import unittest

from distributed import Client, LocalCluster

import libvalidate as lv
from libvalidate import dask as vd

C = 4096
KIB = 1024
STEP_NS = 100_000_000


def start_cluster(n_workers=2):
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None,
                           silence_logs=logging.ERROR)
    return cluster, Client(cluster)


def flip(path, offset):
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ 0x5A]))


def chunk_range(offset, length, chunks=1, flags=lv.RangeFlag.NONE):
    first = offset // C * C
    return lv.Range(first, min(chunks * C, length - first), flags)


class Dataset:
    """A few hundred files of 4-600 KiB with manifests in a mirror tree,
    some damaged in known ways, and two larger files for range splitting."""

    def __init__(self, root, count=200, seed=9):
        rnd = random.Random(seed)
        self.data_dir = os.path.join(root, "data")
        self.manifest_dir = os.path.join(root, "manifests")
        self.paths, self.expected = [], {}
        with lv.Context(chunk_size=C) as ctx:
            for i in range(count):
                sub = "d%d" % (i % 4)
                os.makedirs(os.path.join(self.data_dir, sub), exist_ok=True)
                os.makedirs(os.path.join(self.manifest_dir, sub), exist_ok=True)
                self._write(ctx, os.path.join(sub, "obj%03d.bin" % i),
                            rnd.randbytes(rnd.randint(4 * KIB, 600 * KIB)))
            self.big = self._write(ctx, "big.bin", rnd.randbytes(6 << 20))       # 1536 chunks
            self.big_long = self._write(ctx, "big-long.bin", rnd.randbytes(5 << 20))
            self.big_short = self._write(ctx, "big-short.bin", rnd.randbytes(3 << 20))
        self._damage(rnd)

    def _write(self, ctx, rel, data):
        path = os.path.join(self.data_dir, rel)
        with open(path, "wb") as f:
            f.write(data)
        with ctx.build_file(path) as m, open(os.path.join(self.manifest_dir, rel + ".vldm"),
                                             "wb") as f:
            f.write(bytes(m))
        self.paths.append(path)
        return path

    def _damage(self, rnd):
        small = [p for p in self.paths
                 if p not in (self.big, self.big_long, self.big_short)
                 and os.path.getsize(p) > 3 * C]
        victims = rnd.sample(small, 16)
        for k, path in enumerate(victims):
            size = os.path.getsize(path)
            if k < 8:  # one flipped byte
                off = rnd.randrange(size)
                flip(path, off)
                self.expected[path] = (lv.Verdict.CORRUPT, (chunk_range(off, size),))
            elif k < 11:  # two neighbouring chunks: one range
                off = rnd.randrange(size // C - 1) * C
                flip(path, off + 1)
                flip(path, off + C + 2)
                self.expected[path] = (lv.Verdict.CORRUPT, (chunk_range(off, size, 2),))
            elif k < 14:  # truncated: the chunk the end falls in, and the rest, are missing
                cut = rnd.randrange(1, size)
                os.truncate(path, cut)
                self.expected[path] = (lv.Verdict.LENGTH_MISMATCH, (lv.Range(
                    cut // C * C, size - cut // C * C, lv.RangeFlag.MISSING),))
            else:  # bytes appended
                with open(path, "ab") as f:
                    f.write(b"tail" * 100)
                self.expected[path] = (lv.Verdict.LENGTH_MISMATCH,
                                       (lv.Range(size, 400, lv.RangeFlag.EXTRA),))
        # The big file: damage inside a range and across a range boundary
        # (1 MiB ranges = 256 chunks): the merge must join the latter.
        size = os.path.getsize(self.big)
        flip(self.big, 10 * C + 3)
        flip(self.big, 255 * C + 9)
        flip(self.big, 256 * C + 1)
        flip(self.big, size - 1)
        self.expected[self.big] = (lv.Verdict.CORRUPT, (
            lv.Range(10 * C, C, lv.RangeFlag.NONE), lv.Range(255 * C, 2 * C, lv.RangeFlag.NONE),
            lv.Range(size - C, C, lv.RangeFlag.NONE)))
        size = os.path.getsize(self.big_long)
        with open(self.big_long, "ab") as f:
            f.write(b"x" * 5000)
        flip(self.big_long, 700 * C)
        self.expected[self.big_long] = (lv.Verdict.LENGTH_MISMATCH, (
            lv.Range(700 * C, C, lv.RangeFlag.NONE), lv.Range(size, 5000, lv.RangeFlag.EXTRA)))
        # Truncated in its second range: the missing chunks span two ranges.
        size = os.path.getsize(self.big_short)
        cut = (1 << 20) + (1 << 19) + 100
        os.truncate(self.big_short, cut)
        self.expected[self.big_short] = (lv.Verdict.LENGTH_MISMATCH, (
            lv.Range(cut // C * C, size - cut // C * C, lv.RangeFlag.MISSING),))

    def manifest(self, path):
        return os.path.join(self.manifest_dir,
                            os.path.relpath(path, self.data_dir) + vd.MANIFEST_SUFFIX)


def local_check(path, manifest):
    with lv.Context() as ctx, open(manifest, "rb") as f, ctx.load(f.read()) as m:
        r = ctx.verify_file(m, path)
        return r.summary, r.ranges


class DatasetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="vld-dask-")
        t0 = time.monotonic()
        cls.ds = Dataset(cls.tmp)
        cls.cluster, cls.client = start_cluster()
        cls.setup_s = time.monotonic() - t0

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_damage_is_found_and_nothing_else(self):
        ds = self.ds
        with vd.ScalingAdapter(self.cluster, minimum=2, maximum=2) as adapter:
            report = vd.verify_dataset(self.client, ds.paths, manifest_dir=ds.manifest_dir,
                                       root=ds.data_dir, range_bytes=1 << 20, adapter=adapter)
            self.assertGreater(adapter.ctx.metrics().verifications_completed, len(ds.paths))
        self.assertEqual(len(report.objects), len(ds.paths))
        self.assertEqual(report.failed_objects, [])
        found = {o.path: (o.summary.verdict, o.ranges) for o in report.damaged_objects}
        self.assertEqual(found, ds.expected)
        self.assertEqual(report.ok, len(ds.paths) - len(ds.expected))
        # Every object, damaged or not, is what a local whole-file check says.
        for o in report.objects:
            self.assertEqual((o.summary, o.ranges), local_check(o.path, o.manifest), o.path)
        # Full depth checks every byte the manifests describe, except the
        # chunks a truncation left missing (appended tails are not in them).
        missing = sum(g.length for o in report.objects for g in o.ranges
                      if g.flags & lv.RangeFlag.MISSING)
        self.assertGreater(missing, 0)
        self.assertEqual(report.bytes_checked, report.bytes_total - missing)
        self.assertAlmostEqual(report.coverage, report.bytes_checked / report.bytes_total)
        text = report.format()
        self.assertIn("%d objects: %d ok, %d damaged, 0 with errors" % (
            len(ds.paths), report.ok, len(ds.expected)), text)
        self.assertIn("damaged %d+%d" % (255 * C, 2 * C), text)
        d = report.to_dict()
        self.assertEqual(set(d["damaged_ranges"]), set(ds.expected))
        print("\n" + text.splitlines()[-1], "(dataset and cluster set up in %.1f s)" % self.setup_s)

    def test_a_large_file_in_ranges_equals_a_local_check(self):
        ds = self.ds
        for path, parts in ((ds.big, 6), (ds.big_long, 5), (ds.big_short, 3)):
            report = vd.verify_dataset(self.client, [path], manifests=[ds.manifest(path)],
                                       range_bytes=1 << 20)
            (o,) = report.objects
            self.assertEqual(o.parts, parts)
            local = local_check(path, ds.manifest(path))
            self.assertEqual((o.summary, o.ranges), local)
            self.assertEqual((o.summary.verdict, o.ranges), ds.expected[path])
            # ... and what the C merge makes of the same ranges.
            with lv.Context() as ctx, open(ds.manifest(path), "rb") as f, \
                    ctx.load(f.read()) as m:
                per = (1 << 20) // C
                merged = None
                for first in range(0, m.chunk_count, per):
                    r = ctx.verify_file(m, path, first_chunk=first,
                                        chunk_count=min(per, m.chunk_count - first))
                    merged = r if merged is None else ctx.merge(merged, r)
                self.assertEqual((merged.summary, merged.ranges), local)
            print("\n%s: %d ranges on %s" % (os.path.basename(path), o.parts, ", ".join(o.workers)))

    def test_conventions_and_errors(self):
        ds = self.ds
        path = ds.paths[0]
        shutil.copy(ds.manifest(path), path + ".vldm")  # FILE.vldm next to FILE
        try:
            report = vd.verify_dataset(self.client, [path, os.path.join(ds.data_dir, "nope")])
        finally:
            os.unlink(path + ".vldm")
        ok, missing = report.objects
        self.assertEqual((ok.summary, ok.ranges), local_check(path, ds.manifest(path)))
        self.assertIsNone(missing.summary)
        self.assertIn("FileNotFoundError", missing.errors[0])
        self.assertEqual(report.failed_objects, [missing])
        self.assertIn("ERROR", report.format())
        self.assertEqual(vd.manifest_paths({"a": "b"}), [("a", "b")])
        self.assertEqual(vd.manifest_paths(["/x/y/f"], manifest_dir="/m"),
                         [("/x/y/f", "/m/f.vldm")])
        self.assertEqual(vd.manifest_paths(["/x/y/f"], manifest_dir="/m", root="/x"),
                         [("/x/y/f", "/m/y/f.vldm")])

    def test_sampled_depth_is_merged_too(self):
        ds = self.ds
        params = {lv.Param.SAMPLE_RATE_PPM: 250000}
        report = vd.verify_dataset(self.client, [ds.big], manifests=[ds.manifest(ds.big)],
                                   depth=lv.Depth.SAMPLED, params=params, range_bytes=1 << 20)
        (o,) = report.objects
        with lv.Context(depth=lv.Depth.SAMPLED, sample_rate_ppm=250000) as ctx, \
                open(ds.manifest(ds.big), "rb") as f, ctx.load(f.read()) as m:
            local = ctx.verify_file(m, ds.big)
        self.assertEqual((o.summary, o.ranges), (local.summary, local.ranges))
        self.assertLess(report.coverage, 0.5)


class MergeTest(unittest.TestCase):
    """merge_results() alone: the rules of lib/summary.c."""

    def part(self, first, count, ranges=(), **kw):
        s = dict(verdict=lv.Verdict.OK, depth=lv.Depth.FULL, status=lv.Status.OK,
                 bytes_total=10 * C, bytes_seen=(first + count) * C, bytes_checked=count * C,
                 chunks_total=10, chunks_checked=count, chunks_damaged=len(ranges),
                 ranges_count=len(ranges), ranges_truncated=False, digest_checked=False,
                 digest_ok=False, chunks_in_scope=count)
        s.update(kw)
        if ranges and "verdict" not in kw:
            s["verdict"] = lv.Verdict.CORRUPT
        return vd.PartResult(vd.Part("f", "f.vldm", first, count), "report",
                             summary=lv.Summary(**s), ranges=tuple(ranges))

    def test_touching_ranges_join_and_a_stop_is_kept(self):
        a = self.part(0, 5, [lv.Range(4 * C, C, lv.RangeFlag.NONE)])
        b = self.part(5, 5, [lv.Range(5 * C, C, lv.RangeFlag.NONE)], status=lv.Status.E_IO)
        summary, ranges = vd.merge_results([b, a])
        self.assertEqual(ranges, (lv.Range(4 * C, 2 * C, lv.RangeFlag.NONE),))
        self.assertEqual(summary.status, lv.Status.E_IO)
        self.assertEqual(summary.verdict, lv.Verdict.CORRUPT)
        self.assertEqual((summary.chunks_in_scope, summary.chunks_damaged), (10, 2))

    def test_max_ranges(self):
        a = self.part(0, 5, [lv.Range(0, C, 0), lv.Range(2 * C, C, 0)])
        b = self.part(5, 5, [lv.Range(7 * C, C, 0)])
        summary, ranges = vd.merge_results([a, b], max_ranges=2)
        self.assertEqual(len(ranges), 2)
        self.assertTrue(summary.ranges_truncated)


class ScalingTest(unittest.TestCase):
    """The policy sees sustained high CPU with queued work: one more worker;
    then idle: back to the minimum. Driven by observations and a fake clock."""

    def setUp(self):
        self.cluster, self.client = start_cluster()

    def tearDown(self):
        self.client.close()
        self.cluster.close()

    def wait_workers(self, n, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.client.scheduler_info()["workers"]) == n:
                return
            time.sleep(0.1)
        self.fail("the cluster did not reach %d workers" % n)

    def test_scale_out_then_in(self):
        now = [10**12]
        params = {lv.Param.SCALE_SUSTAIN: 2, lv.Param.SCALE_IN_SUSTAIN: 3,
                  lv.Param.SCALE_COOLDOWN: 1}
        with vd.ScalingAdapter(self.cluster, minimum=2, maximum=3, params=params,
                               clock=lambda: now[0]) as adapter:
            self.assertEqual((adapter.workers, adapter.runners_max), (2, 2))

            def busy():
                now[0] += STEP_NS
                return adapter.observe(bytes=64 << 20, latency_ns=30_000_000,
                                       cpu_ns=int(0.9 * adapter.runners_max * STEP_NS),
                                       in_flight=8, waiting=100)
            self.assertEqual(busy().events, lv.Event.NONE)
            self.assertEqual(busy().events, lv.Event.SCALE_OUT)
            self.assertEqual([(d.event, d.workers_from, d.workers_to) for d in adapter.decisions],
                             [(lv.Event.SCALE_OUT, 2, 3)])
            self.assertEqual(adapter.runners_max, 3)
            self.wait_workers(3)
            for _ in range(6):  # still busy, but the maximum is reached
                busy()
            self.assertEqual(len(adapter.decisions), 1)
            # Busy CPU without queued work is not a reason to grow.
            adapter.load(in_flight=0, waiting=0)
            for _ in range(3):
                now[0] += STEP_NS
                self.assertIsNotNone(adapter.idle())
            self.assertEqual([(d.event, d.workers_from, d.workers_to) for d in adapter.decisions],
                             [(lv.Event.SCALE_OUT, 2, 3), (lv.Event.SCALE_IN, 3, 2)])
            self.wait_workers(2)
            for _ in range(10):  # idle at the minimum: nothing more
                now[0] += STEP_NS
                adapter.idle()
            self.assertEqual(len(adapter.decisions), 2)
            adapter.load(in_flight=1, waiting=0)
            self.assertIsNone(adapter.idle())  # work running: not idle

    def test_ticker_observes_idle_intervals(self):
        params = {lv.Param.SCALE_IN_SUSTAIN: 2, lv.Param.SCALE_COOLDOWN: 0}
        with vd.ScalingAdapter(self.cluster, minimum=1, maximum=2, params=params) as adapter:
            adapter.start(interval_s=0.05)
            deadline = time.monotonic() + 10
            while not adapter.decisions and time.monotonic() < deadline:
                time.sleep(0.05)
            adapter.stop()
        self.assertEqual([(d.event, d.workers_to) for d in adapter.decisions],
                         [(lv.Event.SCALE_IN, 1)])
        self.wait_workers(1)


if __name__ == "__main__":
    unittest.main()
