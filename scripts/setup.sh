#!/usr/bin/env bash
# Installs what kexit needs to build and test, from Debian's packages only. Idempotent: it
# installs only what is missing. Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ca-certificates git
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libcpp-httplib-dev libre2-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev openssl python3 python3-yaml python3-jsonschema
  universal-ctags
  # bench/scan_vs_grep.sh times the log scan against ripgrep as well as GNU grep.
  ripgrep
  # bench/prefilter_bench.cc times Vectorscan against RE2 as the scan's prefilter; kexit
  # itself does not link it.
  libvectorscan-dev
  # tests/base/decimal_number_test.cc makes a comma-decimal locale with glibc's localedef,
  # which reads its character maps from here.
  locales
  # tests/cli/completion_script_test.cc runs `kexit completion zsh` in zsh (bash is there).
  zsh
  # tests/cli/terminal_screen_test.cc drives kexit in a real terminal and reads its screen.
  tmux
  # promtool, for `promtool test rules` on the chart's alerts (tests/agent/prometheus_rules_test.py);
  # the server, which tests/agent/dashboard_queries_test.py starts on loopback for the dashboard.
  prometheus
  # tests/packaging/: help2man writes kexit.1, lintian checks the .deb, man renders the page.
  help2man lintian man-db
  # tests/agent/web_page_browser_test.py loads the agent's web page in headless Chromium.
  chromium
  # The sanitizer build of scripts/test.sh (KEXIT_SANITIZE, KEXIT_FUZZ): clang, its ASan,
  # UBSan and libFuzzer runtimes, and llvm-symbolizer for readable stack traces.
  clang libclang-rt-dev llvm
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

# The kubectl fidelity suite needs a kubectl; Debian's kubernetes-client is the fallback when
# the machine has none (ours ship kubectl 1.27-1.33 from the Google Cloud CLI package).
if ! command -v kubectl >/dev/null 2>&1; then
  missing+=(kubernetes-client)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
