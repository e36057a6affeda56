"""A served store with the corpus, one user of each role (the README's lin, chen, wu, plus an
editor and an admin) and `fudao demo --load`'s living desk: shared by the staff pages' axe-core
test and bench/screenshots.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "staff-site-pass-2025"
USERS = (("lin", "consultant", "north"), ("chen", "supervisor", "north"), ("wu", "analyst", None),
         ("edi", "editor", None), ("root", "admin", None))
SETUP = f"""
from fudao import bootstrap
bootstrap.setup()
from fudao.accounts.services import add_team, add_user
add_team(slug="north", name="北區服務中心", counties=["臺北市", "新北市", "基隆市"])
for name, role, team in {USERS!r}:
    add_user(username=name, role=role, password="{PASSWORD}", team=team)
"""
SAMPLES = """
import json
from fudao import bootstrap
bootstrap.setup()
from fudao.cases.models import Case
from fudao.catalogue.models import Measure
from fudao.events.models import Event
from django.utils import timezone
case = Case.objects.filter(summary__endswith="（示範案件）", assignee__username="lin").order_by("opened_at").first()
event = Event.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
measure = Measure.objects.filter(status="published").order_by("pk").first()
from fudao.accounts.services import actor_by_name
from fudao.cases.services import log_activity
referral = log_activity(case_no=case.case_no, type="referral", by=actor_by_name("lin"),
                        data={"to": "信保基金", "text": "協助評估信用保證成數", "consent": True})
print(json.dumps({"case": case.case_no, "ubn": case.enterprise.ubn, "event": event.event_id,
                  "measure": measure.pk, "referral": referral.pk}))
"""


def prepare(env: dict[str, str], corpus: Path, fudao: list[str]) -> dict[str, str]:
    """Ingest the corpus, make the users and the demo; the sample ids the URL list names."""
    subprocess.run([*fudao, "ingest", str(corpus), "--publish", "--json"], env=env, check=True,
                   capture_output=True, timeout=600)
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, timeout=120)
    subprocess.run([*fudao, "demo", "--year", "112", "--scale", "0.01", "--load"], env=env, check=True,
                   capture_output=True, timeout=600)
    out = subprocess.run([sys.executable, "-c", SAMPLES], env=env, check=True, capture_output=True,
                         text=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def pages(s: dict[str, str]) -> dict[str | None, list[str]]:
    """The URL list: every public page (anonymous) and the staff pages of each role."""
    case, ubn, event, measure = s["case"], s["ubn"], s["event"], s["measure"]
    return {
        None: ["/", "/search?q=%E8%B2%B8%E6%AC%BE", "/measures/", f"/measures/{measure}/", "/check/",
               "/events/", f"/events/{event}/", "/inquiry/", "/status/", "/accounts/login/"],
        "lin": ["/desk/", "/desk/intake/", "/desk/cases/", f"/desk/cases/{case}/", "/desk/followups/", "/desk/new-matches/",
                "/staff/events/", f"/staff/events/{event}/", "/desk/campaigns/", f"/desk/enterprises/{ubn}/",
                f"/desk/cases/{case}/referrals/{s['referral']}/letter"],
        "chen": ["/desk/?scope=team", "/desk/new-matches/", "/reports/?year=112", f"/desk/cases/{case}/"],
        "wu": ["/reports/?year=112&by=team", "/desk/cases/", f"/desk/cases/{case}/"],
        "edi": ["/desk/"],
        "root": ["/desk/", "/reports/?year=112"],
    }
