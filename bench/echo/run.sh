#!/usr/bin/env bash
# Echo benchmark: round trips/s and latency with 16 and 100 connections (16-byte requests), against a
# one-thread C epoll server measured in the same run (the ceiling) and a plain .NET async-socket server
# (the runtime's own reference, `ActorChat.Bench raw-echo`, run with the node's socket and GC settings),
# then the node's memory with 10,000 idle connections. Usage: bash bench/echo/run.sh [reps] [seconds]
# Ports 22888 (node echo), 22889 (C ceiling), 22890 (raw .NET), 22001 (node remoting), 22000 (node web);
# other services take free ports. PORTS=19500 moves them to 19500 (echo), 19501 (ceiling), 19502 (remoting),
# 19503 (web), 19504 (raw .NET).
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${1:-3}; secs=${2:-5}
base=${PORTS:-}; echo_port=${base:-22888}; ceil_port=$((echo_port + 1))
remote=${base:+$((base + 2))}; remote=${remote:-22001}; web=${base:+$((base + 3))}; web=${web:-22000}
raw_port=${base:+$((base + 4))}; raw_port=${raw_port:-22890}
out=bench/results/echo; mkdir -p "$out"
gcc -O2 -Wall -o "$out/echo_load" bench/echo/echo_load.c
gcc -O2 -Wall -o "$out/echo_ceiling" bench/echo/echo_ceiling.c
dotnet publish src/ActorChat.Node -c Release -o "$out/node" --nologo -v quiet >/dev/null
dotnet build bench/ActorChat.Bench -c Release --nologo -v quiet >/dev/null

start_node() {
  "$out/node/actorchat-node" --echo-port $echo_port --web-port $web --remote-port $remote --chat-port 0 --files-port 0 --data "$out/data" --files-root "$out/library" --no-console "$@" > "$out/node.log" 2>&1 &
  node=$!
  for _ in $(seq 100); do grep -q ready "$out/node.log" && return; sleep 0.2; done
  echo "node did not start:"; cat "$out/node.log"; exit 1
}
stop_node() { kill "$node"; wait "$node" 2>/dev/null || true; }

"$out/echo_ceiling" $ceil_port & ceiling=$!
DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_gcServer=0 \
  dotnet bench/ActorChat.Bench/bin/Release/net10.0/ActorChat.Bench.dll raw-echo $raw_port > "$out/raw.log" 2>&1 & raw=$!
trap 'kill $ceiling $raw 2>/dev/null || true; kill ${node:-0} 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "raw .NET echo" "$out/raw.log" && break; sleep 0.2; done

# One load run against a server: its result line and the server's CPU per round trip (utime+stime from /proc).
measure() {
  local name=$1 pid=$2 port=$3 c=$4 c0 c1 result n
  c0=$(awk '{print $14+$15}' /proc/$pid/stat)
  result=$("$out/echo_load" 127.0.0.1 $port $c "$secs")
  c1=$(awk '{print $14+$15}' /proc/$pid/stat); n=$(sed -E 's/.*round_trips ([0-9]+).*/\1/' <<< "$result")
  echo "$name $result  server cpu µs/rt $(awk -v c=$((c1 - c0)) -v t="$(getconf CLK_TCK)" -v n="$n" 'BEGIN {printf "%.1f", c / t * 1e6 / n}')"
}

echo "== round trips ($reps runs of ${secs}s each, alternating server and ceiling)"
start_node
# Warm up the JIT of both .NET servers first (the C ceiling has none to warm): otherwise the first run measures compilation.
"$out/echo_load" 127.0.0.1 $echo_port 16 10 > /dev/null
"$out/echo_load" 127.0.0.1 $raw_port 16 5 > /dev/null
for r in $(seq "$reps"); do
  for c in 16 100; do
    measure "ceiling  " $ceiling $ceil_port $c
    measure "raw .NET " $raw $raw_port $c
    measure "actorchat" $node $echo_port $c
  done
done
stop_node

echo "== memory with 10,000 idle connections"
start_node
echo "rss before: $(grep VmRSS /proc/$node/status)"
"$out/echo_load" 127.0.0.1 $echo_port 10000 20 -i > "$out/idle.log" &
idle=$!
sleep 15
echo "rss holding 10,000: $(grep VmRSS /proc/$node/status)"
echo "counters: $(curl -s http://127.0.0.1:$web/api/counters)"
wait $idle; cat "$out/idle.log"
stop_node
