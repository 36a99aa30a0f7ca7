#!/usr/bin/env python3
"""Tests of base_rates.py --check: the counts a base rate's source quotes must be the corpus's.

usage: python3 tests/corpus/base_rates_test.py
"""
import contextlib
import io
import os
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import base_rates  # noqa: E402


def report(name, split, code, cause, log="a line\n", runtime="shell"):
    return textwrap.dedent(f"""\
        id: {name}
        split: {split}
        runtime: {runtime}
        pod:
          exit_code: {code}
        log: {log!r}
        expected:
          cause: {cause}
        """)


RATE_137 = textwrap.dedent("""\
    base_rates:
      - id: kubernetes.exit-137-no-reason
        exit_code: 137
        reason: ''
        causes:
          - {cause: oom-killed, share: %s}
          - {cause: sigkill-external, share: %s}
        source: >-
          kexit's corpus, development reports only (python3 tests/corpus/base_rates.py --code 137):
          %s reports with exit code 137 and no reason: oom-killed %s, sigkill-external 1
          (1 of them without a log: oom-killed 1)
      - id: generic.exit-130-no-reason
        exit_code: 130
        reason: ''
        causes:
          - {cause: graceful-termination, share: 0.8}
        source: >-
          Reference: the share is kexit's estimate: kexit's corpus has no development report
          with exit 130
    """)


class CheckTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.reports = os.path.join(self.directory.name, "reports")
        os.mkdir(self.reports)
        self.write("a.yaml", report("a", "development", 137, "oom-killed"))
        self.write("b.yaml", report("b", "development", 137, "oom-killed", log=""))
        self.write("c.yaml", report("c", "development", 137, "sigkill-external"))
        # Held-out reports are never counted, whatever they say.
        self.write("d.yaml", report("d", "held-out", 137, "sigkill-external"))
        self.write("e.yaml", report("e", "held-out", 130, "graceful-termination"))

    def tearDown(self):
        self.directory.cleanup()

    def write(self, name, text):
        with open(os.path.join(self.reports, name), "w", encoding="utf-8") as handle:
            handle.write(text)

    def check(self, rates):
        path = os.path.join(self.directory.name, "base-rates.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(rates)
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            status = base_rates.check(self.reports, path)
        return status, output.getvalue()

    def test_counts_that_match_pass(self):
        status, output = self.check(RATE_137 % (0.67, 0.33, 3, 2))
        self.assertEqual(status, 0, output)
        self.assertIn("2 base rates agree", output)

    def test_a_new_development_report_is_drift(self):
        self.write("f.yaml", report("f", "development", 137, "oom-killed"))
        status, output = self.check(RATE_137 % (0.67, 0.33, 3, 2))
        self.assertEqual(status, 1)
        self.assertIn("source says 3 reports with exit 137, the corpus has 4", output)
        self.assertIn("source says oom-killed 2, the corpus has 3", output)

    def test_a_report_for_a_code_said_to_have_none_is_drift(self):
        self.write("g.yaml", report("g", "development", 130, "graceful-termination"))
        status, output = self.check(RATE_137 % (0.67, 0.33, 3, 2))
        self.assertEqual(status, 1)
        self.assertIn("source says no reports with exit 130, the corpus has 1", output)

    def test_a_share_that_is_not_the_count_over_the_total_fails(self):
        status, output = self.check(RATE_137 % (0.5, 0.5, 3, 2))
        self.assertEqual(status, 1)
        self.assertIn("oom-killed has share 0.5, its count over the total is 0.667", output)

    def test_the_logless_part_is_counted_apart(self):
        self.write("h.yaml", report("h", "development", 137, "sigkill-external", log=""))
        status, output = self.check(RATE_137 % (0.5, 0.5, 4, 2))
        self.assertEqual(status, 1)
        self.assertIn("source says 1 without a log, the corpus has 2", output)

    def test_a_runtime_base_rate_counts_only_its_runtime(self):
        self.write("j.yaml", report("j", "development", 137, "oom-killed", runtime="jvm"))
        self.write("k.yaml", report("k", "held-out", 137, "sigkill-external", runtime="jvm"))
        jvm_rate = textwrap.indent(textwrap.dedent("""\
              - id: jvm.exit-137-no-reason
                exit_code: 137
                reason: ''
                runtime: jvm
                causes:
                  - {cause: oom-killed, share: 0.7}
                source: >-
                  Reference: an estimate: kexit's corpus holds %s development report with
                  exit code 137, no reason and runtime jvm (oom-killed %s)
            """), "  ")
        status, output = self.check(RATE_137 % (0.75, 0.25, 4, 3) + jvm_rate % (1, 1))
        self.assertEqual(status, 0, output)
        status, output = self.check(RATE_137 % (0.75, 0.25, 4, 3) + jvm_rate % (2, 2))
        self.assertEqual(status, 1)
        self.assertIn("jvm.exit-137-no-reason: source says 2 reports with exit 137, the corpus has 1",
                      output)
        self.assertIn("jvm.exit-137-no-reason: source says oom-killed 2, the corpus has 1", output)


class ShippedBaseRatesTest(unittest.TestCase):
    def test_the_shipped_sources_agree_with_the_corpus(self):
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            status = base_rates.check(os.path.join(root, "tests", "corpus", "reports"),
                                      os.path.join(root, "knowledge", "base-rates.yaml"))
        self.assertEqual(status, 0, output.getvalue())


if __name__ == "__main__":
    unittest.main()
