"""The window (Qt). Every module that imports PySide6 lives in this package.

Qt seeds its hash tables at random per process, and its PDF writer embeds fonts in
hash order, so two processes printing the same page wrote different bytes. A
fixed seed, set before Qt loads (this package is imported before any of its Qt
modules), makes a PDF export reproducible: the window and ``factcheck export
--format pdf`` write the same file. An explicit ``QT_HASH_SEED`` is respected.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_HASH_SEED", "0")
