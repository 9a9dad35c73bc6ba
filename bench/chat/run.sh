#!/usr/bin/env bash
# Chat fan-out benchmark (issue 2): the ActorChat node beside the C ceiling server, the same
# load generator against both, alternating, in the same run. Loopback only; stops by itself.
#
#   bash bench/chat/run.sh            # 3 rounds of 10 s each, 100 members / 20 senders / window 4
#   ROUNDS=5 SECS=20 bash bench/chat/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-3}
SECS=${SECS:-10}
CEIL_PORT=${CEIL_PORT:-29101}
NODE_PORT=${NODE_PORT:-29102}
bin=bench/chat/bin
mkdir -p "$bin"
gcc -O2 -Wall -o "$bin/loadgen" bench/chat/loadgen.c -lpthread
gcc -O2 -Wall -o "$bin/ceiling" bench/chat/ceiling.c
dotnet build -c Release src/ActorChat.Node -v quiet -nologo >/dev/null
node_dll=src/ActorChat.Node/bin/Release/net10.0/actorchat-node.dll

source bench/chat/lib.sh

"$bin/ceiling" "$CEIL_PORT" >/dev/null & pids+=($!)
log=$(mktemp)
# shellcheck disable=SC2046
dotnet "$node_dll" --chat-port "$NODE_PORT" --remote-port 0 $(bench_node_args) >"$log" 2>&1 & node_pid=$!
pids+=($node_pid)
for _ in $(seq 100); do grep -q ready "$log" && break; sleep 0.2; done
grep -q ready "$log" || { cat "$log"; exit 1; }


echo "round  server     delivered/s  p50_ms  p99_ms  lost"
for r in $(seq "$ROUNDS"); do
  for which in ceiling actorchat; do
    port=$CEIL_PORT; [ "$which" = actorchat ] && port=$NODE_PORT
    line=$("$bin/loadgen" 127.0.0.1 "$port" --members 100 --senders 20 --window 4 --seconds "$SECS" 2>/dev/null)
    echo "$line" >>"$bin/$which.txt.$$"
    printf "%-6s %-10s %11s %7s %7s %5s\n" "$r" "$which" "$(echo "$line" | field delivered_per_s)" \
      "$(echo "$line" | field p50_ms)" "$(echo "$line" | field p99_ms)" "$(echo "$line" | field lost)"
  done
done
c=$(field delivered_per_s <"$bin/ceiling.txt.$$" | median)
a=$(field delivered_per_s <"$bin/actorchat.txt.$$" | median)
rm -f "$bin"/*.txt.$$
echo "median delivered/s: ceiling $c, actorchat $a, ratio $(awk -v a="$a" -v c="$c" 'BEGIN{printf "%.2f", a/c}')"

echo
echo "latency at a fixed 150,000 delivered/s (1,515 messages/s to 99 readers):"
for which in ceiling actorchat; do
  port=$CEIL_PORT; [ "$which" = actorchat ] && port=$NODE_PORT
  line=$("$bin/loadgen" 127.0.0.1 "$port" --members 100 --senders 20 --window 32 --rate 1515 --seconds "$SECS" 2>/dev/null)
  printf "  %-10s delivered/s %s  p50 %s ms  p99 %s ms  lost %s\n" "$which" "$(echo "$line" | field delivered_per_s)" \
    "$(echo "$line" | field p50_ms)" "$(echo "$line" | field p99_ms)" "$(echo "$line" | field lost)"
done

echo
echo "node memory with 10,000 joined members:"
rss() { awk '/VmRSS/ {print $2}' "/proc/$node_pid/status"; }
before=$(rss)
joined=$(mktemp)
"$bin/loadgen" 127.0.0.1 "$NODE_PORT" --members 10000 --join-only --hold 5 >"$joined" 2>/dev/null & lg=$!
for _ in $(seq 600); do grep -q joined= "$joined" && break; sleep 0.1; done
sleep 1
after=$(rss)
wait "$lg" || true
echo "  RSS before ${before} KiB, after 10,000 joins ${after} KiB: $(( (after - before) / 1024 )) MiB for 10,000 members"
