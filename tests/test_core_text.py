"""core.text.quoted: a claim or a quotation in quotation marks, never doubled."""

from __future__ import annotations

from factcheck_gui.core.text import quoted


def test_a_plain_text_is_wrapped_in_curly_quotation_marks() -> None:
    assert quoted("Taxes fell by 40% last year.") == "\u201cTaxes fell by 40% last year.\u201d"
    assert quoted("  spaced  ") == "\u201cspaced\u201d"
    assert quoted("") == "\u201c\u201d"


def test_a_text_that_begins_with_a_quotation_is_not_wrapped_again() -> None:
    meth = "\u201cMeth, we\u2019re on it.\u201d"
    assert quoted(meth) == meth  # not ““Meth, we’re on it.””
    assert quoted("\u201cMeth,\u201d the sheriff said.") == "\u201cMeth,\u201d the sheriff said."
    for opening in ('"', "'", "\u2018", "\u201e", "\u00ab", "\u2039", "\u300c"):
        assert quoted(f"{opening}Quoted") == f"{opening}Quoted"


def test_an_apostrophe_inside_or_a_quotation_later_in_the_text_still_gets_marks() -> None:
    assert quoted("We\u2019re on it.") == "\u201cWe\u2019re on it.\u201d"
    assert quoted("He said \u201cno\u201d.") == "\u201cHe said \u201cno\u201d.\u201d"
