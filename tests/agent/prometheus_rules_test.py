#!/usr/bin/env python3
"""Runs the chart's alert rules through `promtool test rules` (prometheus_rules_test.yaml).

The plain rules file manifests/monitoring/kexit-alerts.rules.yaml (for Prometheus without the
Operator) is the chart's rendering for release "kexit" in namespace "kexit", the names the
manifests use; this test fails when the two differ, and with --write rewrites the plain file.

helm is not needed: the PrometheusRule template uses only a few Helm expressions, which are
rendered here for the release "kexit" in namespace "kexit"; any other expression fails the test,
so the rendering cannot silently drift from the template. promtool comes from Debian's
`prometheus` package (scripts/setup.sh); without it the test is skipped (exit 77, ctest's
SKIP_RETURN_CODE) after checking the plain rules file, with a message saying what to install.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

RELEASE = "kexit"
SKIPPED = 77
NAMESPACE = "kexit"

SUBSTITUTIONS = [
    ('{{ "{{" }}', "{{"),
    ('{{ "}}" }}', "}}"),
    ('{{ include "kexit.fullname" . }}', RELEASE + "-agent"),
    ("{{ .Release.Namespace }}", NAMESPACE),
]
# Whole lines of the template that only wrap or label the object.
DROPPED_LINES = re.compile(
    r'^\s*\{\{-? (if \.Values\.metrics\.prometheusRule\.enabled|end|with \.Values\.metrics\.'
    r'prometheusRule\.labels|toYaml \. \| nindent 4|include "kexit\.labels" \. \| nindent 4) -?\}\}\s*$')
# What Prometheus itself expands in annotations, left as it is.
ALERT_TEMPLATE = re.compile(r"\{\{ \$(labels|value)[^}]*\}\}")


PLAIN_RULES = "manifests/monitoring/kexit-alerts.rules.yaml"
PLAIN_HEADER = (
    "# kexit's alert rules for a Prometheus rule_files entry: the chart's PrometheusRule\n"
    "# (helm/kexit/templates/prometheusrule.yaml) rendered for the manifests' names (namespace\n"
    "# kexit, Service kexit-agent-metrics). Do not edit: change the template, then run\n"
    "# python3 tests/agent/prometheus_rules_test.py . --write\n")


def render_text(template_path):
    lines = []
    for number, line in enumerate(open(template_path, encoding="utf-8"), start=1):
        if DROPPED_LINES.match(line):
            continue
        for old, new in SUBSTITUTIONS:
            line = line.replace(old, new)
        leftover = ALERT_TEMPLATE.sub("", line)
        if "{{" in leftover or "}}" in leftover:
            sys.exit(f"{template_path}:{number}: a Helm expression this test does not render: "
                     f"{line.strip()}; extend SUBSTITUTIONS in {__file__}")
        lines.append(line)
    return "".join(lines)


def plain_rules(rendered):
    """The groups under the PrometheusRule's spec, as a rules file: the same text, dedented."""
    lines = rendered.splitlines(keepends=True)
    start = lines.index("spec:\n") + 1
    return PLAIN_HEADER + "".join(line[2:] if line.strip() else line for line in lines[start:])


def check_plain_file(source_dir, rendered, write):
    expected = plain_rules(rendered)
    path = os.path.join(source_dir, PLAIN_RULES)
    if write:
        with open(path, "w", encoding="utf-8") as out:
            out.write(expected)
        return
    with open(path, encoding="utf-8") as plain:
        if plain.read() != expected:
            sys.exit(f"{PLAIN_RULES} differs from the chart's rendering; rewrite it with "
                     f"python3 {__file__} {source_dir} --write and read the diff")


def main():
    source_dir = sys.argv[1]
    rendered = render_text(os.path.join(source_dir, "helm/kexit/templates/prometheusrule.yaml"))
    check_plain_file(source_dir, rendered, "--write" in sys.argv[2:])
    promtool = shutil.which("promtool")
    if promtool is None:
        print("SKIPPED: promtool not found; install Debian's prometheus package (scripts/setup.sh)")
        sys.exit(SKIPPED)
    rule = yaml.safe_load(rendered)
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "rules.yaml"), "w", encoding="utf-8") as out:
            yaml.safe_dump({"groups": rule["spec"]["groups"]}, out, sort_keys=False)
        shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                 "prometheus_rules_test.yaml"), work)
        shutil.copy(os.path.join(source_dir, PLAIN_RULES), work)
        for command in (["check", "rules", "rules.yaml"],
                        ["check", "rules", os.path.basename(PLAIN_RULES)],
                        ["test", "rules", "prometheus_rules_test.yaml"]):
            result = subprocess.run([promtool, *command], cwd=work, text=True,
                                    capture_output=True, check=False)
            print(result.stdout + result.stderr, end="")
            if result.returncode != 0:
                sys.exit(f"promtool {' '.join(command)} failed (exit {result.returncode})")


if __name__ == "__main__":
    main()
