"""Dates: what the app reads as a date, and the one form it stores (ISO 8601).

``normalize_date`` reads the many ways pages write a date (lenient: "" when it is none);
``check_date`` reads a date the user typed and refuses what is not one, in words;
``check_date_bound`` the same for a search's "since"/"until", where a year or a month will do;
``parse_timestamp`` reads an ISO date or date-time the app wrote itself.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from factcheck_gui.core.errors import InputError

__all__ = ["check_date", "check_date_bound", "normalize_date", "parse_timestamp"]

_SPACES = re.compile(r"\s+")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janvier", "januar", "enero", "gennaio", "jänner"),
            ("feb", "february", "février", "fevrier", "februar", "febrero", "febbraio"),
            ("mar", "march", "mars", "märz", "marz", "marzo"),
            ("apr", "april", "avril", "abril", "aprile"),
            ("may", "mai", "mayo", "maggio"),
            ("jun", "june", "juin", "juni", "junio", "giugno"),
            ("jul", "july", "juillet", "juli", "julio", "luglio"),
            ("aug", "august", "août", "aout", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre", "settembre"),
            ("oct", "october", "octobre", "oktober", "octubre", "ottobre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "décembre", "decembre", "dezember", "diciembre", "dicembre"),
        ),
        start=1,
    )
    for name in names
}
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T\s])")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$")
_SLASHED_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_DMY = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_WEEKDAY = re.compile(r"^[^\W\d_]+\.?,\s*")
_MIN_YEAR = 1900


def normalize_date(value: Any) -> str:
    """``YYYY-MM-DD``, or full ISO 8601 when *value* has a time; "" if it is not a date.

    Accepts ISO 8601 (``2019-10-14``, ``2019-10-14T08:30:00Z``, ``20191014``), e-mail dates
    (``Mon, 14 Oct 2019 08:30:00 GMT``), ``2019/10/14``, ``14.10.2019``, ``14 October 2019``
    and ``October 14, 2019``. Dates before 1900 or more than a day in the future are refused.
    """
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value", "")
    text = _SPACES.sub(" ", str(value or "")).strip()
    if not text or len(text) > 80:
        return ""
    parsed = _parse_iso(text) or _parse_other(text)
    if parsed is None:
        return ""
    day = parsed.date() if isinstance(parsed, datetime) else parsed
    if day.year < _MIN_YEAR or day > date.today() + timedelta(days=1):
        return ""
    if isinstance(parsed, datetime):
        if (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0) and parsed.tzinfo is None:
            return day.isoformat()
        return parsed.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return parsed.isoformat()


def _parse_iso(text: str) -> date | datetime | None:
    candidate = text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    if candidate.endswith(("Z", "z")):
        candidate = candidate[:-1] + "+00:00"
    # "+0100" -> "+01:00" for Python 3.10's fromisoformat.
    candidate = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", candidate)
    try:
        if "T" in candidate:
            return datetime.fromisoformat(candidate)
        return date.fromisoformat(candidate)
    except ValueError:
        pass
    match = _ISO_DAY.match(text)
    if match:  # "2019-10-14T08:30:00.123456789+01:00" and other near misses: keep the day
        return _safe_date(*match.groups())
    match = _COMPACT.match(text)
    if match:
        return _safe_date(*match.groups()[:3])
    return None


def _parse_other(text: str) -> date | datetime | None:
    if re.search(r"\d{1,2}:\d{2}", text) and "," in text[:5]:
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            pass
    match = _SLASHED_YMD.match(text)
    if match:
        return _safe_date(*match.groups())
    match = _DMY.match(text)
    if match:
        day, month, year = match.groups()
        return _safe_date(year, month, day)
    text = _WEEKDAY.sub("", text)
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        day, month, year = match.groups()
        number = _MONTHS.get(month.lower())
        return _safe_date(year, number, day) if number else None
    match = _MONTH_DAY_YEAR.match(text)
    if match:
        month, day, year = match.groups()
        number = _MONTHS.get(month.lower())
        return _safe_date(year, number, day) if number else None
    return None


def _safe_date(year: Any, month: Any, day: Any) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def check_date(value: str, what: str = "date", *, future: bool = False,
               example: str = "give it as 2015-10-23 or 23 October 2015") -> str:
    """*value* as an ISO date (or date-time), "" for an empty one; InputError if it is no date.

    Accepts what :func:`normalize_date` reads, e.g. "2015-10-23", "23 October 2015",
    "Oct 23, 2015", "2015/10/23" (all become "2015-10-23"). A date in the future is refused
    unless *future*.
    """
    text = _SPACES.sub(" ", value).strip()
    if not text:
        return ""
    parsed = (_parse_iso(text) or _parse_other(text)) if len(text) <= 80 else None
    if parsed is None:
        raise InputError(f"\u201c{text}\u201d is not a {what} the app can read; {example}.")
    day = parsed.date() if isinstance(parsed, datetime) else parsed
    if day.year < _MIN_YEAR:
        raise InputError(f"The {what} \u201c{text}\u201d is before {_MIN_YEAR}; check the year.")
    if not future and day > date.today() + timedelta(days=1):
        raise InputError(f"The {what} \u201c{text}\u201d is in the future; check it, or leave it empty.")
    return normalize_date(text)


_YEAR_OR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def check_date_bound(value: str, what: str = "date") -> str:
    """A search's "since" or "until" as typed: "" for none, a year ("2015") or a month ("2015-10")
    as it is (stored dates begin with it, so it bounds them), else an ISO date as :func:`check_date`
    reads it, a future one allowed; InputError for anything else, in words."""
    text = _SPACES.sub(" ", value).strip()
    bound = _YEAR_OR_MONTH.match(text)
    if bound and int(bound.group(1)) >= _MIN_YEAR and (bound.group(2) is None or 1 <= int(bound.group(2)) <= 12):
        return text
    return check_date(text, what, future=True, example="give it as 2015-10-23, 23 October 2015, 2015-10 or 2015")


def parse_timestamp(value: str) -> datetime | None:
    """An ISO 8601 date or date-time the app wrote ("Z" for UTC allowed), or None."""
    value = value.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"  # Python 3.10's fromisoformat does not read "Z"
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
