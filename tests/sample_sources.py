"""Sources pinned without the network, as if fetched: for tests that look at the source cards."""

from __future__ import annotations

from typing import Any

from factcheck_gui.core.model import Source, SourceKind

__all__ = ["pin_sources", "sample_source"]

# Realistic lengths: a two-line title, a site, an author, a date, an HTTP line and a quotation.
SAMPLES = [
    dict(
        url="https://defense.example/transcripts/2015/10/20/dunford-baghdad",
        title="Transcript: Gen. Dunford speaks to reporters in Baghdad after meeting Iraqi leaders",
        site="Defense Desk", authors=["Defense Desk staff"], published="2015-10-20", kind=SourceKind.OFFICIAL,
    ),
    dict(
        url="https://wire.example/world/2015/10/01/iraq-pm-would-welcome-russian-strikes",
        title="Iraqi PM says he would welcome Russian air strikes on Islamic State militants",
        site="Example Wire", authors=["Example Wire reporters"], published="2015-10-01", kind=SourceKind.NEWS,
    ),
    dict(
        url="https://paper.example/2015/10/02/iraq-russia",
        title="Iraq weighs Russian help as US warns of consequences",
        site="Example Paper", authors=["A. Reporter"], published="2015-10-02", kind=SourceKind.NEWS,
    ),
]


def sample_source(index: int, **changes: Any) -> Source:
    fields: dict[str, Any] = dict(SAMPLES[index % len(SAMPLES)])
    fields.update(changes)
    text = f"{fields['title']}. Iraq would welcome Russian air strikes against Islamic State militants on its soil."
    return Source(**{"final_url": fields["url"], "fetched_at": "2025-06-12T09:41:00Z", "status": 200,
                     "content_type": "text/html; charset=utf-8", "size": 48_213, "text": text, "language": "en",
                     **fields})


def pin_sources(document: Any, claim_id: str, count: int = 2) -> list[Source]:
    """Pin *count* sample sources to the claim (undoable commands, as a fetch would)."""
    from factcheck_gui.ui.source_commands import PinSourceCommand

    sources = [sample_source(index) for index in range(count)]
    for index, source in enumerate(sources):
        stance = ("context", "refutes", "supports")[index % 3]
        document.push(PinSourceCommand(document, claim_id, source, stance,
                                       "Iraq would welcome Russian air strikes against Islamic State militants"))
    return sources
