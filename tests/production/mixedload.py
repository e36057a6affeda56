"""A mixed load over several hosts: each client sends unique search questions, desk intakes
(`POST /api/cases`) and event registrations, spread over the hosts as a proxy would spread them.

Each request has its own connection (`Connection: close`), as nginx talks to its upstreams by
default: a keep-alive connection the host closes while idle cannot race a new request.
A client that cannot connect to a host (refused: nothing was sent) tries the next host, as
nginx's `proxy_next_upstream error` does; any other failure is an error of that host (a request
in flight when the host died, a 5xx, a timeout) and that host is left for the rest of the run.
Every acknowledged write is kept so that the caller can look for it in the store.
"""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import requests

ROUTES = ("search", "intake", "registration")
WORDS = ("研發", "補助", "貸款", "融資", "出口", "節能", "人才", "數位", "轉型", "中小企業", "保證", "創新")


@dataclass
class Outcome:
    """What the clients saw."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    cases: list[str] = field(default_factory=list)
    registrations: list[int] = field(default_factory=list)
    errors: list[tuple[str, str, float]] = field(default_factory=list)  # host, what, when (s)
    retried: int = 0
    wall: float = 0.0

    def p95(self, route: str) -> float:
        ordered = sorted(self.times[route])
        return ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0

    @property
    def ok(self) -> int:
        return sum(len(v) for v in self.times.values())


def _request(session: requests.Session, base: str, route: str, n: int, token: str, event: str) -> requests.Response:
    if route == "search":
        words = " ".join(random.sample(WORDS, 2))
        return session.get(f"{base}/search", params={"q": f"{words} {n}"}, timeout=30)
    if route == "intake":
        body: dict[str, Any] = {"channel": "hotline", "kind": "inquiry", "summary": f"多主機負載 {n}",
                                "contact": {"name": "王小明", "phone": "02-2345-6789"}}
        return session.post(f"{base}/api/cases", data=json.dumps(body), timeout=30,
                            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    body = {"name": f"負載{n}", "org": "測試公司", "phone": f"09{n:08d}", "email": f"load{n}@example.tw", "consent": True}
    return session.post(f"{base}/api/events/{event}/registrations", data=json.dumps(body), timeout=30,
                        headers={"Content-Type": "application/json"})


def run(bases: list[str], *, clients: int, seconds: float, token: str, event: str,
        kill: tuple[float, Any] | None = None) -> Outcome:
    """`clients` threads for `seconds`; `kill=(at, action)` calls `action()` `at` seconds in."""
    outcome, lock = Outcome(), threading.Lock()
    numbers = itertools.count(1)
    started = time.monotonic()
    stop_at = started + seconds

    def client(k: int) -> None:
        down: set[str] = set()
        for step in itertools.count(k):
            if time.monotonic() >= stop_at:
                return
            route = ROUTES[step % 3]
            n = next(numbers)
            live = [b for b in bases if b not in down]
            if not live:
                return
            for attempt, base in enumerate(live[step % len(live):] + live[:step % len(live)]):
                began = time.monotonic()
                try:
                    with requests.Session() as session:
                        session.headers["Connection"] = "close"
                        answer = _request(session, base, route, n, token, event)
                except requests.ConnectionError as exc:
                    if "refused" in str(exc).lower() and attempt + 1 < len(live):
                        down.add(base)
                        with lock:
                            outcome.retried += 1
                        continue  # nothing was sent: the next host
                    what = type(exc).__name__
                except requests.RequestException as exc:
                    what = type(exc).__name__
                else:
                    if answer.status_code in (200, 201):
                        _acknowledged(outcome, lock, route, answer, time.monotonic() - began)
                        break
                    what = f"HTTP {answer.status_code} {route}: {answer.text[:120]}"
                with lock:
                    outcome.errors.append((base, what, began - started))
                if not what.startswith("HTTP 4"):
                    down.add(base)  # the host failed (a refused request is the client's error)
                break

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for thread in threads:
        thread.start()
    if kill is not None:
        time.sleep(max(0.0, kill[0] - (time.monotonic() - started)))
        kill[1]()
    for thread in threads:
        thread.join(seconds + 60)
    outcome.wall = time.monotonic() - started
    return outcome


def _acknowledged(outcome: Outcome, lock: threading.Lock, route: str, answer: requests.Response,
                  seconds: float) -> None:
    with lock:
        outcome.times[route].append(seconds)
        if route == "intake":
            outcome.cases.append(answer.json()["case_no"])
        elif route == "registration":
            outcome.registrations.append(answer.json()["id"])
