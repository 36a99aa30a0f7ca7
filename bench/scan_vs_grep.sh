#!/usr/bin/env bash
# Prints how long `kexit inspect` takes on a 2 MiB log next to grep -E (and ripgrep when
# installed) searching the same log for the same log patterns, and the ratio. kexit does more
# (every rule, ranking, redaction, output), so a ratio near 1 means the single-pass scan costs
# about what one grep does.
#   bash bench/scan_vs_grep.sh [path/to/kexit]
set -euo pipefail
cd "$(dirname "$0")/.."
kexit=${1:-build/kexit}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/driver.log" <<'PY'
import random, sys
random.seed(42)
with open(sys.argv[1], "w") as out:
    size = 0
    n = 0
    while size < 2 * 1024 * 1024:
        line = (f"26/11/24 12:00:{n % 60:02d} INFO BlockManagerInfo: Added broadcast_"
                f"{random.randrange(1000)}_piece0 in memory on 10.0.0.{random.randrange(255)}"
                f":40123 (size: 101.0 B, free: 366.3 MiB)\n")
        out.write(line)
        size += len(line)
        n += 1
    out.write("Error: Failed to load class org.apache.spark.examples.SparkPi.\n")
PY
# Every log pattern of the built-in knowledge, one per line, for grep -f.
"$kexit" kb lint >/dev/null
grep -rhoE "^\s*(- )?'[^']+'" knowledge/*.yaml | sed -E "s/^\s*(- )?'//; s/'$//; s/''/'/g" \
  | grep -vE '\(\?i\)|\\[bdswDSW]' > "$work/patterns" || true

time_of() {  # median of 5 runs, in milliseconds
  local runs=()
  for _ in 1 2 3 4 5; do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    runs+=($(((end - start) / 1000000)))
  done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p
}

kexit_ms=$(time_of "$kexit" inspect --file examples/spark-driver/pod.yaml \
  --logs spark-kubernetes-driver="$work/driver.log" -o json)
grep_ms=$(time_of grep -cE -f "$work/patterns" "$work/driver.log")
echo "log: 2 MiB, $(wc -l <"$work/patterns") patterns grep can read"
echo "kexit inspect: ${kexit_ms} ms"
echo "grep -E -f:    ${grep_ms} ms   ratio kexit/grep: $(awk -v a="$kexit_ms" -v b="$grep_ms" 'BEGIN{printf "%.2f", a/(b?b:1)}')"
if command -v rg >/dev/null; then
  rg_ms=$(time_of rg -c -f "$work/patterns" "$work/driver.log")
  echo "rg -f:         ${rg_ms} ms   ratio kexit/rg: $(awk -v a="$kexit_ms" -v b="$rg_ms" 'BEGIN{printf "%.2f", a/(b?b:1)}')"
fi
