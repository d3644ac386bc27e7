"""Metrics snapshots, the scaling policy and the tuner through the binding.

The policy tests use an injected clock and injected observations, as
tests/test_policy.c does: no timing, no threads, the same answers every run.
"""
import ctypes
import gc
import unittest

import libvalidate as lv
from libvalidate import _ffi

from .support import pattern

C = 4096
DATA = pattern(256 * C, 5)  # 1 MiB
STEP_NS = 100_000_000  # 100 ms of fake time per observation


class Boom(Exception):
    pass


class FakeClock:
    def __init__(self):
        self.now = 1000 * STEP_NS

    def __call__(self):
        return self.now


class PolicyHarness:
    """A context with 2 runners, a fake clock and a recording callback."""

    def __init__(self, **params):
        self.clock = FakeClock()
        self.seen = []
        self.ctx = lv.Context(threads=2, clock=self.clock, metrics=self.seen.append, **params)

    def observe(self, cpu, latency_ms, queued, active):
        """One observation after STEP_NS: ``cpu`` is the utilization of 2 runners."""
        self.clock.now += STEP_NS
        return self.ctx.observe(bytes=64 << 20, latency_ns=int(latency_ms * 1e6),
                                cpu_ns=int(cpu * 2 * STEP_NS), queued_chunks=queued,
                                runners_active=active)

    def fired(self, event):
        """1-based indexes of the deliveries that carried ``event``."""
        return [i + 1 for i, s in enumerate(self.seen) if s.events & event]


class StructTest(unittest.TestCase):
    def test_layout_matches_the_library(self):
        """The library fills `size` with sizeof(vld_metrics) as it was compiled."""
        seen = []
        with lv.Context(metrics=seen.append) as ctx:
            ctx.observe(bytes=1)
            pulled = ctx.metrics()
        self.assertEqual(seen[0].size, ctypes.sizeof(_ffi.Metrics))
        self.assertEqual(pulled.size, ctypes.sizeof(_ffi.Metrics))
        if ctypes.sizeof(ctypes.c_size_t) == 8:  # LP64: as include/libvalidate.h lays it out
            self.assertEqual(ctypes.sizeof(_ffi.Metrics), 176)
            self.assertEqual(ctypes.sizeof(_ffi.Observation), 48)
            self.assertEqual(ctypes.sizeof(_ffi.Tuning), 64)
        self.assertEqual(_ffi.Metrics.step_bytes.offset + 8, ctypes.sizeof(_ffi.Metrics))

    def test_too_small_a_struct_is_refused(self):
        with lv.Context() as ctx, ctx._use() as ptr:
            m = _ffi.sized(_ffi.Metrics)
            m.size -= 8
            with self.assertRaises(lv.ValidateError) as cm:
                _ffi.lib.vld_ctx_get_metrics(ptr, ctypes.byref(m))
            self.assertEqual(cm.exception.status, lv.Status.E_STRUCT_SIZE)
            o = _ffi.sized(_ffi.Observation)
            o.size = 8
            with self.assertRaises(lv.ValidateError) as cm:
                _ffi.lib.vld_ctx_observe(ptr, ctypes.byref(o))
            self.assertEqual(cm.exception.status, lv.Status.E_STRUCT_SIZE)

    def test_a_shorter_snapshot_is_read_as_far_as_it_goes(self):
        """A callback gets what an older library filled; the rest reads 0."""
        raw = _ffi.sized(_ffi.Metrics)
        raw.bytes_hashed, raw.step_bytes = 7, 9
        raw.size = _ffi.Metrics.step_bytes.offset
        snap = lv.Metrics._from_address(ctypes.addressof(raw))
        self.assertEqual((snap.bytes_hashed, snap.step_bytes, snap.size),
                         (7, 0, _ffi.Metrics.step_bytes.offset))


