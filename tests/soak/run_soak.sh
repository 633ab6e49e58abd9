#!/usr/bin/env bash
# Soak run (a benchmark-style command, not part of the test suite): spikescope offscreen in live
# mode, driven by a seeded random user for SECONDS (default 600), under whatever build BUILD_DIR
# holds; meant for the asan preset:
#   cmake --preset asan && cmake --build --preset asan --target spikescope
#   tests/soak/run_soak.sh build/asan 600
# Prints resident memory and heap in use in the starting state after a warm-up and again at the
# end (each the median of 10 one-second samples) and the growth of resident memory in percent;
# fails if that growth reaches 5 %, the window stopped showing new frames, a saved file did not
# load back equal, or a sanitizer reported anything. The warm-up lasts at least a minute, until
# every kind of action has happened and the allocator's footprint has set no new high for a
# minute, at most half the run; under ASan the soak purges the sanitizer's quarantine and caches
# before each sample (see ui/soak.cpp).
set -euo pipefail
build="${1:?usage: run_soak.sh BUILD_DIR [SECONDS]}"
seconds="${2:-600}"
export QT_QPA_PLATFORM=offscreen
# ASan's allocator settings, so that resident memory follows what the program holds rather than
# the allocator's history (measurements in tests/INPUTS.md):
# - freed memory goes back to the system within a second (allocator_release_to_os_interval_ms);
# - the quarantine of freed blocks holds 32 MB instead of 256 MB: 256 MB is several seconds of
#   the most recent frees, so its resident share depended on what the random user did just
#   before a sample (50 to 100 MB either way); 32 MB, full long before the first sample, keeps
#   little of that history;
# - allocation and free stacks keep the call site only (malloc_context_size=2: the interceptor
#   and its caller). Debian's Qt has no frame pointers, so the fast unwinder reads stack garbage
#   past the first Qt frame; every such stack is a new entry in the sanitizer's stack depot,
#   which never shrinks (1.6 million stacks, 92 MB after 10 minutes). Errors are detected and
#   reported as before, the error's own stack in full; to see deeper allocation stacks of a
#   report, rerun with fast_unwind_on_malloc=0 (exact, but about 8 times slower).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_release_to_os_interval_ms=1000:quarantine_size_mb=32:malloc_context_size=2}"
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
