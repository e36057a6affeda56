"""Screenshots of the staff workspace and the public catalogue at 1280 px and 390 px, on a fresh
store with the corpus, one user of each role and the living demo desk (Playwright + Debian's
chromium): the queue, the case page, its casework sections, follow-ups, an enterprise, reports, the staff
events list, the public catalogue and an event page.

    python bench/screenshots.py [--out DIR] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "production")]

from staffsite import PASSWORD, prepare  # noqa: E402

from browserkit import FUDAO, chromium, login, served, store_env  # noqa: E402

WIDTHS = (1280, 390)


def shots(s: dict[str, str]) -> list[tuple[str | None, str, str, str | None]]:
    """(user, name, URL, element to shoot or None for the whole page)."""
    case = s["case"]
    return [
        ("lin", "queue", "/desk/", None),
        ("lin", "case", f"/desk/cases/{case}/", None),
        ("lin", "casework", f"/desk/cases/{case}/", "#casework"),
        ("lin", "timeline", f"/desk/cases/{case}/", "#timeline"),
        ("lin", "followups", "/desk/followups/", None),
        ("lin", "enterprise", f"/desk/enterprises/{s['ubn']}/", None),
        ("lin", "experts", "/desk/experts/", None),
        ("lin", "expert", "/desk/experts/chen-fin/", None),
        ("lin", "visit-form", f"/desk/cases/{case}/", "#cw-visit"),
        ("lin", "referral-letter", f"/desk/cases/{case}/referrals/{s['referral']}/letter", None),
        ("lin", "staff-events", "/staff/events/", None),
        ("chen", "reports", "/reports/?year=112", None),
        ("chen", "reports-topics", "/reports/?year=112&by=quarter", "#topics"),
        ("wu", "case-read-only", f"/desk/cases/{case}/", None),
        ("edi", "refusal", "/desk/", None),
        (None, "catalogue", "/measures/", None),
        (None, "home", "/", None),
        (None, "inquiry", "/inquiry/", None),
        (None, "event", f"/events/{s['event']}/", None),
    ]


def experts(env: dict[str, str], case: str) -> None:
    """Two experts in the pool, one of them on a visit of the sample case."""
    import subprocess

    for args in (["chen-fin", "陳會計師", "--domains", "finance,management", "--region", "north",
                  "--counties", "臺北市,新北市", "--phone", "02-2754-1255", "--email", "chen@example.tw"],
                 ["lin-tech", "林技師", "--domains", "technology,digital_ai", "--region", "central",
                  "--counties", "臺中市,彰化縣"]):
        subprocess.run([*FUDAO, "experts", "add", *args], env=env, check=True, capture_output=True)
    subprocess.run([*FUDAO, "cases", "log", case, "visit", "--data",
                    '{"mode": "onsite", "expert_codes": ["chen-fin"], "text": "到廠訪視"}'],
                   env=env, check=True, capture_output=True)


def main() -> None:
    """Make the store, serve it, and write one PNG per shot and width into --out."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "screenshots")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    env = store_env(Path(tempfile.mkdtemp(prefix="fudao-shots-")))
    samples = prepare(env, args.corpus, FUDAO)
    experts(env, samples["case"])
    with served(env, "--threads", "4") as base, chromium() as browser:
        for width in WIDTHS:
            tabs: dict[str | None, object] = {}
            for user, name, url, element in shots(samples):
                if user not in tabs:
                    context = browser.new_context(locale="zh-TW", viewport={"width": width, "height": 900})
                    tabs[user] = tab = context.new_page()
                    if user:
                        login(tab, base, user, PASSWORD)
                tab = tabs[user]
                tab.goto(base + url)  # type: ignore[attr-defined]
                path = args.out / f"{name}-{width}.png"
                if element:
                    tab.evaluate("() => document.querySelectorAll('details.cw-section')"  # type: ignore[attr-defined]
                                 ".forEach(d => { d.open = true; })")
                    tab.locator(element).screenshot(path=str(path))  # type: ignore[attr-defined]
                else:
                    tab.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
                print(path)


if __name__ == "__main__":
    main()