class ParamTest(unittest.TestCase):
    DEFAULTS = {
        lv.Param.METRICS_INTERVAL_MS: 1000, lv.Param.LATENCY_WINDOW: 256,
        lv.Param.SCALE_CPU_PCT: 70, lv.Param.SCALE_LATENCY_MS: 50, lv.Param.SCALE_IN_PCT: 40,
        lv.Param.SCALE_SUSTAIN: 3, lv.Param.SCALE_IN_SUSTAIN: 20, lv.Param.SCALE_COOLDOWN: 10,
        lv.Param.REGRESSION_PCT: 50, lv.Param.BUDGET_MS: 0, lv.Param.MIN_DEPTH: lv.Depth.SAMPLED,
        lv.Param.MIN_SAMPLE_PPM: 10000, lv.Param.CALIBRATED_BPS: 0, lv.Param.ROTATE: 1,
    }

    def test_new_parameters(self):
        with lv.Context() as ctx:
            for param, default in self.DEFAULTS.items():
                bounds = lv.param_bounds(param)
                self.assertEqual(bounds.default, default, param.name)
                self.assertEqual(ctx.get_param(param), default, param.name)
                ctx.set_param(param, bounds.max)
                self.assertEqual(ctx.get_param(param), bounds.max)
                if bounds.min > 0:
                    self.assertRaises(lv.ArgumentError, ctx.set_param, param, bounds.min - 1)
        with lv.Context(scale_sustain=2, budget_ms=40, rotate=0) as ctx:
            self.assertEqual(ctx.get_param(lv.Param.SCALE_SUSTAIN), 2)
            self.assertEqual(ctx.get_param(lv.Param.BUDGET_MS), 40)
            self.assertEqual(ctx.get_param(lv.Param.ROTATE), 0)

    def test_constants_match_the_header(self):
        self.assertEqual([int(e) for e in (lv.Event.SCALE_OUT, lv.Event.SCALE_OUT_EDGE,
                                           lv.Event.SCALE_IN, lv.Event.ALERT)], [1, 2, 4, 8])
        self.assertEqual((int(lv.Alert.BUDGET), int(lv.Alert.REGRESSION)), (1, 2))
        self.assertEqual([int(r) for r in lv.MetricsReason], [1, 2, 3])
        self.assertEqual([int(r) for r in (lv.TuneReason.FITS, lv.TuneReason.CAPPED,
                                           lv.TuneReason.FLOOR, lv.TuneReason.ROTATED)],
                         [1, 2, 4, 8])


