"""Python callables as C callbacks: called, able to stop, never crashing."""
import threading
import unittest

import libvalidate as lv

from .support import pattern

C = 4096
DATA = pattern(64 * C * 40, 2)  # 10 MiB: several progress calls


class Boom(Exception):
    pass


class CallbackTest(unittest.TestCase):
    def setUp(self):
        self.ctx = lv.Context(chunk_size=C)
        self.m = self.ctx.build(DATA)

    def tearDown(self):
        self.ctx.close()

    def test_progress_is_called(self):
        calls = []
        self.ctx.set_progress(lambda done, total: calls.append((done, total)))
        self.assertTrue(self.ctx.verify(self.m, DATA).ok)
        self.assertGreaterEqual(len(calls), 2)
        self.assertEqual(calls[-1], (len(DATA), len(DATA)))
        self.ctx.set_progress(None)
        calls.clear()
        self.ctx.verify(self.m, DATA)
        self.assertEqual(calls, [])

    def test_progress_true_stops(self):
        self.ctx.set_progress(lambda done, total: True)
        with self.assertRaises(lv.CallbackAbortError) as cm:
            self.ctx.verify(self.m, DATA)
        self.assertIsNone(cm.exception.__cause__)
        self.assertIsInstance(cm.exception.report, lv.Report)
        self.assertEqual(cm.exception.report.summary.status, lv.Status.E_CALLBACK_ABORT)

    def test_progress_raising_stops(self):
        def progress(done, total):
            raise Boom("stop here")
        self.ctx.set_progress(progress)
        with self.assertRaises(lv.CallbackAbortError) as cm:
            self.ctx.verify(self.m, DATA)
        self.assertIsInstance(cm.exception.__cause__, Boom)
        self.assertRaises(lv.CallbackAbortError, self.ctx.build, DATA)
        self.ctx.set_progress(None)
        self.assertTrue(self.ctx.verify(self.m, DATA).ok)  # nothing left over

    def test_chunk_check(self):
        self.ctx.set_param(lv.Param.DEPTH, lv.Depth.DEEP)
        self.ctx.set_chunk_check(lambda index, offset, data: index != 7)
        r = self.ctx.verify(self.m, DATA)
        self.assertEqual(r.ranges, (lv.Range(7 * C, C, lv.RangeFlag.HOST),))
        self.assertTrue(r.summary.digest_ok)
        seen = []
        self.ctx.set_chunk_check(lambda i, off, data: seen.append(data == DATA[off:off + C]) or True)
        self.assertTrue(self.ctx.verify(self.m, DATA).ok)
        self.assertTrue(all(seen) and len(seen) == self.m.chunk_count)

    def test_chunk_check_raising(self):
        self.ctx.set_param(lv.Param.DEPTH, lv.Depth.DEEP)

        def check(index, offset, data):
            raise Boom(index)
        self.ctx.set_chunk_check(check)
        with self.assertRaises(lv.ValidateError) as cm:
            self.ctx.verify(self.m, DATA)
        self.assertIsInstance(cm.exception.__cause__, Boom)
        self.assertIsNotNone(cm.exception.report)

    def test_damage_callback_stop_and_raise(self):
        bad = bytearray(DATA)
        bad[3 * C] ^= 1
        with self.ctx.stream(self.m, on_damage=lambda r: True) as s:
            self.assertRaises(lv.CallbackAbortError, s.update, bad)
        with self.ctx.stream(self.m, on_damage=lambda r: 1 / 0) as s:
            with self.assertRaises(lv.CallbackAbortError) as cm:
                s.update(bad)
            self.assertIsInstance(cm.exception.__cause__, ZeroDivisionError)

    def test_threads_share_a_context(self):
        """The GIL is released during C calls: threads verify in parallel."""
        results, errors = [], []

        def work():
            try:
                for _ in range(3):
                    results.append(self.ctx.verify(self.m, DATA).ok)
            except BaseException as exc:  # noqa: B036
                errors.append(exc)
        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(results, [True] * 12)

    def test_cancel_from_another_thread(self):
        started = threading.Event()
        release = threading.Event()

        def progress(done, total):
            started.set()
            release.wait(10)
        self.ctx.set_progress(progress)
        self.ctx.set_param(lv.Param.THREADS, 1)
        outcome = []

        def work():
            try:
                outcome.append(self.ctx.verify(self.m, DATA))
            except lv.CancelledError as exc:
                outcome.append(exc)
        t = threading.Thread(target=work)
        t.start()
        self.assertTrue(started.wait(10))
        self.ctx.cancel()
        release.set()
        t.join(10)
        self.assertIsInstance(outcome[0], lv.CancelledError)
        self.assertEqual(outcome[0].report.summary.status, lv.Status.E_CANCELLED)


if __name__ == "__main__":
    unittest.main()
