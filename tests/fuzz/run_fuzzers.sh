#!/usr/bin/env bash
# Fuzzes each target for SECONDS (default 300) and merges what it found into the saved corpus,
# minimised (-merge=1). Crashes go to crashers/<target>/ and make the script fail.
#   cmake --preset fuzz && cmake --build --preset fuzz
#   tests/fuzz/run_fuzzers.sh [SECONDS] [TARGET...]
# Prints one line per target: executions, executions per second, corpus size, crashes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${SPIKESCOPE_FUZZ_BUILD:-$here/../../build/fuzz}/tests/fuzz"
seconds="${1:-300}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_experiment_file fuzz_settings fuzz_spikesim_args
                                    fuzz_spikescope_args)
declare -A dict=([fuzz_experiment_file]=experiment [fuzz_settings]=settings
                 [fuzz_spikesim_args]=spikesim [fuzz_spikescope_args]=spikescope)
declare -A max_len=([fuzz_experiment_file]=4096 [fuzz_settings]=1024 [fuzz_spikesim_args]=512
                    [fuzz_spikescope_args]=512)
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export QT_QPA_PLATFORM=offscreen
status=0
for target in "${targets[@]}"; do
  work="$(mktemp -d)"
  crashers="$here/crashers/$target"
  mkdir -p "$crashers" "$work/new"
  log="$work/log"
  "$build/$target" "$work/new" "$here/corpus/$target" -dict="$here/dict/${dict[$target]}.dict" \
    -max_len="${max_len[$target]}" -timeout=10 -rss_limit_mb=4096 -max_total_time="$seconds" \
    -print_final_stats=1 -artifact_prefix="$crashers/" >"$log" 2>&1 || status=1
  # Keep a small set of inputs that covers every edge seen so far (edges only, not hit counts:
  # a few hundred files instead of a thousand).
  mkdir -p "$work/merged"
  "$build/$target" -merge=1 -use_counters=0 "$work/merged" "$here/corpus/$target" "$work/new" \
    -max_len="${max_len[$target]}" -timeout=10 >"$work/merge.log" 2>&1 || status=1
  if [ -n "$(ls -A "$work/merged")" ]; then
    rm -f "$here/corpus/$target"/*
    cp "$work/merged"/* "$here/corpus/$target"/
  fi
  rmdir "$crashers" 2>/dev/null || true
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  echo "$target seconds=$seconds executions=${runs:-?} exec_per_s=${speed:-?}" \
       "corpus_files=$(ls "$here/corpus/$target" | wc -l)" \
       "new_findings=$(ls "$here/crashers/$target" 2>/dev/null | grep -cE '^(crash|leak|timeout|oom)-' || true)"
  grep -E "ERROR|fuzz finding|SUMMARY" "$log" | head -5 || true
  cp "$log" "/tmp/${target}.log"
  rm -rf "$work"
done
exit $status
