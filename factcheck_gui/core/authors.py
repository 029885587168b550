"""Who is editing: the author recorded with every change of a claim or source.

The window and the command line say once who the user is (``use_author``, from the
settings' name and e-mail); :meth:`core.model.Claim.touch` and the source edits of
``core.editing`` then record it as ``updated_by``, as they record the time as ``updated``.
Like the clock, it is read where an edit happens, so no edit function needs another
parameter.
"""

from __future__ import annotations

_current = ""


def author_label(name: str, email: str = "") -> str:
    """``"Ana Ruiz <ana@example.org>"``, ``"Ana Ruiz"``, ``"<ana@example.org>"`` or ``""``."""
    name, email = " ".join(name.split()), "".join(email.split())
    if name and email:
        return f"{name} <{email}>"
    return name or (f"<{email}>" if email else "")


def author_name(label: str) -> str:
    """The name part of an author label (the e-mail address when there is no name)."""
    name, _, email = label.partition("<")
    return name.strip() or email.rstrip(">").strip()


def use_author(name: str, email: str = "") -> str:
    """From now on, edits are recorded as made by *name* <*email*>; returns the label."""
    global _current
    _current = author_label(name, email)
    return _current


def current_author() -> str:
    """The label of who is editing now; ``""`` when the settings name nobody."""
    return _current
