"""`vld verify` finds and localizes damage at every depth; exit 0/1/2; JSON."""
import json
import os
import re

import vldtest
from vldtest import VldTestCase

CHUNK = 65536
NCHUNKS = 17
LENGTH = (NCHUNKS - 1) * CHUNK + 1234  # a short last chunk
DEPTHS = ["shallow", "sampled", "full", "deep"]
JSON_KEYS = {"verdict", "depth", "bytes_total", "bytes_checked", "chunks_total",
             "chunks_checked", "bad_ranges", "elapsed_ms"}


class VerifyTest(VldTestCase):
    def setUp(self):
        super().setUp()
        self.data = os.urandom(LENGTH)
        self.write("data.bin", self.data)
        r = self.vld("manifest", "-q", "-c", "64K", "data.bin")
        self.assertEqual(r.returncode, 0, r.stderr)

    def verify_json(self, *args, status=None):
        r = self.vld("verify", "--json", *args)
        j = self.json_of(r)
        self.assertTrue(JSON_KEYS <= set(j), "missing keys: %s" % (JSON_KEYS - set(j)))
        if status is not None:
            self.assertEqual(r.returncode, status, r.stderr)
        return j

    def flip(self, offset):
        with open(self.path("data.bin"), "r+b") as f:
            f.seek(offset)
            b = f.read(1)
            f.seek(offset)
            f.write(bytes([b[0] ^ 0x5A]))

    def test_intact_at_every_depth(self):
        for depth in DEPTHS:
            with self.subTest(depth=depth):
                j = self.verify_json("--depth", depth, "data.bin", status=0)
                self.assertEqual(j["verdict"], "ok")
                self.assertEqual(j["depth"], depth)
                self.assertEqual(j["bad_ranges"], [])
                self.assertEqual(j["bytes_total"], LENGTH)
                self.assertEqual(j["chunks_total"], NCHUNKS)
                if depth in ("full", "deep"):
                    self.assertEqual(j["chunks_checked"], NCHUNKS)
                    self.assertEqual(j["bytes_checked"], LENGTH)
                if depth == "shallow":
                    self.assertEqual(j["chunks_checked"], 0)
                    self.assertEqual(j["bytes_checked"], 0)
                if depth == "sampled":
                    self.assertLessEqual(j["chunks_checked"], NCHUNKS)
                if depth == "deep":
                    self.assertTrue(j["digest_checked"])
                    self.assertTrue(j["digest_ok"])
                r = self.vld("verify", "--depth", depth, "data.bin")
                self.assertEqual(r.returncode, 0)
                self.assertTrue(r.stdout.startswith(b"data.bin: OK\n"), r.stdout)

    def test_default_is_full_and_quiet_is_silent(self):
        j = self.verify_json("data.bin", "data.bin.vldm", status=0)
        self.assertEqual(j["depth"], "full")
        r = self.vld("verify", "-q", "data.bin")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, b"", b""))

    def test_flipped_byte(self):
        offset = 3 * CHUNK + 1000
        self.flip(offset)
        for depth in ("full", "deep"):
            with self.subTest(depth=depth):
                j = self.verify_json("--depth", depth, "data.bin", status=1)
                self.assertEqual(j["verdict"], "corrupt")
                self.assertEqual(j["bad_ranges"], [[3 * CHUNK, CHUNK]])
                self.assertEqual(j["chunks_damaged"], 1)
                r = self.vld("verify", "--depth", depth, "data.bin")
                self.assertEqual(r.returncode, 1)
                self.assertTrue(r.stdout.startswith(b"data.bin: CORRUPT\n"), r.stdout)
                self.assertIn(b"damaged %d+%d\n" % (3 * CHUNK, CHUNK), r.stdout)
        j = self.verify_json("--depth", "deep", "data.bin", status=1)
        self.assertFalse(j["digest_ok"])
        # shallow reads no data: it cannot see this
        j = self.verify_json("--depth", "shallow", "data.bin", status=0)
        self.assertEqual(j["verdict"], "ok")
        # sampling everything is full coverage
        j = self.verify_json("--sample", "100%", "data.bin", status=1)
        self.assertEqual((j["depth"], j["bad_ranges"]), ("sampled", [[3 * CHUNK, CHUNK]]))

    def test_sample_groups_partition_the_chunks(self):
        self.flip(5 * CHUNK)
        checked = 0
        found = []
        for n in range(4):
            r = self.vld("verify", "--json", "--sample", "%d/4" % n, "data.bin")
            j = self.json_of(r)
            self.assertEqual(j["depth"], "sampled")
            checked += j["chunks_checked"]
            if j["bad_ranges"]:
                self.assertEqual(r.returncode, 1)
                found.append(j["bad_ranges"])
            else:
                self.assertEqual(r.returncode, 0)
        self.assertEqual(checked, NCHUNKS)
        self.assertEqual(found, [[[5 * CHUNK, CHUNK]]])

    def test_sample_forms_and_seed(self):
        for sample in ("0.5", "50%", "1/2", "1"):
            with self.subTest(sample=sample):
                j = self.verify_json("--sample", sample, "--seed", "7", "data.bin", status=0)
                self.assertEqual(j["depth"], "sampled")
        a = self.verify_json("--sample", "0.25", "--seed", "1", "data.bin")
        b = self.verify_json("--sample", "0.25", "--seed", "1", "data.bin")
        self.assertEqual(a["chunks_checked"], b["chunks_checked"])

    def test_truncated(self):
        with open(self.path("data.bin"), "r+b") as f:
            f.truncate(LENGTH - 1000)
        for depth in DEPTHS:
            with self.subTest(depth=depth):
                j = self.verify_json("--depth", depth, "data.bin", status=1)
                self.assertEqual(j["verdict"], "length_mismatch")
                self.assertEqual(j["bytes_seen"], LENGTH - 1000)
                if depth != "shallow":
                    # the short last chunk cannot match: its range reaches the
                    # manifest's end and covers the missing bytes
                    last = j["bad_ranges"][-1]
                    self.assertEqual(sum(last), LENGTH)
                    self.assertLessEqual(last[0], LENGTH - 1000)
                    self.assertGreaterEqual(last[0], (NCHUNKS - 1) * CHUNK)
                    self.assertIn("missing", j["bad_range_kinds"][-1])
                r = self.vld("verify", "--depth", depth, "data.bin")
                self.assertIn(b"data.bin: LENGTH MISMATCH: %d bytes, manifest says %d\n"
                              % (LENGTH - 1000, LENGTH), r.stdout)

    def test_appended(self):
        with open(self.path("data.bin"), "ab") as f:
            f.write(b"0123456789")
        for depth in DEPTHS:
            with self.subTest(depth=depth):
                j = self.verify_json("--depth", depth, "data.bin", status=1)
                self.assertEqual(j["verdict"], "length_mismatch")
                self.assertEqual(j["bytes_total"], LENGTH)
                if depth != "shallow":
                    self.assertIn([LENGTH, 10], j["bad_ranges"])
                    idx = j["bad_ranges"].index([LENGTH, 10])
                    self.assertIn("extra", j["bad_range_kinds"][idx])
                    r = self.vld("verify", "--depth", depth, "data.bin")
                    self.assertIn(b"damaged %d+10 (extra)\n" % LENGTH, r.stdout)

    def test_stdin(self):
        self.flip(CHUNK + 5)
        with open(self.path("data.bin"), "rb") as f:
            r = self.vld("verify", "--json", "-", "data.bin.vldm", stdin=f)
        j = self.json_of(r)
        self.assertEqual((r.returncode, j["verdict"], j["bad_ranges"]), (1, "corrupt", [[CHUNK, CHUNK]]))
        self.assertEqual(j["file"], "stdin")
        self.assertOneLineError(self.vld("verify", "-"), 2)

    def test_threads(self):
        self.flip(7 * CHUNK + 3)
        for n in ("0", "1", "4"):
            with self.subTest(threads=n):
                j = self.verify_json("--threads", n, "data.bin", status=1)
                self.assertEqual(j["bad_ranges"], [[7 * CHUNK, CHUNK]])
        self.assertOneLineError(self.vld("verify", "--threads", "100000", "data.bin"), 2)
        self.assertOneLineError(self.vld("verify", "--threads", "x", "data.bin"), 2)

    def test_budget_is_honoured_and_explained(self):
        self.flip(3 * CHUNK + 5)
        # A megabyte fits a second at any plausible speed: the tuner keeps
        # the depth asked for and says so.
        j = self.verify_json("--budget-ms", "1000", "data.bin", status=1)
        self.assertEqual(j["bad_ranges"], [[3 * CHUNK, CHUNK]])
        t = j["tuning"]
        self.assertEqual(t["depth"], "full")
        self.assertEqual(t["budget_ms"], 1000)
        self.assertIn("fits", t["reasons"])
        self.assertIn("capped", t["reasons"])
        self.assertGreater(t["actual_ms"], 0)
        r = self.vld("verify", "--budget-ms", "1000", "--depth", "deep", "data.bin")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(b"tuned for a 1000 ms budget: deep", r.stdout)
        j = self.verify_json("data.bin", status=1)
        self.assertNotIn("tuning", j)
        for bad in ("0", "x", "-5"):
            with self.subTest(budget=bad):
                self.assertOneLineError(self.vld("verify", "--budget-ms", bad, "data.bin"), 2)

    def test_metrics_lines_on_stderr(self):
        r = self.vld("verify", "--json", "--metrics", "data.bin")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.json_of(r)["verdict"], "ok")
        lines = [json.loads(l) for l in r.stderr.decode().splitlines() if l.startswith("{")]
        done = [l for l in lines if l["metrics"] == "done"]
        self.assertEqual(len(done), 1, r.stderr)
        self.assertEqual(done[0]["bytes_hashed"], LENGTH)
        self.assertEqual(done[0]["chunks_ok"], NCHUNKS)
        r = self.vld("verify", "--metrics", "data.bin")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"vld: metrics done:", r.stderr)
        self.assertOneLineError(self.vld("verify", "--metrics-interval", "x", "data.bin"), 2)

    def test_usage_errors(self):
        for args in (["--depth", "medium", "data.bin"], ["--sample", "0", "data.bin"],
                     ["--sample", "2", "data.bin"], ["--sample", "4/4", "data.bin"],
                     ["--sample", "x", "data.bin"], ["--depth", "full", "--sample", "0.5", "data.bin"],
                     ["--seed", "-1", "data.bin"], [], ["a", "b", "c"], ["--bogus", "data.bin"],
                     ["data.bin", "--depth"]):
            with self.subTest(args=args):
                self.assertOneLineError(self.vld("verify", *args), 2)

    def test_unreadable_input(self):
        r = self.vld("verify", "nope.bin", "data.bin.vldm")
        self.assertOneLineError(r, 2)
        self.assertEqual(r.stderr, b"vld: nope.bin: No such file or directory\n")
        r = self.vld("verify", "data.bin", "nope.vldm")
        self.assertEqual(r.stderr, b"vld: nope.vldm: No such file or directory\n")
        r = self.vld("verify", "nope.bin")  # the data is named, not nope.bin.vldm
        self.assertEqual(r.stderr, b"vld: nope.bin: No such file or directory\n")
        os.unlink(self.path("data.bin.vldm"))
        self.assertOneLineError(self.vld("verify", "data.bin"), 2, "data.bin.vldm")

    def test_damaged_manifest(self):
        m = bytearray(self.read("data.bin.vldm"))
        cases = {
            "flipped": m[:len(m) // 2] + bytes([m[len(m) // 2] ^ 1]) + m[len(m) // 2 + 1:],
            "truncated": m[:len(m) - 7],
            "trailing": m + b"x",
            "not a manifest": b"hello, world\n" * 10,
            "empty": b"",
        }
        for what, content in cases.items():
            with self.subTest(what=what):
                self.write("bad.vldm", bytes(content))
                r = self.vld("verify", "data.bin", "bad.vldm")
                self.assertOneLineError(r, 2, "vld: bad.vldm: ")
                self.assertEqual(r.stdout, b"")
                self.assertOneLineError(self.vld("inspect", "bad.vldm"), 2, "vld: bad.vldm: ")
        self.write("bad.vldm", cases["truncated"])
        self.assertIn(b"truncated", self.vld("verify", "data.bin", "bad.vldm").stderr)

    def test_json_is_one_object(self):
        r = self.vld("verify", "--json", "data.bin")
        self.assertEqual(r.stdout.count(b"\n"), 1)
        j = self.json_of(r)
        self.assertIsInstance(j["elapsed_ms"], int)

    def test_odd_file_name_in_json(self):
        name = "we\"ird\n\\name\x01.bin"
        os.rename(self.path("data.bin"), self.path(name))
        j = self.verify_json(name, "data.bin.vldm", status=0)
        self.assertEqual(j["file"], name)


class LargeFileTest(VldTestCase):
    """Offsets past 4 GiB survive (sparse file: no disk space needed)."""

    def test_past_4gib(self):
        size = (4 << 30) + 3 * 4096 + 17
        path = self.path("big.bin")
        with open(path, "wb") as f:
            f.truncate(size)
        r = self.vld("manifest", "-q", "-c", "1M", "big.bin")
        self.assertEqual(r.returncode, 0, r.stderr)
        info = self.json_of(self.vld("inspect", "--json", "big.bin.vldm"))
        self.assertEqual(info["length"], size)
        self.assertEqual(info["chunk_count"], (size + (1 << 20) - 1) >> 20)
        self.assertEqual(self.vld("verify", "--depth", "shallow", "big.bin").returncode, 0)
        with open(path, "r+b") as f:
            f.seek((4 << 30) + 5)
            f.write(b"\x01")
        j = self.json_of(self.vld("verify", "--json", "big.bin"))
        self.assertEqual(j["bad_ranges"], [[4 << 30, size - (4 << 30)]])  # the last chunk
        with open(path, "r+b") as f:
            f.seek((4 << 30) - 7)
            f.write(b"\x01")
        j = self.json_of(self.vld("verify", "--json", "big.bin"))
        self.assertEqual(j["bad_ranges"], [[(4 << 30) - (1 << 20), (1 << 20) + size - (4 << 30)]])
        self.assertEqual(j["bytes_total"], size)
        # whole-file sums agree with xxhsum past 4 GiB too
        v = self.vld("sum", "-a", "xxh3", "big.bin")
        x = self.xxhsum("-H3", "big.bin")
        self.assertSameRun(v, x, stderr=False)  # xxhsum adds a "\\r...\\r" to stderr


if __name__ == "__main__":
    vldtest.main()
