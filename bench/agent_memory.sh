#!/usr/bin/env bash
# Checks the requirement "the agent watches 100k pods in <= 64 MiB RSS": starts kubesim with
# 100k synthetic pods and a churn of crashes and restarts, runs `kexit agent` against it until
# the initial list is done (/readyz), lets it diagnose, fetch logs and write Events for a while,
# and prints the agent's peak and current RSS against the budget, next to kubectl's peak RSS
# listing the same pods. Everything is on 127.0.0.1 and stops when the script ends.
#   bash bench/agent_memory.sh [PODS [SECONDS]]
# Environment: KEXIT (build-bench/kexit), KUBESIM (build-bench/kubesim), PODS (100000),
# SECONDS_RUNNING (30), CHURN (200 changes/s, half of them crashes), EVENT_QPS (100 per
# namespace; the default of 1 would skip most writes as rate-limited), KUBECTL (kubectl),
# KUBECTL_WATCH_SECONDS (60), PAGED_LIST (bench/paged_list_bench beside KEXIT: the bare paged
# list the time to ready is compared with; skipped when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
kexit=${KEXIT:-build-bench/kexit}
kubesim=${KUBESIM:-build-bench/kubesim}
pods=${1:-${PODS:-100000}}
running=${2:-${SECONDS_RUNNING:-30}}
churn=${CHURN:-200}
event_qps=${EVENT_QPS:-100}
kubectl=${KUBECTL:-kubectl}
kubectl_watch_seconds=${KUBECTL_WATCH_SECONDS:-60}
paged_list=${PAGED_LIST:-$(dirname "$kexit")/bench/paged_list_bench}
budget_kib=$((64 * 1024))

