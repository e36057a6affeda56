"""Load benchmark of the service desk: 50 consultants at once for 60 s against `fudao serve` on
PostgreSQL (loopback), each in a bounded loop of a mixed workload through the API: open a case
(POST /api/cases), list their queue (GET /api/cases?assignee=me), show one of their cases
(GET /api/cases/<case_no>), its triage panel (GET /api/cases/<case_no>/triage: match on the
enterprise's facts and a cited answer to the case summary, as the case page shows them) and log
an activity on it (POST /api/cases/<case_no>/activities). The corpus is ingested first.

    PYTHONPATH=src .venv/bin/python bench/desk_load.py --db postgresql://…/scratch [--users 50]
        [--duration 60] [--workers 2] [--threads 8]

--db must name a scratch database (its desk tables are emptied). The server runs
`fudao serve --workers W --threads N` (gunicorn). Prints errors, requests and p50/p95 per operation and
checks that no case number was handed out twice. Exits 1 on any error or duplicate.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))


# What callers ask on the hotline (the triage panel answers each from the documents).
SUMMARIES = ["受美國關稅影響，想申請貸款", "研發轉型補助要怎麼申請", "外銷貸款優惠保證的成數是多少",
             "想找顧問做融資診斷", "中堅企業有什麼優惠", "AI 人才培訓補助多少"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def call(base: str, token: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, {"error": e.read()[:200].decode("utf-8", "replace")}
    except OSError as e:  # a timeout or a refused connection is an error of the run
        return 0, {"error": repr(e)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a scratch PostgreSQL database")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--threads", type=int, default=8, help="server threads per worker")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (gunicorn)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fudao-desk-load-"))
    env = dict(os.environ, FUDAO_DB=args.db, FUDAO_DATA_DIR=str(work / "data"),
               PYTHONPATH=str(ROOT / "src"))
    os.environ.update(FUDAO_DB=args.db, FUDAO_DATA_DIR=str(work / "data"))
    fudao = [sys.executable, "-m", "fudao.cli.main"]
    subprocess.run([*fudao, "migrate"], check=True, capture_output=True, env=env)
    corpus = Path(os.environ.get("FUDAO_CORPUS", ROOT.parent / "shared" / "corpus"))
    if corpus.is_dir():  # the triage panel answers from the documents and the catalogue
        subprocess.run([*fudao, "ingest", str(corpus), "--publish"], check=True, capture_output=True, env=env)
    from desk import empty_desk, make_people
    from fudao import bootstrap

    bootstrap.setup()
    empty_desk()
    names = make_people()[: args.users]
    from fudao.accounts.services import issue_token

    tokens = {n: issue_token(username=n) for n in names}
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = subprocess.Popen([*fudao, "serve", "--port", str(port), "--workers", str(args.workers),
                               "--threads", str(args.threads)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/api/openapi.json", timeout=2).close()
            break
        except OSError:
            time.sleep(0.1)
    lat: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    numbers: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + args.duration

    def consultant(name: str) -> None:
        rng = random.Random(name)
        token, mine = tokens[name], []
        while time.monotonic() < stop:
            op = rng.choice(["open", "queue", "show", "triage", "log"]) if mine else "open"
            t0 = time.perf_counter()
            if op == "open":
                status, body = call(base, token, "POST", "/api/cases", {
                    "channel": "hotline", "kind": rng.choice(["inquiry", "financing"]),
                    "contact": {"name": "王小明", "phone": "02-2345-6789"}, "summary": rng.choice(SUMMARIES),
                    "assignee": name})
                ok = status == 201
                if ok:
                    mine.append(body["case_no"])
                    with lock:
                        numbers.append(body["case_no"])
            elif op == "queue":
                status, body = call(base, token, "GET", f"/api/cases?assignee={name}&limit=50")
                ok = status == 200 and body["count"] >= 1
            elif op == "triage":
                status, body = call(base, token, "GET", f"/api/cases/{rng.choice(mine)}/triage")
                ok = status == 200
            elif op == "show":
                status, body = call(base, token, "GET", f"/api/cases/{rng.choice(mine)}")
                ok = status == 200
            else:
                status, body = call(base, token, "POST", f"/api/cases/{rng.choice(mine)}/activities",
                                    {"type": "call", "data": {"text": "回電"}})
                ok = status == 201
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                lat[op].append(ms)
                if not ok:
                    errors.append(f"{op} {status} {str(body)[:120]}")

    threads = [threading.Thread(target=consultant, args=(n,)) for n in names]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    server.terminate()
    server.wait(30)
    from fudao.cases.models import Case

    stored = list(Case.objects.values_list("case_no", flat=True))
    dupes = len(numbers) - len(set(numbers))
    total = sum(len(v) for v in lat.values())
    print(f"{args.users} consultants · {elapsed:.0f} s · fudao serve --workers {args.workers} --threads {args.threads} (gunicorn) · "
          f"PostgreSQL · {total} requests ({total / elapsed:.0f}/s) · {len(errors)} errors")
    print(f"{'operation':<10} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for op in ("open", "queue", "show", "triage", "log"):
        ms = sorted(lat[op])
        if ms:
            print(f"{op:<10} {len(ms):>9} {ms[len(ms) // 2]:>8.1f} {ms[int(len(ms) * .95)]:>8.1f}")
    print(f"case numbers: {len(numbers)} handed out, {dupes} duplicates, {len(stored)} in the store, "
          f"{len(set(stored))} distinct")
    for e in errors[:10]:
        print("error:", e)
    return 0 if not errors and dupes == 0 and len(stored) == len(set(stored)) == len(numbers) else 1


if __name__ == "__main__":
    sys.exit(main())
