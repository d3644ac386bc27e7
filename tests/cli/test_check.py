"""`vld check` and `vld sum -c` against `xxhsum -c`: same output, same status."""
import os

import vldtest
from vldtest import VldTestCase

FLAG_SETS = [
    [], ["--quiet"], ["-q"], ["--status"], ["--strict"], ["--warn"], ["-w"],
    ["--strict", "--warn"], ["--quiet", "--warn"], ["--status", "--strict"],
]


class CheckTest(VldTestCase):
    def setUp(self):
        super().setUp()
        self.files = {
            "a.txt": b"hello\n",
            "b.bin": os.urandom(100000),
            "c.bin": os.urandom(3),
            "empty": b"",
            "sp ace": b"space",
            "back\\slash": b"bs",
        }
        for name, data in self.files.items():
            self.write(name, data)

    def sums_of(self, *args):
        r = self.xxhsum(*args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def compare(self, sumfile_args, flag_sets=FLAG_SETS, stdin=b""):
        for flags in flag_sets:
            with self.subTest(flags=flags, files=sumfile_args):
                x = self.xxhsum("-c", *flags, *sumfile_args, stdin=stdin)
                self.assertSameRun(self.vld("check", *flags, *sumfile_args, stdin=stdin), x)
                self.assertSameRun(self.vld("sum", "-c", *flags, *sumfile_args, stdin=stdin), x)

    def test_all_good_every_algorithm(self):
        names = list(self.files)
        sums = b"".join(self.sums_of(h, *style, *names)
                        for h in ("-H0", "-H1", "-H2", "-H3") for style in ([], ["--tag"]))
        self.write("SUMS", sums)
        self.compare(["SUMS"])
        self.assertEqual(self.vld("check", "SUMS").returncode, 0)

    def test_corrupt_missing_malformed(self):
        names = list(self.files)
        sums = self.sums_of("-H1", *names) + self.sums_of("-H2", "--tag", *names)
        sums += self.sums_of("-H3", "a.txt", "b.bin") + self.sums_of("-H0", "c.bin")
        sums += (b"garbage line\n"
                 b"\n"
                 b"e4c191d091bd8853  missing.txt\n"
                 b"0000000000000000  a.txt\n"           # wrong digest
                 b"XXH3 (c.bin) = 0000000000000000\n"
                 b"e4c191d091bd8853 *a.txt\n"           # any second separator
                 b"E4C191D091BD8853  a.txt\n"           # upper-case hex
                 b"e4c191d091bd8853  a.txt\r\n"         # CR stays in the name
                 b"XXH64_LE (a.txt) = 5388bd91d091c1e4\n"
                 b"XXH999 (a.txt) = e4c191d091bd8853\n"  # unknown tag: length decides
                 b"XXH32 (a.txt) = e4c191d091bd8853\n"  # tag and length disagree
                 b"XXH3 (a.txt) = 946b5bf9\n"
                 b"e4c191d091bd885g  a.txt\n"
                 b" e4c191d091bd8853  a.txt\n"
                 b"e4c191d091bd8853 a.txt\n"            # one space: name is ".txt"
                 b"e4c191d091bd8853  \n"                # empty name
                 b"XXH64 (a.txt)= e4c191d091bd8853\n"
                 b"946b5bf9")                           # no newline at the end
        self.write("SUMS", sums)
        # damage one file, remove another, after the sums were taken
        with open(self.path("b.bin"), "r+b") as f:
            f.seek(5000)
            f.write(b"\xff" if self.files["b.bin"][5000] != 0xff else b"\x00")
        os.unlink(self.path("empty"))
        self.compare(["SUMS"])
        r = self.vld("check", "SUMS")
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"b.bin: FAILED\n", r.stdout)
        self.assertIn(b"Could not open or read 'empty': No such file or directory.\n", r.stdout)

    def test_one_bad_line_counts(self):
        self.write("ONE", self.sums_of("a.txt") + b"junk\n")
        self.compare(["ONE"])
        self.assertEqual(self.vld("check", "ONE").returncode, 0)
        self.assertEqual(self.vld("check", "--strict", "ONE").returncode, 1)

    def test_no_valid_line(self):
        self.write("BAD", b"nothing here\nat all\n")
        self.write("EMPTY", b"")
        self.compare(["BAD"])
        self.compare(["EMPTY"])
        r = self.vld("check", "BAD")
        self.assertEqual(r.stderr, b"BAD: no properly formatted xxHash checksum lines found\n")

    def test_several_sum_files(self):
        self.write("S1", self.sums_of("a.txt", "b.bin"))
        self.write("S2", b"0000000000000000  c.bin\n")
        self.write("S3", self.sums_of("-H2", "c.bin"))
        self.compare(["S1", "S2", "S3"])
        self.assertEqual(self.vld("check", "S1", "S3").returncode, 0)

    def test_sum_file_on_stdin(self):
        sums = self.sums_of("a.txt", "b.bin") + b"junk\n0000000000000000  c.bin\n"
        self.compare([], stdin=sums)
        self.compare(["-"], flag_sets=[[], ["--warn"]], stdin=sums)
        r = self.vld("check", "--warn", "-", stdin=sums)
        self.assertIn(b"stdin:3: Error: Improperly formatted checksum line.\n", r.stderr)

    def test_line_named_stdin_reads_stdin(self):
        self.write("S", b"e4c191d091bd8853  stdin\n")
        self.compare(["S"], flag_sets=[[]], stdin=b"hello\n")

    def test_line_too_long(self):
        self.write("L1", b"e4c191d091bd8853  " + b"a" * 40000 + b"\n")
        self.write("L2", self.sums_of("a.txt") + b"e4c191d091bd8853  " + b"a" * 40000 + b"\n"
                   + self.sums_of("c.bin"))
        limit = b"e4c191d091bd8853  a.txt".ljust(32767)
        self.write("L3", limit + b"\n")   # one byte too long
        self.write("L4", limit[:-1] + b"\n")
        self.write("L5", limit)           # at the end of the file: fits
        for name in ("L1", "L2", "L3", "L4", "L5"):
            self.compare([name], flag_sets=[[], ["--warn"]])

    def test_missing_sum_file(self):
        self.write("S1", self.sums_of("a.txt"))
        v = self.vld("check", "nope", "S1")
        x = self.xxhsum("-c", "nope", "S1")
        self.assertSameRun(v, x, stderr=False)
        self.assertEqual(v.stderr, b"vld: nope: No such file or directory\n")

    # ---- formats of newer xxhsum versions (0.8.1 cannot read them) ----

    def test_comments_are_skipped(self):
        self.write("S", b"# written by hand\n" + self.sums_of("a.txt") + b"#\n")
        r = self.vld("check", "--strict", "--warn", "S")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, b"a.txt: OK\n", b""))

    def test_xxh3_gnu_prefix(self):
        self.write("S", b"XXH3_99fc819aaba2462a  a.txt\nXXH3_0000000000000000  a.txt\n")
        r = self.vld("check", "S")
        self.assertEqual(r.stdout, b"a.txt: OK\na.txt: FAILED\n1 computed checksum did NOT match\n")
        self.assertEqual(r.returncode, 1)

    def test_escaped_names(self):
        self.write("new\nline", b"hello\n")
        self.write("S", b"\\e4c191d091bd8853  new\\nline\n"
                        b"\\XXH64 (back\\\\slash) = 9999999999999999\n"
                        b"\\e4c191d091bd8853  a.txt\n"
                        b"\\e4c191d091bd8853  bad\\escape\n")
        r = self.vld("check", "--warn", "S")
        self.assertEqual(r.stdout, b"\\new\\nline: OK\n\\back\\\\slash: FAILED\na.txt: OK\n"
                                   b"1 line is improperly formatted\n"
                                   b"1 computed checksum did NOT match\n")
        self.assertEqual(r.stderr, b"S:4: Error: Improperly formatted checksum line.\n")

    def test_ignore_missing(self):
        self.write("S", self.sums_of("a.txt") + b"e4c191d091bd8853  gone\n")
        r = self.vld("check", "--ignore-missing", "S")
        self.assertEqual((r.returncode, r.stdout), (0, b"a.txt: OK\n"))
        self.write("T", b"e4c191d091bd8853  gone\n")
        r = self.vld("check", "--ignore-missing", "T")
        self.assertEqual((r.returncode, r.stdout), (1, b"T: no file was verified\n"))
        r = self.vld("check", "S")
        self.assertEqual(r.returncode, 1)

    def test_directory_line_is_unreadable(self):
        # xxhsum 0.8.1 aborts the whole check here; vld reports the line
        os.mkdir(self.path("d"))
        self.write("S", b"e4c191d091bd8853  d\n" + self.sums_of("a.txt"))
        r = self.vld("check", "S")
        self.assertEqual(r.stdout, b"S:1: Could not open or read 'd': Is a directory.\n"
                                   b"a.txt: OK\n1 listed file could not be read\n")
        self.assertEqual(r.returncode, 1)

    def test_usage(self):
        self.assertOneLineError(self.vld("check", "--bogus", "S"), 2)
        r = self.vld("check", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.startswith(b"Usage: vld check"))


if __name__ == "__main__":
    vldtest.main()
