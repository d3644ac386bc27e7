"""Every shared vector, byte for byte (tests/vectors/manifests.json)."""
import io
import unittest

import libvalidate as lv

from .support import load_vectors, pattern

HASHES = {"xxh3": lv.Hash.XXH3_64, "xxh128": lv.Hash.XXH3_128}


class VectorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = load_vectors()
        cls.data = {}

    def input_of(self, v):
        key = (v["length"], v["seed"])
        if key not in self.data:
            self.data[key] = pattern(*key)
        return self.data[key]

    def test_file_is_complete(self):
        self.assertIn("_comment", self.doc)
        self.assertGreaterEqual(len(self.doc["vectors"]), 22)

    def test_build_serialize_load(self):
        for v in self.doc["vectors"]:
            with self.subTest(v["name"]):
                data = self.input_of(v)
                expected = bytes.fromhex(v["manifest_hex"])
                with lv.Context(chunk_size=v["chunk_size"], hash=HASHES[v["hash"]]) as ctx:
                    m = ctx.build(data)
                    self.assertEqual(bytes(m), expected)
                    self.assertEqual(m.digest.hex(), v["digest_hex"])
                    self.assertEqual(m.chunk_size, v["effective_chunk_size"])
                    self.assertEqual(m.chunk_count, v["chunk_count"])
                    self.assertEqual(lv.digest(data), bytes.fromhex(v["digest_hex"]))
                    loaded = ctx.load(expected)
                    self.assertEqual(bytes(loaded), expected)
                    self.assertTrue(ctx.verify(loaded, data).ok)

    def test_streamed_builder_matches(self):
        for v in self.doc["vectors"]:
            if v["length"] > 4 << 20:
                continue
            with self.subTest(v["name"]):
                data = self.input_of(v)
                with lv.Context(chunk_size=v["chunk_size"], hash=HASHES[v["hash"]]) as ctx:
                    m = ctx.build_from(io.BytesIO(data), piece_size=4093,
                                       expected_length=len(data))
                    self.assertEqual(m.to_bytes().hex(), v["manifest_hex"])


if __name__ == "__main__":
    unittest.main()
