"""The library's search index: SQLite FTS5 over articles, claims, sources and imported reviews.

A cache beside the article files (``<library>/index/search.sqlite3``): the JSON files stay
the truth, every row can be rebuilt from them, and the file is never shared or committed.
Texts are indexed as the stemmed terms of :func:`core.matching.terms`, so a query in
another wording of the same words finds them; :meth:`SearchIndex.similar` ranks claims and
reviews by TF-IDF cosine and applies the guards of :mod:`core.matching`.

Nothing here opens a socket: matching is offline.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck_gui.core.matching import (
    Facts,
    facts,
    facts_from_json,
    facts_to_json,
    idf_weights,
    judge,
    terms,
)
from factcheck_gui.core.model import Article
from factcheck_gui.core.reviews import Review

__all__ = ["CANDIDATES", "INDEX_VERSION", "Hit", "Review", "SearchIndex"]

#: Bumped when the layout or the terms change: an older index is rebuilt (3: facts hold negation scopes;
#: 4: and the words starting a sentence; 5: each article's file stamp and line of ``factcheck list``).
INDEX_VERSION = 5
#: How many candidates the full-text search hands to the re-ranking.
CANDIDATES = 60
#: Query terms used for finding candidates, the rarest first: at least this many...
QUERY_TERMS = 12
#: ...and more while the items holding them number at most this many (a small library looks up every term).
POSTING_BUDGET = 3000

#: The columns of an entry that :meth:`SearchIndex.put_article` compares with what is indexed.
_IDENTITY = ("kind", "text", "language", "article_id", "claim_id", "source_id", "title", "verdict", "claimant",
             "publisher", "date", "url")


def _same_terms(values: dict[str, object]) -> tuple[object, ...]:
    """What an entry's terms are made of: an entry equal in these needs no new terms (only its details change)."""
    kind = values.get("kind", "")
    title = values.get("title", "") if kind in ("article", "source") else None
    return (kind, values.get("claim_id", ""), values.get("source_id", ""), values.get("language", ""),
            values.get("text", ""), title)

_NO_FACTS = json.dumps(facts_to_json(Facts()))

_SCHEMA = """
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    rowid INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,            -- article, claim, source, review
    article_id TEXT NOT NULL DEFAULT '',
    claim_id TEXT NOT NULL DEFAULT '',
    source_id TEXT NOT NULL DEFAULT '',
    review_key TEXT,               -- imported reviews: their identity, for de-duplication
    text TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    verdict TEXT NOT NULL DEFAULT '',
    claimant TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    terms TEXT NOT NULL,
    facts TEXT NOT NULL DEFAULT '[[], [], 0, [], [], [], 0, false, []]'   -- JSON of core.matching.Facts, for the guards
);
CREATE INDEX IF NOT EXISTS entries_article ON entries(article_id);
CREATE UNIQUE INDEX IF NOT EXISTS entries_review ON entries(review_key) WHERE review_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    summary TEXT NOT NULL,         -- JSON: what the library list shows
    stamp TEXT NOT NULL,           -- the file's (mtime_ns, size) in hexadecimal: see file_stamp()
    line TEXT                      -- the line ``factcheck list`` prints of it; NULL when it has notes to report
);
CREATE VIRTUAL TABLE IF NOT EXISTS entries_fts USING fts5(
    terms, content='entries', content_rowid='rowid', tokenize="unicode61 remove_diacritics 0 tokenchars '.'"
);
CREATE VIRTUAL TABLE IF NOT EXISTS entries_vocab USING fts5vocab(entries_fts, 'row');
"""


@dataclass(frozen=True)
class Hit:
    """One indexed item: a claim of the library, an imported review, an article or a source."""

    kind: str
    text: str
    article_id: str = ""
    claim_id: str = ""
    source_id: str = ""
    title: str = ""
    verdict: str = ""
    claimant: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    score: float = 0.0
    match: bool = False
    reason: str = ""

    @property
    def origin(self) -> str:
        return "review" if self.kind == "review" else "library"


