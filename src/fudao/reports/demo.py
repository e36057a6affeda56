"""A year of synthetic service-desk activity at the scale 004 reports for 民國112年 (about 4萬
cases, 415 visits, 28 promotion events with 1,205 attendances, 121 consultation-day cases, 102
financing cases with 2億6,180萬元 obtained, 387 debt cases with 191.9億元 extended), written in the
import format (JSON Lines). Data for the demo and the benchmarks only."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from fudao.zhtext.ubn import synthetic_ubn

TAIPEI = ZoneInfo("Asia/Taipei")
TEAMS = {"north": ("北區服務中心", ["臺北市", "新北市", "基隆市", "桃園市", "新竹縣", "新竹市", "宜蘭縣"]),
         "central": ("中區服務中心", ["臺中市", "苗栗縣", "彰化縣", "南投縣", "雲林縣"]),
         "south": ("南區服務中心", ["高雄市", "臺南市", "嘉義市", "嘉義縣", "屏東縣", "花蓮縣", "臺東縣", "澎湖縣"])}
# 004's figures for 民國112年, scaled by --scale.
SCALE_104 = {"cases": 40_419, "visits": 415, "promotion_events": 28, "attendances": 1_205,
             "consultation_day": 121, "financing": 102, "debt": 387,
             "financing_amount": 261_800_000, "debt_amount": 19_190_000_000}
CHANNEL_WEIGHTS = {"hotline": 70, "web": 15, "walk_in": 5, "email": 5, "referral": 3, "outreach": 2}
NEEDS = ["finance", "talent", "technology", "marketing", "export", "digital", "energy", "debt", "ai"]
BANKS = ["臺灣銀行", "土地銀行", "合作金庫", "第一銀行", "華南銀行", "彰化銀行"]


def _at(rng: random.Random, year: int, day_of_year: int | None = None) -> dt.datetime:
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    day = start + dt.timedelta(days=day_of_year if day_of_year is not None else rng.randrange(days))
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1) if day.month > 1 or day.day > 2 else dt.timedelta(days=-2)
    return dt.datetime.combine(day, dt.time(8, 30), TAIPEI) + dt.timedelta(minutes=rng.randrange(540))


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`parts` positive integers summing to `total`."""
    if parts <= 0:
        return []
    cuts = sorted(rng.sample(range(1, max(total, parts + 1)), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(bounds)]


def records(roc_year: int, scale: float = 1.0, seed: int = 112) -> Iterator[dict[str, Any]]:
    """The records of the demo year, enterprises first, in import order."""
    rng = random.Random(seed)
    year = roc_year + 1911
    n = {k: max(1, round(v * scale)) for k, v in SCALE_104.items()}
    firms = max(50, n["cases"] // 3)
    counties = [(slug, c) for slug, (_, cs) in TEAMS.items() for c in cs]
    for i in range(firms):
        slug, county = counties[i % len(counties)]
        yield {"type": "enterprise", "ubn": synthetic_ubn(100_000 + i), "name": f"示範企業{i + 1:05d}股份有限公司",
               "org_type": "company", "industry_section": rng.choice("CCCCGGHIJM"), "county": county,
               "employees": rng.randrange(1, 300), "paid_in_capital_twd": rng.randrange(1, 500) * 1_000_000}
    kinds = (["consultation_day"] * n["consultation_day"] + ["financing"] * n["financing"]
             + ["debt"] * n["debt"] + ["counselling"] * n["visits"])
    kinds += ["inquiry"] * (n["cases"] - len(kinds))
    rng.shuffle(kinds)
    channels = list(CHANNEL_WEIGHTS)
    weights = list(CHANNEL_WEIGHTS.values())
    cases: list[tuple[str, str, dt.datetime]] = []
    for seq, kind in enumerate(kinds, start=1):
        firm = rng.randrange(firms)
        slug, county = counties[firm % len(counties)]
        opened = _at(rng, year)
        case_no = f"{roc_year}-{seq:06d}"
        resolved = opened + dt.timedelta(hours=rng.choice([1, 2, 4, 20, 30, 60, 200]))
        cases.append((case_no, kind, opened))
        yield {"type": "case", "case_no": case_no, "channel": rng.choices(channels, weights)[0],
               "kind": kind, "status": "closed", "opened_at": opened.isoformat(),
               "ubn": synthetic_ubn(100_000 + firm), "team": slug,
               "contact_name": "聯絡人", "contact_phone": f"02-2{rng.randrange(10**6, 10**7):07d}",
               "needs": [rng.choice(NEEDS)], "summary": "示範資料",
               "first_response_at": (opened + dt.timedelta(minutes=rng.randrange(5, 300))).isoformat(),
               "resolved_at": resolved.isoformat(), "closed_at": resolved.isoformat()}
    yield from _activities(rng, cases, n)
    yield from _events(rng, roc_year, year, n)


def _activities(rng: random.Random, cases: list[tuple[str, str, dt.datetime]],
                n: dict[str, int]) -> Iterator[dict[str, Any]]:
    by_kind: dict[str, list[tuple[str, dt.datetime]]] = {}
    for case_no, kind, opened in cases:
        by_kind.setdefault(kind, []).append((case_no, opened))
    for case_no, opened in by_kind.get("counselling", []):
        yield {"type": "activity", "case_no": case_no, "activity": "visit", "mode": "onsite",
               "at": (opened + dt.timedelta(hours=3)).isoformat(), "experts": ["示範專家"]}
    for kind, total, activity in (("financing", n["financing_amount"], "financing_outcome"),
                                  ("debt", n["debt_amount"], "debt_outcome")):
        rows = by_kind.get(kind, [])
        for (case_no, opened), amount in zip(rows, _split(total, len(rows), rng), strict=True):
            yield {"type": "activity", "case_no": case_no, "activity": activity,
                   "at": (opened + dt.timedelta(hours=2)).isoformat(), "amount_twd": amount,
                   "bank": rng.choice(BANKS)}


def _events(rng: random.Random, roc_year: int, year: int, n: dict[str, int]) -> Iterator[dict[str, Any]]:
    events = n["promotion_events"]
    seats = _split(n["attendances"], events, rng)
    for i, attended in enumerate(seats):
        name, counties = list(TEAMS.values())[i % len(TEAMS)]
        starts = _at(rng, year, day_of_year=15 + i * 12)
        event_id = f"demo-{roc_year}-{i + 1:02d}"
        yield {"type": "event", "event_id": event_id, "kind": "promotion",
               "title": f"輔導措施說明會（{name}）第{i + 1}場", "starts_at": starts.isoformat(),
               "ends_at": (starts + dt.timedelta(hours=2)).isoformat(), "region": counties[0],
               "venue": name, "capacity": attended + 20}
        for j in range(attended + rng.randrange(0, 6)):
            yield {"type": "registration", "event_id": event_id, "name": f"參加者{j + 1}",
                   "phone": f"09{rng.randrange(10**7, 10**8)}", "email": f"p{i}-{j}@example.com",
                   "status": "registered", "attended": j < attended}


def write(out: TextIO | Path, roc_year: int, scale: float = 1.0, seed: int = 112) -> dict[str, int]:
    """Write the demo year as JSON Lines; the count of records per type."""
    counts: dict[str, int] = {}
    stream = out.open("w", encoding="utf-8") if isinstance(out, Path) else out
    try:
        for record in records(roc_year, scale, seed):
            counts[record["type"]] = counts.get(record["type"], 0) + 1
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if isinstance(out, Path):
            stream.close()
    return counts
