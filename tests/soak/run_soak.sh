#!/usr/bin/env bash
# Soak run (a benchmark-style command, not part of the test suite): spikescope offscreen in live
# mode, driven by a seeded random user for SECONDS (default 600), under whatever build BUILD_DIR
# holds; meant for the asan preset:
#   cmake --preset asan && cmake --build --preset asan --target spikescope
#   tests/soak/run_soak.sh build/asan 600
# Prints resident memory in the starting state after a 1-minute warm-up and again at the end
# (each the median of 10 one-second samples) and the growth in percent; fails if the growth
# reaches 5 %, the window stopped showing new frames, a saved file did not load back
# equal, or a sanitizer reported anything.
set -euo pipefail
build="${1:?usage: run_soak.sh BUILD_DIR [SECONDS]}"
seconds="${2:-600}"
export QT_QPA_PLATFORM=offscreen
# Freed memory goes back to the system within a second, so that resident memory follows what
# the program holds (plus the quarantine, full after the warm-up) rather than its high-water mark.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_release_to_os_interval_ms=1000}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
start=$(date +%s)
"$build/app/spikescope" --soak "$seconds" 2>&1 | tee "$log"
echo "wall_seconds=$(( $(date +%s) - start ))"
growth=$(sed -n 's/.*growth_pct=\([-0-9.]*\).*/\1/p' "$log")
[ -n "$growth" ] || { echo "soak: no result line"; exit 1; }
awk -v g="$growth" 'BEGIN { exit !(g < 5.0) }' || { echo "soak: memory grew ${growth} %"; exit 1; }
echo "soak: passed (growth ${growth} %)"
