#!/usr/bin/env bash
# Side-by-side rxperf benchmark on loopback: the OpenAFS-library peer (its client against its
# server) and rxrpc4j (our client against our server), in one run, rows interleaved, each row
# repeated RUNS times; prints the median of each as a Markdown table.
#
#   RXPERF_PEER=/path/to/rxperf_peer bench/rxperf-compare.sh [RUNS]
#
# Build the peer with ../shared/interop/rxperf-peer/build.sh. Nothing else should run on the
# machine meanwhile.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
# seconds of unmeasured calls before each of our runs, for the JIT (the C peer needs none)
warmup="${WARMUP:-3}"
peer="${RXPERF_PEER:?set RXPERF_PEER to the rxperf_peer binary}"
rx="$root/bin/rxrpc4j"
peer_port=7119
our_port=7129
log="$(mktemp -d /tmp/rxperf-compare.XXXXXX)"

"$rx" --version >/dev/null   # builds the tools on first use
"$peer" server -a 127.0.0.1 -p "$peer_port" >"$log/peer-server.log" 2>&1 &
peer_pid=$!
"$rx" perf server -b 127.0.0.1 -p "$our_port" >"$log/our-server.log" 2>&1 &
our_pid=$!
trap 'kill $peer_pid $our_pid 2>/dev/null || true' EXIT
sleep 2

# name | client arguments (the same for both clients)
rows=(
  "send 100 MB, 1 call|-c send -b 104857600 -T 1 -t 1"
  "recv 100 MB, 1 call|-c recv -b 104857600 -T 1 -t 1"
  "rpc 1 KB/1 KB, 1 thread|-c rpc -S 1024 -R 1024 -T 20000 -t 1"
  "rpc 1 KB/1 KB, 4 threads|-c rpc -S 1024 -R 1024 -T 10000 -t 4"
  "rpc 64 KB/64 KB, 1 thread|-c rpc -S 65536 -R 65536 -T 2000 -t 1"
)

median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# one run of the peer's client: prints "gbit calls_per_s"
peer_run() {
  "$peer" client -s 127.0.0.1 -p "$peer_port" "$@" | sed -n 's/^RESULT .*mbit_per_s=\([0-9.]*\) calls_per_s=\([0-9.]*\).*/\1 \2/p' \
    | awk '{printf "%.3f %.0f\n", $1/1000, $2}'
}
# one run of our client: prints "gbit calls_per_s p99_us"
our_run() {
  "$rx" perf client -s 127.0.0.1 -p "$our_port" --warmup "$warmup" --json "$@" \
    | sed -n 's/.*"gbit_per_s":\([0-9.]*\).*"calls_per_s":\([0-9.]*\).*"p99":\([0-9.]*\).*/\1 \2 \3/p'
}

echo "| row | OpenAFS peer Gbit/s | ours Gbit/s | OpenAFS peer calls/s | ours calls/s | ours p99 µs |"
echo "|---|---:|---:|---:|---:|---:|"
row_no=0
for row in "${rows[@]}"; do
  name="${row%%|*}"; args="${row#*|}"
  row_no=$((row_no + 1))
  p="$log/row$row_no-peer"; o="$log/row$row_no-ours"
  : >"$p"; : >"$o"
  for ((i = 0; i < runs; i++)); do
    # shellcheck disable=SC2086
    peer_run $args >>"$p"
    # shellcheck disable=SC2086
    our_run $args >>"$o"
  done
  pg=$(cut -d' ' -f1 "$p" | median); pc=$(cut -d' ' -f2 "$p" | median)
  og=$(cut -d' ' -f1 "$o" | median); oc=$(cut -d' ' -f2 "$o" | median)
  op=$(cut -d' ' -f3 "$o" | median)
  echo "| $name | $pg | $og | $pc | $oc | $op |"
done
echo
echo "medians of $runs runs; each run's figures in $log/row*-peer and row*-ours"
