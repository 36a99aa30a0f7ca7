#!/usr/bin/env python3
"""Runs the chart's alert rules through `promtool test rules` (prometheus_rules_test.yaml).

helm is not needed: the PrometheusRule template uses only a few Helm expressions, which are
rendered here for the release "kexit" in namespace "kexit"; any other expression fails the test,
so the rendering cannot silently drift from the template. promtool comes from Debian's
`prometheus` package (scripts/setup.sh); without it the test fails, it does not skip.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

RELEASE = "kexit"
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


def render(template_path):
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
    return yaml.safe_load("".join(lines))


def main():
    source_dir = sys.argv[1]
    promtool = shutil.which("promtool")
    if promtool is None:
        sys.exit("promtool not found: install Debian's prometheus package (scripts/setup.sh)")
    rule = render(os.path.join(source_dir, "helm/kexit/templates/prometheusrule.yaml"))
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "rules.yaml"), "w", encoding="utf-8") as out:
            yaml.safe_dump({"groups": rule["spec"]["groups"]}, out, sort_keys=False)
        shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                 "prometheus_rules_test.yaml"), work)
        for command in (["check", "rules", "rules.yaml"],
                        ["test", "rules", "prometheus_rules_test.yaml"]):
            result = subprocess.run([promtool, *command], cwd=work, text=True,
                                    capture_output=True, check=False)
            print(result.stdout + result.stderr, end="")
            if result.returncode != 0:
                sys.exit(f"promtool {' '.join(command)} failed (exit {result.returncode})")


if __name__ == "__main__":
    main()
