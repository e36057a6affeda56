"""Benchmark of outreach campaigns on PostgreSQL over the registry bench/registry.py loaded.

1. Add 15 consultants (five teams covering four or five counties each, like the 分團), unless present.
2. Time `create_campaign` over every enterprise in the store (default: two measures), then a
   filtered one (`county=臺中市`, `industry_section=C`): screening, ranking, the split — all SQL.
3. Start `fudao serve` on the same store, sign a consultant in, record a few calls, and time
   GET /desk/campaigns/<id>/calls/ (--requests times, one client): p50 and p95.

Usage: python bench/outreach.py [--pg postgresql://postgres@127.0.0.1:5432/fudao]
       [--measure small-mfg-upgrade-grant --measure mfg-post-pandemic-revival] [--requests 200]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

COUNTY_TEAMS = {
    "north": ["臺北市", "新北市", "基隆市", "宜蘭縣", "連江縣"],
    "taoyuan": ["桃園市", "新竹市", "新竹縣", "苗栗縣"],
    "central": ["臺中市", "彰化縣", "南投縣", "雲林縣"],
    "south": ["臺南市", "嘉義市", "嘉義縣", "澎湖縣", "金門縣"],
    "kaohsiung": ["高雄市", "屏東縣", "花蓮縣", "臺東縣"],
}
PASSWORD = "Bench-pass-2026"


def staff() -> list[str]:
    from django.contrib.auth import get_user_model

    from fudao.accounts.services import add_team, add_user

    names = []
    for slug, counties in COUNTY_TEAMS.items():
        add_team(slug=slug, name=f"{slug} 分團", counties=counties)
        for i in range(3):
            name = f"{slug}{i}"
            if not get_user_model().objects.filter(username=name).exists():
                add_user(username=name, role="consultant", password=PASSWORD, team=slug)
            names.append(name)
    return names


def timed_campaign(name: str, measures: list[str], where: list[str], consultants: list[str]) -> tuple[float, dict]:
    from fudao.accounts.actors import LOCAL
    from fudao.outreach import selectors, services

    start = time.perf_counter()
    campaign = services.create_campaign(name=name, measure_ids=measures, where=where, by=LOCAL,
                                        consultants=consultants)
    seconds = time.perf_counter() - start
    return seconds, selectors.figures(campaign)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def page_times(pg: str, campaign_id: int, user: str, requests: int) -> list[float]:
    env = dict(os.environ, FUDAO_DB=pg)
    port = free_port()
    fudao = [sys.executable, "-m", "fudao.cli.main"]
    proc = subprocess.Popen([*fudao, "serve", "--port", str(port), "--threads", "4"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/static/web/site.css", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        login = opener.open(base + "/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
        form = urllib.parse.urlencode({"username": user, "password": PASSWORD,
                                       "csrfmiddlewaretoken": token, "next": "/desk/campaigns/"})
        opener.open(urllib.request.Request(base + "/accounts/login/", data=form.encode(),
                                           headers={"Referer": base + "/accounts/login/"}))
        url = f"{base}/desk/campaigns/{campaign_id}/calls/"
        for _ in range(5):  # record a few calls through the page, as a consultant does
            page = opener.open(url).read().decode()
            ubn = re.search(r'id="firm-ubn">(\d{8})<', page).group(1)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            data = urllib.parse.urlencode({"ubn": ubn, "outcome": "not_reached", "csrfmiddlewaretoken": token})
            opener.open(urllib.request.Request(url, data=data.encode(), headers={"Referer": url}))
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            body = opener.open(url).read()
            times.append(time.perf_counter() - start)
            assert b"firm-ubn" in body
        return times
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg", default=os.environ.get("FUDAO_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/fudao"))
    parser.add_argument("--measure", action="append")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    measures = args.measure or ["small-mfg-upgrade-grant", "mfg-post-pandemic-revival"]
    os.environ["FUDAO_DB"] = args.pg
    from fudao import bootstrap

    bootstrap.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from fudao.enterprises.models import Enterprise

    total = Enterprise.objects.count()
    if total < 100_000:
        sys.exit(f"only {total:,} enterprises in {args.pg}: run bench/registry.py --pg {args.pg} first")
    consultants = staff()
    seconds, fig = timed_campaign("全國小型製造業", measures, [], consultants)
    print(f"campaign over {total:,} enterprises × {len(measures)} measures: {seconds:.2f} s; "
          f"{fig['targets']:,} targets ({fig['eligible']:,} eligible, {fig['unknown']:,} unknown), "
          f"{fig['firms']:,} firms over {len(fig['assigned'])} consultants "
          f"(min {min(fig['assigned'].values()):,}, max {max(fig['assigned'].values()):,})")
    seconds2, fig2 = timed_campaign("臺中製造業", measures, ["county=臺中市", "industry_section=C"], consultants)
    print(f"filtered campaign (臺中市, C): {seconds2:.2f} s; {fig2['targets']:,} targets")
    user = next(u for u, n in fig["assigned"].items() if n)
    times = page_times(args.pg, fig["id"], user, args.requests)
    q = statistics.quantiles(times, n=100)
    print(f"call list page ({user}, {fig['assigned'][user]:,} firms on the list), {len(times)} GETs: "
          f"p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
