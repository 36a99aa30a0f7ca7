#!/usr/bin/env bash
# Sets up, then builds and tests twice (docs/reliability.md, "CI time"):
#   1. build/      the compiler's default (g++), warnings as errors: the product as shipped;
#   2. build-asan/ clang with AddressSanitizer + UndefinedBehaviorSanitizer (any report fails
#                  its test) and the libFuzzer targets, whose ctest label `fuzz` runs each one
#                  for KEXIT_FUZZ_SECONDS (20 s) from its seeds.
# Each phase prints its wall time; docs/reliability.md, "CI time", gives the measured figures.
# KEXIT_TEST_SANITIZE=0 skips the second build (a quicker local run), and says so.
# The clang build precompiles the heavy headers (-DKEXIT_PCH=ON); the g++ build does not: on a
# clean clone g++ took 1,312 s with them and 1,065 s without (docs/reliability.md, "CI time").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs="$(nproc)"

phase() {
  local name="$1"
  shift
  local start=$SECONDS
  "$@"
  echo "test.sh: ${name} took $((SECONDS - start)) s (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
}

run_ctest() {
  (cd "$1" && ctest --output-on-failure -j "$jobs" --timeout 600)
}

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKEXIT_WERROR=ON -DKEXIT_PCH=OFF >/dev/null
phase "build (g++)" cmake --build build -j "$jobs"
phase "ctest (g++)" run_ctest build

if [ "${KEXIT_TEST_SANITIZE:-1}" = "0" ]; then
  echo "test.sh: the ASan+UBSan build and the fuzz smoke were NOT run (KEXIT_TEST_SANITIZE=0)" >&2
  exit 0
fi
# -O1 and line tables only (-g1): what ASan recommends, enough for symbolized stack traces,
# and much cheaper to compile than RelWithDebInfo's -O2 -g.
CC=clang CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" -DKEXIT_WERROR=ON -DKEXIT_SANITIZE=ON \
  -DKEXIT_FUZZ=ON -DKEXIT_PCH=ON >/dev/null
phase "build (clang, ASan+UBSan, fuzz targets)" cmake --build build-asan -j "$jobs"
phase "ctest (clang, ASan+UBSan, fuzz smoke)" run_ctest build-asan
