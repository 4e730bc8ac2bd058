"""The whole engine as one call: articles → toponyms → events → one :class:`Situation`.

``read_articles → geoparse → extract_events`` run per article (cached in an
:class:`~geo.store.ArticleStore` by content hash and pipeline version, and
optionally spread over Dask workers); ``merge_events`` then joins the same
real-world event told by several articles. Heavy resources come from
:func:`load_resources` and are passed in.

>>> from geo.pipeline import build_situation                 # doctest: +SKIP
>>> result = build_situation(["seeds"])                      # doctest: +SKIP
>>> len(result.situation.articles), result.problems          # doctest: +SKIP
(5, ())
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import itertools
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geo.articles import Article, ReadProblem, iter_articles
from geo.parallel import map_batches
from geo.settings import Settings
from geo.situation import (
    ArticleInfo,
    Event,
    Situation,
    Toponym,
    Unresolved,
    event_from_dict,
)
from geo.store import ArticleStore

log = logging.getLogger("sitmap.pipeline")

#: Bump when the per-article result format or the rules change in a way the
#: data versions do not capture.
PIPELINE_FORMAT = "2"


def _package_version() -> str:
    try:
        return importlib.metadata.version("sitmap")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@functools.lru_cache(maxsize=4)
def engine_digest(root: Path | None = None) -> str:
    """A digest of the engine's own files: its code and its cited data tables.

    Part of :attr:`Resources.version`, so that an article cached by an engine
    whose rules or tables differ (a trigger row, a named line, an abbreviation)
    is processed again instead of mixing two engines' results in one build,
    even where the package version stays the same (an editable install).

    *root* is the folder digested (the ``geo`` package by default).

    >>> len(engine_digest()), engine_digest() == engine_digest()
    (16, True)
    """
    root = Path(__file__).resolve().parent if root is None else root
    digest = hashlib.sha256()
    files = (p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        with path.open("rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Resources:
    """The heavy, read-only things the pipeline needs, loaded once."""

    settings: Settings
    gazetteer: Any
    nlp: Any
    boundaries: Any

    def prefetch_join(self, lats: Any, lons: Any) -> None:
        """Join the not yet cached points among these in one go (see :meth:`join`).

        Only a speed-up: on failure (a bad point, say) nothing is cached and
        each article's own :meth:`join` reports the problem as before.
        """
        from geo.joins import cached_join

        try:
            cached_join(self.boundaries).prefetch(lats, lons)
        except Exception as err:  # the per-article join reports it
            log.debug("batch join skipped: %s", err)

    def join(self, lats: Any, lons: Any) -> Any:
        """Border join over the loaded boundaries (for event locations).

        Each distinct point is joined once per process
        (:class:`geo.joins.PointJoinCache`); the result maps the columns of
        :func:`geo.joins.join_points` to lists of values.
        """
        from geo.joins import cached_join

        return cached_join(self.boundaries).columns(lats, lons)

    @property
    def version(self) -> str:
        """A digest of everything that changes per-article results."""
        from geo.gazetteer import gazetteer_cache_path

        meta = self.nlp.meta if self.nlp is not None else {"name": "none", "version": ""}
        model = f"{meta['name']}-{meta['version']}"
        parts = (
            _package_version(),
            PIPELINE_FORMAT,
            engine_digest(),
            gazetteer_cache_path(self.settings).name,
            model,
        )
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


class LazyBoundaries:
    """The boundaries, read on first use: a stand-in for :func:`geo.boundaries.load_boundaries`.

    Reading them (and importing geopandas) is a large part of start-up that
    a one-article ``sitmap geoparse`` needs only when the article names a
    border. Every attribute is the loaded object's.

    >>> lazy = LazyBoundaries()
    >>> lazy.loaded
    False
    >>> lazy.border("KG", "TJ")["dyad"], lazy.loaded
    ('KGZ–TJK', True)
    """

    __slots__ = ("__weakref__", "_directory", "_loaded")

    def __init__(self, directory: str | Path | None = None) -> None:
        self._directory = directory
        self._loaded: Any = None

    @property
    def loaded(self) -> bool:
        """True once the boundary files have been read."""
        return self._loaded is not None

    def load(self) -> Any:
        """The :class:`geo.boundaries.Boundaries` (read now if not yet)."""
        if self._loaded is None:
            from geo.boundaries import load_boundaries

            # the same cache entry as a plain load_boundaries() call elsewhere
            d = self._directory
            self._loaded = load_boundaries() if d is None else load_boundaries(d)
        return self._loaded

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # own slots not set yet (copy, unpickling)
            raise AttributeError(name)
        return getattr(self.load(), name)

    def __repr__(self) -> str:
        return f"<LazyBoundaries {'loaded' if self.loaded else 'not loaded yet'}>"


@functools.lru_cache(maxsize=2)
def load_resources(settings: Settings | None = None) -> Resources:
    """Load the gazetteer and find the spaCy model (or ``None``) once per process.

    The geoparser's per-gazetteer name index and the English word
    frequencies are built here too, so the first article does not pay for
    them. The boundaries (a :class:`LazyBoundaries`) are read when first used
    (event joins, border mentions, layers), and the model (a
    :class:`geo.nlp.LazyNLP`) when the first sentence needs NER.
    """
    from geo.gazetteer import load_gazetteer
    from geo.geoparse.index import name_index
    from geo.geoparse.lexicon import word_commonness
    from geo.nlp import lazy_nlp

    settings = settings or Settings.from_env()
    gazetteer = load_gazetteer(settings)
    name_index(gazetteer)
    word_commonness("the")
    return Resources(settings, gazetteer, lazy_nlp(), LazyBoundaries())


@dataclass(frozen=True)
class ArticleResult:
    """What the pipeline found in one article (events not yet merged across articles)."""

    document: str
    published: date | None
    toponyms: tuple[Toponym, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    events: tuple[Event, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (for the article cache)."""
        return {
            "document": self.document,
            "published": self.published.isoformat() if self.published else None,
            "toponyms": [t.to_dict() for t in self.toponyms],
            "unresolved": [u.to_dict() for u in self.unresolved],
            "events": [e.to_dict() for e in self.events],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleResult:
        """Inverse of :meth:`to_dict`."""
        return cls(
            document=data["document"],
            published=date.fromisoformat(data["published"]) if data.get("published") else None,
            toponyms=tuple(Toponym(**t) for t in data.get("toponyms", ())),
            unresolved=tuple(Unresolved(**u) for u in data.get("unresolved", ())),
            events=tuple(event_from_dict(e) for e in data.get("events", ())),
        )


#: Articles processed together in-process (one spaCy NER pass over their
#: flagged sentences; see :func:`process_articles`).
ARTICLE_BATCH = 32


#: Processed articles written to the article cache per transaction.
CACHE_COMMIT = 256

#: Articles read (and looked up in the article cache) at a time.
READ_CHUNK = 256


def process_article(article: Article, resources: Resources) -> ArticleResult:
    """Geoparse one article and code its events (no cross-article merging)."""
    return process_articles([article], resources)[0]


def process_articles(articles: Sequence[Article], resources: Resources) -> list[ArticleResult]:
    """:func:`process_article` for several articles, in order, with one NER pass for all.

    Each result is the one :func:`process_article` gives for that article.
    """
    from geo.events import extract_events, finish_events, join_points_of
    from geo.geoparse import geoparse_batch

    nlp = resources.nlp
    # The geoparser runs NER only on the sentences where it can change a
    # decision (most of the speed), batched over the articles. Event coding
    # needs sentence boundaries only: its own splitter gives the same
    # sentences as spaCy's rule-based sentencizer, without building a spaCy Doc.
    parsed = geoparse_batch(
        articles, gazetteer=resources.gazetteer, nlp=nlp, boundaries=resources.boundaries
    )
    raw = [
        extract_events(article, found.toponyms, join=None, merge=False, model=nlp is not None)
        for article, found in zip(articles, parsed, strict=True)
    ]
    # One border join for the new points of the whole batch; each article's
    # join then reads the cache (same rows as joining it alone).
    lats: list[float] = []
    lons: list[float] = []
    for events in raw:
        la, lo = join_points_of(events)
        lats += la
        lons += lo
    if lats:
        resources.prefetch_join(lats, lons)
    return [
        ArticleResult(
            document=article.id,
            published=article.published,
            toponyms=tuple(found.toponyms),
            unresolved=tuple(found.unresolved),
            events=tuple(finish_events(events, join=resources.join)),
        )
        for article, found, events in zip(articles, parsed, raw, strict=True)
    ]


#: The string fields of the records :func:`compact_result` shares between records
#: (not the document id: one per article, already shared by its records).
_SHARED_FIELDS: dict[type, tuple[str, ...]] = {
    Toponym: ("text", "name", "country_code", "admin1", "admin2", "feature", "place_id", "anchor"),
    Unresolved: ("text", "reason"),
}  # fmt: skip


def _shared(record: Any, pool: dict[str, str]) -> Any:
    """``record`` with its repeated strings taken from ``pool`` (the same record if none differ)."""
    changes = {}
    for name in _SHARED_FIELDS[type(record)]:
        value = getattr(record, name)
        if value is not None:
            kept = pool.setdefault(value, value)
            if kept is not value:
                changes[name] = kept
    return dataclasses.replace(record, **changes) if changes else record


def compact_result(result: ArticleResult, pool: dict[str, str]) -> ArticleResult:
    """``result`` with the strings its toponyms and unresolved mentions repeat shared.

    A corpus names the same few places thousands of times: each mention's
    text is its own slice of its article, each cached result its own parsed
    copy. Held until the merge, every copy counts; shared through ``pool``
    (one string per distinct value, kept for the build), they cost one
    pointer each. The records are equal to the originals.

    >>> t = Toponym("a", 0, 4, "Osh!"[:3], "Osh", 40.5, 72.8, "KG", None, None, "city",
    ...             1, "gn:1", 1, 1.0)
    >>> u = dataclasses.replace(t, text="Osh?"[:3])
    >>> pool = {}
    >>> r1 = compact_result(ArticleResult("a", None, (t,)), pool)
    >>> r2 = compact_result(ArticleResult("b", None, (u,)), pool)
    >>> r2.toponyms == (u,), r1.toponyms[0].text is r2.toponyms[0].text
    (True, True)
    """
    toponyms = tuple(_shared(t, pool) for t in result.toponyms)
    unresolved = tuple(_shared(u, pool) for u in result.unresolved)
    return dataclasses.replace(result, toponyms=toponyms, unresolved=unresolved)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _cache_key(article: Article) -> str:
    """Content key: the article's id, body and the metadata results depend on."""
    published = article.published.isoformat() if article.published else ""
    spans = repr(article.meta.get("spans", ""))
    digest = hashlib.sha256(
        "\x1f".join((article.id, published, spans, article.sha256)).encode()
    ).hexdigest()
    return digest


@dataclass(frozen=True)
class BuildResult:
    """A built situation plus what could not be read and how much was recomputed."""

    situation: Situation
    problems: tuple[ReadProblem, ...] = ()
    processed: int = 0
    cached: int = 0
    results: tuple[ArticleResult, ...] = field(default=(), repr=False)


def _article_info(article: Article) -> ArticleInfo:
    return ArticleInfo(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        published=article.published,
    )


def build_situation(
    paths: Sequence[str | Path] | str | Path,
    *,
    settings: Settings | None = None,
    resources: Resources | None = None,
    cache: str | Path | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
    keep_results: bool = True,
) -> BuildResult:
    """Read ``paths`` and build the merged :class:`Situation`.

    ``cache`` is the SQLite article cache (none by default); only articles
    whose content or pipeline version changed are processed again.
    ``workers``/``scheduler`` run the partitioned Dask path instead
    (:func:`geo.partitioned.run_partitioned`: the workers read the input,
    process it and merge the events in shards; the same situation).
    ``progress`` is called with the number of articles finished so far.
    ``keep_results=False`` leaves :attr:`BuildResult.results` empty: the
    per-article results (their events before merging) are let go of once
    merged, instead of being held beside the situation.
    """
    from geo.events import merge_events

    settings = settings or (resources.settings if resources else Settings.from_env())
    if workers != 1 or scheduler is not None:
        # the workers load the resources; the driver reads and holds none of the corpus
        return _build_partitioned(
            paths, settings, cache, workers=workers, scheduler=scheduler, progress=progress
        )
    resources = resources or load_resources(settings)
    store = ArticleStore(Path(cache), pipeline_version=resources.version) if cache else None
    problems: list[ReadProblem] = []
    infos: list[ArticleInfo] = []
    ordered: list[ArticleResult] = []
    # Articles read but not finished, in input order: (article id, cache key,
    # cached result or None). Texts are dropped once processed, so memory
    # holds the results, not the corpus.
    waiting: deque[tuple[str, str, ArticleResult | None]] = deque()
    pending: list[tuple[str, dict[str, Any]]] = []  # cache rows not yet committed
    counts = {"processed": 0, "cached": 0}

    def misses() -> Iterator[Article]:
        """Read the articles, look each chunk up in the cache, yield those to process."""
        for chunk in _chunks(iter_articles(paths), READ_CHUNK):
            articles = [a for a in chunk if isinstance(a, Article)]
            problems.extend(p for p in chunk if isinstance(p, ReadProblem))
            keys = [_cache_key(a) for a in articles]
            hits = store.get_many(keys) if store is not None else {}
            for article, key in zip(articles, keys, strict=True):
                infos.append(_article_info(article))
                hit = hits.get(key)
                cached = ArticleResult.from_dict(hit) if hit is not None else None
                waiting.append((article.id, key, cached))
                if cached is None:
                    yield article

    pool: dict[str, str] = {}

    def finish(result: ArticleResult) -> None:
        ordered.append(compact_result(result, pool))
        if progress:
            progress(len(ordered))

    def finish_cached() -> None:
        while waiting and waiting[0][2] is not None:
            cached = waiting.popleft()[2]
            assert cached is not None
            counts["cached"] += 1
            finish(cached)

    fresh: Iterable[ArticleResult] = map_batches(
        functools.partial(process_articles, resources=resources),
        misses(),
        batch_size=ARTICLE_BATCH,
    )
    try:
        if progress:
            progress(0)
        for got in fresh:
            finish_cached()
            article_id, key, _ = waiting.popleft()
            result = got
            if store is not None:
                pending.append((key, got.to_dict()))
            assert result.document == article_id
            counts["processed"] += 1
            finish(result)
            if store is not None and len(pending) >= CACHE_COMMIT:
                store.put_many(pending)
                pending.clear()
        finish_cached()
    finally:
        if store is not None:
            # What was finished is kept even when a later article fails.
            if pending:
                store.put_many(pending)
            store.close()
    toponyms = tuple(t for r in ordered for t in r.toponyms)
    unresolved = tuple(u for r in ordered for u in r.unresolved)
    raw = [e for r in ordered for e in r.events]
    results = tuple(ordered) if keep_results else ()
    ordered.clear()  # without keep_results, the unmerged events go once merged
    situation = Situation(
        articles=tuple(infos),
        toponyms=toponyms,
        unresolved=unresolved,
        events=tuple(merge_events(raw)),
    )
    del raw
    return BuildResult(
        situation=situation,
        problems=tuple(problems),
        processed=counts["processed"],
        cached=counts["cached"],
        results=results,
    )


def _build_partitioned(
    paths: Sequence[str | Path] | str | Path,
    settings: Settings,
    cache: str | Path | None,
    *,
    workers: int,
    scheduler: str | None,
    progress: Callable[[int], None] | None,
) -> BuildResult:
    """:func:`build_situation` through :func:`geo.partitioned.run_partitioned` (Dask).

    The partition files go to a temporary directory beside the article cache
    (a cluster's workers must see it at the same path), or in the system's
    temporary directory without a cache; it is removed once read back (and,
    named as a staging directory, by the next build if this one is killed).
    """
    import shutil
    import tempfile

    from geo.atomic import STAGING_PREFIX
    from geo.partitioned import load_situation, run_partitioned

    where = Path(cache).parent if cache is not None else None
    if where is not None:
        where.mkdir(parents=True, exist_ok=True)
    directory = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}parts-", dir=where))
    try:
        if isinstance(paths, str | Path):
            paths = [paths]
        run = run_partitioned(
            [str(p) for p in paths],
            directory,
            settings=settings,
            cache=cache,
            workers=workers,
            scheduler=scheduler,
            progress=progress,
        )
        situation, results = load_situation(run)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return BuildResult(
        situation=situation,
        problems=run.problems,
        processed=run.processed,
        cached=run.cached,
        results=results,
    )