class CallbackTest(unittest.TestCase):
    def setUp(self):
        self.ctx = lv.Context(chunk_size=C, threads=2)
        self.m = self.ctx.build(DATA)

    def tearDown(self):
        self.ctx.close()

    def test_a_snapshot_at_the_end_of_each_verification(self):
        seen = []
        self.ctx.set_metrics_callback(seen.append)
        bad = bytearray(DATA)
        bad[5 * C] ^= 1
        self.assertTrue(self.ctx.verify(self.m, DATA).ok)
        self.ctx.verify(self.m, bad)
        done = [s for s in seen if s.reason == lv.MetricsReason.DONE]
        self.assertEqual(len(done), 2)
        last = done[-1]
        self.assertEqual(last.verifications_completed, 2)
        self.assertEqual(last.verifications_in_flight, 0)
        self.assertEqual(last.bytes_hashed, 2 * len(DATA))
        self.assertEqual(last.chunks_ok, 2 * self.m.chunk_count - 1)
        self.assertEqual(last.chunks_damaged, 1)
        self.assertEqual(last.depth, lv.Depth.FULL)
        self.assertEqual(last.runners_max, 2)
        pulled = self.ctx.metrics()
        self.assertEqual(pulled.reason, lv.MetricsReason.PULL)
        self.assertEqual(pulled.events, lv.Event.NONE)
        self.assertEqual(pulled.bytes_hashed, 2 * len(DATA))
        self.ctx.set_metrics_callback(None)
        seen.clear()
        self.ctx.verify(self.m, DATA)
        self.assertEqual(seen, [])
        self.assertEqual(self.ctx.metrics().verifications_completed, 3)

    def test_the_callback_is_kept_alive_by_the_context(self):
        counter = []
        self.ctx.set_metrics_callback(lambda s: counter.append(s.reason) and None)
        gc.collect()
        self.ctx.verify(self.m, DATA)
        self.assertEqual(counter, [lv.MetricsReason.DONE])

    def test_interval_snapshots_while_work_runs(self):
        """With a clock that moves 1 s per reading, every tick is due."""
        ticks = iter(range(10**9, 10**15, 10**9))
        seen = []
        with lv.Context(chunk_size=C, threads=1, clock=lambda: next(ticks),
                        metrics_interval_ms=1, metrics=seen.append) as ctx:
            m = ctx.build(DATA * 8)
            ctx.verify(m, DATA * 8)
        reasons = [s.reason for s in seen]
        self.assertIn(lv.MetricsReason.INTERVAL, reasons)
        self.assertEqual(reasons[-1], lv.MetricsReason.DONE)

    def test_raising_stops_and_is_chained(self):
        def fn(snapshot):
            raise Boom(snapshot.reason)
        self.ctx.set_metrics_callback(fn)
        with self.assertRaises(lv.CallbackAbortError) as cm:
            self.ctx.verify(self.m, DATA)
        self.assertIsInstance(cm.exception.__cause__, Boom)
        self.assertIsInstance(cm.exception.report, lv.Report)
        with self.assertRaises(lv.CallbackAbortError) as cm:
            self.ctx.observe(bytes=1)
        self.assertIsInstance(cm.exception.__cause__, Boom)
        self.ctx.set_metrics_callback(None)
        self.assertTrue(self.ctx.verify(self.m, DATA).ok)  # nothing left over
        self.assertEqual(self.ctx.observe(bytes=1).reason, lv.MetricsReason.DONE)

    def test_raising_mid_verification_cancels_it(self):
        ticks = iter(range(10**9, 10**15, 10**9))
        with lv.Context(chunk_size=C, threads=1, clock=lambda: next(ticks),
                        metrics_interval_ms=1) as ctx:
            big = DATA * 8
            m = ctx.build(big)
            ctx.set_metrics_callback(lambda s: 1 / 0)
            with self.assertRaises(lv.ValidateError) as cm:
                ctx.verify(m, big)
            self.assertIsInstance(cm.exception.__cause__, ZeroDivisionError)
            partial = cm.exception.report
            self.assertIsNotNone(partial)
            self.assertLess(partial.summary.chunks_checked, m.chunk_count)

    def test_a_true_return_stops_observe(self):
        self.ctx.set_metrics_callback(lambda s: True)
        with self.assertRaises(lv.CallbackAbortError) as cm:
            self.ctx.observe(bytes=1)
        self.assertIsNone(cm.exception.__cause__)


class ClockTest(unittest.TestCase):
    def test_injected_clock(self):
        clock = FakeClock()
        with lv.Context(clock=clock) as ctx:
            clock.now += 5 * STEP_NS
            m = ctx.metrics()
            self.assertEqual(m.now_ns, clock.now)
            self.assertEqual(m.elapsed_ns, 5 * STEP_NS)
            ctx.set_clock(None)
            self.assertNotEqual(ctx.metrics().now_ns, clock.now)

    def test_a_raising_clock_is_reported_not_crashed(self):
        clock = FakeClock()
        with lv.Context(clock=clock) as ctx:
            def broken():
                raise Boom("no time")
            with self.assertRaises(lv.CallbackAbortError) as cm:
                ctx.set_clock(broken)  # the library reads it at once
            self.assertIsInstance(cm.exception.__cause__, Boom)
            ctx.metrics()  # the default clock is back
            ctx.set_clock(clock)
            calls = [0]

            def flaky():
                calls[0] += 1
                if calls[0] > 1:
                    raise Boom("later")
                return clock.now
            ctx.set_clock(flaky)
            ctx.metrics()  # the repeated reading is used ...
            with self.assertRaises(lv.CallbackAbortError) as cm:  # ... and reported
                ctx.observe(bytes=1)
            self.assertIsInstance(cm.exception.__cause__, Boom)


