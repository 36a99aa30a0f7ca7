#!/usr/bin/env python3
"""Short functions as a test: lists every function of src/ and kubesim/ longer than 80 lines,
counted by Universal Ctags (its `end:` field), and fails on one that is not in the allowance
file, or on an allowance whose function is no longer that long (so the list only shrinks).

The allowance (long_functions.txt beside this script) is the debt of the day the check was
added, one `FILE FUNCTION` per line: split those functions, then delete their lines.

usage: check_function_size.py REPO_ROOT [--write | --list LINES]
  --list LINES  print every function longer than LINES lines, longest first, and their count
                (HACKING.md lists those over 40 with a reason each)
"""
import os
import shutil
import subprocess
import sys

LIMIT = 80
HERE = os.path.dirname(os.path.abspath(__file__))
ALLOWANCE = os.path.join(HERE, "long_functions.txt")


def sources(root):
    for top in ("src", "kubesim"):
        for directory, subdirs, files in os.walk(os.path.join(root, top)):
            subdirs[:] = sorted(d for d in subdirs if d != "tests")
            for name in sorted(files):
                if name.endswith(".cc"):
                    yield os.path.relpath(os.path.join(directory, name), root)


def long_functions(root, limit=LIMIT):
    """{(file, function): lines} for every function longer than `limit` lines."""
    files = list(sources(root))
    result = subprocess.run(
        [shutil.which("ctags-universal") or "ctags", "--languages=C++", "--kinds-C++=f", "--fields=+ne", "-o", "-"] + files,
        cwd=root, capture_output=True, text=True, check=True)
    found = {}
    for row in result.stdout.splitlines():
        columns = row.split("\t")
        fields = dict(c.split(":", 1) for c in columns[3:] if ":" in c)
        if "line" in fields and "end" in fields:
            lines = int(fields["end"]) - int(fields["line"]) + 1
            if lines > limit:
                key = (columns[1], columns[0])
                found[key] = max(lines, found.get(key, 0))
    return found


def read_allowance():
    allowed = set()
    with open(ALLOWANCE, encoding="utf-8") as stream:
        for line in stream:
            line = line.split("#", 1)[0].strip()
            if line:
                path, function = line.split()
                allowed.add((path, function))
    return allowed


def main(argv):
    root = argv[1]
    if "--list" in argv:
        limit = int(argv[argv.index("--list") + 1])
        listed = long_functions(root, limit)
        for (path, function), lines in sorted(listed.items(), key=lambda item: (-item[1], item[0])):
            print(f"{lines:4} {path} {function}")
        print(f"{len(listed)} functions over {limit} lines")
        return 0
    found = long_functions(root)
    if "--write" in argv:
        with open(ALLOWANCE, "w", encoding="utf-8") as stream:
            stream.write("# Functions over 80 lines when the check was added (check_function_size.py).\n"
                         "# Split one, then delete its line; never add a line.\n")
            for path, function in sorted(found):
                stream.write(f"{path} {function}\n")
        return 0
    allowed = read_allowance()
    problems = []
    for (path, function), lines in sorted(found.items()):
        if (path, function) not in allowed:
            problems.append(f"{path}: {function} is {lines} lines, over {LIMIT}: split it "
                            f"(a table of small checks beats one long body)")
    for path, function in sorted(allowed - set(found)):
        problems.append(f"{path}: {function} is no longer over {LIMIT} lines: delete its line "
                        f"from tests/structure/long_functions.txt")
    for problem in problems:
        print(problem)
    print(f"{len(found)} functions over {LIMIT} lines, {len(allowed)} allowed, "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
