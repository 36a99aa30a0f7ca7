#!/usr/bin/env bash
# The log scan end to end: `kexit inspect` over a generated log with rare true matches, next to
# GNU grep -c -E -f and ripgrep -c -f searching the same file for the knowledge base's log
# patterns, C locale, every output to a pipe (on /dev/null GNU grep stops at the first match,
# as with -q). Interleaved runs in one go; medians and kexit's time divided by each tool's.
# Patterns a tool rejects are left out of its list, and the count says how many remain.
#   bash bench/scan_vs_grep.sh [path/to/kexit] [MiB] [runs]
# BEFORE=path/to/other/kexit adds that binary to the same interleaved runs (a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
kexit=${1:-build/kexit}
mib=${2:-200}
runs=${3:-5}
export LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/driver.log" "$mib" <<'PY'
import random, sys
random.seed(42)
templates = [
    "26/11/24 12:{m:02d}:{s:02d} INFO BlockManagerInfo: Added broadcast_{a}_piece0 in memory on "
    "10.0.0.{b}:40123 (size: {c}.0 B, free: 366.3 MiB)\n",
    "2024-11-26T12:{m:02d}:{s:02d}.{a:03d}Z [worker-{b}] DEBUG c.e.orders.OrderService - order {c} "
    "accepted for customer {a}{b} in {b} ms\n",
    "10.1.{b}.{a} - - [26/Nov/2024:12:{m:02d}:{s:02d} +0000] \"GET /api/v1/items/{c}?page={b} "
    "HTTP/1.1\" 200 {c} \"-\" \"kube-probe/1.29\"\n",
    "[{m:02d}:{s:02d}] gc: pause young (normal) (g1 evacuation pause) {a}M->{b}M({c}M) {b}.{a}ms\n",
    "{{\"ts\":\"2024-11-26T12:{m:02d}:{s:02d}Z\",\"level\":\"info\",\"msg\":\"request served\","
    "\"path\":\"/healthz\",\"status\":200,\"bytes\":{c},\"latency_ms\":{b}}}\n",
]
rare = [
    "Error: Failed to load class org.apache.spark.examples.SparkPi.\n",
    "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n",
]
target = int(sys.argv[2]) * 1024 * 1024
with open(sys.argv[1], "w") as out:
    size = n = 0
    while size < target:
        if n % 1_000_000 == 999_999:
            line = rare[(n // 1_000_000) % len(rare)]
        else:
            line = random.choice(templates).format(m=n // 60 % 60, s=n % 60, a=random.randrange(1000),
                                                   b=random.randrange(255), c=random.randrange(100000))
        out.write(line)
        size += len(line)
        n += 1
PY

# Every log pattern of the built-in rules and notes (log, log_all in when, unless and boost).
python3 - "$work/all-patterns" knowledge/*.yaml <<'PY'
import sys, yaml
patterns = []
def blocks(entry):
    yield entry.get("when") or {}
    for key in ("unless", "boost"):
        yield from entry.get(key) or []
for path in sys.argv[2:]:
    doc = yaml.safe_load(open(path)) or {}
    for entry in (doc.get("rules") or []) + (doc.get("notes") or []):
        for block in blocks(entry):
            for key in ("log", "log_all"):
                value = block.get(key) or []
                patterns += [value] if isinstance(value, str) else value
unique = list(dict.fromkeys(patterns))
open(sys.argv[1], "w").write("".join(p + "\n" for p in unique))
PY
# Each tool gets the patterns it accepts (exit status 2 is a syntax error for both).
accepted() {  # tool args... < patterns > accepted patterns
  while IFS= read -r pattern; do
    printf '%s\n' "$pattern" >"$work/one"
    status=0
    "$@" -f "$work/one" /dev/null >/dev/null 2>"$work/stderr" || status=$?
    # GNU grep warns and reads `(?i)` as something else: a warning counts as a rejection.
    if [ "$status" -ne 2 ] && [ ! -s "$work/stderr" ]; then printf '%s\n' "$pattern"; fi
  done
}
accepted grep -c -E <"$work/all-patterns" >"$work/grep-patterns"
have_rg=0
if command -v rg >/dev/null; then
  have_rg=1
  accepted rg -c <"$work/all-patterns" >"$work/rg-patterns"
fi

declare -A times
run() {  # name command...: appends the wall time in ms
  local start end
  start=$(date +%s%N)
  # grep and rg exit 1 when nothing matched (a small log): a result, not a failure.
  { "${@:2}" 2>/dev/null || [ $? -eq 1 ]; } | cat >/dev/null
  end=$(date +%s%N)
  times[$1]+="$(((end - start) / 1000000)) "
}
kexit_scan() {  # kexit_scan NAME BINARY
  run "$1" "$2" inspect --file examples/spark-driver/pod.yaml \
    --logs spark-kubernetes-driver="$work/driver.log" --max-log-bytes $((mib * 2 * 1024 * 1024)) \
    -o json
}
for _ in $(seq "$runs"); do
  [ -n "${BEFORE:-}" ] && kexit_scan before "$BEFORE"
  kexit_scan kexit "$kexit"
  run grep grep -c -E -f "$work/grep-patterns" "$work/driver.log"
  [ "$have_rg" = 1 ] && run rg rg -c -f "$work/rg-patterns" "$work/driver.log"
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
kexit_ms=$(median "${times[kexit]}")
grep_ms=$(median "${times[grep]}")
echo "log: $mib MiB, $(wc -l <"$work/driver.log") lines; $(wc -l <"$work/all-patterns") log patterns;" \
  "medians of $runs interleaved runs"
echo "matching lines: grep $(grep -c -E -f "$work/grep-patterns" "$work/driver.log" 2>/dev/null || true)"
echo "kexit inspect:  ${kexit_ms} ms  ($(awk -v m="$mib" -v t="$kexit_ms" 'BEGIN{printf "%.2f", m/1024/(t/1000)}') GiB/s)"
echo "grep -c -E -f:  ${grep_ms} ms  ($(wc -l <"$work/grep-patterns") patterns grep accepts)" \
  "  kexit/grep: $(awk -v a="$kexit_ms" -v b="$grep_ms" 'BEGIN{printf "%.2f", a/(b?b:1)}')"
if [ "$have_rg" = 1 ]; then
  rg_ms=$(median "${times[rg]}")
  echo "rg -c -f:       ${rg_ms} ms  ($(wc -l <"$work/rg-patterns") patterns rg accepts)" \
    "  kexit/rg: $(awk -v a="$kexit_ms" -v b="$rg_ms" 'BEGIN{printf "%.2f", a/(b?b:1)}')"
else
  echo "rg: not installed, skipped (scripts/setup.sh installs ripgrep)"
fi
if [ -n "${BEFORE:-}" ]; then
  before_ms=$(median "${times[before]}")
  echo "before ($BEFORE): ${before_ms} ms  before/grep: $(awk -v a="$before_ms" -v b="$grep_ms" \
    'BEGIN{printf "%.2f", a/(b?b:1)}')$([ "$have_rg" = 1 ] && awk -v a="$before_ms" -v b="$rg_ms" \
    'BEGIN{printf "  before/rg: %.2f", a/(b?b:1)}')"
fi
