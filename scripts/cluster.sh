#!/usr/bin/env bash
# Several ActorChat nodes on one machine, for trying the cluster out.
#
#   bash scripts/cluster.sh start [N]   # N nodes (default 3); node i serves chat on 8888+i-1, etc.
#   bash scripts/cluster.sh status
#   bash scripts/cluster.sh stop        # SIGTERM to each (graceful, like Ctrl-C), by the PIDs recorded at start
#   BANK_POSTGRES="Host=127.0.0.1;Database=bank;Username=...;Password=..." bash scripts/cluster.sh start
#                                       # the nodes share that PostgreSQL database as the bank's journal
#                                       # (without it each node keeps its own SQLite journal: fine for chat,
#                                       # wrong for the bank, whose accounts move between nodes)
#
# Node 1 uses the seed's ports; node i adds i-1 to each (chat/echo 8888+, files 8080+, web 8000+,
# Akka.Remote 4053+) and joins node 1. Logs, PIDs and data live under .cluster/.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.cluster
cmd=${1:-status}
count=${2:-3}

case "$cmd" in
  start)
    if [ -f "$dir/pids" ]; then echo "already started (see $dir/pids); stop first" >&2; exit 1; fi
    mkdir -p "$dir"
    dotnet build -c Release src/ActorChat.Node -v quiet -nologo >/dev/null
    dll=src/ActorChat.Node/bin/Release/net10.0/actorchat-node.dll
    bank=()
    [ -n "${BANK_POSTGRES:-}" ] && bank=(--set actorchat.bank.store=postgresql --set "actorchat.bank.connection-string=\"$BANK_POSTGRES\"")
    for i in $(seq "$count"); do
      off=$((i - 1))
      seed=(); [ "$i" -gt 1 ] && seed=(--seed 127.0.0.1:4053)
      nohup dotnet "$dll" --no-console --data "$dir/node$i" \
        --chat-port $((8888 + off)) --echo-port $((8888 + off)) --files-port $((8080 + off)) \
        --web-port $((8000 + off)) --remote-port $((4053 + off)) "${seed[@]}" "${bank[@]}" \
        >"$dir/node$i.log" 2>&1 </dev/null &
      echo $! >>"$dir/pids"
      for _ in $(seq 150); do grep -q ready "$dir/node$i.log" && break; sleep 0.2; done
      grep -q ready "$dir/node$i.log" || { echo "node $i did not start:"; cat "$dir/node$i.log"; exit 1; }
      echo "node $i (pid $!):"; grep -v ready "$dir/node$i.log" | sed 's/^/  /'
    done
    ;;
  status)
    [ -f "$dir/pids" ] || { echo "not started"; exit 0; }
    i=0
    while read -r pid; do
      i=$((i + 1))
      if kill -0 "$pid" 2>/dev/null; then echo "node $i: running (pid $pid)"; else echo "node $i: gone (pid $pid)"; fi
    done <"$dir/pids"
    ;;
  stop)
    [ -f "$dir/pids" ] || { echo "not started"; exit 0; }
    # SIGTERM, not SIGINT: a shell ignores SIGINT for the background jobs it starts.
    while read -r pid; do kill -TERM "$pid" 2>/dev/null || true; done <"$dir/pids"
    while read -r pid; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done <"$dir/pids"
    rm -f "$dir/pids"
    echo "stopped"
    ;;
  *)
    echo "usage: $0 start [N] | status | stop" >&2
    exit 2
    ;;
esac
