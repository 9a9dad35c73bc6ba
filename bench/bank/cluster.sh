#!/usr/bin/env bash
# Transfers/s over HTTP with N nodes sharing one PostgreSQL journal (a fresh database per run).
#   bash bench/bank/cluster.sh N      (N = 1 or 3; needs scripts/postgres.sh's server; ports 24100-24399)
# 20 accounts, 300 warm-up transfers, then 1,500 measured, 48 in flight, round-robin over the nodes.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-3}
source scripts/postgres.sh
server=$(postgres_for_tests)
db=bench_bank_$$
psql "postgresql://actorchat_test:actorchat_test@127.0.0.1/actorchat_test" -qc "create database $db"
cs="${server%Database=*}Database=$db"
dotnet build -c Release src/ActorChat.Node -v quiet -nologo >/dev/null
dll=src/ActorChat.Node/bin/Release/net10.0/actorchat-node.dll
pids=() ports=()
cleanup() {
  kill -9 "${pids[@]}" 2>/dev/null || true
  for p in "${pids[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; done
  psql "postgresql://actorchat_test:actorchat_test@127.0.0.1/actorchat_test" -qc "drop database $db with (force)"
}
trap cleanup EXIT
for i in $(seq "$n"); do
  data=$(mktemp -d); seed=(); [ "$i" -gt 1 ] && seed=(--seed 127.0.0.1:24105)
  dotnet "$dll" --chat-port 0 --echo-port 0 --files-port 0 --web-port "24${i}14" --remote-port "24${i}05" "${seed[@]}" \
    --no-console --data "$data" --files-root "$data" --set actorchat.node.bind-address=127.0.0.1 --set akka.loglevel=WARNING \
    --set actorchat.bank.store=postgresql --set "actorchat.bank.connection-string=\"$cs\"" >"/tmp/bench-bank-node$i.log" 2>&1 &
  pids+=($!) ports+=("24${i}14")
  for _ in $(seq 100); do grep -q ready "/tmp/bench-bank-node$i.log" && break; sleep 0.3; done
done
for _ in $(seq 100); do [ "$(curl -s localhost:24114/api/members | grep -o '"Up"' | wc -l)" = "$n" ] && break; sleep 0.3; done
for a in $(seq 0 19); do
  curl -s -XPOST localhost:24114/api/accounts -H 'content-type: application/json' -d "{\"id\":\"acc-$a\",\"balance\":100000}" >/dev/null
done
csv=$(IFS=,; echo "${ports[*]}")
python3 bench/bank/load.py 300 warm "$csv" >/dev/null
echo "$n node(s): $(python3 bench/bank/load.py 1500 run "$csv")"
