"""Manifests cross between the `vld` tool and Python, both ways (issue 6)."""
import json
import os
import subprocess
import tempfile
import unittest

import libvalidate as lv

VLD = os.environ.get("VLD_CLI")


@unittest.skipUnless(VLD, "VLD_CLI not set: run through meson test")
class CliRoundTrip(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.data_path = os.path.join(self.dir.name, "data.bin")
        self.data = bytes((i * 131 + (i >> 10)) & 0xFF for i in range(300_000))
        with open(self.data_path, "wb") as f:
            f.write(self.data)

    def tearDown(self):
        self.dir.cleanup()

    def vld(self, *args):
        return subprocess.run([VLD, *args], capture_output=True, check=False)

    def damage(self, offset):
        with open(self.data_path, "r+b") as f:
            f.seek(offset)
            f.write(bytes([self.data[offset] ^ 0xFF]))

    def test_a_vld_manifest_verifies_in_python(self):
        r = self.vld("manifest", "-q", "-c", "64K", "-a", "xxh128", self.data_path)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.data_path + ".vldm", "rb") as f:
            blob = f.read()
        with lv.Context() as ctx:
            m = ctx.load(blob)
            self.assertEqual(bytes(m), blob)  # byte for byte, both ways
            self.assertEqual(ctx.verify_file(m, self.data_path).verdict, lv.Verdict.OK)
            self.damage(200_000)
            report = ctx.verify_file(m, self.data_path)
            self.assertEqual(report.verdict, lv.Verdict.CORRUPT)
            self.assertEqual([(g.offset, g.length) for g in report.ranges], [(196_608, 65_536)])

    def test_a_python_manifest_verifies_with_vld(self):
        with lv.Context(chunk_size=65536) as ctx:
            blob = bytes(ctx.build(self.data))
        path = os.path.join(self.dir.name, "py.vldm")
        with open(path, "wb") as f:
            f.write(blob)
        r = self.vld("manifest", "-q", "-c", "64K", "-o", "-", self.data_path)
        self.assertEqual(r.stdout, blob)  # the tool writes the same bytes
        self.assertEqual(self.vld("verify", "-q", self.data_path, path).returncode, 0)
        self.damage(5)
        r = self.vld("verify", "--json", self.data_path, path)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(json.loads(r.stdout)["bad_ranges"], [[0, 65536]])


if __name__ == "__main__":
    unittest.main()