work=$(mktemp -d)
kubesim_pid=""
agent_pid=""
# The agent goes first: on SIGTERM it drains its queue, and against a server that is gone
# every queued termination would wait out the client's retries.
cleanup() {
  for pid in $agent_pid $kubesim_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits until `$@` succeeds, polling every 0.1 s, for at most $1 seconds.
wait_for() {
  local deadline=$(($(date +%s) + $1))
  shift
  until "$@"; do
    if (($(date +%s) >= deadline)); then
      return 1
    fi
    sleep 0.1
  done
}

status_kib() {  # status_kib PID FIELD: VmHWM or VmRSS of a process, in KiB
  awk -v field="$2:" '$1 == field {print $2}' "/proc/$1/status"
}

mib() { awk -v k="$1" 'BEGIN{printf "%.1f MiB", k/1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

metric_sum() {  # metric_sum NAME [LABEL_FILTER]: sum of a counter's series on /metrics
  awk -v name="$1" -v filter="${2:-}" \
    'index($0, name) == 1 && (filter == "" || index($0, filter) > 0) {sum += $NF}
     END {printf "%d", sum}' "$work/metrics"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# kubesim prints its "serving" line once the synthetic pods are stored (the kubeconfig is
# written before, so its presence alone is not enough). A long history keeps kubectl's
# continue tokens valid: its list of 100k pods takes longer than the default 10000 changes.
"$kubesim" --synthetic-pods "$pods" --churn-per-second "$churn" --history 200000 \
  --kubeconfig-out "$work/kubeconfig" >"$work/kubesim.out" 2>"$work/kubesim.err" &
kubesim_pid=$!
if ! wait_for 300 grep -q "kubesim: serving" "$work/kubesim.out"; then
  echo "kubesim did not start:" >&2
  cat "$work/kubesim.err" >&2
  exit 1
fi

# The anchor of the time to ready: the same pods listed by a minimal client (kexit's transport,
# the agent's page size of 500, no decoding), once before the agent starts and once after it
# stops, against the same server under the same churn.
bare_list() {  # bare_list NAME: the list's wall time in ms, or nothing without the client
  if [[ -x "$paged_list" ]]; then
    "$paged_list" "$work/kubeconfig" 500 >"$work/$1.list" || true
    cat "$work/$1.list" >&2
    sed -n 's/.* \([0-9]*\) ms$/\1/p' "$work/$1.list"
  fi
}
list_before_ms=$(bare_list before)

port=$(free_port)
start_ns=$(date +%s%N)
"$kexit" agent --kubeconfig "$work/kubeconfig" --leader-elect=false --pod-name bench-agent \
  --pod-namespace default --listen "127.0.0.1:$port" --event-qps "$event_qps" \
  --event-burst "$event_qps" --log-level warning 2>"$work/agent.log" &
agent_pid=$!
ready() { curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; }
if ! wait_for 300 ready; then
  echo "the agent did not become ready:" >&2
  tail -20 "$work/agent.log" >&2
  exit 1
fi
ready_ms=$((($(date +%s%N) - start_ns) / 1000000))
ready_hwm=$(status_kib "$agent_pid" VmHWM)
ready_rss=$(status_kib "$agent_pid" VmRSS)

sleep "$running"
kill -0 "$agent_pid"  # still alive: a crash would otherwise read as low memory
hwm=$(status_kib "$agent_pid" VmHWM)
rss=$(status_kib "$agent_pid" VmRSS)
threads=$(awk '$1 == "Threads:" {print $2}' "/proc/$agent_pid/status")
curl -sf "http://127.0.0.1:$port/metrics" >"$work/metrics"
terminations=$(metric_sum kexit_container_terminations_total)
events_written=$(($(metric_sum kexit_events_total 'result="created"') + \
  $(metric_sum kexit_events_total 'result="updated"') + \
  $(metric_sum kexit_events_total 'result="recreated"')))
events_all=$(metric_sum kexit_events_total)
gets=$(metric_sum kexit_api_requests_total 'verb="get"')

# Stopped before kubectl runs, so neither slows the other down.
kill "$agent_pid"
wait "$agent_pid" || true
agent_pid=""
list_after_ms=$(bare_list after)

# kubectl on the same server, for scale, once the agent is gone: one full paginated list (its
# default chunk size is 500, like the agent's), and a watch (the list as a Table, then changes)
# for a bounded time.
# time(1) reports the largest process: the gcloud dispatcher runs the real kubectl as a child.
kubectl_peak() {  # kubectl_peak NAME ARGS...: peak RSS in KiB; what kubectl said goes to stderr
  local name=$1
  shift
  /usr/bin/time -f %M -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
  if [[ -s "$work/$name.err" ]]; then
    echo "kubectl $name: $(tail -1 "$work/$name.err")" >&2
  fi
  tail -1 "$work/$name.time"
}
kubectl_list_kib=""
kubectl_watch_kib=""
if command -v "$kubectl" >/dev/null; then
  kubectl_args=(--kubeconfig "$work/kubeconfig" --cache-dir "$work/kubectl-cache")
  kubectl_list_kib=$(kubectl_peak list "$kubectl" "${kubectl_args[@]}" get pods -A -o name)
  kubectl_watch_kib=$(kubectl_peak watch timeout -s INT "$kubectl_watch_seconds" \
    "$kubectl" "${kubectl_args[@]}" get pods -A --watch)
fi

echo "pods: $pods, churn: $churn changes/s, ran ${running} s after ready, $threads threads"
echo "time to ready (initial list): ${ready_ms} ms"
if [[ -n "$list_before_ms" && -n "$list_after_ms" ]]; then
  # The agent's figure also holds its start-up and /readyz's 0.1 s polling.
  list_ms=$(((list_before_ms + list_after_ms) / 2))
  echo "bare paged list (500 a page, kexit's transport, no decoding): ${list_ms} ms" \
    "(before the agent ${list_before_ms} ms, after ${list_after_ms} ms);" \
    "time to ready is $(ratio "$ready_ms" "$list_ms")× it (target <= 1.5×)"
fi
echo "agent RSS at ready:  $(mib "$ready_rss") (peak so far $(mib "$ready_hwm"))"
echo "agent RSS at end:    $(mib "$rss")"
verdict="within"
if ((hwm > budget_kib)); then
  verdict="OVER"
fi
echo "agent peak RSS:      $(mib "$hwm"), $(ratio "$hwm" "$budget_kib")× the 64 MiB budget ($verdict)"
echo "terminations seen: $terminations, Events written: $events_written (all Event results:" \
  "$events_all), GET requests (mostly logs): $gets"
if [[ -n "$kubectl_list_kib" ]]; then
  echo "kubectl get pods -A -o name: peak RSS $(mib "$kubectl_list_kib")," \
    "$(wc -l <"$work/list.out") pods; kexit agent uses $(ratio "$hwm" "$kubectl_list_kib")×" \
    "kubectl's memory"
fi
if [[ -n "$kubectl_watch_kib" ]]; then
  echo "kubectl get pods -A --watch (${kubectl_watch_seconds} s, $(wc -l <"$work/watch.out") lines):" \
    "peak RSS $(mib "$kubectl_watch_kib"); kexit agent uses $(ratio "$hwm" "$kubectl_watch_kib")×" \
    "kubectl's memory"
fi
