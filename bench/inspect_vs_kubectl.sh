#!/usr/bin/env bash
# `kexit inspect pod/X` against kubesim next to the three kubectl reads a person types to do
# the same by hand: `kubectl get pod X -o json`, `kubectl logs X` (the pod ran once, with
# restartPolicy Never, so its current log is the dead instance's) and `kubectl get events
# --field-selector involvedObject.uid=UID`. Both sides talk to the same kubesim over HTTPS,
# interleaved in the same run; the medians and kubectl's sum divided by kexit's (target >= 5).
#   bash bench/inspect_vs_kubectl.sh [path/to/kexit] [runs] [path/to/kubesim]
set -euo pipefail
cd "$(dirname "$0")/.."
kexit=${1:-build/kexit}
runs=${2:-21}
kubesim=${3:-$(dirname "$kexit")/kubesim}
command -v kubectl >/dev/null || { echo "kubectl not found: scripts/setup.sh installs one"; exit 1; }

work=$(mktemp -d)
"$kubesim" --scenario examples/scenarios/spark-driver.yaml \
  --kubeconfig-out "$work/kubeconfig" >"$work/kubesim.log" 2>&1 &
kubesim_pid=$!
trap 'kill "$kubesim_pid" 2>/dev/null; wait "$kubesim_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/kubeconfig" ] && break; sleep 0.1; done
[ -s "$work/kubeconfig" ] || { cat "$work/kubesim.log"; echo "kubesim did not start"; exit 1; }

python3 - "$kexit" "$runs" "$work/kubeconfig" <<'PY'
import json, statistics, subprocess, sys, time
kexit, runs, kubeconfig = sys.argv[1], int(sys.argv[2]), sys.argv[3]
pod, ns = "spark-pi-driver", "default"
kc = ["--kubeconfig", kubeconfig]

def run(argv):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True).stdout

# The scenario ends the driver about 5 s after start; wait for kexit to see the termination,
# or the comparison would measure the "nothing ended yet" path.
for _ in range(150):
    report = json.loads(run([kexit, "inspect", f"pod/{pod}", "-n", ns, "-o", "json", *kc]))
    if report["containers"]:
        break
    time.sleep(0.1)
assert report["containers"], "the scenario's driver never terminated"
uid = json.loads(run(["kubectl", "get", "pod", pod, "-n", ns, "-o", "json", *kc]))["metadata"]["uid"]
sides = {
    "kexit inspect pod/X": [[kexit, "inspect", f"pod/{pod}", "-n", ns, *kc]],
    "kubectl get+logs+events": [
        ["kubectl", "get", "pod", pod, "-n", ns, "-o", "json", *kc],
        ["kubectl", "logs", pod, "-n", ns, *kc],
        ["kubectl", "get", "events", "-n", ns,
         f"--field-selector=involvedObject.uid={uid}", *kc],
    ],
}
times = {name: [] for name in sides}
for _ in range(runs):
    # Interleaved, so a burst of load from the machine's other users hits both sides.
    for name, commands in sides.items():
        start = time.perf_counter()
        for argv in commands:
            run(argv)
        times[name].append((time.perf_counter() - start) * 1000)
kexit_ms = statistics.median(times["kexit inspect pod/X"])
kubectl_ms = statistics.median(times["kubectl get+logs+events"])
print(f"runs: {runs} of each, interleaved, against kubesim (HTTPS); medians")
print(f"kexit inspect pod/X        {kexit_ms:7.1f} ms")
print(f"kubectl get+logs+events    {kubectl_ms:7.1f} ms   kubectl/kexit: {kubectl_ms / kexit_ms:5.2f}x")
PY
