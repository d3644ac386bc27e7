"""Shared helpers for the vld command-line tests (python3 standard library only).

Every test script takes the path of the built `vld` as its first argument
(or in the VLD environment variable). Comparison tests need `xxhsum` 0.8.x
on PATH (Debian package `xxhash`); without it they fail, never skip.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

VLD = None


def _take_vld_path():
    global VLD
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        VLD = os.path.abspath(sys.argv.pop(1))
    else:
        VLD = os.environ.get("VLD")
    if not VLD or not os.access(VLD, os.X_OK):
        sys.exit("usage: %s PATH-TO-vld [unittest args] (or set VLD)" % sys.argv[0])


def run(args, stdin=b"", cwd=None, prog=None):
    """Run vld (or prog) with args; stdin is bytes or an open file."""
    cmd = [prog or VLD] + list(args)
    kw = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=600, **kw)


def xxhsum_path():
    path = shutil.which("xxhsum")
    if not path:
        raise AssertionError("xxhsum is not installed: the comparison tests need it "
                             "(Debian/Ubuntu: apt-get install xxhash)")
    return path


def xxhsum(args, stdin=b"", cwd=None):
    return run(args, stdin=stdin, cwd=cwd, prog=xxhsum_path())


class VldTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="vld-test-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    def vld(self, *args, stdin=b""):
        return run(args, stdin=stdin, cwd=self.dir)

    def xxhsum(self, *args, stdin=b""):
        return xxhsum(args, stdin=stdin, cwd=self.dir)

    def assertOneLineError(self, r, status=2, contains=None):
        """Failed with `status` and exactly one line on stderr."""
        err = r.stderr.decode("utf-8", "replace")
        self.assertEqual(r.returncode, status, "stderr: %r" % err)
        self.assertEqual(err.count("\n"), 1, "want one line on stderr, got %r" % err)
        self.assertTrue(err.endswith("\n"))
        if contains:
            self.assertIn(contains, err)

    def assertSameRun(self, a, b, stderr=True):
        """Two runs (vld, xxhsum) gave the same stdout, exit status (and stderr)."""
        self.assertEqual(a.stdout, b.stdout)
        if stderr:
            self.assertEqual(a.stderr, b.stderr)
        self.assertEqual(a.returncode, b.returncode,
                         "stderr: %r vs %r" % (a.stderr, b.stderr))

    def json_of(self, r):
        try:
            return json.loads(r.stdout.decode("utf-8"))
        except ValueError as e:
            raise AssertionError("not JSON (%s): %r" % (e, r.stdout))


def main():
    _take_vld_path()
    unittest.main(verbosity=2)
