#!/usr/bin/env bash
# Every benchmark in one go, one table: each row is kexit next to its anchor (kubectl, GNU grep,
# ripgrep, the 64 MiB budget) measured in the same run, with the ratio and the target of issue
# #14. The scripts it runs print their own details above the table; bench/README.md says how
# to read them. It builds kexit and kubesim first (RelWithDebInfo in build/ unless BUILD_DIR).
#   bash bench/run.sh [--quick]
# --quick: fewer runs, a 20 MiB log and 10k pods (a smoke test of the table, minutes not
# tens of minutes; its ratios are noisier). Environment: BUILD_DIR (build), RUNS (21),
# SCAN_MIB (200), SCAN_RUNS (3), PODS (100000), SKIP ("agent scan" to leave rows out).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
runs=${RUNS:-21}
scan_mib=${SCAN_MIB:-200}
scan_runs=${SCAN_RUNS:-3}
pods=${PODS:-100000}
if [[ "${1:-}" == "--quick" ]]; then
  runs=${RUNS:-5}
  scan_mib=${SCAN_MIB:-20}
  pods=${PODS:-10000}
fi
skip=" ${SKIP:-} "

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j 2 --target kexit kubesim >/dev/null
# The agent's anchor, a bare paged list (bench/paged_list_bench.cc), is built with the benchmarks.
if [[ "$skip" != *" agent "* ]]; then
  cmake -S . -B "$build" -DKEXIT_BUILD_BENCH=ON >/dev/null
  cmake --build "$build" -j 2 --target paged_list_bench >/dev/null
fi
kexit="$build/kexit"
kubesim="$build/kubesim"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
section() {  # section NAME COMMAND...: runs a bench, shows its output, keeps it for the table
  local name=$1
  shift
  echo "== $name: $*"
  if ! "$@" 2>&1 | tee "$out/$name"; then
    echo "(failed)" >>"$out/$name"
  fi
  echo
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(date -u +%FT%TZ)"
echo
section startup bash bench/startup_vs_kubectl.sh "$kexit" "$runs"
section inspect bash bench/inspect_vs_kubectl.sh "$kexit" "$runs" "$kubesim"
[[ "$skip" == *" scan "* ]] || section scan bash bench/scan_vs_grep.sh "$kexit" "$scan_mib" "$scan_runs"
[[ "$skip" == *" agent "* ]] ||
  section agent env KEXIT="$kexit" KUBESIM="$kubesim" SECONDS_RUNNING=10 \
    KUBECTL_WATCH_SECONDS=10 bash bench/agent_memory.sh "$pods"

python3 - "$out" <<'PY'
import os, re, sys
out = sys.argv[1]

def text(name):
    path = os.path.join(out, name)
    return open(path).read() if os.path.exists(path) else ""

def find(name, pattern):
    match = re.search(pattern, text(name), re.M)
    return float(match.group(1)) if match else None

rows = []
def row(figure, kexit, anchor_name, anchor, unit, target, lower_is_better=True):
    if kexit is None or anchor is None:
        rows.append((figure, "-", anchor_name, "-", "not measured", target))
        return
    ratio = anchor / kexit if lower_is_better else kexit / anchor
    rows.append((figure, f"{kexit:.1f} {unit}", anchor_name, f"{anchor:.1f} {unit}",
                 f"{ratio:.2f}x", target))

kubectl_version = find("startup", r"^kubectl version --client\s+([\d.]+) ms")
row("explain 101, start-up", find("startup", r"^kexit explain 101\s+([\d.]+) ms"),
    "kubectl version --client", kubectl_version, "ms", ">= 4x")
row("version, start-up", find("startup", r"^kexit version\s+([\d.]+) ms"),
    "kubectl version --client", kubectl_version, "ms", ">= 4x")
row("inspect pod/X (kubesim, HTTPS)", find("inspect", r"^kexit inspect pod/X\s+([\d.]+) ms"),
    "kubectl get+logs+events", find("inspect", r"^kubectl get\+logs\+events\s+([\d.]+) ms"),
    "ms", ">= 5x")
scan = find("scan", r"^kexit inspect:\s+([\d.]+) ms")
# Here the ratio is the tool's time over kexit's: >= 1.0x means kexit is at least as fast.
row("log scan, %s MiB" % (find("scan", r"^log: (\d+) MiB") or 0).__int__(), scan,
    "grep -c -E -f", find("scan", r"^grep -c -E -f:\s+([\d.]+) ms"), "ms", ">= 1.0x")
row("log scan, same log", scan, "rg -c -f", find("scan", r"^rg -c -f:\s+([\d.]+) ms"), "ms",
    ">= 1.0x")
peak = find("agent", r"^agent peak RSS:\s+([\d.]+) MiB")
row("agent peak RSS", peak, "64 MiB budget", 64.0 if peak is not None else None, "MiB",
    ">= 1x (<= 24 MiB: 2.67x)")
row("agent peak RSS", peak, "kubectl get pods -A -o name",
    find("agent", r"^kubectl get pods -A -o name: peak RSS ([\d.]+) MiB"), "MiB", "")
ready = find("agent", r"^time to ready \(initial list\): (\d+) ms")
row("agent time to ready", ready, "3 s target", 3000.0 if ready is not None else None, "ms",
    ">= 1x")
row("agent time to ready", ready, "bare paged list, 500 a page",
    find("agent", r"^bare paged list \(500 a page.*?: (\d+) ms"), "ms",
    ">= 0.67x (ready <= 1.5x the list)")

print("ratio: the anchor's figure over kexit's (above 1: kexit is faster or smaller)")
widths = [max(len(str(r[i])) for r in rows + [("figure", "kexit", "anchor", "anchor's", "ratio", "target")])
          for i in range(6)]
header = ("figure", "kexit", "anchor", "anchor's", "ratio", "target")
for r in [header] + rows:
    print("  ".join(str(cell).ljust(width) for cell, width in zip(r, widths)).rstrip())
PY
