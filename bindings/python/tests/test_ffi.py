"""_ffi.py declares every function of the public header, and nothing else."""
import os
import re
import unittest

from libvalidate import _ffi

HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "include",
                      "libvalidate.h")


@unittest.skipUnless(os.path.exists(HEADER), "no source tree (installed binding)")
class DeclarationsTest(unittest.TestCase):
    def test_every_header_function_is_declared(self):
        with open(HEADER) as f:
            text = f.read()
        declared = set(re.findall(r"^VLD_API\b[^(;]*?\b(vld_\w+)\s*\(", text, re.M))
        self.assertGreater(len(declared), 50)
        self.assertEqual(declared, set(_ffi._DECLS))


if __name__ == "__main__":
    unittest.main()
