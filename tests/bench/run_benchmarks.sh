#!/bin/sh
# Engine throughput beside the plain C++ loop, in one process per row (spikesim bench --compare),
# for N = 1e2, 1e4, 1e5, 1e6 in both modes, then the one- versus two-thread crossover that
# kParallelThreshold (core/network.h) is set from. Every row is the median of 5 timed runs after
# a warm-up; each run does about 2e8 neuron updates.
#
#   tests/bench/run_benchmarks.sh [BUILD_DIR]     (a Release build; default build/release)
#
# The machine's other load shows up in the figures: run it on a quiet machine.
set -eu

build_dir=${1:-build/release}
spikesim=$build_dir/app/spikesim
if [ ! -x "$spikesim" ]; then
  echo "run_benchmarks.sh: $spikesim not found; build first (cmake --preset release && cmake --build --preset release)" >&2
  exit 2
fi

updates_per_run=200000000

field() {  # field NAME LINE: the value of NAME=... in LINE
  printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

echo "# engine vs plain loop (threads: the engine's automatic choice)"
printf '%-9s %9s %7s %8s %14s %14s %8s %6s\n' mode neurons steps threads plain_upd/s engine_upd/s ratio match
for mode in notebook exact; do
  for neurons in 100 10000 100000 1000000; do
    steps=$((updates_per_run / neurons))
    out=$("$spikesim" bench --mode "$mode" --neurons "$neurons" --steps "$steps" --compare)
    plain=$(printf '%s\n' "$out" | grep 'impl=plain')
    engine=$(printf '%s\n' "$out" | grep 'impl=engine')
    printf '%-9s %9s %7s %8s %14s %14s %8s %6s\n' "$mode" "$neurons" "$steps" \
      "$(field threads "$engine")" "$(field neuron_updates_per_s "$plain")" \
      "$(field neuron_updates_per_s "$engine")" "$(field engine_over_plain "$engine")" \
      "$(field results_match "$engine")"
  done
done

echo
echo "# thread crossover: engine updates/s with 1 and 2 threads"
printf '%-9s %9s %14s %14s %8s\n' mode neurons 1_thread 2_threads 2/1
for mode in notebook exact; do
  for neurons in 4096 8192 16384 32768 65536 131072 1000000; do
    steps=$((updates_per_run / neurons))
    one=$(field neuron_updates_per_s "$("$spikesim" bench --mode "$mode" --neurons "$neurons" --steps "$steps" --threads 1)")
    two=$(field neuron_updates_per_s "$("$spikesim" bench --mode "$mode" --neurons "$neurons" --steps "$steps" --threads 2)")
    printf '%-9s %9s %14s %14s %8.2f\n' "$mode" "$neurons" "$one" "$two" \
      "$(awk -v a="$two" -v b="$one" 'BEGIN { print a / b }')"
  done
done
