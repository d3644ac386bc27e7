"""Damage is found and localized, through every input path."""
import io
import mmap
import os
import tempfile
import unittest

import libvalidate as lv

from .support import pattern

C = 4096
DATA = pattern(10 * C + 100, 3)


def damaged(offset):
    data = bytearray(DATA)
    data[offset] ^= 0x40
    return data


class DamageTest(unittest.TestCase):
    def setUp(self):
        self.ctx = lv.Context(chunk_size=C, threads=2)
        self.m = self.ctx.build(DATA)

    def tearDown(self):
        self.ctx.close()

    def assert_chunk_damaged(self, report, index):
        self.assertEqual(report.verdict, lv.Verdict.CORRUPT)
        self.assertEqual(report.ranges, (lv.Range(index * C, C, lv.RangeFlag.NONE),))
        self.assertEqual(report.damaged_chunks(), [index])
        self.assertEqual(report.chunk_state(index), lv.ChunkState.DAMAGED)
        self.assertEqual(report.chunk_state(index + 1), lv.ChunkState.OK)

    def test_buffer_types_without_copy(self):
        bad = damaged(3 * C + 7)
        for data in (bytes(bad), bad, memoryview(bad), memoryview(bytes(bad)),
                     memoryview(bad).toreadonly()):
            with self.subTest(type(data).__name__):
                self.assert_chunk_damaged(self.ctx.verify(self.m, data), 3)

    def test_mmap_and_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "obj")
            with open(path, "wb") as f:
                f.write(damaged(5 * C))
            with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
                self.assert_chunk_damaged(self.ctx.verify(self.m, mm), 5)
                self.assert_chunk_damaged(self.ctx.verify_file(self.m, f), 5)
                self.assertEqual(f.tell(), 0)
                self.assert_chunk_damaged(self.ctx.verify_from(self.m, f, piece_size=1000), 5)
            self.assert_chunk_damaged(self.ctx.verify_file(self.m, path), 5)
            self.assert_chunk_damaged(self.ctx.verify_file(self.m, path.encode()), 5)
            self.assertEqual(bytes(self.ctx.build_file(path)), bytes(self.ctx.build(damaged(5 * C))))
            self.assertEqual(self.ctx.digest_file(path), lv.digest(damaged(5 * C)))

    def test_truncated_and_extended(self):
        r = self.ctx.verify(self.m, DATA[:4 * C + 10])
        self.assertEqual(r.verdict, lv.Verdict.LENGTH_MISMATCH)
        self.assertEqual(r.ranges[-1], lv.Range(4 * C, len(DATA) - 4 * C, lv.RangeFlag.MISSING))
        r = self.ctx.verify(self.m, DATA + b"xyz")
        self.assertEqual(r.verdict, lv.Verdict.LENGTH_MISMATCH)
        self.assertEqual(r.ranges, (lv.Range(len(DATA), 3, lv.RangeFlag.EXTRA),))

    def test_stream_reports_damage_early(self):
        seen = []
        bad = damaged(7 * C + 1)
        with self.ctx.stream(self.m, on_damage=seen.append) as s:
            s.update(bad[:8 * C + 5])
            self.assertEqual(seen, [lv.Range(7 * C, C, lv.RangeFlag.NONE)])
            s.update(memoryview(bad)[8 * C + 5:])
            self.assert_chunk_damaged(s.finish(), 7)

    def test_depths(self):
        bad = damaged(2 * C)
        self.ctx.set_param(lv.Param.DEPTH, lv.Depth.SHALLOW)
        r = self.ctx.verify(self.m, bad)
        self.assertTrue(r.ok)
        self.assertEqual(r.summary.chunks_checked, 0)
        self.ctx.set_param(lv.Param.DEPTH, lv.Depth.SAMPLED)
        self.ctx.set_param(lv.Param.SAMPLE_GROUPS, 2)
        seen = set()
        for group in (0, 1):
            self.ctx.set_param(lv.Param.SAMPLE_GROUP, group)
            r = self.ctx.verify(self.m, bad)
            states = r.chunk_states()
            seen |= {i for i, s in enumerate(states) if s != lv.ChunkState.UNCHECKED}
            self.assertEqual(r.verdict == lv.Verdict.CORRUPT, states[2] == lv.ChunkState.DAMAGED)
        self.assertEqual(seen, set(range(self.m.chunk_count)))

    def test_ranges_merge_and_job(self):
        bad = damaged(9 * C)
        first, count = self.m.chunk_range(0, 5 * C)
        self.assertEqual((first, count), (0, 5))
        a = self.ctx.verify(self.m, bad, first_chunk=0, chunk_count=5)
        b = self.ctx.verify(self.m, memoryview(bad)[5 * C:], first_chunk=5)
        self.assertEqual(a.summary.chunks_in_scope, 5)
        self.assert_chunk_damaged(self.ctx.merge(a, b), 9)
        with self.ctx.job(self.m, bad) as job:
            steps = 1
            while not job.step(1):
                steps += 1
            self.assertGreater(steps, 1)
            self.assertEqual(job.position[0], self.m.chunk_count)
            self.assert_chunk_damaged(job.finish(), 9)

    def test_builder_write_target(self):
        with self.ctx.builder() as b:
            self.assertEqual(b.write(DATA[:5]), 5)
            b.feed_from(io.BytesIO(DATA[5:]))
            self.assertEqual(bytes(b.finish()), bytes(self.m))


if __name__ == "__main__":
    unittest.main()