class PolicyTest(unittest.TestCase):
    """tests/test_policy.c's cases, through observe() and a fake clock."""

    def test_scale_out_needs_sustained_cpu_with_queued_work_and_a_full_pool(self):
        h = PolicyHarness()
        self.assertEqual(h.observe(0.9, 1, 10, 2).events, lv.Event.NONE)
        self.assertEqual(h.observe(0.9, 1, 10, 2).events, lv.Event.NONE)
        third = h.observe(0.9, 1, 10, 2)
        self.assertEqual(third.events, lv.Event.SCALE_OUT)
        self.assertAlmostEqual(third.runner_cpu_utilization, 0.9, places=2)
        self.assertEqual(third.runners_max, 2)
        self.assertEqual(h.seen[-1], third)  # the callback got the same snapshot
        for cpu, queued, active in ((0.69, 10, 2), (0.95, 0, 2), (0.95, 10, 1)):
            h = PolicyHarness()
            for _ in range(30):
                h.observe(cpu, 1, queued, active)
            self.assertEqual(h.fired(lv.Event.SCALE_OUT), [], (cpu, queued, active))

    def test_events_respect_the_cooldown(self):
        h = PolicyHarness()
        for _ in range(40):
            h.observe(0.95, 1, 10, 2)
        self.assertEqual(h.fired(lv.Event.SCALE_OUT), [3, 14, 25, 36])
        self.assertEqual(h.fired(lv.Event.SCALE_IN), [])

    def test_scale_in_when_idle_and_small_parameters(self):
        h = PolicyHarness(scale_sustain=1, scale_in_sustain=2, scale_cooldown=1)
        self.assertEqual(h.observe(0.95, 1, 10, 2).events, lv.Event.SCALE_OUT)
        self.assertEqual(h.observe(0.0, 0, 0, 0).events, lv.Event.NONE)  # cooldown
        self.assertEqual(h.observe(0.0, 0, 0, 0).events, lv.Event.SCALE_IN)
        self.assertEqual(h.fired(lv.Event.SCALE_IN), [3])

    def test_scale_out_edge_on_latency(self):
        h = PolicyHarness(latency_window=1)
        events = [h.observe(0.3, 80, 0, 1).events for _ in range(3)]
        self.assertEqual(events[-1], lv.Event.SCALE_OUT_EDGE)
        self.assertGreater(h.seen[-1].latency_p95_ms, 50)


class TuningTest(unittest.TestCase):
    BIG = pattern(1024 * C, 9)  # 4 MiB

    def test_untuned_report(self):
        with lv.Context(chunk_size=C) as ctx:
            t = ctx.verify(ctx.build(DATA), DATA).tuning
        self.assertFalse(t.tuned)
        self.assertEqual(t.depth, lv.Depth.FULL)
        self.assertEqual(t.sample_rate_ppm, 1000000)
        self.assertGreater(t.actual_ns, 0)

    def test_a_budget_picks_a_rotating_sample(self):
        # 4 MiB at 1 GB/s is about 4.2 ms; 80 % of a 1 ms budget fits ~19 %.
        with lv.Context(chunk_size=C, budget_ms=1, calibrated_bps=10**9) as ctx:
            m = ctx.build(self.BIG)
            first = ctx.verify(m, self.BIG)
            second = ctx.verify(m, self.BIG)
        t = first.tuning
        self.assertTrue(t.tuned)
        self.assertEqual(t.depth, lv.Depth.SAMPLED)
        self.assertEqual(t.reasons, lv.TuneReason.FITS | lv.TuneReason.ROTATED)
        self.assertEqual(t.budget_ns, 1_000_000)
        self.assertLessEqual(t.predicted_ns, 800_000)
        self.assertEqual((t.group, second.tuning.group), (0, 1))
        self.assertEqual(t.groups, second.tuning.groups)
        self.assertLess(first.summary.chunks_checked, m.chunk_count)

    def test_the_floor_raises_a_budget_alert(self):
        seen = []
        with lv.Context(chunk_size=C, budget_ms=1, calibrated_bps=10**6,
                        metrics=seen.append) as ctx:
            m = ctx.build(self.BIG)
            t = ctx.verify(m, self.BIG).tuning
        self.assertTrue(t.reasons & lv.TuneReason.FLOOR)
        self.assertEqual(t.sample_rate_ppm, 10000)
        self.assertTrue(seen[-1].events & lv.Event.ALERT)
        self.assertEqual(seen[-1].alerts, lv.Alert.BUDGET)


if __name__ == "__main__":
    unittest.main()
