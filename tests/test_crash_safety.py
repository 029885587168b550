"""Killing the app in the middle of a save never leaves a truncated or invalid article file."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from factcheck_gui.core.editing import new_article
from factcheck_gui.core.plaintext import parse_plain_text
from factcheck_gui.store.library import Library

SAVER = textwrap.dedent(
    """
    import sys
    from factcheck_gui.core.editing import add_claim
    from factcheck_gui.store.library import Library

    library = Library(sys.argv[1])
    handle = library.open(sys.argv[2])
    print("ready", flush=True)
    n = 0
    while True:  # save forever, each version different and large enough to take time
        n += 1
        handle.article.meta.title = f"version {n}"
        add_claim(handle.article, 0, 10 + n % 50, rationale="x" * 2000)
        library.save(handle)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_saves_leaves_a_loadable_file_and_no_temp_files(data_dir, sample_text):
    library = Library(data_dir)
    parsed = parse_plain_text(sample_text * 20)  # ~70 KB so a save is not instantaneous
    original = library.add(new_article(parsed.text, parsed.meta)).article
    article_id = original.id
    path = library.path_of(article_id)
    rng = random.Random(20261125)
    titles = set()
    for _ in range(25):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(data_dir), article_id], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        data = json.loads(path.read_text(encoding="utf-8"))  # valid JSON every time
        handle = library.open(article_id)  # and a loadable article
        assert handle.article.text == original.text
        assert all(handle.article.text[c.start : c.end] == c.exact for c in handle.article.claims)
        titles.add(data["meta"]["title"])
    assert len(titles) > 5, "the saves should have progressed between kills"
    Library(data_dir).ensure_folders()  # what every start does: clear leftovers of dead writers
    leftovers = [p.name for p in library.articles_dir.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
