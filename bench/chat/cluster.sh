#!/usr/bin/env bash
# Cross-node chat fan-out (issue 7): one room whose 100 members are spread over a 3-node cluster,
# beside the same load on a single node, alternating, in the same run. Loopback only.
#
#   bash bench/chat/cluster.sh            # 3 rounds of 10 s
#   ROUNDS=5 SECS=20 bash bench/chat/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
SECS=${SECS:-10}
BASE=${BASE:-29300}
bin=bench/chat/bin
mkdir -p "$bin"
gcc -O2 -Wall -o "$bin/loadgen" bench/chat/loadgen.c -lpthread
dotnet build -c Release src/ActorChat.Node -v quiet -nologo >/dev/null
node_dll=src/ActorChat.Node/bin/Release/net10.0/actorchat-node.dll

source bench/chat/lib.sh

start() { # name chat-port remote-port [extra...]
  local name=$1 chat=$2 remote=$3; shift 3
  # shellcheck disable=SC2046
  dotnet "$node_dll" --chat-port "$chat" $(bench_node_args) --remote-port "$remote" "$@" >"$bin/$name.log" 2>&1 &
  pids+=($!)
}
start single $((BASE + 0)) $((BASE + 10))
start n1 $((BASE + 1)) $((BASE + 11))
start n2 $((BASE + 2)) $((BASE + 12)) --seed 127.0.0.1:$((BASE + 11))
start n3 $((BASE + 3)) $((BASE + 13)) --seed 127.0.0.1:$((BASE + 11))
for name in single n1 n2 n3; do
  for _ in $(seq 150); do grep -q ready "$bin/$name.log" && break; sleep 0.2; done
  grep -q ready "$bin/$name.log" || { cat "$bin/$name.log"; exit 1; }
done

single=$((BASE + 0))
spread="$((BASE + 1)),$((BASE + 2)),$((BASE + 3))"
# Warm-up: the first joins wait for the cluster to form and the room's shard to be allocated.
"$bin/loadgen" 127.0.0.1 "$spread" --seconds 2 >/dev/null 2>&1 || { echo "warm-up on the cluster failed: see $bin/n*.log"; exit 1; }
"$bin/loadgen" 127.0.0.1 "$single" --seconds 2 >/dev/null 2>&1 || { echo "warm-up on the single node failed: see $bin/single.log"; exit 1; }

echo "round  setup        delivered/s  p50_ms  p99_ms  lost"
for r in $(seq "$ROUNDS"); do
  for which in one-node three-nodes; do
    ports=$single; [ "$which" = three-nodes ] && ports=$spread
    line=$("$bin/loadgen" 127.0.0.1 "$ports" --members 100 --senders 20 --window 4 --seconds "$SECS" 2>/dev/null)
    echo "$line" >>"$bin/$which.txt.$$"
    printf "%-6s %-12s %11s %7s %7s %5s\n" "$r" "$which" "$(echo "$line" | field delivered_per_s)" \
      "$(echo "$line" | field p50_ms)" "$(echo "$line" | field p99_ms)" "$(echo "$line" | field lost)"
  done
done
o=$(field delivered_per_s <"$bin/one-node.txt.$$" | median)
t=$(field delivered_per_s <"$bin/three-nodes.txt.$$" | median)
rm -f "$bin"/*.txt.$$
echo "median delivered/s: one node $o, three nodes $t, three/one $(awk -v a="$t" -v b="$o" 'BEGIN{printf "%.2f", a/b}')"
