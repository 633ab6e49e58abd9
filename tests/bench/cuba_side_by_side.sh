#!/bin/sh
# The CUBA network (Brette et al. 2007; run/cuba_network.h) for one simulated second at 4,000,
# 40,000 and 400,000 neurons: spikesim beside Brian2 2.5's cpp_standalone on one thread
# (tests/bench/cuba_brian2.py), run in turn, three times each; the medians and their ratio.
# Brian2 comes from Debian's python3-brian, installed here when missing (it is needed by the
# benchmarks only, not by the tests); without it the Brian2 column is skipped.
#
#   tests/bench/cuba_side_by_side.sh [BUILD_DIR]     (a Release build; default build/release)
set -eu

build_dir=${1:-build/release}
spikesim=$build_dir/app/spikesim
here=$(dirname "$0")
if [ ! -x "$spikesim" ]; then
  echo "cuba_side_by_side.sh: $spikesim not found; build first" >&2
  exit 2
fi

python=/usr/bin/python3  # Debian's, which has Brian2; another python3 may come first on PATH
have_brian2() { "$python" -c 'import brian2' >/dev/null 2>&1; }
if ! have_brian2; then
  if ! dpkg-query -W -f='${Status}' python3-brian 2>/dev/null | grep -q "install ok installed"; then
    as_root=""
    [ "$(id -u)" -ne 0 ] && as_root=sudo
    echo "Installing Debian package python3-brian (for the Brian2 side of the CUBA benchmark)"
    { $as_root apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends \
        python3-brian; } || true
  fi
fi

field() {  # field NAME LINE: the value of NAME=... in LINE
  printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
median() {  # median of the numbers on standard input
  sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "# CUBA, 1 s simulated: realtime factor (simulated / run time; building excluded), medians of 3"
if have_brian2; then
  echo "# Brian2 $("$python" -c 'import brian2; print(brian2.__version__)' 2>/dev/null) cpp_standalone, one thread; its compile time apart"
else
  echo "# Brian2 not available: its column is skipped"
fi
printf '%9s %12s %10s %9s %12s %10s %11s %10s\n' neurons spikesim_rt rate_hz peak_mb brian2_rt rate_hz compile_s ratio
for neurons in 4000 40000 400000; do
  ours=""
  theirs=""
  compile=""
  for run in 1 2 3; do
    line=$("$spikesim" bench --network cuba --neurons "$neurons" --duration-ms 1000)
    ours="$ours $(field realtime_factor "$line")"
    rate=$(field rate_hz "$line")
    peak=$(field peak_rss_mb "$line")
    if have_brian2; then
      line=$("$python" "$here/cuba_brian2.py" "$neurons" 1000 --target standalone 2>/dev/null)
      theirs="$theirs $(field realtime_factor "$line")"
      brian_rate=$(field rate_hz "$line")
      # The first run compiles everything; the later ones reuse the build directory.
      [ -z "$compile" ] && compile=$(field compile_s "$line")
    fi
  done
  ours=$(printf '%s\n' $ours | median)
  if have_brian2; then
    theirs=$(printf '%s\n' $theirs | median)
    ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.1f", a / b }')
    printf '%9s %12s %10s %9s %12s %10s %11s %10s\n' "$neurons" "$ours" "$rate" "$peak" \
      "$theirs" "$brian_rate" "$compile" "${ratio}x"
  else
    printf '%9s %12s %10s %9s %12s %10s %11s %10s\n' "$neurons" "$ours" "$rate" "$peak" \
      skipped - - -
  fi
done
if have_brian2; then
  echo "# Brian2's numpy target at 4,000 neurons, for scale:"
  "$python" "$here/cuba_brian2.py" 4000 1000 --target numpy 2>/dev/null
fi
