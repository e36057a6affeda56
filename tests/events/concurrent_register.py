"""Fire N registrations at once (one thread and one connection each) at an event of C seats in
the store named by FUDAO_DB; prints {"statuses": {...}, "positions": [...], "errors": [...]}.

Run as a script by test_events_concurrency.py (a real file store, real threads)."""

from __future__ import annotations

import json
import sys
import threading
from collections import Counter

from fudao import bootstrap


def fire(event_id: str, n: int) -> list[str]:
    """Register n distinct people at the same instant; the errors raised, as text."""
    from django.db import connection
    from eventhelpers import person

    from fudao.events.services import register

    barrier = threading.Barrier(n)
    errors: list[str] = []

    def one(i: int) -> None:
        try:
            barrier.wait()
            register(event_id=event_id, registrant=person(i))
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(1, n + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def main() -> None:
    n, capacity = int(sys.argv[1]), int(sys.argv[2])
    bootstrap.setup()
    from eventhelpers import make_event

    from fudao.events.models import Registration

    make_event("crowd", capacity=capacity)
    errors = fire("crowd", n)
    rows = Registration.objects.filter(event__event_id="crowd")
    print(json.dumps({"statuses": dict(Counter(rows.values_list("status", flat=True))),
                      "positions": sorted(p for p in rows.values_list("position", flat=True) if p),
                      "errors": errors}))


if __name__ == "__main__":
    main()
