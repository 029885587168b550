"""Reading and writing settings.json. A bad file is set aside and defaults are used."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path
from typing import Any

from factcheck_gui.core.errors import StoreError
from factcheck_gui.core.settings import SETTINGS_VERSION, Settings
from factcheck_gui.store.atomic import atomic_write_bytes
from factcheck_gui.store.safefile import RefusedFileError, read_regular_file

SETTINGS_FILE = "settings.json"
MAX_SETTINGS_BYTES = 256 * 1024  # a few addresses and names; a bigger file is no settings file

# Sane ranges for the fetch limits. settings.json may sit in a shared folder or be
# edited by hand; a value outside them (a timeout of 0, a negative size) is brought inside,
# so a fetch never fails on it.
LIMITS: dict[str, tuple[float, float]] = {
    "fetch_timeout_seconds": (1.0, 600.0),
    "fetch_max_bytes": (1024, 1024 * 1024 * 1024),
}

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _read_values(path: Path) -> dict[str, Any]:
    """The 'settings' object of the file; any failure (a link, a FIFO, too big, not JSON...) raises."""
    data = json.loads(read_regular_file(path, MAX_SETTINGS_BYTES).decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not an object")
    values = data.get("settings", {})
    if not isinstance(values, dict):
        raise ValueError("'settings' is not an object")
    return values


def load_settings(root: Path) -> tuple[Settings, str]:
    """The settings of the library at *root*, and a warning ("" if none) when the file was bad.

    A bad file (not a regular file, over 256 KB, not JSON, a number of thousands of digits...)
    is renamed to settings.json.bad and defaults are used; this never blocks or raises.
    """
    path = Path(root) / SETTINGS_FILE
    if not os.path.lexists(path):
        return Settings(), ""
    try:
        values = _read_values(path)
    except FileNotFoundError:
        return Settings(), ""
    except (OSError, ValueError, RecursionError, MemoryError, RefusedFileError) as exc:
        aside = path.with_name(f"{SETTINGS_FILE}.bad")
        try:
            os.replace(path, aside)  # the entry itself: a link or FIFO is moved, never followed
        except OSError:
            pass
        reason = str(exc) if len(str(exc)) <= 160 else str(exc)[:159] + "\u2026"
        return Settings(), f"The settings file could not be read ({reason}); defaults are used and it was kept as {aside.name}."
    settings = Settings()
    for field in dataclasses.fields(Settings):
        if field.name in values:
            value, default = values[field.name], getattr(settings, field.name)
            if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
                try:
                    value = float(value)
                except OverflowError:
                    value = float("inf")
            if type(value) is type(default):
                if isinstance(value, str):
                    value = _LONE_SURROGATE.sub("\ufffd", value)  # JSON allows them; no file can hold them
                if field.name in LIMITS:
                    low, high = LIMITS[field.name]
                    value = type(default)(min(max(value, low), high)) if value == value else default  # NaN
                setattr(settings, field.name, value)
    return settings, ""


def save_settings(root: Path, settings: Settings) -> None:
    """Write the settings atomically; raises StoreError if that fails."""
    document = {"format": "factcheck-gui/settings", "version": SETTINGS_VERSION, "settings": dataclasses.asdict(settings)}
    try:
        data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
        Path(root).mkdir(parents=True, exist_ok=True)
    except UnicodeEncodeError as exc:
        raise StoreError("A setting holds a character that is not valid text, so the settings were not saved.") from exc
    except OSError as exc:
        raise StoreError(f"The library folder {root} cannot be created ({exc.strerror or exc}).") from exc
    atomic_write_bytes(Path(root) / SETTINGS_FILE, data)


__all__ = ["load_settings", "save_settings"]
