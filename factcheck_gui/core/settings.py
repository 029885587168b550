"""User settings as a typed object, and the rules for what a user may set.

``store.settings`` reads and writes them as JSON.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from factcheck_gui.core.errors import InputError
from factcheck_gui.core.text import is_web_url

SETTINGS_VERSION = 1


@dataclass
class Settings:
    """Options the user sets once. Every field has a type and a default."""

    organization_name: str = ""  # the publishing organisation, e.g. "Example Fact Check"
    organization_url: str = ""
    reviewer_name: str = ""  # the person who wrote the review
    # Who you are in a shared library: recorded with each change of a claim or source and as the
    # author of what `factcheck sync` commits.
    author_name: str = ""
    author_email: str = ""
    # Where the published review of an article will live; {article_id} and {claim_id} are filled in.
    review_url_pattern: str = ""
    wayback_save_url: str = "https://web.archive.org/save/"
    wayback_availability_url: str = "https://archive.org/wayback/available"
    fetch_timeout_seconds: float = 20.0
    fetch_max_bytes: int = 15 * 1024 * 1024
    last_export_folder: str = ""

    def review_url(self, article_id: str, claim_id: str = "") -> str:
        """The review URL for an article (and claim), or "" when no pattern is set."""
        if not self.review_url_pattern:
            return ""
        return self.review_url_pattern.replace("{article_id}", article_id).replace("{claim_id}", claim_id)


# -- checking what the user typed ------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_KNOWN_PLACEHOLDERS = {"article_id", "claim_id"}


def validate_settings(settings: Settings) -> list[tuple[str, str]]:
    """(field, sentence) for every value the user must fix; empty when the settings can be saved.

    The settings dialog shows each sentence next to its field; ``factcheck settings`` prints the first.
    """
    problems: list[tuple[str, str]] = []

    def web(field: str, what: str, *, required: bool) -> None:
        value = getattr(settings, field).strip()
        if not value:
            if required:
                problems.append((field, f"The {what} is empty. Enter an http:// or https:// address."))
        elif not is_web_url(value):
            message = (f"The {what} \u201c{value}\u201d is not a web address. "
                       "Enter an address that starts with http:// or https://.")
            problems.append((field, message))

    web("organization_url", "organisation\u2019s web address", required=False)
    pattern = settings.review_url_pattern.strip()
    unknown = sorted({name for name in _PLACEHOLDER.findall(pattern) if name not in _KNOWN_PLACEHOLDERS})
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in unknown)
        message = f"The review address pattern uses {names}, which is not known. Use {{article_id}} and {{claim_id}} only."
        problems.append(("review_url_pattern", message))
    elif pattern and not is_web_url(Settings(review_url_pattern=pattern).review_url("a1", "c1")):
        message = (f"The review address pattern \u201c{pattern}\u201d must be a web address. Start it with "
                   "http:// or https://, e.g. https://factcheck.example/checks/{article_id}.")
        problems.append(("review_url_pattern", message))
    web("wayback_save_url", "archive save address", required=True)
    web("wayback_availability_url", "archive lookup address", required=True)
    if not settings.fetch_timeout_seconds > 0:
        problems.append(("fetch_timeout_seconds", "The fetch time limit must be more than 0 seconds."))
    if not settings.fetch_max_bytes > 0:
        problems.append(("fetch_max_bytes", "The size limit must be more than 0 MB."))
    return problems


def set_setting(settings: Settings, name: str, value: str) -> None:
    """Set one setting from text (``factcheck settings --set NAME=VALUE``), converted to its type.

    InputError for an unknown name or a value of the wrong type; :func:`validate_settings`
    checks the result as a whole.
    """
    names = {item.name: item for item in dataclasses.fields(Settings)}
    name = name.strip().replace("-", "_")
    if name not in names:
        raise InputError(f"There is no setting \u201c{name}\u201d. Use one of: {', '.join(names)}.")
    current = getattr(settings, name)
    try:
        converted: object = value if isinstance(current, str) else type(current)(value)
    except ValueError:
        raise InputError(f"{name} needs a {type(current).__name__}, not \u201c{value}\u201d.") from None
    setattr(settings, name, converted)
