"""`vld manifest`: never clobbers without --force, writes atomically, leaves no temp."""
import os
import stat

import vldtest
from vldtest import VldTestCase


class ManifestTest(VldTestCase):
    def setUp(self):
        super().setUp()
        self.data = os.urandom(300000)
        self.write("data.bin", self.data)

    def listing(self):
        return sorted(os.listdir(self.dir))

    def test_writes_next_to_the_file(self):
        r = self.vld("manifest", "-c", "64K", "data.bin")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, b"")
        self.assertEqual(self.listing(), ["data.bin", "data.bin.vldm"])
        self.assertIn(b"data.bin.vldm", r.stdout)
        info = self.json_of(self.vld("inspect", "--json", "data.bin.vldm"))
        self.assertEqual(info["length"], len(self.data))
        self.assertEqual(info["chunk_size"], 65536)
        self.assertEqual(info["chunk_count"], 5)
        self.assertEqual(info["algorithm"], "xxh3")

    def test_quiet_prints_nothing(self):
        r = self.vld("manifest", "-q", "data.bin")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, b"", b""))

    def test_refuses_to_overwrite(self):
        self.assertEqual(self.vld("manifest", "data.bin").returncode, 0)
        before = self.read("data.bin.vldm")
        self.write("data.bin", b"changed")
        r = self.vld("manifest", "data.bin")
        self.assertOneLineError(r, 2, "data.bin.vldm: File exists")
        self.assertIn(b"--force", r.stderr)
        self.assertEqual(self.read("data.bin.vldm"), before)
        self.assertEqual(self.listing(), ["data.bin", "data.bin.vldm"])

    def test_force_replaces(self):
        self.assertEqual(self.vld("manifest", "data.bin").returncode, 0)
        before = self.read("data.bin.vldm")
        self.write("data.bin", b"changed")
        r = self.vld("manifest", "--force", "data.bin")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotEqual(self.read("data.bin.vldm"), before)
        self.assertEqual(self.listing(), ["data.bin", "data.bin.vldm"])
        self.assertEqual(self.vld("verify", "data.bin").returncode, 0)

    def test_mode_follows_umask(self):
        self.assertEqual(self.vld("manifest", "data.bin").returncode, 0)
        mode = stat.S_IMODE(os.stat(self.path("data.bin.vldm")).st_mode)
        umask = os.umask(0)
        os.umask(umask)
        self.assertEqual(mode, 0o666 & ~umask)

    def test_output_option_and_stdout(self):
        self.assertEqual(self.vld("manifest", "-c", "4K", "-o", "m.vldm", "data.bin").returncode, 0)
        r = self.vld("manifest", "-c", "4K", "-o", "-", "data.bin")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, self.read("m.vldm"))

    def test_stdin_matches_file(self):
        self.assertEqual(self.vld("manifest", "-c", "16K", "-o", "f.vldm", "data.bin").returncode, 0)
        with open(self.path("data.bin"), "rb") as f:
            r = self.vld("manifest", "-c", "16K", "-o", "s.vldm", "-", stdin=f)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.read("s.vldm"), self.read("f.vldm"))
        self.assertOneLineError(self.vld("manifest", "-"), 2, "-o")

    def test_xxh128_chunks(self):
        self.assertEqual(self.vld("manifest", "-a", "xxh128", "data.bin").returncode, 0)
        info = self.json_of(self.vld("inspect", "--json", "data.bin.vldm"))
        self.assertEqual(info["algorithm"], "xxh128")

    def test_bad_arguments(self):
        for args in (["-c", "3000", "data.bin"], ["-c", "12Q", "data.bin"],
                     ["-a", "xxh32", "data.bin"], [], ["data.bin", "data.bin"],
                     ["--bogus", "data.bin"], ["-o"]):
            with self.subTest(args=args):
                self.assertOneLineError(self.vld("manifest", *args), 2)
        self.assertEqual(self.listing(), ["data.bin"])

    def test_unreadable_input(self):
        r = self.vld("manifest", "nope.bin")
        self.assertEqual(r.stderr, b"vld: nope.bin: No such file or directory\n")
        self.assertOneLineError(r, 2)
        os.mkdir(self.path("dir"))
        self.assertOneLineError(self.vld("manifest", "dir"), 2, "Is a directory")
        self.assertEqual(self.listing(), ["data.bin", "dir"])

    def test_never_over_its_own_input(self):
        r = self.vld("manifest", "--force", "-o", "data.bin", "data.bin")
        self.assertOneLineError(r, 2)
        self.assertEqual(self.read("data.bin"), self.data)

    def test_unwritable_directory_leaves_nothing(self):
        if os.geteuid() == 0:
            out_dir = self.path("missing-dir")  # root ignores permissions
        else:
            out_dir = self.path("ro")
            os.mkdir(out_dir)
            os.chmod(out_dir, 0o555)
            self.addCleanup(os.chmod, out_dir, 0o755)
        r = self.vld("manifest", "-o", os.path.join(out_dir, "m.vldm"), "data.bin")
        self.assertOneLineError(r, 2)
        if os.path.isdir(out_dir):
            self.assertEqual(os.listdir(out_dir), [])

    def test_no_temporary_files_left(self):
        for args in (["data.bin"], ["data.bin"], ["--force", "data.bin"],
                     ["-o", "x.vldm", "data.bin"], ["-c", "4K", "--force", "-o", "x.vldm", "data.bin"]):
            self.vld("manifest", *args)
        self.assertEqual(self.listing(), ["data.bin", "data.bin.vldm", "x.vldm"])

    def test_empty_file(self):
        self.write("empty", b"")
        self.assertEqual(self.vld("manifest", "empty").returncode, 0)
        info = self.json_of(self.vld("inspect", "--json", "empty.vldm"))
        self.assertEqual((info["length"], info["chunk_count"]), (0, 0))
        self.assertEqual(self.vld("verify", "empty").returncode, 0)


if __name__ == "__main__":
    vldtest.main()
