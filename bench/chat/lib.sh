# Shared by the chat benchmark scripts (sourced, not run).

# Processes started by the script; all are stopped when it exits.
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # Wait, so the next run finds the ports free again.
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# A benchmark node: only the chat port is fixed; the node's other services take free ports and
# its data lives in a fresh folder, so several nodes (and a node already running) do not collide.
# Flood control is lifted: the load generator is a flood on purpose.
bench_node_args() {
  echo --no-console --echo-port 0 --files-port 0 --web-port 0 --data "$(mktemp -d)" \
    --set actorchat.node.bind-address=127.0.0.1 \
    --set actorchat.chat.flood.rate=1000000 --set actorchat.chat.flood.burst=1000000
}

# The value of key=value field $1 in the load generator's line on stdin.
field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
