"""User settings as a typed object. ``store.settings`` reads and writes it as JSON."""

from __future__ import annotations

from dataclasses import dataclass

SETTINGS_VERSION = 1


@dataclass
class Settings:
    """Options the user sets once. Every field has a type and a default."""

    organization_name: str = ""  # the publishing organisation, e.g. "Example Fact Check"
    organization_url: str = ""
    reviewer_name: str = ""  # the person who wrote the review
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
