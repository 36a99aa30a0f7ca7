#!/usr/bin/env python3
"""Every metric and label the alert rules and the Grafana dashboard use is one the agent exports.

The truth is a scrape: kubesim plays examples/scenarios/mixed.yaml, the agent diagnoses its
crashes, and its /metrics is read once every family has samples (the terminations and API
request counters are born at their first increment). Then each PromQL expression of
manifests/monitoring/kexit-alerts.rules.yaml (the chart's rules, rendered; see
prometheus_rules_test.py) and of helm/kexit/dashboards/kexit.json is read:
- each metric it selects is in the scrape;
- each label in a selector is one that metric carries, or one Prometheus attaches to the
  target (job, instance; the Operator's namespace, service, pod, container, endpoint);
- each label in by/without/on/ignoring is carried by a metric of the expression, or a target
  label;
- a value matched on a label with a closed set of values (cause, result, reason, class, verb,
  level) is one the agent exports, so a typo cannot make an alert silently never fire;
- each dashboard selector filters on the dashboard's job variable.
promtool, when installed, also parses every dashboard expression (as recording rules).

Usage: monitoring_metrics_test.py SOURCE_DIR KEXIT KUBESIM
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import yaml

RULES = "manifests/monitoring/kexit-alerts.rules.yaml"
DASHBOARD = "helm/kexit/dashboards/kexit.json"
CONFIGMAP_TEMPLATE = "helm/kexit/templates/grafana-dashboard.yaml"
SCENARIO = "examples/scenarios/mixed.yaml"
# Labels Prometheus attaches to every target, and those the Operator's ServiceMonitor adds.
TARGET_LABELS = {"job", "instance", "namespace", "service", "pod", "container", "endpoint"}
CLOSED_LABELS = {"cause", "result", "reason", "class", "verb", "level"}
# Families that have no sample until the agent has worked, and what the test waits for.
BORN_ON_USE = ["kexit_container_terminations_total", "kexit_api_requests_total"]
# The scenario's first crashes come within seconds; a loaded CI machine gets the rest.
SCRAPE_DEADLINE_SECONDS = 90
# Grafana's variables, replaced by what they stand for at query time.
GRAFANA_VARIABLES = [("$__rate_interval", "5m"), ("$__range", "1h"), ("$__interval", "1m")]
KEYWORDS = {"and", "or", "unless", "offset", "bool", "by", "without", "on", "ignoring",
            "group_left", "group_right", "sum", "min", "max", "avg", "count", "group", "stddev",
            "stdvar", "topk", "bottomk", "quantile", "count_values", "inf", "nan"}
GROUPING = {"by", "without", "on", "ignoring", "group_left", "group_right"}
TOKEN = re.compile(r"""\s*(?:
    (?P<string>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`)
  | (?P<duration>(?:\d+(?:ms|[smhdwy]))+)(?![A-Za-z0-9_:])
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<ident>[A-Za-z_:][A-Za-z0-9_:]*)
  | (?P<op>=~|!~|!=|==|<=|>=|[-+*/%^<>=(){}\[\],])
)""", re.VERBOSE)


def start(command, output, env=None):
    """The process, its stdout and stderr in one file (a pipe nobody reads could fill)."""
    return subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)


def wait_for_line(process, output_path, pattern):
    deadline = time.monotonic() + SCRAPE_DEADLINE_SECONDS
    while True:
        with open(output_path, encoding="utf-8", errors="replace") as output:
            text = output.read()
        match = re.search(pattern, text)
        if match:
            return match.group(1)
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"{process.args[0]} did not print {pattern!r}:\n{text}")
        time.sleep(0.1)


def parse_exposition(text):
    """{metric name: set of label names}, {label name: set of values} of a /metrics page."""
    labels_of, values_of = {}, {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.match(r"([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})? ", line)
        if not match:
            sys.exit(f"/metrics line not understood: {line}")
        names = labels_of.setdefault(match.group(1), set())
        for label, value in re.findall(r'([A-Za-z_][A-Za-z0-9_]*)="((?:\\.|[^"\\])*)"',
                                       match.group(2) or ""):
            names.add(label)
            values_of.setdefault(label, set()).add(value)
    return labels_of, values_of


def scrape_until_complete(url, process):
    deadline = time.monotonic() + SCRAPE_DEADLINE_SECONDS
    while True:
        with urllib.request.urlopen(url, timeout=10) as answer:
            text = answer.read().decode()
        labels_of, _ = parse_exposition(text)
        if all(name in labels_of for name in BORN_ON_USE):
            return text
        if time.monotonic() > deadline or process.poll() is not None:
            sys.exit(f"after {SCRAPE_DEADLINE_SECONDS} s /metrics still lacks "
                     f"{[name for name in BORN_ON_USE if name not in labels_of]}:\n{text}")
        time.sleep(0.5)


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def scrape_agent(source_dir, kexit, kubesim):
    with tempfile.TemporaryDirectory() as work:
        kubeconfig = os.path.join(work, "kubeconfig")
        server_log, agent_log = os.path.join(work, "kubesim.log"), os.path.join(work, "agent.log")
        processes = []
        try:
            with open(server_log, "w", encoding="utf-8") as output:
                processes.append(start([kubesim, "--scenario", os.path.join(source_dir, SCENARIO),
                                        "--kubeconfig-out", kubeconfig], output))
            wait_for_line(processes[0], server_log, r"kubesim: serving (\S+)")
            env = dict(os.environ, POD_NAME="kexit-agent-0", POD_NAMESPACE="kexit")
            with open(agent_log, "w", encoding="utf-8") as output:
                processes.append(start([kexit, "agent", "--kubeconfig", kubeconfig, "--listen",
                                        "127.0.0.1:0", "--leader-elect=false"], output, env))
            address = wait_for_line(processes[1], agent_log, r'"address":"([^"]+)"')
            return scrape_until_complete(f"http://{address}/metrics", processes[1])
        finally:
            for process in reversed(processes):
                stop(process)


class Expression:
    """The metrics, selector matchers and grouping labels of one PromQL expression."""

    def __init__(self, text):
        self.selectors = []  # (metric or None, [(label, operator, value)])
        self.grouping = []
        tokens = self.tokenize(text)
        index = 0
        previous_metric = None
        while index < len(tokens):
            kind, value = tokens[index]
            if kind == "ident" and value in GROUPING and self.next_is(tokens, index, "("):
                index = self.read_label_list(tokens, index + 2)
            elif kind == "ident" and (value in KEYWORDS or self.next_is(tokens, index, "(")):
                previous_metric = None
            elif kind == "ident":
                previous_metric = value
                if not self.next_is(tokens, index, "{"):
                    self.selectors.append((value, []))
            elif value == "{":
                index = self.read_matchers(tokens, index + 1, previous_metric)
            elif value == "[":
                index = self.skip_to(tokens, index, "]")
            if kind != "ident":
                previous_metric = None
            index += 1

    @staticmethod
    def tokenize(text):
        tokens, position = [], 0
        text = text.rstrip()
        while position < len(text):
            match = TOKEN.match(text, position)
            if not match or match.end() == position:
                raise ValueError(f"cannot read PromQL at: {text[position:position + 30]!r}")
            kind = match.lastgroup
            tokens.append((kind, match.group(kind)))
            position = match.end()
        return tokens

    @staticmethod
    def next_is(tokens, index, symbol):
        return index + 1 < len(tokens) and tokens[index + 1] == ("op", symbol)

    @staticmethod
    def skip_to(tokens, index, symbol):
        while tokens[index] != ("op", symbol):
            index += 1
        return index

    def read_label_list(self, tokens, index):
        while tokens[index] != ("op", ")"):
            if tokens[index][0] == "ident":
                self.grouping.append(tokens[index][1])
            index += 1
        return index

    def read_matchers(self, tokens, index, metric):
        matchers = []
        while tokens[index] != ("op", "}"):
            if tokens[index][0] == "ident":
                label, operator, value = tokens[index][1], tokens[index + 1][1], tokens[index + 2]
                if value[0] != "string":
                    raise ValueError(f"matcher {label}{operator} needs a string")
                matchers.append((label, operator, value[1][1:-1]))
                index += 3
            else:
                index += 1
        self.selectors.append((metric, matchers))
        return index


def expressions_of_rules(source_dir):
    with open(os.path.join(source_dir, RULES), encoding="utf-8") as rules:
        for group in yaml.safe_load(rules)["groups"]:
            for rule in group["rules"]:
                yield f"{RULES}: alert {rule['alert']}", rule["expr"], False


def expressions_of_dashboard(dashboard):
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            yield f"{DASHBOARD}: panel {panel['title']!r}", target["expr"], True
    for variable in dashboard["templating"]["list"]:
        if variable["type"] != "query":
            continue
        match = re.fullmatch(r"label_values\((.*),\s*([A-Za-z_][A-Za-z0-9_]*)\)",
                             variable["query"])
        if not match:
            raise ValueError(f"variable {variable['name']}: not label_values(SELECTOR, LABEL)")
        yield (f"{DASHBOARD}: variable {variable['name']}",
               f"group by ({match.group(2)}) ({match.group(1)})", variable["name"] != "job")


def grafana_substituted(text):
    for variable, value in GRAFANA_VARIABLES:
        text = text.replace(variable, value)
    return text


def literal_values(operator, value):
    """The values a matcher names, when it names them (plain words, or a|b|c)."""
    if operator in ("=", "!=") or re.fullmatch(r"[\w.-]+(\|[\w.-]+)*", value):
        return value.split("|") if operator in ("=~", "!~") else [value]
    return []


def check_expression(where, text, labels_of, values_of, needs_job):
    problems = []
    expression = Expression(grafana_substituted(text))
    metrics = {metric for metric, _ in expression.selectors if metric}
    for metric, matchers in expression.selectors:
        if metric is None or metric not in labels_of:
            problems.append(f"{where}: metric {metric} is not exported by the agent")
            continue
        for label, operator, value in matchers:
            if label not in labels_of[metric] and label not in TARGET_LABELS:
                problems.append(f"{where}: {metric} has no label {label} "
                                f"(it has {sorted(labels_of[metric])})")
            if label in CLOSED_LABELS:
                for literal in literal_values(operator, value):
                    if literal not in values_of.get(label, set()):
                        problems.append(f"{where}: {label}={literal!r} is never exported")
        if needs_job and ("job", "=~", "$job") not in matchers:
            problems.append(f'{where}: {metric} does not filter on job=~"$job"')
    carried = set().union(*(labels_of.get(metric, set()) for metric in metrics)) | TARGET_LABELS
    for label in expression.grouping:
        if label not in carried:
            problems.append(f"{where}: groups by {label}, which none of {sorted(metrics)} has")
    return problems


def check_syntax_with_promtool(expressions):
    promtool = shutil.which("promtool")
    if promtool is None:
        print("promtool not found: dashboard expressions not parsed by Prometheus "
              "(install Debian's prometheus package, scripts/setup.sh)")
        return []
    rules = [{"record": f"kexit_dashboard:expression_{number}", "expr": grafana_substituted(text)}
             for number, (_, text, _) in enumerate(expressions)]
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as out:
        yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, out)
    try:
        result = subprocess.run([promtool, "check", "rules", out.name], text=True,
                                capture_output=True, check=False)
    finally:
        os.unlink(out.name)
    if result.returncode != 0:
        return [f"promtool cannot parse a dashboard expression:\n{result.stdout}{result.stderr}"]
    return []


def check_chart_loads_dashboard(source_dir):
    """helm is not in Debian: the ConfigMap template must at least load this very file."""
    template = os.path.join(source_dir, CONFIGMAP_TEMPLATE)
    with open(template, encoding="utf-8") as file:
        loaded = re.findall(r'\.Files\.Get "([^"]+)"', file.read())
    chart_path = os.path.relpath(os.path.join(source_dir, DASHBOARD),
                                 os.path.join(source_dir, "helm/kexit"))
    if loaded != [chart_path]:
        return [f"{CONFIGMAP_TEMPLATE} loads {loaded}, not {chart_path}"]
    return []


def main():
    source_dir, kexit, kubesim = sys.argv[1:4]
    labels_of, values_of = parse_exposition(scrape_agent(source_dir, kexit, kubesim))
    with open(os.path.join(source_dir, DASHBOARD), encoding="utf-8") as file:
        dashboard = json.load(file)
    expressions = list(expressions_of_rules(source_dir)) + list(expressions_of_dashboard(dashboard))
    problems = []
    for where, text, needs_job in expressions:
        try:
            problems += check_expression(where, text, labels_of, values_of, needs_job)
        except ValueError as error:
            problems.append(f"{where}: {error}")
    problems += check_chart_loads_dashboard(source_dir)
    problems += check_syntax_with_promtool(
        [entry for entry in expressions if entry[0].startswith(DASHBOARD)])
    for problem in problems:
        print(problem)
    if problems:
        sys.exit(f"{len(problems)} problems in {len(expressions)} expressions")
    used = sorted({metric for _, text, _ in expressions
                   for metric, _ in Expression(grafana_substituted(text)).selectors})
    print(f"{len(expressions)} expressions, {len(used)} metrics, all exported: {', '.join(used)}")


if __name__ == "__main__":
    main()
