"""Dispatch, --help everywhere, usage errors (exit 2, one line), `vld inspect`."""
import os
import pty
import select
import subprocess
import time

import vldtest
from vldtest import VldTestCase

COMMANDS = ["sum", "check", "manifest", "verify", "inspect"]


class UsageTest(VldTestCase):
    def test_help_for_every_command(self):
        for cmd in COMMANDS:
            with self.subTest(cmd=cmd):
                for form in ([cmd, "--help"], [cmd, "-h"], ["help", cmd]):
                    r = self.vld(*form)
                    self.assertEqual(r.returncode, 0, form)
                    self.assertTrue(r.stdout.startswith(b"Usage: vld " + cmd.encode()), r.stdout)
                    self.assertEqual(r.stderr, b"")
        r = self.vld("--help")
        self.assertEqual(r.returncode, 0)
        for cmd in COMMANDS:
            self.assertIn(cmd.encode(), r.stdout)

    def test_version(self):
        r = self.vld("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout.decode(), r"^vld \S+ \(libvalidate \d+\.\d+\.\d+\)\n$")

    def test_usage_errors(self):
        for args in ([], ["frobnicate"], ["help", "frobnicate"], ["inspect"],
                     ["inspect", "a", "b"], ["inspect", "--bogus", "x"], ["verify", "-j"]):
            with self.subTest(args=args):
                r = self.vld(*args)
                self.assertOneLineError(r, 2)
                self.assertEqual(r.stdout, b"")


class InspectTest(VldTestCase):
    def setUp(self):
        super().setUp()
        self.write("d.bin", os.urandom(10000))
        self.assertEqual(self.vld("manifest", "-q", "-c", "4K", "d.bin").returncode, 0)

    def test_json(self):
        j = self.json_of(self.vld("inspect", "--json", "d.bin.vldm"))
        self.assertEqual(j["manifest"], "d.bin.vldm")
        self.assertEqual((j["length"], j["chunk_size"], j["chunk_count"]), (10000, 4096, 3))
        self.assertEqual(j["algorithm"], "xxh3")
        self.assertEqual(j["digest_algorithm"], "xxh128")
        self.assertRegex(j["digest"], r"^[0-9a-f]{32}$")
        self.assertIsInstance(j["format_version"], int)
        # the whole-object digest is the XXH128 of the data, as vld sum prints it
        line = self.vld("sum", "-a", "xxh128", "d.bin").stdout.decode()
        self.assertEqual(line.split()[0], j["digest"])

    def test_text_and_chunks(self):
        r = self.vld("inspect", "--chunks", "d.bin.vldm")
        self.assertEqual(r.returncode, 0)
        text = r.stdout.decode()
        for field in ("format version:", "chunk hash:     xxh3", "length:         10000 bytes",
                      "chunk size:     4096 bytes", "chunks:         3", "digest:         xxh128 "):
            self.assertIn(field, text)
        self.assertIn("chunk 2: 8192+1808 ", text)
        j = self.json_of(self.vld("inspect", "--json", "--chunks", "d.bin.vldm"))
        self.assertEqual([c[:2] for c in j["chunks"]], [[0, 4096], [4096, 4096], [8192, 1808]])

    def test_stdin(self):
        with open(self.path("d.bin.vldm"), "rb") as f:
            r = self.vld("inspect", "--json", "-", stdin=f)
        self.assertEqual(self.json_of(r)["manifest"], "stdin")

    def test_unreadable(self):
        r = self.vld("inspect", "nope.vldm")
        self.assertEqual(r.stderr, b"vld: nope.vldm: No such file or directory\n")
        self.assertEqual(r.returncode, 2)


class ProgressTest(VldTestCase):
    """A bar on stderr only when it is a terminal and the work lasts; never on stdout."""

    def run_on_pty(self, *args):
        master, slave = os.openpty()
        p = subprocess.Popen([vldtest.VLD, *args], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        chunk = b"\x5a" * (4 << 20)
        p.stdin.write(chunk)
        p.stdin.flush()
        time.sleep(1.3)  # longer than the bar's delay
        for _ in range(3):
            p.stdin.write(chunk)
            p.stdin.flush()
            time.sleep(0.3)
        p.stdin.close()
        out = p.stdout.read()
        p.stdout.close()
        p.wait(60)
        err = b""
        while select.select([master], [], [], 0.2)[0]:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            err += data
        os.close(master)
        return p.returncode, out, err

    def test_bar_on_a_terminal(self):
        rc, out, err = self.run_on_pty("sum", "-")
        self.assertEqual(rc, 0)
        self.assertRegex(out, rb"^[0-9a-f]{16}  stdin\n$")
        self.assertIn(b"stdin", err)
        self.assertIn(b"MiB", err)
        self.assertTrue(err.endswith(b"\r\x1b[K"), err[-40:])  # erased at the end

    def test_silenced(self):
        for flag in ("--no-progress", "--quiet"):
            with self.subTest(flag=flag):
                rc, out, err = self.run_on_pty("sum", flag, "-")
                self.assertEqual((rc, err), (0, b""))


if __name__ == "__main__":
    vldtest.main()
