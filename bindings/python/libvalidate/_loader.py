"""Find and load the shared library.

Search order (the first hit wins):

1. ``LIBVALIDATE_LIBRARY``: an explicit path. If it is set but cannot be
   loaded, that is an error; we never fall back silently to another copy.
2. The source tree this package sits in: ``<repo>/build*/lib/libvalidate.so``
   relative to ``bindings/python/libvalidate/`` (``build`` first, then the
   others by name, skipping sanitizer builds), so a developer's checkout
   uses the library built next to it. The Meson test sets the variable.
3. The system: ``ctypes.util.find_library('validate')``.
"""
import ctypes
import ctypes.util
import glob
import json
import os

ENV_VAR = "LIBVALIDATE_LIBRARY"
_NAMES = ("libvalidate.so", "libvalidate.dylib")


def _sanitized(build_dir):
    """True for a Meson build with sanitizers: its library cannot be loaded
    into a plain python3 (the ASan runtime must come first)."""
    try:
        with open(os.path.join(build_dir, "meson-info", "intro-buildoptions.json")) as f:
            options = json.load(f)
    except (OSError, ValueError):
        return False
    return any(o.get("name") == "b_sanitize" and o.get("value") not in ("none", [], "")
               for o in options)


def _build_tree_candidates():
    """<repo>/build/lib first, then the other <repo>/build*/lib by name."""
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
    dirs = sorted(glob.glob(os.path.join(repo, "build*")),
                  key=lambda d: (os.path.basename(d) != "build", d))
    found = []
    for build_dir in dirs:
        for name in _NAMES:
            path = os.path.join(build_dir, "lib", name)
            # exists() also skips a dangling symlink of a build being redone
            if os.path.exists(path) and not _sanitized(build_dir):
                found.append(path)
    return found


def find_library():
    """Return the path (or soname) that :func:`load` would open."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return explicit
    tree = _build_tree_candidates()
    if tree:
        return tree[0]
    system = ctypes.util.find_library("validate")
    if system:
        return system
    raise OSError(
        "libvalidate shared library not found: set %s, build the source tree "
        "(meson setup build && ninja -C build), or install the library" % ENV_VAR)


def load():
    """Open the library. ``CDLL`` releases the GIL around every call."""
    path = find_library()
    try:
        return ctypes.CDLL(path)
    except OSError as exc:
        raise OSError("cannot load libvalidate from %r: %s" % (path, exc)) from exc
