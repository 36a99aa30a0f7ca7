#!/usr/bin/env bash
# kexit as it read a --logs file before the mapped tail: this process holds the log open for
# writing, so no read lease can be taken and the tail is read into a string. For a before/after
# in one run:  BEFORE=bench/kexit_without_mapping.sh bash bench/scan_vs_grep.sh build/kexit 200 3
# Environment: KEXIT (build/kexit, relative to the repository).
set -euo pipefail
kexit=${KEXIT:-$(dirname "$0")/../build/kexit}
for argument in "$@"; do
  case $argument in
    *=/*) log=${argument#*=} ;;
  esac
done
exec 3>>"$log"
exec "$kexit" "$@"
