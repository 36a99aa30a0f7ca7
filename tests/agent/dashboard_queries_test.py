#!/usr/bin/env python3
"""A real Prometheus scrapes the agent while it diagnoses kubesim's mixed scenario: every query
of the Grafana dashboard returns data, and the alert rules evaluate without error.

Prometheus (Debian's `prometheus` package) listens on loopback and scrapes the agent every
second as the chart's ServiceMonitor would: with the Operator's target labels `namespace` and
`service`, and honor_labels, so the terminations keep the crashed pods' namespace. It loads
manifests/monitoring/kexit-alerts.rules.yaml. The test passes when each dashboard query (with
Grafana's variables set for a short run) has returned a non-empty result at least once, every
rule's health is ok, and KexitContainerCrashing fires for a namespace of the scenario, not for
the agent's own. Skipped (exit 77) without the prometheus binary.

Usage: dashboard_queries_test.py SOURCE_DIR KEXIT KUBESIM
"""

import json
import os
import shutil
import socket
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import yaml

import monitoring_metrics_test as monitoring

SKIPPED = 77
JOB = "kexit-agent-metrics"
# The scenario's crashes come over its first minute; a loaded machine gets twice that.
DEADLINE_SECONDS = 150
# Grafana's variables for a run of a minute or two scraped every second.
LIVE_VARIABLES = [("$__rate_interval", "15s"), ("$__range", "5m"), ("$__interval", "1s"),
                  ("$job", JOB), ("$namespace", ".*")]
SCENARIO_NAMESPACES = {"shop", "batch", "data", "infra"}


def free_port():
    """A port for Prometheus and one for the agent, which Prometheus must know before it starts.
    Neither tells the port it got for :0 in a form this test can rely on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def live_query(expression):
    for variable, value in LIVE_VARIABLES:
        expression = expression.replace(variable, value)
    return expression


def api(prometheus, path, **parameters):
    url = f"http://{prometheus}/api/v1/{path}"
    if parameters:
        url += "?" + urllib.parse.urlencode(parameters)
    with urllib.request.urlopen(url, timeout=10) as answer:
        body = json.load(answer)
    if body.get("status") != "success":
        sys.exit(f"{url}: {body}")
    return body["data"]


def write_config(work, agent_port, source_dir):
    shutil.copy(os.path.join(source_dir, monitoring.RULES), work)
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [os.path.basename(monitoring.RULES)],
        "scrape_configs": [{
            "job_name": JOB,
            "honor_labels": True,
            "static_configs": [{"targets": [f"127.0.0.1:{agent_port}"],
                                "labels": {"namespace": "kexit", "service": JOB}}],
        }],
    }
    path = os.path.join(work, "prometheus.yml")
    with open(path, "w", encoding="utf-8") as out:
        yaml.safe_dump(config, out)
    return path


def dashboard_queries(source_dir):
    with open(os.path.join(source_dir, monitoring.DASHBOARD), encoding="utf-8") as file:
        dashboard = json.load(file)
    return {where + f" ({number})": live_query(text) for number, (where, text, _) in
            enumerate(monitoring.expressions_of_dashboard(dashboard))
            if "variable" not in where}


def rule_problems(prometheus):
    problems = []
    for group in api(prometheus, "rules")["groups"]:
        for rule in group["rules"]:
            if rule["health"] != "ok":
                problems.append(f"rule {rule['name']}: {rule['health']} {rule.get('lastError')}")
    return problems


def crashing_namespaces(prometheus):
    return {alert["labels"].get("namespace") for alert in api(prometheus, "alerts")["alerts"]
            if alert["labels"]["alertname"] == "KexitContainerCrashing"}


def watch(prometheus, queries):
    """Polls until every query has answered with data and the crash alert fired; what is missing."""
    waiting = dict(queries)
    namespaces = set()
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        for where, query in list(waiting.items()):
            if api(prometheus, "query", query=query)["result"]:
                del waiting[where]
        namespaces |= crashing_namespaces(prometheus)
        if not waiting and namespaces & SCENARIO_NAMESPACES:
            break
        time.sleep(1)
    missing = [f"{where}: no data from {query}" for where, query in waiting.items()]
    if not namespaces & SCENARIO_NAMESPACES:
        missing.append(f"KexitContainerCrashing fired for {sorted(map(str, namespaces))}, "
                       f"none of the scenario's {sorted(SCENARIO_NAMESPACES)}")
    return missing


def run(source_dir, kexit, kubesim, prometheus_binary):
    with tempfile.TemporaryDirectory() as work:
        agent_port, prometheus_port = free_port(), free_port()
        prometheus = f"127.0.0.1:{prometheus_port}"
        logs = {name: os.path.join(work, name + ".log") for name in ("kubesim", "prometheus",
                                                                     "agent")}
        processes = []
        try:
            with open(logs["kubesim"], "w", encoding="utf-8") as output:
                processes.append(monitoring.start(
                    [kubesim, "--scenario", os.path.join(source_dir, monitoring.SCENARIO),
                     "--kubeconfig-out", os.path.join(work, "kubeconfig")], output))
            monitoring.wait_for_line(processes[-1], logs["kubesim"], r"kubesim: serving (\S+)")
            with open(logs["prometheus"], "w", encoding="utf-8") as output:
                processes.append(monitoring.start(
                    [prometheus_binary, "--config.file", write_config(work, agent_port, source_dir),
                     "--storage.tsdb.path", os.path.join(work, "data"),
                     "--web.listen-address", prometheus], output))
            monitoring.wait_for_line(processes[-1], logs["prometheus"],
                                     r"(Server is ready to receive web requests)")
            env = dict(os.environ, POD_NAME="kexit-agent-0", POD_NAMESPACE="kexit")
            with open(logs["agent"], "w", encoding="utf-8") as output:
                processes.append(monitoring.start(
                    [kexit, "agent", "--kubeconfig", os.path.join(work, "kubeconfig"), "--listen",
                     f"127.0.0.1:{agent_port}", "--leader-elect=false"], output, env))
            queries = dashboard_queries(source_dir)
            problems = watch(prometheus, queries) + rule_problems(prometheus)
        finally:
            for process in reversed(processes):
                monitoring.stop(process)
        if problems:
            with open(logs["agent"], encoding="utf-8", errors="replace") as agent_log:
                print(agent_log.read()[-4000:])
        return problems, len(queries)


def main():
    source_dir, kexit, kubesim = sys.argv[1:4]
    prometheus_binary = shutil.which("prometheus")
    if prometheus_binary is None:
        print("SKIPPED: prometheus not found; install Debian's prometheus package "
              "(scripts/setup.sh)")
        sys.exit(SKIPPED)
    problems, count = run(source_dir, kexit, kubesim, prometheus_binary)
    for problem in problems:
        print(problem)
    if problems:
        sys.exit(f"{len(problems)} problems")
    print(f"{count} dashboard queries returned data from a real Prometheus; every rule is healthy "
          f"and KexitContainerCrashing fired for the scenario's namespaces")


if __name__ == "__main__":
    main()