class SearchIndex:
    """An open index file. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path | str) -> None:
        """Open (creating) the index at *path* (or ":memory:"). Its folder must exist: the library's is made
        by ``store.library_index.open_index`` through ``Library.own_folder``, never a link elsewhere."""
        self.path = path
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA trusted_schema=OFF")  # a planted file's triggers or views run no functions
        self._ensure_schema()
        self._documents: int | None = None
        self._terms_cache: dict[tuple[str, bytes], str] = {}

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _ensure_schema(self) -> None:
        version = None
        try:
            row = self._db.execute("SELECT value FROM info WHERE key = 'version'").fetchone()
            version = int(row[0]) if row else None
        except sqlite3.DatabaseError:
            pass
        if version not in (None, INDEX_VERSION):
            for name in ("entries_vocab", "entries_fts", "entries", "articles", "info"):
                self._db.execute(f"DROP TABLE IF EXISTS {name}")
        self._db.executescript(_SCHEMA)
        self._db.execute("INSERT OR REPLACE INTO info VALUES ('version', ?)", (str(INDEX_VERSION),))

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One change, all or nothing: a transaction, or a savepoint inside :meth:`batch`. BEGIN IMMEDIATE takes
        the write lock first (waiting for another process's): a deferred one fails at once when it must
        upgrade after another process wrote (WAL's SQLITE_BUSY_SNAPSHOT)."""
        outer = not self._db.in_transaction
        self._db.execute("BEGIN IMMEDIATE" if outer else "SAVEPOINT change")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK" if outer else "ROLLBACK TO change")
            if not outer:
                self._db.execute("RELEASE change")
            raise
        self._db.execute("COMMIT" if outer else "RELEASE change")
        self._documents = None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many changes in one transaction (each still all or nothing): indexing 200 articles commits
        once, so the full-text index flushes its new terms once, not 200 times."""
        if self._db.in_transaction:
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        self._documents = None

    # -- writing --------------------------------------------------------------------------

    def _insert(self, db: sqlite3.Connection, kind: str, text: str, language: str, **fields: str) -> None:
        # An article's or source's title is part of what it says; a claim's is its article's (not the
        # claim's words) and a review's holds its appearances.
        title = fields.get("title", "") if kind in ("article", "source") else ""
        indexed = " ".join(filter(None, (self._terms(title, language), self._terms(text, language))))
        found = json.dumps(facts_to_json(facts(text, language))) if kind in ("claim", "review") else _NO_FACTS
        columns = ["kind", "text", "language", "terms", "facts", *fields]
        cursor = db.execute(
            f"INSERT INTO entries ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            (kind, text, language, indexed, found, *fields.values()),
        )
        db.execute("INSERT INTO entries_fts(rowid, terms) VALUES (?, ?)", (cursor.lastrowid, indexed))

    def _terms(self, text: str, language: str) -> str:
        """The indexed terms of *text*; those of long texts are remembered, as a window saves one article often."""
        if len(text) < 2_000:
            return " ".join(terms(text, language))
        key = (language, hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest())
        found = self._terms_cache.get(key)
        if found is None:
            found = " ".join(terms(text, language))
            if len(self._terms_cache) >= 32:
                self._terms_cache.pop(next(iter(self._terms_cache)))
            self._terms_cache[key] = found
        return found

    def _remember_text_terms(self, kept: dict[tuple[object, ...], tuple[int, tuple[object, ...]]],
                             values: dict[str, object]) -> None:
        """Put the terms of an indexed entry's text, whose title changed, into the terms cache."""
        text, language = str(values.get("text", "")), str(values.get("language", ""))
        if values.get("kind") not in ("article", "source") or len(text) < 2_000:
            return
        wanted = _same_terms(values)[:-1]
        for key, (rowid, old) in kept.items():
            if key[:-1] != wanted:
                continue
            row = self._db.execute("SELECT terms FROM entries WHERE rowid = ?", (rowid,)).fetchone()
            title_terms = " ".join(terms(str(old[_IDENTITY.index("title")]), language))
            indexed = row[0] if row else ""
            if title_terms and indexed.startswith(title_terms + " "):
                indexed = indexed[len(title_terms) + 1:]
            elif title_terms:
                return
            digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()
            self._terms_cache[(language, digest)] = indexed
            return

    def _delete_where(self, db: sqlite3.Connection, where: str, args: tuple[object, ...]) -> None:
        rows = db.execute(f"SELECT rowid, terms FROM entries WHERE {where}", args).fetchall()
        db.executemany("INSERT INTO entries_fts(entries_fts, rowid, terms) VALUES ('delete', ?, ?)", rows)
        db.execute(f"DELETE FROM entries WHERE {where}", args)

    def put_article(self, article: Article, mtime_ns: int = 0, size: int = 0, summary: object = None,
                    line: str | None = None) -> None:
        """Index *article* (its text, claims and sources), replacing what was indexed of it, with the
        (mtime_ns, size) of its file, its *summary* and its *line* of the text listing.

        Only what changed is indexed again: a save after a verdict changed re-indexes that one
        claim, not the article's text and its sources' (stemming them is most of the cost).
        """
        meta, language = article.meta, article.meta.language
        wanted: list[tuple[str, str, str, dict[str, str]]] = [
            ("article", article.text, language, dict(article_id=article.id, title=meta.title, publisher=meta.publisher,
                                                     date=meta.published, url=meta.url, claimant=meta.byline))]
        for claim in article.claims:
            wanted.append(("claim", " ".join(filter(None, (claim.exact, claim.restatement))), language, dict(
                article_id=article.id, claim_id=claim.id, title=meta.title, verdict=claim.verdict or "",
                claimant=claim.claimant, publisher=meta.publisher, date=meta.published, url=meta.url)))
        for source in article.sources:
            wanted.append(("source", source.text[:20_000], source.language or language, dict(
                article_id=article.id, source_id=source.id, title=source.title, publisher=source.site,
                date=source.published, url=source.final_url or source.url)))
        with self._transaction() as db:
            kept: dict[tuple[object, ...], tuple[int, tuple[object, ...]]] = {}
            for row in db.execute(f"SELECT rowid, {', '.join(_IDENTITY)} FROM entries WHERE article_id = ?",
                                  (article.id,)):
                values = dict(zip(_IDENTITY, row[1:], strict=True))
                kept.setdefault(_same_terms(values), (row[0], tuple(row[1:])))
            for kind, text, entry_language, fields in wanted:
                values = dict(fields, kind=kind, text=text, language=entry_language)
                old = kept.pop(_same_terms(values), None)
                if old is None:
                    self._remember_text_terms(kept, values)  # a new title on the same text: no new stemming
                    self._insert(db, kind, text, entry_language, **fields)
                elif old[1] != tuple(values.get(column, "") for column in _IDENTITY):  # same words, other details
                    db.execute(f"UPDATE entries SET {', '.join(c + ' = ?' for c in fields)} WHERE rowid = ?",
                               (*fields.values(), old[0]))
            for rowid, _values in kept.values():  # what the article no longer holds
                self._delete_where(db, "rowid = ?", (rowid,))
            db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                       (article.id, mtime_ns, size, json.dumps(summary if summary is not None else {}, ensure_ascii=False),
                        file_stamp(mtime_ns, size), line))

    def remove_article(self, article_id: str) -> None:
        """Forget everything indexed of *article_id*."""
        with self._transaction() as db:
            self._delete_where(db, "article_id = ?", (article_id,))
            db.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))

    def add_reviews(self, reviews: Iterable[Review]) -> tuple[int, int]:
        """Index imported reviews; returns (added, already there). The same review is never added twice."""
        added = known = 0
        with self._transaction() as db:
            for review in reviews:
                if db.execute("SELECT 1 FROM entries WHERE review_key = ?", (review.key,)).fetchone():
                    known += 1
                    continue
                self._insert(db, "review", review.claim, review.language, review_key=review.key,
                             verdict=review.verdict, claimant=review.claimant, publisher=review.publisher,
                             date=review.date, url=review.url, title=json.dumps(list(review.appearances)))
                added += 1
        return added, known

    def reviews(self) -> list[Review]:
        """Every imported review, newest first."""
        rows = self._db.execute(
            "SELECT text, verdict, publisher, date, url, claimant, title, language FROM entries "
            "WHERE kind = 'review' ORDER BY date DESC, rowid").fetchall()
        return [Review(text, verdict, publisher, date, url, claimant, tuple(json.loads(title or "[]")), language)
                for text, verdict, publisher, date, url, claimant, title, language in rows]

    def remove_reviews(self) -> None:
        """Forget every imported review (before indexing the library's reviews file again)."""
        with self._transaction() as db:
            self._delete_where(db, "kind = 'review'", ())

    def info(self, key: str) -> str:
        """A value kept with the index (e.g. the stamp of the reviews file it holds); "" if none."""
        row = self._db.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
        return row[0] if row else ""

    def set_info(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO info VALUES (?, ?)", (key, value))

    # -- freshness -------------------------------------------------------------------------

    def indexed_articles(self) -> dict[str, tuple[int, int]]:
        """article id -> (mtime_ns, size) of the file as it was indexed."""
        return {row[0]: (row[1], row[2]) for row in self._db.execute("SELECT article_id, mtime_ns, size FROM articles")}

    def article_records(self) -> list[list[Any]]:
        """[article id, mtime_ns, size, summary] of every indexed article, the summary decoded from JSON.

        SQLite joins the rows into one JSON text that one ``json.loads`` decodes: for 10,000 articles
        a fifth of the time of a query and a decode per row. A summary that is not JSON (a damaged
        file) reads as None, and its article file is read again.
        """
        try:  # the stored texts joined as they are (ids are safe characters): json.loads checks them all
            row = self._db.execute("""SELECT '[' || group_concat('["' || article_id || '",' || mtime_ns || ',' || size
                                      || ',' || summary || ']', ',') || ']' FROM articles""").fetchone()
            return json.loads(row[0]) if row and row[0] else []
        except (sqlite3.OperationalError, ValueError):  # malformed JSON in a row: one at a time
            records = []
            for article_id, mtime_ns, size, summary in self._db.execute(
                    "SELECT article_id, mtime_ns, size, summary FROM articles"):
                try:
                    decoded = json.loads(summary)
                except (TypeError, ValueError):
                    decoded = None
                records.append([article_id, mtime_ns, size, decoded])
            return records

    def file_stamps(self) -> tuple[str, str]:
        """(the file name of every indexed article, sorted by article id, joined by newlines; their
        :func:`file_stamp` in the same order, joined), each made by SQLite in one string."""
        names, stamps = self._db.execute(
            "SELECT group_concat(article_id || '.json', char(10)), group_concat(stamp, '') FROM "
            "(SELECT article_id, stamp FROM articles ORDER BY article_id)").fetchone()
        return names or "", stamps or ""

    def file_stamp_of(self, article_id: str) -> str:
        """The :func:`file_stamp` of *article_id* as indexed; "" if it is not."""
        row = self._db.execute("SELECT stamp FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else ""

    def summary_rows(self) -> list[Any] | None:
        """The stored summary of every indexed article, sorted by article id, decoded from JSON: SQLite joins
        them into one array that one ``json.loads`` decodes (for 10,000 articles ~12 ms, against ~30 ms
        for a query and a decode per row). None when one is not JSON (a damaged file)."""
        row = self._db.execute("SELECT '[' || group_concat(summary, ',') || ']' FROM "
                               "(SELECT summary FROM articles ORDER BY article_id)").fetchone()
        try:
            return json.loads(row[0]) if row and row[0] else []
        except ValueError:
            return None

    def listing(self) -> tuple[tuple[str, str], str | None]:
        """(:meth:`file_stamps`, the stored line of the text listing of every indexed article, sorted by
        article id and joined by newlines), made by SQLite in one pass; the lines are None when an
        article has none (notes to report)."""
        names, stamps, lines, with_line, total = self._db.execute(
            "SELECT group_concat(article_id || '.json', char(10)), group_concat(stamp, ''), "
            "group_concat(line, char(10)), count(line), count(*) FROM "
            "(SELECT article_id, stamp, line FROM articles ORDER BY article_id)").fetchone()
        return (names or "", stamps or ""), (lines or "") if with_line == total else None

    # -- reading ---------------------------------------------------------------------------

    def _document_count(self) -> int:
        if self._documents is None:
            self._documents = self._db.execute("SELECT count(*) FROM entries").fetchone()[0]
        return self._documents

    def _doc_counts(self, query_terms: list[str]) -> dict[str, int]:
        """How many indexed items hold each of *query_terms*."""
        unique = sorted(set(query_terms))
        if not unique:
            return {}
        rows = self._db.execute(
            f"SELECT term, doc FROM entries_vocab WHERE term IN ({', '.join('?' * len(unique))})", unique).fetchall()
        return {term: 0 for term in unique} | dict(rows)

    def _idf(self, counts: dict[str, int]) -> dict[str, float]:
        return idf_weights(counts, max(1, self._document_count()))

    def _candidates(self, counts: dict[str, int], idf: dict[str, float], where: str, args: list[object],
                    limit: int) -> list[sqlite3.Row]:
        # The rarest terms first, as many as the posting budget allows (at least QUERY_TERMS): in a
        # small library every term is looked up, so a long sentence still finds a short review
        # that shares its common words; in a big one the lookup stays fast.
        chosen: list[str] = []
        postings = 0
        for term in sorted(counts, key=lambda t: (-idf.get(t, 0.0), t)):
            if not counts[term]:
                continue  # held by nothing: finds nothing
            if len(chosen) >= QUERY_TERMS and postings + counts[term] > POSTING_BUDGET:
                break
            chosen.append(term)
            postings += counts[term]
        if not chosen:
            return []
        expression = " OR ".join('"' + term.replace('"', '""') + '"' for term in chosen)
        self._db.row_factory = sqlite3.Row
        try:
            return self._db.execute(
                "SELECT e.*, bm25(entries_fts) AS rank FROM entries_fts JOIN entries e ON e.rowid = entries_fts.rowid "
                f"WHERE entries_fts MATCH ? {where} ORDER BY rank LIMIT ?", [expression, *args, limit]).fetchall()
        finally:
            self._db.row_factory = None

    def similar(self, text: str, *, limit: int = 10, language: str = "", exclude_article: str = "",
                exclude_claim: str = "") -> list[Hit]:
        """Claims of the library and imported reviews most like *text*, best first, each judged."""
        query_terms = terms(text, language)
        counts = self._doc_counts(query_terms)
        idf = self._idf(counts)
        where, args = "AND e.kind IN ('claim', 'review')", list[object]()
        if exclude_article:
            where += " AND e.article_id != ?"
            args.append(exclude_article)
        if exclude_claim:
            where += " AND e.claim_id != ?"
            args.append(exclude_claim)
        query_facts = facts(text, language)
        hits = []
        for row in self._candidates(counts, idf, where, args, CANDIDATES):
            judged = judge(query_terms, query_facts, row["terms"].split(), facts_from_json(json.loads(row["facts"])), idf)
            hits.append(_hit(row, judged.score, judged.match, judged.reason))
        hits.sort(key=lambda hit: (-hit.score, hit.kind != "review"))
        return hits[:limit]

    def search(self, query: str, *, kinds: Iterable[str] = ("claim", "review", "article", "source"),
               verdict: str | Iterable[str] = "", claimant: str = "", publisher: str = "", since: str = "", until: str = "",
               limit: int = 50, language: str = "") -> list[Hit]:
        """Items that hold the words of *query* (all of them, stemmed), with the filters applied; best first.

        *verdict* is one verdict or several alternatives (a key and its label), compared whole and
        without case; *claimant* and *publisher* match when they are part of the item's.

        An empty query lists the items the filters select, newest first.
        """
        kinds = list(kinds)
        where = f"e.kind IN ({', '.join('?' * len(kinds))})"
        args: list[object] = list(kinds)
        verdicts = sorted({v.strip().lower() for v in ([verdict] if isinstance(verdict, str) else verdict) if v.strip()})
        if verdicts:
            where += f" AND lower(e.verdict) IN ({', '.join('?' * len(verdicts))})"
            args.extend(verdicts)
        for column, value in (("claimant", claimant), ("publisher", publisher)):
            if value:
                where += f" AND lower(e.{column}) LIKE ?"
                args.append("%" + value.lower() + "%")
        if since:
            where += " AND e.date >= ?"
            args.append(since)
        if until:
            where += " AND e.date <= ? || 'z'"
            args.append(until)
        query_terms = sorted(set(terms(query, language)))
        self._db.row_factory = sqlite3.Row
        try:
            if query_terms:
                expression = " AND ".join('"' + term.replace('"', '""') + '"' for term in query_terms)
                rows = self._db.execute(
                    "SELECT e.*, bm25(entries_fts) AS rank FROM entries_fts JOIN entries e ON e.rowid = entries_fts.rowid "
                    f"WHERE entries_fts MATCH ? AND {where} ORDER BY rank LIMIT ?", [expression, *args, limit]).fetchall()
            else:
                rows = self._db.execute(f"SELECT e.*, 0 AS rank FROM entries e WHERE {where} "
                                        "ORDER BY e.date DESC, e.rowid LIMIT ?", [*args, limit]).fetchall()
        finally:
            self._db.row_factory = None
        return [_hit(row, 0.0, False, "") for row in rows]


def file_stamp(mtime_ns: int, size: int) -> str:
    """How an article file's (mtime_ns, size) is stored: two little-endian 64-bit integers in hexadecimal,
    so the stamps of 10,000 files compare as one text that ``store.library_index`` makes from their
    ``os.stat`` in C (one array, one ``hex()``); "" (never a file's) for values beyond 64 bits."""
    try:
        return struct.pack("<qq", mtime_ns, size).hex()
    except struct.error:
        return ""


def _hit(row: sqlite3.Row, score: float, match: bool, reason: str) -> Hit:
    return Hit(kind=row["kind"], text=row["text"], article_id=row["article_id"], claim_id=row["claim_id"],
               source_id=row["source_id"], title=row["title"] if row["kind"] != "review" else "",
               verdict=row["verdict"], claimant=row["claimant"], publisher=row["publisher"], date=row["date"],
               url=row["url"], score=score, match=match, reason=reason)
