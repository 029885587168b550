"""Reading and writing settings.json. A bad file is set aside and defaults are used."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from factcheck_gui.core.settings import SETTINGS_VERSION, Settings
from factcheck_gui.store.atomic import atomic_write_bytes

SETTINGS_FILE = "settings.json"

# Sane ranges for the fetch limits. settings.json may sit in a shared folder or be
# edited by hand; a value outside them (a timeout of 0, a negative size) is brought inside,
# so a fetch never fails on it.
LIMITS: dict[str, tuple[float, float]] = {
    "fetch_timeout_seconds": (1.0, 600.0),
    "fetch_max_bytes": (1024, 1024 * 1024 * 1024),
}


def load_settings(root: Path) -> tuple[Settings, str]:
    """The settings of the library at *root*, and a warning ("" if none) when the file was bad."""
    path = Path(root) / SETTINGS_FILE
    if not path.exists():
        return Settings(), ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        values = data.get("settings", {})
        if not isinstance(values, dict):
            raise ValueError("'settings' is not an object")
    except (OSError, ValueError) as exc:
        aside = path.with_name(f"{SETTINGS_FILE}.bad")
        try:
            path.replace(aside)
        except OSError:
            pass
        return Settings(), f"The settings file could not be read ({exc}); defaults are used and it was kept as {aside.name}."
    settings = Settings()
    for field in dataclasses.fields(Settings):
        if field.name in values:
            value, default = values[field.name], getattr(settings, field.name)
            if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if type(value) is type(default):
                if field.name in LIMITS:
                    low, high = LIMITS[field.name]
                    value = type(default)(min(max(value, low), high)) if value == value else default  # NaN
                setattr(settings, field.name, value)
    return settings, ""


def save_settings(root: Path, settings: Settings) -> None:
    """Write the settings atomically; raises StoreError if that fails."""
    document = {"format": "factcheck-gui/settings", "version": SETTINGS_VERSION, "settings": dataclasses.asdict(settings)}
    Path(root).mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(Path(root) / SETTINGS_FILE, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode())


__all__ = ["load_settings", "save_settings"]
