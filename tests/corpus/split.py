#!/usr/bin/env python3
"""Prints the split a corpus report belongs to, from its file name alone.

The split is fixed when the file is created and never tuned: FNV-1a (32 bit) of the file's
base name, held-out when the hash is divisible by 3 (about a third), development otherwise.
`kexit kb eval` computes the same function and refuses a file whose `split:` disagrees,
unless the file records that it moved (see README.md).

usage: split.py NAME.yaml [NAME.yaml ...]
"""
import os
import sys


def fnv1a32(data: bytes) -> int:
    h = 2166136261
    for b in data:
        h ^= b
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def split_of(name: str) -> str:
    return "held-out" if fnv1a32(os.path.basename(name).encode()) % 3 == 0 else "development"


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"{os.path.basename(arg)}\t{split_of(arg)}")
