"""`vld sum` prints what xxhsum 0.8.1 prints, byte for byte."""
import os

import vldtest
from vldtest import VldTestCase

ALGO_FLAGS = ["-H0", "-H1", "-H2", "-H3", "-H32", "-H64", "-H128"]
ALGO_NAMES = {"xxh32": "-H0", "xxh64": "-H1", "xxh128": "-H2", "xxh3": "-H3"}


class SumTest(VldTestCase):
    def assertSameSum(self, v, x):
        """Same stdout and status. xxhsum 0.8.1 also writes a line-clearing
        "\\r<70 spaces>\\r" to stderr after a list of files: not copied."""
        self.assertSameRun(v, x, stderr=False)
        if v.returncode == 0:
            self.assertEqual(v.stderr, b"")

    def setUp(self):
        super().setUp()
        self.names = []
        contents = {
            "a.txt": b"hello\n",
            "empty": b"",
            "sp ace": b"x",
            "back\\slash": b"yy",
            "new\nline": b"zzz",
            "tab\tname": b"t" * 17,
            "\u00e9t\u00e9.bin": bytes(range(256)) * 3,
            "-dash": b"dash",
            # crosses the reader's buffer sizes and XXH3's internal blocks
            "big.bin": os.urandom(5 * 1024 * 1024 + 3),
            "mid.bin": os.urandom(241),
        }
        for name, data in contents.items():
            self.write(name, data)
            self.names.append(name)

    def test_every_algorithm_and_style_matches_xxhsum(self):
        for flag in ALGO_FLAGS:
            for style in ([], ["--tag"]):
                with self.subTest(flag=flag, style=style):
                    args = [flag] + style + ["--"] + self.names
                    self.assertSameSum(self.vld("sum", *args), self.xxhsum(*args))

    def test_little_endian_matches_xxhsum(self):
        for flag in ALGO_FLAGS[:4]:
            for style in ([], ["--tag"]):
                with self.subTest(flag=flag, style=style):
                    args = [flag, "--little-endian"] + style + ["a.txt", "big.bin"]
                    self.assertSameSum(self.vld("sum", *args), self.xxhsum(*args))

    def test_algorithm_names(self):
        for name, flag in ALGO_NAMES.items():
            with self.subTest(name=name):
                v = self.vld("sum", "-a", name, "a.txt", "sp ace")
                x = self.xxhsum(flag, "a.txt", "sp ace")
                self.assertSameSum(v, x)
                v = self.vld("sum", "--algorithm=" + name, "--tag", "a.txt")
                x = self.xxhsum(flag, "--tag", "a.txt")
                self.assertSameSum(v, x)

    def test_default_algorithm_is_xxhsums(self):
        self.assertSameSum(self.vld("sum", "a.txt", "big.bin"), self.xxhsum("a.txt", "big.bin"))

    def test_xxh3_is_always_bsd_style(self):
        r = self.vld("sum", "-a", "xxh3", "a.txt")
        self.assertEqual(r.stdout, b"XXH3 (a.txt) = 99fc819aaba2462a\n")

    def test_known_values(self):
        # digests of "hello\n", as printed by xxhsum 0.8.1
        expect = {
            "xxh32": b"946b5bf9  a.txt\n",
            "xxh64": b"e4c191d091bd8853  a.txt\n",
            "xxh128": b"6bba86c7e069f56d5a10b435f1c8e49c  a.txt\n",
        }
        for name, line in expect.items():
            self.assertEqual(self.vld("sum", "-a", name, "a.txt").stdout, line)

    def test_stdin(self):
        data = b"some standard input\n" * 1000
        for flag in ALGO_FLAGS[:4]:
            for style in ([], ["--tag"]):
                with self.subTest(flag=flag, style=style):
                    self.assertSameSum(self.vld("sum", flag, *style, stdin=data),
                                       self.xxhsum(flag, *style, stdin=data))
                    self.assertSameSum(self.vld("sum", flag, *style, "-", stdin=data),
                                       self.xxhsum(flag, *style, "-", stdin=data))
        r = self.vld("sum", stdin=b"hello\n")
        self.assertEqual(r.stdout, b"e4c191d091bd8853  stdin\n")

    def test_dash_among_files_is_stdin(self):
        # xxhsum 0.8.1 tries to open a file named "-" here; vld reads stdin
        r = self.vld("sum", "a.txt", "-", stdin=b"hello\n")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, b"e4c191d091bd8853  a.txt\ne4c191d091bd8853  stdin\n")

    def test_missing_file(self):
        v = self.vld("sum", "a.txt", "no-such-file", "empty")
        x = self.xxhsum("a.txt", "no-such-file", "empty")
        self.assertSameRun(v, x, stderr=False)
        self.assertEqual(v.returncode, 1)
        self.assertEqual(v.stderr, b"vld: no-such-file: No such file or directory\n")

    def test_directory(self):
        os.mkdir(self.path("d"))
        v = self.vld("sum", "d", "a.txt")
        x = self.xxhsum("d", "a.txt")
        self.assertSameRun(v, x, stderr=False)
        self.assertEqual(v.stderr, b"vld: d: Is a directory\n")

    def test_xxhsum_checks_what_vld_writes(self):
        names = [n for n in self.names if "\n" not in n]  # 0.8.1 cannot escape
        for flag in ALGO_FLAGS[:4]:
            for style in ([], ["--tag"]):
                with self.subTest(flag=flag, style=style):
                    r = self.vld("sum", flag, *style, "--", *names)
                    self.assertEqual(r.returncode, 0)
                    self.write("SUMS", r.stdout)
                    x = self.xxhsum("-c", "SUMS")
                    self.assertEqual(x.returncode, 0, x.stdout + x.stderr)
                    self.assertEqual(x.stdout.count(b": OK\n"), len(names))
                    self.assertEqual(x.stderr, b"")

    def test_usage_errors(self):
        for args in (["-a", "md5", "a.txt"], ["-H7", "a.txt"], ["--bogus"], ["-a"]):
            with self.subTest(args=args):
                self.assertOneLineError(self.vld("sum", *args), 2)


if __name__ == "__main__":
    vldtest.main()
