#!/usr/bin/env python3
"""Shows that check_includes.py catches an arrow that goes up or sideways, with file and line."""
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "check_includes.py")


def run(root):
    return subprocess.run([sys.executable, SCRIPT, root], capture_output=True, text=True)


class CheckIncludes(unittest.TestCase):
    def test_names_every_upward_or_sideways_include(self):
        result = run(os.path.join(HERE, "fixtures", "upward"))
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout.splitlines(), [
            'src/kube/pod_reader.h:5: kube/ includes "agent/agent.h": agent/ is above kube/ '
            '(layers, lowest first: base < kube < knowledge < diagnose < report < agent < cli)',
            'src/agent/agent.cc:4: agent/ includes "kubesim/api_server.h": the product never '
            'includes kubesim/ (it is a test tool)',
            'src/agent/agent.cc:5: includes "pod_facts.h" without its layer directory; write '
            '"agent/pod_facts.h"',
            'kubesim/cluster.cc:4: kubesim/ includes "kube/pod_parser.h": kubesim/ may use '
            'only base/',
            'kubesim/tests/cluster_test.cc:2: kubesim/ includes "knowledge/knowledge_model.h": '
            'kubesim/ may use only base/',
        ])
        self.assertEqual(result.stderr, "5 include(s) break the layering\n")

    def test_the_repository_keeps_its_layers(self):
        result = run(os.path.normpath(os.path.join(HERE, "..", "..")))
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.returncode, 0)


if __name__ == "__main__":
    unittest.main()
