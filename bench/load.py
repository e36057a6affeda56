"""Load benchmark of the web service: `fudao serve` on loopback over a temp store with the corpus.

Runs wrk (Debian package) with 50 connections for 30 s against the search page (rotating over a
set of questions), then against POST /api/match (rotating over profiles), and prints errors,
requests/s, p50 and p95 of each phase. Target: 0 errors, p95 of the search page < 150 ms.
Before measuring, every question and profile is requested once (warm-up, timed and printed).

    .venv/bin/python bench/load.py [--duration 30] [--connections 50] [--workers 2] [--threads 8] [--no-cache]
    .venv/bin/python bench/load.py --unique --duration 60 --connections 50

`--no-cache` turns the page cache off (FUDAO_PAGE_CACHE=0) to measure the uncached cost.
`--unique` instead sends only unique search URLs (every question gets a fresh suffix, so the page
cache never helps) from a bounded Python client (50 keep-alive connections, one thread each;
wrk is used for the other phases when installed), and reports errors, 5xx, req/s, p50/p95/p99.
Target of `--unique`: 0 errors and no 5xx (rate limits are off: one client sends everything).
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("FUDAO_CORPUS", ROOT.parent / "shared" / "corpus"))
FUDAO = [sys.executable, "-m", "fudao.cli.main"]
SEARCH_P95_TARGET_MS = 150.0

QUESTIONS = [
    "受美國關稅影響的企業可以申請哪些貸款", "外銷貸款優惠保證加碼", "中小企業研發補助",
    "製造業升級轉型補助", "中堅企業服務團", "產業推升型訓練計畫", "青年就業旗艦計畫",
    "商業服務價值提升計畫", "品牌行銷輔導", "智慧財產權協助", "節能減碳補助",
    "數位轉型輔導", "海外訂單拓展", "信用保證成數", "營業額減少10%", "服務專線電話",
    "AI 人才培訓", "工廠登記 研發補助", "export loan guarantee", "SME loan interest",
]
PROFILES = [
    {"org_type": "company", "industry_section": "C", "employees": 8, "paid_in_capital_twd": 5_000_000},
    {"org_type": "company", "industry_section": "C", "employees": 40, "us_export_within_3y": True,
     "registered_trader": True, "revenue_drop_pct_vs_2024_same_period": 15},
    {"org_type": "business", "employees": 3, "needs": ["finance", "digital"]},
    {"org_type": "company", "industry_section": "G", "mittelstand_status": "potential"},
    {"org_type": "company", "factory_registration": "managed", "us_tariff_affected": True},
    {},
]

LUA = r"""
local items = %(items)s
local method = "%(method)s"
local i = 0
local headers = {["Content-Type"] = "application/json"}
request = function()
  i = i %% #items + 1
  if method == "GET" then return wrk.format("GET", items[i]) end
  return wrk.format("POST", "/api/match", headers, items[i])
end
local statuses = 0
response = function(status, hdrs, body)
  if status >= 400 then statuses = statuses + 1 end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%%d,"duration_s":%%.3f,"connect":%%d,"read":%%d,"write":%%d,"status":%%d,"timeout":%%d,'
    .. '"p50_ms":%%.2f,"p95_ms":%%.2f,"p99_ms":%%.2f,"max_ms":%%.2f}\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
"""


def lua_string(text: str) -> str:
    """A Lua long-bracket string literal for any text."""
    return "[==[" + text + "]==]"


def write_script(folder: Path, name: str, method: str, items: list[str]) -> Path:
    """A wrk Lua script cycling over `items` (paths for GET, JSON bodies for POST)."""
    path = folder / f"{name}.lua"
    table = "{" + ", ".join(lua_string(i) for i in items) + "}"
    path.write_text(LUA % {"items": table, "method": method}, encoding="utf-8")
    return path


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    """Return once `url` answers; fail if the server exits or takes too long."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("fudao serve exited before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("fudao serve did not answer in time")


