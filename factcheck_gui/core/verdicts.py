"""The verdict scale: data, so a team can bring its own.

The default follows common practice (PolitiFact, Snopes, AAP). Verdicts on the
numeric scale carry a ``rating`` used for ClaimReview's ratingValue; the others
(Misleading, Unproven, Not a checkable claim) only have an alternateName.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """One rating a fact-checker can give a claim."""

    key: str  # stable id stored in the article file, e.g. "mostly-false"
    label: str  # shown to the user and used as ClaimReview alternateName
    color: str  # "#rrggbb" for highlights and chips
    rating: int | None = None  # position on the numeric scale, None if off-scale
    description: str = ""


@dataclass(frozen=True)
class VerdictScale:
    """An ordered set of verdicts. Keyboard keys 1-9 follow this order."""

    name: str
    verdicts: tuple[Verdict, ...]
    best_rating: int
    worst_rating: int

    def get(self, key: str | None) -> Verdict | None:
        """The verdict with *key*, or None for no verdict or an unknown key."""
        for verdict in self.verdicts:
            if verdict.key == key:
                return verdict
        return None

    def by_number(self, number: int) -> Verdict | None:
        """The verdict for keyboard key *number* (1-based), or None."""
        if 1 <= number <= len(self.verdicts):
            return self.verdicts[number - 1]
        return None

    def number_of(self, key: str) -> int | None:
        """1-based position of *key* in the scale, or None."""
        for index, verdict in enumerate(self.verdicts, start=1):
            if verdict.key == key:
                return index
        return None

    def keys(self) -> list[str]:
        return [verdict.key for verdict in self.verdicts]


DEFAULT_SCALE = VerdictScale(
    name="default",
    best_rating=5,
    worst_rating=1,
    verdicts=(
        Verdict("true", "True", "#2e7d32", 5, "The claim is accurate and nothing significant is missing."),
        Verdict("mostly-true", "Mostly true", "#7cb342", 4, "Accurate but needs clarification or extra information."),
        Verdict("half-true", "Half true", "#fbc02d", 3, "Partially accurate but leaves out important details."),
        Verdict("mostly-false", "Mostly false", "#f57c00", 2, "Contains an element of truth but ignores critical facts."),
        Verdict("false", "False", "#d32f2f", 1, "The claim is not accurate."),
        Verdict("misleading", "Misleading", "#8e24aa", None, "Facts presented so as to give a wrong impression."),
        Verdict("unproven", "Unproven", "#546e7a", None, "The evidence available neither proves nor disproves it."),
        Verdict("not-checkable", "Not a checkable claim", "#90a4ae", None, "An opinion, prediction or question, not a fact."),
    ),
)

# Colour for claims that have no verdict yet.
UNJUDGED_COLOR = "#9e9e9e"
# What a claim without a verdict is called: one wording in the window, the exports and the command line.
UNJUDGED_LABEL = "Not yet judged"


def verdict_label(key: str | None, scale: VerdictScale = DEFAULT_SCALE) -> str:
    """The verdict's label; the raw key if the scale does not know it; UNJUDGED_LABEL for None."""
    if key is None:
        return UNJUDGED_LABEL
    verdict = scale.get(key)
    return verdict.label if verdict is not None else key


def verdict_names(value: str, scale: VerdictScale = DEFAULT_SCALE) -> list[str]:
    """What a verdict filter matches, compared whole and without case: *value* as typed (an imported
    review's rating, e.g. "Pants on fire"), and for a verdict of *scale* (by key, label or number, the
    window's key for it, as every other ``--verdict`` takes it) its key and label."""
    typed = value.strip()
    wanted = typed.casefold().replace("_", "-")
    for number, verdict in enumerate(scale.verdicts, start=1):
        if wanted in (verdict.key, verdict.label.casefold(), verdict.label.casefold().replace(" ", "-"), str(number)):
            return [typed, verdict.key, verdict.label]
    return [typed] if typed else []


def shown_verdict(verdict: str, *, from_library: bool, scale: VerdictScale = DEFAULT_SCALE) -> str:
    """A verdict as the user reads it: a library claim's key as its label ("mostly-false" -> "Mostly
    false"); an imported review's rating as its publisher wrote it."""
    if from_library:
        found = scale.get(verdict or None)
        return found.label if found else verdict
    return verdict
