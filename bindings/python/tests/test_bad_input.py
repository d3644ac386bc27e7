"""Bad input gives Python exceptions, never a crash."""
import array
import gc
import os
import tempfile
import unittest

import libvalidate as lv
from libvalidate import _ffi

from .support import pattern

DATA = pattern(3 * 4096 + 1, 1)


class BadInputTest(unittest.TestCase):
    def setUp(self):
        self.ctx = lv.Context(chunk_size=4096)
        self.m = self.ctx.build(DATA)
        self.blob = bytes(self.m)

    def tearDown(self):
        self.ctx.close()

    def test_status_list_matches_library(self):
        for st in lv.Status:
            self.assertEqual(lv.status_name(st), "VLD_" + st.name)
        self.assertEqual(lv.status_name(-12345), "VLD_E_UNKNOWN")

    def test_wrong_types(self):
        for bad in ("text", 12, None, 1.5, [1, 2]):
            with self.subTest(repr(bad)):
                self.assertRaises(TypeError, self.ctx.verify, self.m, bad)
                self.assertRaises(TypeError, self.ctx.build, bad)
        report = self.ctx.verify(self.m, DATA)
        self.assertRaises(TypeError, self.ctx.verify, report, DATA)
        self.assertRaises(TypeError, self.ctx.verify, self.blob, DATA)
        self.assertRaises(TypeError, self.ctx.merge, self.m, report)
        self.assertRaises(TypeError, lv.Stream, self.ctx, report)
        self.assertRaises(TypeError, lv.Context, no_such_param=1)
        self.assertRaises(ValueError, self.ctx.set_param, 999, 1)
        self.assertRaises(BufferError, self.ctx.verify, self.m, memoryview(DATA)[::2])

    def test_bad_values(self):
        with self.assertRaises(lv.ArgumentError) as cm:
            self.ctx.set_param(lv.Param.CHUNK_SIZE, 5000)
        self.assertEqual(cm.exception.status, lv.Status.E_OUT_OF_RANGE)
        self.assertEqual(cm.exception.name, "VLD_E_OUT_OF_RANGE")
        self.assertIn("5000", cm.exception.detail)
        self.assertEqual(self.ctx.get_param(lv.Param.CHUNK_SIZE), 4096)
        report = self.ctx.verify(self.m, DATA)
        self.assertRaises(lv.ChunkIndexError, report.chunk_state, 4)
        self.assertRaises(IndexError, self.m.chunk_digest, 4)
        self.assertEqual(lv.param_bounds(lv.Param.DEPTH), (1, 4, 3))
        self.assertRaises(lv.ValidateIOError, self.ctx.verify_file, self.m, "/nonexistent/x")
        self.assertRaises(OSError, self.ctx.build_file, "/nonexistent/x")

    def test_every_damaged_manifest_is_refused(self):
        for i in range(len(self.blob)):
            bad = bytearray(self.blob)
            bad[i] ^= 1
            with self.subTest(byte=i):
                self.assertRaises(lv.ManifestError, self.ctx.load, bad)
        for n in (0, 7, 8, 71, len(self.blob) - 1):
            self.assertRaises(lv.ManifestError, self.ctx.load, self.blob[:n])
        with self.assertRaises(lv.ManifestError) as cm:
            self.ctx.load(self.blob + b"\0")
        self.assertEqual(cm.exception.status, lv.Status.E_MANIFEST_TRAILING)

    def test_use_after_close(self):
        m = self.ctx.build(DATA)
        m.close()
        m.close()
        self.assertRaises(lv.HandleClosedError, self.ctx.verify, m, DATA)
        self.assertRaises(lv.HandleClosedError, m.to_bytes)
        self.assertEqual(m.length, len(DATA))  # facts read at creation stay
        r = self.ctx.verify(self.m, DATA)
        r.close()
        self.assertRaises(lv.HandleClosedError, r.chunk_state, 0)
        ctx = lv.Context()
        ctx.close()
        self.assertRaises(lv.HandleClosedError, ctx.build, DATA)
        self.assertRaises(lv.HandleClosedError, ctx.set_param, lv.Param.DEPTH, 1)

    def test_stream_state(self):
        s = self.ctx.stream(self.m)
        s.update(DATA)
        s.finish()
        self.assertRaises(lv.StateError, s.update, b"x")
        self.assertRaises(lv.StateError, s.finish)
        s.close()
        self.assertRaises(lv.HandleClosedError, s.update, b"x")
        b = self.ctx.builder()
        b.finish()
        self.assertRaises(lv.StateError, b.update, b"x")
        b.close()

    def test_dependents_keep_their_context(self):
        ctx = lv.Context(chunk_size=4096)
        m = ctx.build(DATA)
        s = ctx.stream(m)
        job = ctx.job(m, bytearray(DATA))
        ctx.close()
        m.close()  # both freed only when the stream and the job are
        s.update(DATA)
        self.assertTrue(s.finish().ok)
        job.step(10 ** 9)
        self.assertTrue(job.finish().ok)
        s.close()
        job.close()
        self.assertIsNone(ctx._ptr_value)
        self.assertIsNone(m._ptr_value)

    def test_pinned_buffer_cannot_be_resized(self):
        data = bytearray(DATA)
        job = self.ctx.job(self.m, data)
        self.assertRaises(BufferError, data.extend, b"x")
        job.close()
        data.extend(b"x")  # released with the job

    def test_other_buffer_formats(self):
        words = array.array("I", DATA[:4 * 1024 * 3])
        self.assertEqual(lv.digest(words), lv.digest(words.tobytes()))

    def test_garbage_collection_frees(self):
        for _ in range(200):
            ctx = lv.Context()
            ctx.stream(ctx.build(DATA))
        gc.collect()

    def test_missing_library_is_clear(self):
        from libvalidate import _loader
        old = os.environ.get(_loader.ENV_VAR)
        with tempfile.TemporaryDirectory() as d:
            os.environ[_loader.ENV_VAR] = os.path.join(d, "nope.so")
            try:
                self.assertRaisesRegex(OSError, "cannot load libvalidate", _loader.load)
            finally:
                if old is None:
                    del os.environ[_loader.ENV_VAR]
                else:
                    os.environ[_loader.ENV_VAR] = old
        self.assertTrue(_ffi.lib.vld_version_number() // 10000 == _ffi.SUPPORTED_MAJOR)


if __name__ == "__main__":
    unittest.main()
