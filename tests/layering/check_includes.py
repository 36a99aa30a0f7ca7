#!/usr/bin/env python3
"""The layering rule as a test: reads every quoted #include of the product (src/) and of
kubesim (kubesim/) and fails on an arrow that goes up or sideways, naming file and line.

The layers, lowest first: base < kube < knowledge < diagnose < report < agent < cli. A file
in one layer includes only its own layer and those below. kubesim, the fake API server of
the tests, uses base only, so that a parsing bug cannot hide on both sides of the wire; no
product file includes kubesim. Per-layer CMake libraries alone would not catch an upward
include (a header-only use links fine, and the executable links every layer): this is the
gate.

usage: check_includes.py REPO_ROOT
"""
import os
import re
import sys

LAYERS = ["base", "kube", "knowledge", "diagnose", "report", "agent", "cli"]
# Directories outside src/ with the layers each may use.
OTHERS = {"kubesim": {"base", "kubesim"}}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
SOURCE_SUFFIXES = (".h", ".cc")


def allowed_for(layer):
    if layer in OTHERS:
        return OTHERS[layer]
    return set(LAYERS[: LAYERS.index(layer) + 1])


def source_files(root):
    """(layer, path relative to root) for every source file of every layer."""
    for layer in LAYERS:
        yield from walk(root, os.path.join("src", layer), layer)
    for layer in OTHERS:
        yield from walk(root, layer, layer)


def walk(root, relative_dir, layer, skip=frozenset()):
    top = os.path.join(root, relative_dir)
    for directory, subdirs, files in os.walk(top):
        subdirs[:] = sorted(d for d in subdirs if d not in skip)
        for name in sorted(files):
            if name.endswith(SOURCE_SUFFIXES):
                yield layer, os.path.relpath(os.path.join(directory, name), root)


def violations(root):
    known = set(LAYERS) | set(OTHERS)
    for layer, path in source_files(root):
        allowed = allowed_for(layer)
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as source:
            for number, line in enumerate(source, 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                target = match.group(1).split("/", 1)[0]
                beside = os.path.join(root, os.path.dirname(path), match.group(1))
                if "/" not in match.group(1) and os.path.exists(beside):
                    continue  # a test's own helper header, next to it
                if "/" not in match.group(1):
                    yield f"{path}:{number}: includes \"{match.group(1)}\" without its layer " \
                          f"directory; write \"{layer}/{match.group(1)}\""
                elif target not in known:
                    yield f"{path}:{number}: includes \"{match.group(1)}\" from \"{target}/\", " \
                          f"which is no layer; see HACKING.md"
                elif target not in allowed:
                    yield f"{path}:{number}: {layer}/ includes \"{match.group(1)}\": " \
                          f"{describe(layer, target)}"


def describe(layer, target):
    if layer in OTHERS:
        return f"{layer}/ may use only {', '.join(sorted(OTHERS[layer] - {layer}))}/"
    if target in OTHERS:
        return f"the product never includes {target}/ (it is a test tool)"
    return f"{target}/ is above {layer}/ (layers, lowest first: {' < '.join(LAYERS)})"


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    found = list(violations(argv[1]))
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} include(s) break the layering", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
