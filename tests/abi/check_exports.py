#!/usr/bin/env python3
"""The shared library exports exactly the functions the public header
declares with VLD_API, each matched by a global pattern of the version
script and bound to one of its version nodes.

usage: check_exports.py READELF LIBRARY HEADER VERSION_SCRIPT
"""
import fnmatch
import re
import subprocess
import sys


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def declared(header):
    text = strip_comments(open(header, encoding="utf-8").read())
    text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)  # drop the VLD_API definitions
    return set(re.findall(r"\bVLD_API\b[^;{}]*?\b(\w+)\s*\(", text))


def version_script(path):
    """{node: [global patterns]}"""
    text = re.sub(r"#[^\n]*", " ", strip_comments(open(path, encoding="utf-8").read()))
    nodes = {}
    for name, body in re.findall(r"([\w.]+)\s*\{(.*?)\}\s*[\w.]*\s*;", text, flags=re.S):
        patterns, scope = [], None
        for item in re.split(r"[;\s]+", body):
            if item.endswith(":"):
                scope = item[:-1]
            elif item and scope == "global":
                patterns.append(item)
        nodes[name] = patterns
    return nodes


def exported(readelf, lib):
    """{symbol: version} for every defined dynamic symbol (version nodes excluded)."""
    out = subprocess.run([readelf, "--dyn-syms", "-W", lib], check=True, capture_output=True,
                         text=True).stdout
    syms = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) < 8 or not f[0].rstrip(":").isdigit():
            continue
        typ, bind, ndx, name = f[3], f[4], f[6], f[7]
        if ndx == "UND" or bind == "LOCAL" or (ndx == "ABS" and typ == "OBJECT" and "@" not in name):
            continue
        sym, _, version = name.partition("@")
        if ndx == "ABS" and sym == version.lstrip("@"):
            continue  # the version node's own symbol
        syms[sym] = version.lstrip("@")
    return syms


def main():
    readelf, lib, header, script = sys.argv[1:5]
    decl, nodes, syms = declared(header), version_script(script), exported(readelf, lib)
    errors = []
    if not decl:
        errors.append(f"{header}: found no VLD_API declarations")
    for s in sorted(decl - set(syms)):
        errors.append(f"declared in the header but not exported: {s}")
    for s in sorted(set(syms) - decl):
        errors.append(f"exported but not declared with VLD_API in the header: {s}")
    for s, version in sorted(syms.items()):
        if not s.startswith("vld_"):
            errors.append(f"exported symbol outside the vld_ namespace: {s}")
        if version not in nodes:
            errors.append(f"{s}: version '{version}' is not a node of {script}")
        elif not any(fnmatch.fnmatchcase(s, p) for ps in nodes.values() for p in ps):
            errors.append(f"{s}: matches no global pattern of {script}")
    for e in errors:
        print(e, file=sys.stderr)
    print(f"{len(syms)} exported, {len(decl)} declared, version nodes: {', '.join(nodes)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
