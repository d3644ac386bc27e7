"""Enumerations mirroring include/libvalidate.h (values are the ABI)."""
import enum


class Status(enum.IntEnum):
    """Every ``vld_status``; a test checks each name against vld_status_name()."""
    OK = 0
    E_INVALID_ARGUMENT = -1
    E_UNKNOWN_PARAM = -2
    E_OUT_OF_RANGE = -3
    E_NOMEM = -4
    E_STRUCT_SIZE = -5
    E_BUFFER_TOO_SMALL = -6
    E_STATE = -7
    E_INDEX = -8
    E_UNSUPPORTED = -9
    E_MANIFEST_TRUNCATED = -20
    E_MANIFEST_MAGIC = -21
    E_MANIFEST_VERSION = -22
    E_MANIFEST_FLAGS = -23
    E_MANIFEST_CHECKSUM = -24
    E_MANIFEST_INVALID = -25
    E_MANIFEST_TRAILING = -26
    E_MISMATCH = -27
    E_IO = -40
    E_FILE_CHANGED = -41
    E_CANCELLED = -60
    E_CALLBACK_ABORT = -61
    E_THREAD = -62
    E_INTERNAL = -99


class Depth(enum.IntEnum):
    SHALLOW = 1
    SAMPLED = 2
    FULL = 3
    DEEP = 4


class Hash(enum.IntEnum):
    XXH3_64 = 1
    XXH3_128 = 2
    XXH32 = 3
    XXH64 = 4


class Param(enum.IntEnum):
    DEPTH = 100
    CHUNK_SIZE = 101
    HASH = 102
    SAMPLE_RATE_PPM = 200
    SAMPLE_SEED = 201
    SAMPLE_GROUP = 202
    SAMPLE_GROUPS = 203
    MAX_RANGES = 300
    THREADS = 400
    REREAD = 500
    METRICS_INTERVAL_MS = 600
    LATENCY_WINDOW = 601
    SCALE_CPU_PCT = 700
    SCALE_LATENCY_MS = 701
    SCALE_IN_PCT = 702
    SCALE_SUSTAIN = 703
    SCALE_IN_SUSTAIN = 704
    SCALE_COOLDOWN = 705
    REGRESSION_PCT = 706
    BUDGET_MS = 800
    MIN_DEPTH = 801
    MIN_SAMPLE_PPM = 802
    CALIBRATED_BPS = 803
    ROTATE = 804


class Verdict(enum.IntEnum):
    OK = 0
    CORRUPT = 1
    LENGTH_MISMATCH = 2


class ChunkState(enum.IntEnum):
    UNCHECKED = 0
    OK = 1
    DAMAGED = 2
    MISSING = 3


class RangeFlag(enum.IntFlag):
    NONE = 0
    MISSING = 0x1
    EXTRA = 0x2
    HOST = 0x4
    TRANSIENT = 0x8


class Event(enum.IntFlag):
    """Scaling policy events (``VLD_EVENT_*``, bits of :attr:`Metrics.events`)."""
    NONE = 0
    SCALE_OUT = 0x1
    SCALE_OUT_EDGE = 0x2
    SCALE_IN = 0x4
    ALERT = 0x8


class Alert(enum.IntFlag):
    """Alert reasons (``VLD_ALERT_*``, bits of :attr:`Metrics.alerts`)."""
    NONE = 0
    BUDGET = 0x1
    REGRESSION = 0x2


class MetricsReason(enum.IntEnum):
    """Why a snapshot was taken (``vld_metrics_reason``)."""
    INTERVAL = 1
    DONE = 2
    PULL = 3


class TuneReason(enum.IntFlag):
    """Why the auto-tuner chose what it chose (``VLD_TUNE_*``)."""
    NONE = 0
    FITS = 0x1
    CAPPED = 0x2
    FLOOR = 0x4
    ROTATED = 0x8


LENGTH_UNKNOWN = (1 << 64) - 1
CHUNKS_ALL = (1 << 64) - 1
