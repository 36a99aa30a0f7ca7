#!/usr/bin/env python3
"""Counts development corpus reports by exit code, termination reason and log, per cause.

The output is the derivation behind the corpus-derived `base_rates:` in knowledge/*.yaml:
for each (exit code, reason, log) the causes the reports' threads established, most often
first. Held-out reports are skipped before their content is read (the split is the file's
own `split:` field, which kb eval checks against split.py), so base rates are never tuned
against them. Reports without a printed or derived exit code are left out.

usage: python3 tests/corpus/base_rates.py [tests/corpus/reports] [--code N ...]
"""
import collections
import os
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


def main(argv):
    directory = "tests/corpus/reports"
    codes = set()
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--code":
            codes.add(int(args.pop(0)))
        else:
            directory = arg
    table = collections.defaultdict(collections.Counter)
    for report in development_reports(directory):
        key = key_of(report)
        if key is None or (codes and key[0] not in codes):
            continue
        table[key][report["expected"]["cause"]] += 1
    print("exit  reason          log     n   causes (development reports only)")
    for (code, reason, log), causes in sorted(table.items()):
        total = sum(causes.values())
        ranked = sorted(causes.items(), key=lambda item: (-item[1], item[0]))
        text = ", ".join(f"{cause} {count}" for cause, count in ranked)
        print(f"{code:<5} {reason or '(none)':<15} {log:<7} {total:<3} {text}")


if __name__ == "__main__":
    main(sys.argv[1:])
