#!/usr/bin/env bash
# Sets up, builds and diagnoses the bundled Spark driver example offline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target kexit
build/kexit inspect --file examples/spark-driver/pod.yaml \
  --logs spark-kubernetes-driver=examples/spark-driver/driver.log
