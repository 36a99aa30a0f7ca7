#!/usr/bin/env python3
"""Checks that the README's sample output is what kexit prints today, so it cannot drift.

Every ```text block of README.md whose first line is `$ kexit ...` is run (with the kexit of
the build, from the repository's root) and compared line by line with its output; a line
`...` (indented or not) stands for any number of lines.

usage: readme_sample_test.py REPO_ROOT KEXIT_BINARY
"""
import os
import re
import shlex
import subprocess
import sys

BLOCK = re.compile(r"```text\n(\$ kexit [^\n]*)\n(.*?)```", re.S)


def matches(expected, actual):
    """Whether actual fits expected, where a `...` line skips any number of lines.
    Returns None on a match, else a sentence naming the first line that differs."""
    position = 0
    skipping = False
    for line in expected:
        if line.strip() == "...":
            skipping = True
            continue
        while skipping and position < len(actual) and actual[position] != line:
            position += 1
        if position >= len(actual):
            return f"expected line {line!r}, but the output ended"
        if actual[position] != line:
            return f"expected line {line!r}, got {actual[position]!r} (output line {position + 1})"
        position += 1
        skipping = False
    if not skipping and position != len(actual):
        return f"the output goes on after the sample ({actual[position]!r}); end it with ..."
    return None


def main(argv):
    root, kexit = argv[1], argv[2]
    with open(os.path.join(root, "README.md"), encoding="utf-8") as stream:
        readme = stream.read()
    samples = BLOCK.findall(readme)
    if not samples:
        print("README.md has no ```text sample starting with `$ kexit`")
        return 1
    failures = 0
    for command, body in samples:
        arguments = shlex.split(command[2:])
        arguments[0] = kexit
        result = subprocess.run(arguments, cwd=root, capture_output=True, text=True,
                                env=dict(os.environ, NO_COLOR="1", COLUMNS="100"))
        problem = matches(body.rstrip("\n").split("\n"), result.stdout.rstrip("\n").split("\n"))
        if problem:
            print(f"README.md sample `{command}`: {problem}; update the README from the output")
            failures += 1
    print(f"{len(samples)} README sample(s) checked, {failures} out of date")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
