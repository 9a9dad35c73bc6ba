"""POSTs N transfers (ids PREFIX-0..N-1 between acc-0..acc-19) to the nodes' /api/transfers, 48 at a time, round-robin over PORTS."""
import json
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

n, prefix, ports = int(sys.argv[1]), sys.argv[2], [int(p) for p in sys.argv[3].split(",")]


def one(i):
    body = json.dumps({"id": f"{prefix}-{i}", "from": f"acc-{i % 20}", "to": f"acc-{(i * 7 + 3) % 20}", "amount": 1 + i % 97}).encode()
    started = time.time()
    request = urllib.request.Request(f"http://127.0.0.1:{ports[i % len(ports)]}/api/transfers?wait=30", body, {"content-type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.status, time.time() - started


t0 = time.time()
with ThreadPoolExecutor(48) as pool:
    results = list(pool.map(one, range(n)))
elapsed = time.time() - t0
latencies = sorted(r[1] for r in results)
print(f"{n} in {elapsed:.2f}s = {n / elapsed:.0f}/s; statuses {sorted(set(r[0] for r in results))}; "
      f"p50 {latencies[n // 2]:.3f}s p99 {latencies[int(n * .99)]:.3f}s")
