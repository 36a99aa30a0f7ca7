#!/usr/bin/env bash
# Start-up: `kexit version` and `kexit explain 101` end to end next to `kubectl version
# --client` (a Go binary that does no network call), interleaved in the same run; the median
# of each, and kubectl's median divided by kexit's (the target is >= 4 for explain).
#   bash bench/startup_vs_kubectl.sh [path/to/kexit] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
kexit=${1:-build/kexit}
runs=${2:-21}
command -v kubectl >/dev/null || { echo "kubectl not found: scripts/setup.sh installs one"; exit 1; }

python3 - "$kexit" "$runs" <<'PY'
import statistics, subprocess, sys, time
kexit, runs = sys.argv[1], int(sys.argv[2])
commands = {
    "kexit version": [kexit, "version"],
    "kexit explain 101": [kexit, "explain", "101"],
    "kubectl version --client": ["kubectl", "version", "--client"],
}
times = {name: [] for name in commands}
for _ in range(runs):
    # Interleaved, so a burst of load from the machine's other users hits every side.
    for name, argv in commands.items():
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
        times[name].append((time.perf_counter() - start) * 1000)
kubectl = statistics.median(times["kubectl version --client"])
print(f"runs: {runs} of each, interleaved; medians")
for name, values in times.items():
    median = statistics.median(values)
    print(f"{name:26s} {median:7.1f} ms   kubectl/this: {kubectl / median:5.2f}x")
PY
