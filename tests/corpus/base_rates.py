#!/usr/bin/env python3
"""Counts development corpus reports by exit code, termination reason and log, per cause.

The output is the derivation behind the corpus-derived `base_rates:` in knowledge/*.yaml:
for each (exit code, reason, log) the causes the reports' threads established, most often
first. Held-out reports are skipped before their content is read (the split is the file's
own `split:` field, which kb eval checks against split.py), so base rates are never tuned
against them. Reports without a printed or derived exit code are left out. `--runtime NAME`
counts only the reports of that runtime (the report's `runtime:` field, the names of
knowledge/runtimes.yaml), the derivation behind a base rate keyed by `runtime:`;
`--by-runtime` splits each row by runtime.

usage: python3 tests/corpus/base_rates.py [tests/corpus/reports] [--code N ...] [--runtime NAME]
                                          [--by-runtime]
       python3 tests/corpus/base_rates.py [tests/corpus/reports] --check knowledge/base-rates.yaml

--check reads the counts each base rate's `source` quotes (among its runtime's reports when it
has a `runtime:`) ("8 reports with exit code 137 and no
reason: oom-killed 4, ...", "no development report with exit 130") and exits 1 when one no
longer matches the corpus, and when a corpus-derived share is not its count over the total
(within 0.01): a report added to the development split shows as drift until the source is
recounted.
"""
import collections
import os
import re
import sys

import yaml


def split_field(path):
    # Read only up to the `split:` line, so a held-out report's content is never parsed.
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("split:"):
                return line.split(":", 1)[1].strip()
    return ""


def development_reports(directory):
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if name.endswith(".yaml") and split_field(path) == "development":
            with open(path, encoding="utf-8") as handle:
                yield yaml.safe_load(handle)


def key_of(report):
    pod = report.get("pod") or {}
    code = pod.get("exit_code")
    if code is None or code == "":
        return None
    reason = pod.get("reason") or ""
    log = "log" if (report.get("log") or "").strip() else "no log"
    return int(code), reason, log


def count_table(directory, runtime=None, by_runtime=False):
    """(exit code, reason, log[, runtime]) -> Counter of causes; only `runtime`'s reports if given."""
    table = collections.defaultdict(collections.Counter)
    for report in development_reports(directory):
        key = key_of(report)
        if key is None or (runtime and report.get("runtime") != runtime):
            continue
        if by_runtime:
            key = key + (report.get("runtime") or "",)
        table[key][report["expected"]["cause"]] += 1
    return table


def print_table(table, codes, by_runtime=False):
    header = "exit  reason          log     " + ("runtime            " if by_runtime else "")
    print(header + "n   causes (development reports only)")
    for key, causes in sorted(table.items()):
        code, reason, log = key[:3]
        if codes and code not in codes:
            continue
        total = sum(causes.values())
        ranked = sorted(causes.items(), key=lambda item: (-item[1], item[0]))
        text = ", ".join(f"{cause} {count}" for cause, count in ranked)
        runtime = f"{key[3] or '(none)':<18} " if by_runtime else ""
        print(f"{code:<5} {reason or '(none)':<15} {log:<7} {runtime}{total:<3} {text}")


def causes_of(table, code, reason, logs):
    counts = collections.Counter()
    for log in logs:
        counts.update(table.get((code, reason, log), collections.Counter()))
    return counts


# A slug followed by its count: "oom-killed 4". Slugs are lower-case words joined by dashes.
CAUSE_COUNT = re.compile(r"\b([a-z][a-z0-9]*(?:-[a-z0-9]+)+) (\d+)\b")
TOTAL = re.compile(r"\b(\d+|no) (?:development )?reports? with exit (?:code )?(\d+)")
NO_LOG_PART = re.compile(r"\((\d+) of them without a log: ([^)]*)\)")
ALL_LOGGED = re.compile(r"every development report with exit (\d+) in kexit's corpus has a log \((\d+);")


def check_counts(text, counts, what, problems):
    for cause, number in CAUSE_COUNT.findall(text):
        if cause in counts or int(number) != 0:
            if counts.get(cause, 0) != int(number):
                problems.append(f"{what}: source says {cause} {number}, the corpus has {counts.get(cause, 0)}")


def check_base_rate(rate, table, problems):
    code, reason = rate["exit_code"], rate.get("reason", "")
    source = " ".join(rate.get("source", "").split())
    what = rate["id"]
    both = causes_of(table, code, reason, ["log", "no log"])
    no_log = causes_of(table, code, reason, ["no log"])
    for number, part in NO_LOG_PART.findall(source):
        if sum(no_log.values()) != int(number):
            problems.append(f"{what}: source says {number} without a log, the corpus has {sum(no_log.values())}")
        check_counts(part, no_log, what + " (without a log)", problems)
    rest = NO_LOG_PART.sub("", source)
    for number, claimed_code in TOTAL.findall(rest):
        expected = 0 if number == "no" else int(number)
        actual = sum(causes_of(table, int(claimed_code), reason, ["log", "no log"]).values())
        if actual != expected:
            problems.append(f"{what}: source says {number} reports with exit {claimed_code}, the corpus has {actual}")
    for claimed_code, number in ALL_LOGGED.findall(rest):
        counted = causes_of(table, int(claimed_code), reason, ["log", "no log"])
        logless = causes_of(table, int(claimed_code), reason, ["no log"])
        if sum(counted.values()) != int(number) or sum(logless.values()) != 0:
            problems.append(f"{what}: source says all {number} reports with exit {claimed_code} have a log, "
                            f"the corpus has {sum(counted.values())}, {sum(logless.values())} without a log")
    check_counts(rest, both, what, problems)
    if source.startswith("kexit's corpus"):
        total = sum(both.values())
        for entry in rate.get("causes", []):
            expected = both.get(entry["cause"], 0) / total if total else 0
            if abs(entry["share"] - expected) > 0.01:
                problems.append(f"{what}: {entry['cause']} has share {entry['share']}, "
                                f"its count over the total is {expected:.3f}")


def check(directory, knowledge_file):
    with open(knowledge_file, encoding="utf-8") as handle:
        rates = yaml.safe_load(handle).get("base_rates", [])
    tables = {}
    problems = []
    for rate in rates:
        # A runtime's base rate quotes the counts of that runtime's reports only.
        runtime = rate.get("runtime") or None
        if runtime not in tables:
            tables[runtime] = count_table(directory, runtime)
        check_base_rate(rate, tables[runtime], problems)
    for problem in problems:
        print(f"{knowledge_file}: {problem}")
    if problems:
        print("recount with python3 tests/corpus/base_rates.py --code N and update the sources")
        return 1
    print(f"{len(rates)} base rates agree with the corpus's development reports")
    return 0


def main(argv):
    directory = "tests/corpus/reports"
    codes = set()
    knowledge_file = None
    runtime = None
    by_runtime = False
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--code":
            codes.add(int(args.pop(0)))
        elif arg == "--runtime":
            runtime = args.pop(0)
        elif arg == "--by-runtime":
            by_runtime = True
        elif arg == "--check":
            knowledge_file = args.pop(0)
        else:
            directory = arg
    if knowledge_file:
        return check(directory, knowledge_file)
    print_table(count_table(directory, runtime, by_runtime), codes, by_runtime)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
