"""core.dates: the one reader of dates, for pages (lenient) and for what the user types (strict)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from factcheck_gui.core import editing
from factcheck_gui.core.dates import check_date, normalize_date, parse_timestamp
from factcheck_gui.core.errors import InputError
from factcheck_gui.core.model import Article, ArticleMeta


@pytest.mark.parametrize("typed", ["2015-10-23", "23 October 2015", "Oct 23, 2015", "October 23rd, 2015",
                                   "2015/10/23", "23.10.2015", " 23  Oct  2015 ", "Friday, 23 October 2015"])
def test_a_typed_date_in_a_common_form_is_kept_in_iso_form(typed):
    assert check_date(typed) == "2015-10-23"


def test_a_typed_date_and_time_stays_a_date_and_time():
    assert check_date("2015-10-23T08:30:00Z") == "2015-10-23T08:30:00Z"
    assert check_date("2015-10-23T08:30:00+02:00") == "2015-10-23T08:30:00+02:00"


@pytest.mark.parametrize("typed", ["last tuesday", "yesterday", "23/10/2015", "2015-13-01", "31 February 2015",
                                   "Octember 3, 2015", "2015", "x" * 200])
def test_what_is_no_date_is_refused_with_an_example(typed):
    with pytest.raises(InputError, match=r"is not a date the app can read; give it as 2015-10-23"):
        check_date(typed)


def test_an_impossible_year_is_refused_in_words():
    with pytest.raises(InputError, match="is in the future"):
        check_date((date.today() + timedelta(days=30)).isoformat())
    with pytest.raises(InputError, match="before 1900"):
        check_date("1850-01-01")


def test_an_empty_date_is_allowed():
    assert check_date("   ") == ""


def test_pages_dates_are_read_leniently_by_the_same_module():
    assert normalize_date("Mon, 14 Oct 2019 08:30:00 GMT") == "2019-10-14T08:30:00Z"
    assert normalize_date("last tuesday") == ""


def test_timestamps_the_app_wrote_are_read_with_z():
    stamp = parse_timestamp("2026-11-25T08:40:00Z")
    assert stamp is not None and stamp.utcoffset() == timedelta(0) and stamp.hour == 8
    assert parse_timestamp("not a time") is None


def test_edit_meta_refuses_a_date_that_is_no_date_and_normalises_a_written_one():
    article = Article(text="One sentence.", meta=ArticleMeta(title="T"))
    with pytest.raises(InputError, match="last tuesday") as refused:
        editing.edit_meta(article, published="last tuesday")
    assert isinstance(refused.value, editing.MetaError) and refused.value.field == "published"
    assert article.meta.published == ""  # nothing changed
    change = editing.edit_meta(article, published="23 October 2015")
    assert article.meta.published == "2015-10-23" and change.new.published == "2015-10-23"


def test_a_date_kept_from_an_old_file_is_not_refused_again():
    article = Article(text="One sentence.", meta=ArticleMeta(title="T", published="sometime in 2015"))
    editing.edit_meta(article, title="New title")
    assert article.meta.published == "sometime in 2015" and article.meta.title == "New title"
