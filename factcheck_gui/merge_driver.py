"""git's merge driver for article files: ``python -m factcheck_gui.merge_driver %O %A %B %P``.

Registered by ``factcheck sync init`` and ``clone`` (``merge.factcheck.driver`` in the
library's .git/config, ``articles/*.json merge=factcheck`` in .gitattributes), so a plain
``git pull`` merges article files claim by claim, as ``factcheck sync`` does. Exits 0 when
the file was merged (conflicts are recorded, keeping mine), 1 when it cannot be merged.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    from factcheck_gui.sync import merge_file

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) not in (3, 4):
        print("usage: python -m factcheck_gui.merge_driver BASE MINE THEIRS [PATH]", file=sys.stderr)
        return 2
    base, mine, theirs = (Path(a) for a in args[:3])
    try:
        return merge_file(base, mine, theirs, args[3] if len(args) == 4 else "")
    except Exception as exc:  # noqa: BLE001 - git shows this line; the file stays as git left it
        print(f"factcheck merge: {args[3] if len(args) == 4 else mine} could not be merged ({type(exc).__name__}: {exc})",
              file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
