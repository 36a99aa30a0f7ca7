#!/usr/bin/env python3
"""CPU seconds (user + sys) of a build's compile and link steps.

    python3 bench/build_cost.py --steps STEPS_FILE
    python3 bench/build_cost.py --sample BUILD_DIR [--every N] [--links M] [--top K]

CPU time comes from the kernel, so a figure does not depend on the load of the machine; a
loaded machine only makes it take longer. docs/reliability.md ("CI time") has the figures.

--steps sums a build whose compiles and links ran under /usr/bin/time as CMake launchers:

    cmake -S . -B build-measure -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKEXIT_WERROR=ON \
      "-DCMAKE_CXX_COMPILER_LAUNCHER=/usr/bin/time;-a;-o;/tmp/steps.txt;-f;compile %U %S %e %C" \
      "-DCMAKE_CXX_LINKER_LAUNCHER=/usr/bin/time;-a;-o;/tmp/steps.txt;-f;link %U %S %e %C"
    CCACHE_DISABLE=1 /usr/bin/time -f '%U s user, %S s sys' cmake --build build-measure -j 2

and prints each group's CPU (product sources, tests, kubesim, precompiled headers, links).

--sample runs the commands of BUILD_DIR/compile_commands.json again with ccache disabled, each
alone, objects to a scratch directory (the build tree is left as it was). BUILD_DIR must be
built first: a command that uses a precompiled header needs the header, a link its libraries.
--every N measures every N-th file of each group (sorted by path; precompiled headers always)
and scales each group's mean by the group's file count, an estimate whose spread is printed;
--links M times M test executables' link steps and scales by the number of executables.
"""

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def group_of(path, source_dir):
    relative = os.path.relpath(path, source_dir)
    if relative.endswith(("cmake_pch.hxx.cxx", "precompiled_header_owner.cc")):
        return "pch"
    if relative.startswith("kubesim/tests/"):
        return "kubesim tests"
    if relative.startswith("kubesim/"):
        return "kubesim"
    if relative.startswith("tests/"):
        return "tests"
    if relative.startswith("src/"):
        return "src"
    return "other"


def cpu_seconds(argv, cwd):
    """Runs argv in cwd; returns user + sys CPU seconds of it and its children."""
    env = dict(os.environ, CCACHE_DISABLE="1")
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"build_cost: failed in {cwd}: {shlex.join(argv)}\n{stderr}")
    return usage.ru_utime + usage.ru_stime


def compile_argv(entry, scratch):
    argv = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    if argv and os.path.basename(argv[0]) == "ccache":
        argv = argv[1:]
    out = argv.index("-o")
    # A precompiled header must be written where the others look for it; any other object
    # goes to the scratch directory.
    if not entry["file"].endswith("cmake_pch.hxx.cxx"):
        argv = argv[:out + 1] + [os.path.join(scratch, "object.o")] + argv[out + 2:]
    return argv


def measure_compiles(build_dir, source_dir, every, scratch):
    entries = json.loads((build_dir / "compile_commands.json").read_text())
    groups = {}
    for entry in sorted(entries, key=lambda e: e["file"]):
        if not os.path.exists(entry["file"]):
            print(f"build_cost: {entry['file']} is not generated yet: not counted",
                  file=sys.stderr)
            continue
        groups.setdefault(group_of(entry["file"], source_dir), []).append(entry)
    results = {}
    for name, members in groups.items():
        chosen = members if name == "pch" else members[::every]
        times = []
        for entry in chosen:
            seconds = cpu_seconds(compile_argv(entry, scratch), entry["directory"])
            times.append((seconds, os.path.relpath(entry["file"], source_dir)))
            print(f"  {seconds:7.2f} s  {times[-1][1]}", file=sys.stderr, flush=True)
        results[name] = (len(members), times)
    return results


def link_scripts(build_dir):
    scripts = sorted(build_dir.glob("**/CMakeFiles/*_test.dir/link.txt"))
    return scripts


def measure_links(build_dir, count):
    scripts = link_scripts(build_dir)
    if not scripts or count == 0:
        return len(scripts), []
    step = max(1, len(scripts) // count)
    times = []
    for script in scripts[::step][:count]:
        # link.txt runs from the directory that holds CMakeFiles/.
        cwd = script.parent.parent.parent
        seconds = cpu_seconds(["cmake", "-E", "cmake_link_script", str(script)], str(cwd))
        times.append((seconds, script.parent.name))
        print(f"  {seconds:7.2f} s  link {script.parent.name}", file=sys.stderr, flush=True)
    return len(scripts), times


def print_group(name, count, times):
    seconds = [t for t, _ in times]
    mean = statistics.mean(seconds)
    spread = statistics.stdev(seconds) if len(seconds) > 1 else 0.0
    estimate = mean * count
    print(f"{name:14} {count:4} files, {len(seconds):3} measured: mean {mean:6.2f} s "
          f"(sd {spread:5.2f}), estimate {estimate:8.1f} s")
    return estimate


def step_group(kind, argv, source_dir):
    if kind == "link":
        return "links"
    return group_of(argv[argv.index("-c") + 1], source_dir) if "-c" in argv else "other"


def summarize_steps(path, source_dir, top):
    groups = {}
    for line in Path(path).read_text().splitlines():
        kind, _, rest = line.partition(" ")
        if kind not in ("compile", "link"):
            continue  # "Command exited with non-zero status N" after a failed step
        user, system, _, command = rest.split(" ", 3)
        argv = shlex.split(command)
        name = step_group(kind, argv, source_dir)
        target = argv[argv.index("-c") + 1] if "-c" in argv else argv[argv.index("-o") + 1]
        groups.setdefault(name, []).append((float(user) + float(system), target))
    total = 0.0
    for name, steps in sorted(groups.items()):
        seconds = sum(t for t, _ in steps)
        total += seconds
        print(f"{name:14} {len(steps):4} steps {seconds:8.1f} s")
    print(f"compiles and links: {total:.0f} CPU seconds")
    print("most costly steps:")
    every = sorted((s for steps in groups.values() for s in steps), reverse=True)
    for seconds, target in every[:top]:
        print(f"  {seconds:7.2f} s  {os.path.relpath(target, source_dir)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", help="a launcher log of /usr/bin/time lines")
    parser.add_argument("--sample", type=Path, help="a build directory to measure again")
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--links", type=int, default=10)
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    source_dir = Path(__file__).resolve().parent.parent
    if args.steps:
        summarize_steps(args.steps, str(source_dir), args.top)
        return
    if not args.sample:
        parser.error("give --steps FILE or --sample BUILD_DIR")
    build_dir = args.sample.resolve()
    with tempfile.TemporaryDirectory() as scratch:
        compiles = measure_compiles(build_dir, str(source_dir), args.every, scratch)
        executables, links = measure_links(build_dir, args.links)
    total = 0.0
    for name, (count, times) in sorted(compiles.items()):
        total += print_group(name, count, times)
    if links:
        total += print_group("test links", executables, links)
    print(f"estimated CPU seconds of compiling and linking tests: {total:.0f} s "
          f"(every {args.every}. file, {len(links)} of {executables} test links)")
    measured = sorted((t for _, times in compiles.values() for t in times), reverse=True)
    print(f"most costly of the files measured:")
    for seconds, path in measured[:args.top]:
        print(f"  {seconds:7.2f} s  {path}")


if __name__ == "__main__":
    main()
