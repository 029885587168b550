"""Where the library folder is."""

from __future__ import annotations

import os
from pathlib import Path

from factcheck_gui import APP_NAME

DATA_DIR_ENV = "FACTCHECK_DATA_DIR"


def default_data_dir() -> Path:
    """platformdirs' user data folder for factcheck-gui (not created here)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` if given, else ``$FACTCHECK_DATA_DIR``, else the platform default."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_data_dir()
