#!/usr/bin/env bash
# HTTP benchmark: wrk against the node's Kestrel site and against nginx (2 workers, sendfile) serving the
# same folder in the same run, for a 1 KiB and a 1 MiB file. Usage: bash bench/web/run.sh [reps] [seconds]
# Ports 22080 (node web), 22081 (nginx), 22001 (node remoting); the node's other services take free ports.
# PORTS=19580 moves them to 19580, 19581, 19582 (when someone else runs this on the same machine).
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${1:-3}; secs=${2:-10}
base=${PORTS:-}; web=${base:-22080}; ngx=$((web + 1)); remote=${base:+$((base + 2))}; remote=${remote:-22001}
out=$(pwd)/bench/results/web; site="$out/site"; mkdir -p "$site" "$out/tmp"
head -c 1024 /dev/urandom > "$site/1k.bin"
head -c 1048576 /dev/urandom > "$site/1m.bin"
dotnet publish src/ActorChat.Node -c Release -o "$out/node" --nologo -v quiet >/dev/null
sed -e "s|ROOT|$site|" -e "s|DIR|$out|g" -e "s|22081|$ngx|" bench/web/nginx.conf > "$out/nginx.conf"

nginx -c "$out/nginx.conf" & nginx_pid=$!
"$out/node/actorchat-node" --web-port $web --site "$site" --echo-port 0 --chat-port 0 --files-port 0 --remote-port $remote --data "$out/data" --files-root "$out/library" --no-console > "$out/node.log" 2>&1 &
node=$!
trap 'kill $node $nginx_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q ready "$out/node.log" && break; sleep 0.2; done
cmp <(curl -s http://127.0.0.1:$web/1m.bin) "$site/1m.bin"
cmp <(curl -s http://127.0.0.1:$ngx/1m.bin) "$site/1m.bin"
# Warm up the JIT and both servers' caches: on shared cores the node's tiered JIT (with its instrumented tier)
# was still compiling after 10 s of 1 KiB requests (perf: 17 % of its CPU in the JIT), so warm both files well.
for f in 1k.bin 1m.bin; do
  wrk -t2 -c16 -d10s http://127.0.0.1:$web/$f >/dev/null
  wrk -t2 -c16 -d3s http://127.0.0.1:$ngx/$f >/dev/null
done

# CPU time (utime+stime, all of nginx's processes) per request: steadier than req/s on shared cores.
cpu_ticks() { if [ "$1" = nginx ]; then pids="$nginx_pid $(pgrep -P $nginx_pid)"; else pids=$node; fi
  for p in $pids; do awk '{print $14+$15}' /proc/$p/stat; done | awk '{s+=$1} END {print s}'; }
tck=$(getconf CLK_TCK)

for r in $(seq "$reps"); do
  for file in 1k.bin 1m.bin; do
    for server in nginx:$ngx actorchat:$web; do
      name=${server%%:*}; port=${server##*:}
      c0=$(cpu_ticks "$name")
      result=$(wrk -t2 -c16 -d"${secs}s" --latency "http://127.0.0.1:$port/$file")
      c1=$(cpu_ticks "$name"); n=$(awk '/requests in/ {print $1}' <<< "$result")
      us=$(awk -v c=$((c1 - c0)) -v t="$tck" -v n="$n" 'BEGIN {printf "%.0f", c / t * 1e6 / n}')
      rps=$(awk '/Requests\/sec/ {print $2}' <<< "$result")
      tput=$(awk '/Transfer\/sec/ {print $2}' <<< "$result")
      p99=$(awk '/ 99%/ {print $2}' <<< "$result")
      echo "run $r  $file  $name  req/s $rps  transfer/s $tput  p99 $p99  cpu µs/req $us"
    done
  done
done
