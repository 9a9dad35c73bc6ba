#!/usr/bin/env bash
# Interleaved old-vs-new bank runs: builds REV (default: main) with this tree's bench Program.cs into a
# temporary folder, builds this tree, then alternates `bank MEM SQL` old/new RUNS times, so both see the
# same load on a shared machine. Usage: bench/bank/ab.sh [REV] [RUNS] [MEM] [SQL] [WARMUP]
# (WARMUP transfers run first in each process and are not measured: the steady state.)
set -euo pipefail
cd "$(dirname "$0")/../.."
rev=${1:-main}; runs=${2:-3}; mem=${3:-20000}; sql=${4:-3000}; warm=${5:-0}
old=$(mktemp -d /tmp/bank-ab-XXXXXX)
trap 'rm -rf "$old"' EXIT
git archive "$rev" | tar -x -C "$old"
# Only the driver: the probes use each revision's own bank types (the bank's messages changed in bank4).
cp bench/ActorChat.Bench/Program.cs bench/ActorChat.Bench/AllocationSampler.cs bench/ActorChat.Bench/RawEcho.cs "$old/bench/ActorChat.Bench/"
dotnet build -c Release "$old/bench/ActorChat.Bench" -v quiet --nologo >/dev/null
dotnet build -c Release bench/ActorChat.Bench -v quiet --nologo >/dev/null
for i in $(seq 1 "$runs"); do
  echo "--- run $i $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"
  echo "[$rev]"; dotnet "$old/bench/ActorChat.Bench/bin/Release/net10.0/ActorChat.Bench.dll" bank "$mem" "$sql" "$warm"
  echo "[this tree]"; dotnet bench/ActorChat.Bench/bin/Release/net10.0/ActorChat.Bench.dll bank "$mem" "$sql" "$warm"
done
