"""Report periods: a 民國 year, quarter or month, or two dates; Asia/Taipei days."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from fudao import validation
from fudao.errors import Invalid

TAIPEI = ZoneInfo("Asia/Taipei")
ROC_OFFSET = 1911
MIN_ROC_YEAR, MAX_ROC_YEAR = 1, 200
QUARTER = re.compile(r"^(?P<y>\d{1,3})[-/ ]?[Qq](?P<q>[1-4])$")
MONTH = re.compile(r"^(?P<y>\d{1,3})[-/](?P<m>\d{1,2})$")


class ReportError(Invalid):
    """A report that cannot be made as asked; the message (zh-TW) says why."""


class PeriodError(ReportError):
    """A period that cannot be reported on; the message (zh-TW) says why."""


@dataclass(frozen=True)
class Period:
    """From the first to the last day, both included."""

    start: dt.date
    end: dt.date

    @property
    def start_at(self) -> dt.datetime:
        """The first instant of the period in Asia/Taipei."""
        return dt.datetime.combine(self.start, dt.time.min, TAIPEI)

    @property
    def end_before(self) -> dt.datetime:
        """The first instant after the period."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, TAIPEI)


def roc_year(value: int | str) -> int:
    """A 民國 year within the range reports accept, or PeriodError."""
    try:
        year = int(str(value).strip().removeprefix("民國").removesuffix("年"))
    except ValueError:
        raise PeriodError(f"民國年「{value}」須為數字，例如 112") from None
    if not MIN_ROC_YEAR <= year <= MAX_ROC_YEAR:
        raise PeriodError(f"民國年「{year}」不在可用範圍（{MIN_ROC_YEAR}–{MAX_ROC_YEAR}）")
    return year


def year_period(year: int | str) -> Period:
    """民國 year → its calendar year (112 → 2023-01-01 to 2023-12-31)."""
    ad = roc_year(year) + ROC_OFFSET
    return Period(dt.date(ad, 1, 1), dt.date(ad, 12, 31))


def quarter_period(text: str) -> Period:
    """`112Q1` / `112-Q1` → 2023-01-01 to 2023-03-31."""
    m = QUARTER.match(text.strip())
    if not m:
        raise PeriodError(f"季別「{text}」格式不正確，例如 112Q1")
    ad, q = roc_year(m["y"]) + ROC_OFFSET, int(m["q"])
    start = dt.date(ad, 3 * q - 2, 1)
    end = dt.date(ad + 1, 1, 1) if q == 4 else dt.date(ad, 3 * q + 1, 1)
    return Period(start, end - dt.timedelta(days=1))


def month_period(text: str) -> Period:
    """`112-03` → 2023-03-01 to 2023-03-31."""
    m = MONTH.match(text.strip())
    if not m or not 1 <= int(m["m"]) <= 12:
        raise PeriodError(f"月份「{text}」格式不正確，例如 112-03")
    ad, month = roc_year(m["y"]) + ROC_OFFSET, int(m["m"])
    nxt = dt.date(ad + 1, 1, 1) if month == 12 else dt.date(ad, month + 1, 1)
    return Period(dt.date(ad, month, 1), nxt - dt.timedelta(days=1))


def parse_day(value: str, name: str) -> dt.date:
    """A date `YYYY-MM-DD` (or 民國 `112-03-05` / `112/3/5`), or PeriodError naming the field."""
    try:
        return validation.parse_day(value or "", name)
    except Invalid:
        raise PeriodError(f"日期 {name}「{value}」格式不正確，請用 YYYY-MM-DD 或民國 112-03-05") from None


def resolve(*, year: str | int | None = None, quarter: str | None = None,
            month: str | None = None, start: str | None = None, end: str | None = None,
            today: dt.date | None = None) -> Period:
    """The period asked for: exactly one of year, quarter, month, or from/to dates (default:
    this 民國 year)."""
    given = [x for x in (year, quarter, month) if x not in (None, "")]
    if len(given) > 1 or (given and (start or end)):
        raise PeriodError("請只指定一種期間：民國年、季、月，或起訖日期")
    if year not in (None, ""):
        return year_period(year)  # type: ignore[arg-type]
    if quarter:
        return quarter_period(quarter)
    if month:
        return month_period(month)
    if start or end:
        if not (start and end):
            raise PeriodError("起訖日期須同時提供（from 與 to）")
        period = Period(parse_day(start, "from"), parse_day(end, "to"))
        if period.end < period.start:
            raise PeriodError(f"結束日期 {period.end} 早於開始日期 {period.start}")
        if (period.end - period.start).days > 366 * 20:
            raise PeriodError("期間過長（上限 20 年）")
        return period
    today = today or dt.datetime.now(TAIPEI).date()
    return year_period(today.year - ROC_OFFSET)
