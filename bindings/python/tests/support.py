"""Test data shared with the C, Go and WebAssembly tests (tests/vectors/)."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.environ.get("VLD_TEST_VECTORS") or os.path.join(
    HERE, "..", "..", "..", "tests", "vectors", "manifests.json")

_K = 2654435761
_ROW = 1 << 16
_rows = {}
_lanes = None
_shift = [bytes((v + h) & 0xFF for v in range(256)) for h in range(256)]


def _row(low):
    """Row for a block constant whose low byte is ``low`` (see pattern())."""
    global _lanes
    if _lanes is None:
        high = b"".join((((b * _K) & 0xFFFFFFFF) >> 16).to_bytes(3, "little")
                        for b in range(_ROW))
        _lanes = (int.from_bytes(high, "little"), int.from_bytes(b"\1\0\0" * _ROW, "little"))
    if low not in _rows:
        base, ones = _lanes
        _rows[low] = (base + low * ones).to_bytes(3 * _ROW + 1, "little")[1:3 * _ROW:3]
    return _rows[low]


def pattern(length, seed=0):
    """byte i = (((i + seed) * 2654435761) mod 2^32) >> 24 (see the vectors' _comment).

    A byte loop over 256 MiB is too slow in pure Python. With j = i + seed
    = 65536*a + b, the byte is ((A + B[b]) mod 65536) >> 8 where
    A = a*K mod 65536 and B[b] = (b*K mod 2^32) >> 16. Splitting A into
    high and low bytes, a block is a row that depends only on A's low byte
    (256 possible rows, each made by one big-integer addition over 3-byte
    lanes) translated by A's high byte with bytes.translate().
    """
    out = bytearray()
    end = length + seed
    for a in range(seed // _ROW, (end + _ROW - 1) // _ROW):
        big = (a * _K) & 0xFFFF
        out += _row(big & 0xFF).translate(_shift[big >> 8])
    first = seed - (seed // _ROW) * _ROW
    return bytes(out[first:first + length])


def load_vectors():
    with open(VECTORS) as f:
        doc = json.load(f)
    return doc


def slow_pattern(length, seed=0):
    return bytes((((i + seed) * _K) & 0xFFFFFFFF) >> 24 for i in range(length))
