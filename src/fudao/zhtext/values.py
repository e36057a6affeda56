"""All values of a text at once: amounts, dates, date ranges, years, percents, phones, URLs
and e-mail addresses, with overlaps resolved (a phone number is not also an amount or a date).

When findings overlap, the kind earlier in `PRIORITY` wins, then the longer one.
"""

from __future__ import annotations

import re

from fudao.zhtext.amounts import find_amounts
from fudao.zhtext.found import Found
from fudao.zhtext.normalize import fold_for_finders
from fudao.zhtext.percents import find_percents
from fudao.zhtext.phones import find_phones
from fudao.zhtext.rocdates import find_dates

PRIORITY = ("url", "email", "phone", "date_range", "date", "percent", "amount", "year")

_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+;=%]+", re.IGNORECASE)
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_TRAILING = ".,;:!?)]'"


def find_urls(text: str) -> list[Found]:
    """Web addresses (`https://…`, `www.…`), trailing punctuation left out."""
    out: list[Found] = []
    for m in _URL.finditer(fold_for_finders(text)):
        raw = m.group().rstrip(_TRAILING)
        end = m.start() + len(raw)
        out.append(Found("url", text[m.start() : end], {"url": raw}, m.start(), end))
    return out


def find_emails(text: str) -> list[Found]:
    """E-mail addresses, as {"email": lower-cased address}."""
    out: list[Found] = []
    for m in _EMAIL.finditer(fold_for_finders(text)):
        value = {"email": m.group().lower()}
        out.append(Found("email", text[m.start() : m.end()], value, m.start(), m.end()))
    return out


def find_values(text: str) -> list[Found]:
    """Every value in `text` of every kind, without overlaps, in text order."""
    candidates = [
        *find_urls(text),
        *find_emails(text),
        *find_phones(text),
        *find_dates(text),
        *find_percents(text),
        *find_amounts(text),
    ]
    rank = {kind: i for i, kind in enumerate(PRIORITY)}
    candidates.sort(key=lambda f: (rank[f.kind], -(f.end - f.start), f.start))
    kept: list[Found] = []
    for item in candidates:
        if all(item.end <= k.start or item.start >= k.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)