def warm_up(base: str, paths: list[str], bodies: list[str]) -> None:
    """Request every search path and match body once, so the measured run sees warm caches."""
    for path in paths:
        with urllib.request.urlopen(base + path, timeout=60) as response:
            assert response.status == 200, path
    for body in bodies:
        request = urllib.request.Request(base + "/api/match", data=body.encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200, body


def run_wrk(base: str, script: Path, path: str, args: argparse.Namespace) -> dict:
    """One bounded wrk run; its RESULT line as a dict."""
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s",
           "-s", str(script), base + path]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + 60, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    result["rps"] = result["requests"] / result["duration_s"]
    return result


def python_load(port: int, args: argparse.Namespace) -> dict:
    """`args.connections` keep-alive clients for `args.duration` s, each GET a unique search URL."""
    counter = itertools.count()
    stop_at = time.monotonic() + args.duration
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            n = next(counter)
            path = "/search?q=" + urllib.parse.quote(f"{QUESTIONS[n % len(QUESTIONS)]} {n}")
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] if latencies else 0.0

    bad = sum(n for code, n in statuses.items() if code != 200)
    return {"requests": len(latencies), "duration_s": duration, "errors": errors[0] + bad,
            "status_5xx": sum(n for code, n in statuses.items() if code >= 500), "statuses": statuses,
            "rps": len(latencies) / duration, "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99)}


def report(name: str, r: dict) -> None:
    print(f"{name:<22} requests {r['requests']:>7}  errors {r['errors']:>4}  "
          f"{r['rps']:8.1f} req/s  p50 {r['p50_ms']:8.1f} ms  p95 {r['p95_ms']:8.1f} ms  "
          f"p99 {r['p99_ms']:8.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--no-cache", action="store_true", help="measure with the page cache off")
    parser.add_argument("--unique", action="store_true", help="unique search URLs only, Python client")
    args = parser.parse_args()
    if not args.unique and not shutil.which("wrk"):
        sys.exit("wrk not found: apt-get install wrk")
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS} (set FUDAO_CORPUS)")
    with tempfile.TemporaryDirectory(prefix="fudao-load-") as tmp:
        folder = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in ("FUDAO_DB", "DJANGO_SETTINGS_MODULE")}
        env.update(FUDAO_DATA_DIR=str(folder / "store"), FUDAO_PAGE_CACHE="0" if args.no_cache else "1",
                   FUDAO_RATE_LIMIT="0")
        subprocess.run([*FUDAO, "ingest", str(CORPUS), "--publish", "--json"], env=env, check=True,
                       capture_output=True, timeout=600)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([*FUDAO, "serve", "--port", str(port), "--workers", str(args.workers),
                                 "--threads", str(args.threads)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(base + "/", proc)
            if args.unique:
                result = python_load(port, args)
                print(f"fudao serve, {args.workers} workers x {args.threads} threads, Python client "
                      f"{args.connections} connections x {args.duration} s, unique search URLs (no cache help)")
                report("GET /search?q=<unique>", result)
                print(f"statuses {result['statuses']}, 5xx {result['status_5xx']}")
                ok = result["errors"] == 0 and result["status_5xx"] == 0
                print(f"target (0 errors, no 5xx): {'met' if ok else 'MISSED'}")
                return 0 if ok else 1
            paths = ["/search?q=" + urllib.parse.quote(q) for q in QUESTIONS]
            bodies = [json.dumps(p, ensure_ascii=False) for p in PROFILES]
            started = time.monotonic()
            warm_up(base, paths, bodies)
            print(f"warm-up: {len(paths)} questions and {len(bodies)} profiles once each, "
                  f"{time.monotonic() - started:.1f} s")
            search = run_wrk(base, write_script(folder, "search", "GET", paths), paths[0], args)
            match = run_wrk(base, write_script(folder, "match", "POST", bodies), "/api/match", args)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    mode = "page cache off" if args.no_cache else "page cache on"
    print(f"fudao serve, {args.workers} workers x {args.threads} threads, wrk {args.connections} connections x {args.duration} s, {mode}")
    report("GET /search?q=…", search)
    report("POST /api/match", match)
    ok = search["errors"] == 0 and match["errors"] == 0 and search["p95_ms"] < SEARCH_P95_TARGET_MS
    print(f"target (0 errors, search p95 < {SEARCH_P95_TARGET_MS:.0f} ms): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
