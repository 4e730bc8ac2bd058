"""Geoparsing: find every place mention in an article and resolve it to a point.

``recognize`` (gazetteer n-grams + rules + spaCy NER, with vetoes) finds
mentions; ``resolve`` picks a sense for each from the article's context.
Every mention ends up either in ``toponyms`` or in ``unresolved`` with a
reason; nothing is dropped silently.

>>> from geo.articles import Article
>>> from geo.gazetteer import Gazetteer
>>> from geo.model import Place
>>> gaz = Gazetteer.from_places([
...     Place("adm0:KG", "Kyrgyzstan", 41, 75, "KG", "country"),
...     Place("gn:1528735", "Batken", 40.06, 70.82, "KG", "populated_place", geonameid=1528735)])
>>> art = Article(id="a1", text="Shots were fired near Batken, Kyrgyzstan, and in Vorukh.")
>>> res = geoparse_article(art, gazetteer=gaz)
>>> [(t.text, t.place_id, t.precision) for t in res.toponyms]
[('Batken', 'gn:1528735', 1), ('Kyrgyzstan', 'adm0:KG', 3)]
>>> sorted(res.to_dict())
['id', 'published', 'toponyms', 'unresolved']

``geoparse`` streams results for many articles, loading the gazetteer and
the spaCy model on first use and running spaCy in batches.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from geo.articles.wire import geoparse_view, visible_doc, with_credits
from geo.geoparse.index import GazetteerLike, name_index
from geo.geoparse.lexicon import PHYSICAL_HINTS, STOP_WORDS
from geo.geoparse.recognize import Mention, Pending, Recognition, recognize
from geo.geoparse.resolve import resolve
from geo.names import fold
from geo.situation import Toponym, Unresolved

if TYPE_CHECKING:
    from geo.articles import Article
    from geo.settings import Settings

__all__ = [
    "GeoparseResult",
    "Mention",
    "Recognition",
    "geoparse",
    "geoparse_article",
    "geoparse_batch",
    "ner_components",
    "recognize",
    "resolve",
]

log = logging.getLogger("sitmap.geoparse")

#: Toponym keys of :meth:`GeoparseResult.to_dict` (the JSON contract), in order.
TOPONYM_KEYS: tuple[str, ...] = (
    "start", "end", "text", "name", "lat", "lon", "country_code", "admin1", "admin2",
    "feature", "geonameid", "place_id", "precision", "score", "radius_km", "anchor",
)  # fmt: skip
UNRESOLVED_KEYS: tuple[str, ...] = ("start", "end", "text", "reason")
#: Articles per spaCy batch in :func:`geoparse`.
BATCH_SIZE = 32
#: Sentences per ``nlp.pipe`` batch (measured: 64 is as fast as larger batches,
#: and ~40 % faster than one ``nlp()`` call per sentence).
NER_BATCH_SIZE = 64


@dataclass(frozen=True)
class GeoparseResult:
    """The toponyms and unresolved mentions of one article.

    ``doc`` is the spaCy ``Doc`` used (``None`` without a model); later
    stages may reuse it. It takes no part in equality or ``to_dict``.
    """

    document: str
    published: date | None
    toponyms: tuple[Toponym, ...]
    unresolved: tuple[Unresolved, ...]
    doc: Any = field(default=None, compare=False, repr=False)
    #: places of credit lines (usage "credit") and boilerplate segments (geo/articles/wire.py)
    credits: tuple[Toponym, ...] = ()
    boilerplate: tuple[Any, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (one line of ``sitmap geoparse``).

        >>> GeoparseResult("a", date(2022, 1, 27), (), ()).to_dict()
        {'id': 'a', 'published': '2022-01-27', 'toponyms': [], 'unresolved': []}
        """
        out = {
            "id": self.document,
            "published": self.published.isoformat() if self.published else None,
            "toponyms": [{k: getattr(t, k) for k in TOPONYM_KEYS} for t in self.toponyms],
            "unresolved": [{k: getattr(u, k) for k in UNRESOLVED_KEYS} for u in self.unresolved],
        }
        if self.credits or self.boilerplate:  # only with boilerplate (geo/articles/wire.py)
            keys = (*TOPONYM_KEYS, "usage")
            out["credits"] = [{k: getattr(t, k, "credit") for k in keys} for t in self.credits]
            out["boilerplate"] = [s.to_dict() for s in self.boilerplate]
        return out


def ner_components(nlp: Any) -> list[str]:
    """Pipeline components to disable when only named entities are needed.

    >>> class Fake:
    ...     pipe_names = ["tok2vec", "tagger", "parser", "ner"]
    >>> ner_components(Fake())
    ['tok2vec', 'tagger', 'parser']
    """
    return [name for name in nlp.pipe_names if name != "ner"]


def _span_mentions(text: str, spans: Iterable[Any], rec: Recognition) -> list[Mention]:
    """Mentions for given gold spans, keeping what the rules know about each span."""
    known = {(m.start, m.end): m for m in rec.mentions}
    # one sense per discourse: the physical kind the text gives a name elsewhere
    # ("the Neches River ... the Wild Neches"); a town's "City" is no such kind
    kinds = {fold(m.text): m.feature_hint for m in rec.mentions if m.feature_hint in PHYSICAL_HINTS}
    out = []
    for span in spans:
        start, end = int(span[0]), int(span[1])
        m = known.get((start, end))
        if m is not None and m.kind != "road":
            out.append(m)
            continue
        hint = None
        for other in rec.mentions:
            if other.start <= start and end <= other.end and other.feature_hint:
                hint = other.feature_hint
        surface = text[start:end]
        hint = hint or kinds.get(fold(surface))
        out.append(Mention(start, end, surface, fold(surface), source="span", feature_hint=hint))
    return out


def _context_codes(article: Article, gazetteer: GazetteerLike) -> list[str]:
    """Country codes named in the headline (countries and demonyms)."""
    if not article.title:
        return []
    idx = name_index(gazetteer)
    cached = idx.memo.get(("title", article.title))
    if cached is not None:
        return list(cached)
    rec = recognize(article.title, gazetteer)
    codes = [c for _, _, c in rec.demonyms]
    for m in rec.mentions:
        if m.kind == "place" and m.source == "gazetteer" and idx.is_country(m.key):
            codes.append(idx.candidates(m.key)[0].place.country_code)
    idx.remember(("title", article.title), tuple(codes))
    return codes


def geoparse_article(
    article: Article,
    *,
    gazetteer: GazetteerLike,
    nlp: Any = None,
    boundaries: Any = None,
    doc: Any = None,
) -> GeoparseResult:
    """Find and resolve every place mention of one article.

    ``doc`` is a spaCy ``Doc`` of ``article.text`` whose entities are used.
    Without ``doc`` but with ``nlp``, NER runs only on the sentences where it
    can change a decision (see :class:`~geo.geoparse.recognize.Pending`);
    with neither, gazetteer-and-rules recognition. ``boundaries``
    (``load_boundaries()``) places border mentions; when it is ``None`` and a
    border is mentioned, the cached boundaries are loaded on demand. If
    ``article.meta["spans"]`` holds ``[[start, end], ...]``, exactly those
    spans are resolved (resolution-only mode).

    >>> from geo.articles import Article
    >>> from geo.gazetteer import Gazetteer
    >>> from geo.model import Place
    >>> gaz = Gazetteer.from_places([Place("gn:1", "Osh", 40.5, 72.8, "KG", "populated_place")])
    >>> spans = {"spans": [[9, 12], [17, 27]]}
    >>> art = Article(id="b", text="Talks in Osh and Xyzzyville.", meta=spans)
    >>> res = geoparse_article(art, gazetteer=gaz)
    >>> [t.name for t in res.toponyms], [u.reason for u in res.unresolved]
    (['Osh'], ['not in gazetteer'])
    """
    article = geoparse_view(article)  # credit lines and link blocks blanked (geo/articles/wire.py)
    doc = visible_doc(article, doc)  # and their entities left out
    text = article.text
    spans = article.meta.get("spans") if article.meta else None
    ents = None
    if spans is not None:
        rec = recognize(text, gazetteer)
        mentions = _span_mentions(text, spans, rec)
    elif doc is not None:
        rec = recognize(text, gazetteer, doc=doc)
        mentions = list(rec.mentions)
        ents = [(e.start_char, e.end_char, e.label_) for e in getattr(doc, "ents", ())]
    else:
        pending = Pending(text, gazetteer)
        if nlp is not None:
            docs = [nlp(text[s:e], disable=ner_components(nlp)) for s, e in pending.windows]
            ents = _window_ents(pending.windows, docs)
        rec = pending.finish(ents)
        mentions = list(rec.mentions)
    return _resolved(article, gazetteer, rec, mentions, boundaries, doc, ents)


def _resolved(
    article: Article,
    gazetteer: GazetteerLike,
    rec: Recognition,
    mentions: list[Mention],
    boundaries: Any,
    doc: Any,
    ents: Sequence[tuple[int, int, str]] | None = None,
) -> GeoparseResult:
    toponyms, unresolved = resolve(
        article.id,
        article.text,
        mentions,
        gazetteer=gazetteer,
        index=name_index(gazetteer),
        demonyms=rec.demonyms,
        boundaries=boundaries,
        context_codes=_context_codes(article, gazetteer),
    )
    if not (article.meta and "spans" in article.meta):
        aside = _set_aside(article, gazetteer, rec, [*toponyms, *unresolved], ents or ())
        near, aside = _confirmed_by_neighbours(aside, toponyms, name_index(gazetteer), article.text)
        if near:
            toponyms = tuple(sorted([*toponyms, *near], key=lambda t: (t.start, -t.end)))
        unresolved = tuple(sorted([*unresolved, *aside], key=lambda u: (u.start, u.end)))
    result = GeoparseResult(article.id, article.published, toponyms, unresolved, doc)
    return with_credits(result, article, gazetteer, boundaries)


#: An unconfirmed name is the place of that name lying this close to a place the
#: story names and places (km): local news names a town's neighbours ("a Rochester
#: man" in a story on Byron and Stewartville). Measured on LGL and TR-News end to
#: end (docs/far-placements.md): within 10 km, 26 of the 28 such names LGL marks
#: are places there, all within 161 km of the gold point; within 25 km, 38 of 59.
NEIGHBOUR_KM = 10.0
#: Only an unconfirmed name's senses of these kinds, and only neighbours placed
#: this surely, count.
_NEIGHBOUR_FEATURES = frozenset({"populated_place", "village", "admin2"})
NEIGHBOUR_MIN_SCORE = 0.4
#: The score of a name placed by its neighbour (less sure than the text's own word).
NEIGHBOUR_SCORE = 0.5
#: A frequent name with no neighbour is the one town of that name in the story's
#: province (the province most of its surely placed towns lie in) when that town has
#: at least this many people: on LGL and TR-News, 19 such names the gold marks were
#: placed within 161 km and 3 the gold does not mark were taken (at 5,000 people:
#: 24 and 10).
STORY_PROVINCE_TOWN_POPULATION = 20_000


def _confirmed_by_neighbours(
    aside: Sequence[Unresolved], toponyms: Sequence[Toponym], index: Any, text: str = ""
) -> tuple[list[Toponym], list[Unresolved]]:
    """Unconfirmed names placed where a sense of theirs lies beside a placed place of the story.

    A name recognition left unconfirmed (no locative cue, "a Rochester man")
    is the town of that name within :data:`NEIGHBOUR_KM` of a town or district
    the story places surely (the nearest such sense); the rest stay unresolved.
    A name frequent in English with no such neighbour is the one town of that
    name in the province most of the story's towns lie in, if it has at least
    :data:`STORY_PROVINCE_TOWN_POPULATION` people ("metro Atlanta" in a story on
    Marietta and Decatur). A name beside another capitalised word is part of a
    longer name ("Min Aung Hlaing") and stays unresolved.

    >>> from geo.gazetteer import Gazetteer
    >>> from geo.model import Place
    >>> idx = name_index(Gazetteer.from_places([
    ...     Place("gn:1", "Rochester", 44.02, -92.47, "US", "populated_place"),
    ...     Place("gn:2", "Rochester", 43.16, -77.61, "US", "populated_place")]))
    >>> byron = Toponym("a", 0, 5, "Byron", "Byron", 44.05, -92.52, "US", None, None,
    ...                 "populated_place", None, "gn:3", 1, 0.9)
    >>> u = Unresolved("a", 9, 18, "Rochester", DROP_REASONS["no cue"])
    >>> near, rest = _confirmed_by_neighbours([u], [byron], idx)
    >>> [(t.text, t.place_id, t.precision) for t in near], rest
    ([('Rochester', 'gn:1', 1)], [])
    """
    unconfirmed = [u for u in aside if u.unconfirmed]
    if not unconfirmed:
        return [], list(aside)
    anchors = [
        t for t in toponyms if t.feature in _NEIGHBOUR_FEATURES and t.score >= NEIGHBOUR_MIN_SCORE
    ]
    if not anchors:
        return [], list(aside)
    from geo.geoparse.resolve import haversine_km, precision_of

    near: list[Toponym] = []
    rest: list[Unresolved] = []
    sense: dict[str, Any] = {}
    provinces = Counter((t.country_code, t.admin1) for t in anchors if t.admin1)
    province = provinces.most_common(1)[0][0] if provinces else None
    for u in aside:
        if not u.unconfirmed or _in_name_run(text, u.start, u.end):
            rest.append(u)
            continue
        key = fold(u.text)
        if key not in sense:
            best = None
            for cand in index.candidates(key):
                p = cand.place
                if p.feature not in _NEIGHBOUR_FEATURES:
                    continue
                for t in anchors:
                    if fold(t.text) == key:
                        continue  # a name is not its own neighbour
                    d = haversine_km(p.lat, p.lon, t.lat, t.lon)
                    if d <= NEIGHBOUR_KM and (best is None or d < best[0]):
                        best = (d, p)
            sense[key] = best[1] if best is not None else None
            if best is None and province is not None and u.reason == DROP_REASONS["no cue"]:
                towns = [
                    c.place
                    for c in index.candidates(key)
                    if c.place.feature in ("populated_place", "village")
                    and (c.place.country_code, c.place.admin1) == province
                ]
                if len(towns) == 1 and towns[0].population >= STORY_PROVINCE_TOWN_POPULATION:
                    sense[key] = towns[0]
        p = sense[key]
        if p is None:
            rest.append(u)
            continue
        near.append(
            Toponym(
                document=u.document, start=u.start, end=u.end, text=u.text, name=p.name,
                lat=p.lat, lon=p.lon, country_code=p.country_code, admin1=p.admin1,
                admin2=p.admin2, feature=p.feature, geonameid=p.geonameid, place_id=p.id,
                precision=precision_of(p), score=NEIGHBOUR_SCORE,
            )
        )  # fmt: skip
    return near, rest


_WORD_BEFORE = re.compile(r"([\w'’.-]+)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([\w'’-]+)")


def _in_name_run(text: str, start: int, end: int) -> bool:
    """Whether a capitalised word (not a function word) stands right beside ``start:end``.

    >>> _in_name_run("General Min Aung Hlaing said", 17, 23), _in_name_run("A Rochester man", 2, 11)
    (True, False)
    """
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is not None:
        word = before.group(1)
        if word[:1].isupper() and not word.endswith(".") and fold(word) not in STOP_WORDS:
            return True
    after = _WORD_AFTER.match(text, end)
    return after is not None and after.group(1)[:1].isupper()


#: Why a place name inside a vetoed span was not taken as a place, by veto kind.
SET_ASIDE_REASONS = {
    "person": "not taken as a place: NER reads it as (part of) a person's name",
    "organisation": "not taken as a place: NER reads it as (part of) an organisation's name",
    "agency": "not taken as a place: part of a news agency's name",
    "longer": "not taken as a place: part of a longer name NER reads as one place",
    "people": "not taken as a place: a people's name (another name of a province)",
}
#: Why recognition did not take a gazetteer name or NER place entity as a place, by
#: the code it notes (``Recognition.dropped``). Two families an analyst can tell apart
#: by the text before the colon: "not taken as a place" (the text shows it is
#: something else: a person, an organisation, a common word) and "unconfirmed place"
#: (a place name the text neither confirms nor rules out; it may be one).
#: docs/far-placements.md, "What the unresolved reasons mean", says what each means.
DROP_REASONS = {
    **SET_ASIDE_REASONS,
    "surname": "not taken as a place: the surname of a person the text names",
    "given name": "not taken as a place: the given name of a titled person the text names",
    "group": "not taken as a place: part of a group's name (a cartel)",
    "acronym": "not taken as a place: an all-capital short word (an acronym)",
    "connector": "not taken as a place: a name cut at a connector word",
    "function word": "not taken as a place: an English word (GeoNames has it as a name)",
    "capitalised run": (
        "not taken as a place: part of a longer capitalised name (an organisation, "
        "a street, a team)"
    ),
    "opens a name": "not taken as a place: a common word opening a longer name (Coast Guard)",
    "ner demonym": "not taken as a place: NER calls it a place, but it is a demonym",
    "ner common": "not taken as a place: NER calls it a place, but its words are common words",
    "ner vetoed": (
        "not taken as a place: NER calls it a place inside a person's or organisation's name"
    ),
    "ner facility": "not taken as a place: NER calls it a facility, and no facility word names it",
    "district word": (
        "not taken as a place: a letter or an English word the gazetteer has only as a "
        "district's name"
    ),
    "short form": (
        "unconfirmed place: a country's or province's short form (Fla., KY) where the "
        "context the abbreviations table gives it does not hold"
    ),
    "no cue": (
        "unconfirmed place: a name frequent in English text, with no locative word, list "
        "or kind word making it a place here"
    ),
    "particle": (
        "unconfirmed place: a name led by an article or particle (al-, El), with no locative "
        "cue making it a place rather than a group's or a channel's name"
    ),
    "district only": (
        "unconfirmed place: the gazetteer knows the name only as a district, and the text "
        "does not call it one"
    ),
}
#: NER labels of places (a longer place entity around a name is another name).
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _set_aside(
    article: Article,
    gazetteer: GazetteerLike,
    rec: Recognition,
    found: Sequence[Any],
    ents: Sequence[tuple[int, int, str]] = (),
) -> list[Unresolved]:
    """Place names the recogniser set aside, each with the reason (nothing is dropped silently).

    The article is read again with the gazetteer and rules only (no NER),
    once, when some span was vetoed: a name inside the span that reads as a
    place there was recognised, so it is listed as unresolved with the veto
    as its reason rather than silently dropped.

    >>> from geo.articles import Article
    >>> from geo.gazetteer import Gazetteer
    >>> from geo.model import Place
    >>> gaz = Gazetteer.from_places([Place("gn:1", "Winsford", 53.19, -2.52, "GB",
    ...                                    "populated_place", population=30000)])
    >>> rec = Recognition((), vetoed=((19, 27, "person"),))
    >>> art = Article(id="a", text="Crowds gathered in Winsford.")
    >>> [(u.text, u.reason.split(":")[0]) for u in _set_aside(art, gaz, rec, [])]
    [('Winsford', 'not taken as a place')]
    """
    taken = [(x.start, x.end) for x in found]
    out: list[Unresolved] = []
    text = article.text
    reread: list[Mention] | None = None
    longer = [(s, e, "longer") for s, e, label in ents if label in _PLACE_LABELS]
    for start, end, why in sorted({*rec.vetoed, *longer}):
        if any(s <= start and end <= e for s, e in taken):
            continue
        if reread is None:
            # the whole text, as recognition reads it (a name found once is found everywhere)
            if rec.rules_only is not None:  # the recogniser as it stood before NER
                again = rec.rules_only.run(None)
            else:
                again = recognize(text, gazetteer, tokens=rec.tokens)
            reread = [m for m in again.mentions if m.kind == "place"]
        for m in reread:
            a, b = m.start, m.end
            if not (start <= a and b <= end) or any(s < b and a < e for s, e in taken):
                continue
            reason = SET_ASIDE_REASONS.get(why, "not taken as a place: " + why)
            out.append(Unresolved(article.id, a, b, text[a:b], reason))
            taken.append((a, b))
    # every other name recognition did not take, with the rule that set it aside
    for a, b, why in sorted(rec.dropped, key=lambda d: (d[0], -d[1], d[2])):
        if any(s < b and a < e for s, e in taken):
            continue
        reason = DROP_REASONS.get(why, "not taken as a place: " + why)
        out.append(Unresolved(article.id, a, b, text[a:b], reason))
        taken.append((a, b))
    return out


def _window_ents(windows: list[tuple[int, int]], docs: Iterable[Any]) -> list[tuple[int, int, str]]:
    """Entities of window docs as (start, end, label) offsets into the whole text."""
    ents = []
    for (start, _end), doc in zip(windows, docs, strict=True):
        ents.extend((start + e.start_char, start + e.end_char, e.label_) for e in doc.ents)
    return ents


def geoparse(
    articles: Iterable[Article],
    *,
    gazetteer: GazetteerLike | None = None,
    nlp: Any = None,
    settings: Settings | None = None,
    boundaries: Any = None,
) -> Iterator[GeoparseResult]:
    """Geoparse many articles, lazily loading what is not given; yields in input order.

    ``nlp=None`` loads the default spaCy model (``geo.nlp.load_nlp``; without
    one, a single warning and gazetteer-and-rules recognition); ``nlp=False``
    skips NER. Articles go through spaCy in batches of :data:`BATCH_SIZE`.

    >>> from geo.articles import Article
    >>> from geo.gazetteer import Gazetteer
    >>> from geo.model import Place
    >>> gaz = Gazetteer.from_places([Place("gn:1", "Osh", 40.5, 72.8, "KG", "populated_place")])
    >>> [r.to_dict()["toponyms"][0]["name"] for r in geoparse(
    ...     [Article(id="c", text="Osh is calm.")], gazetteer=gaz, nlp=False)]
    ['Osh']
    """
    if gazetteer is None:
        from geo.gazetteer import load_gazetteer

        gazetteer = load_gazetteer(settings)
    if nlp is None:
        from geo.nlp import load_nlp

        nlp = load_nlp()
    if nlp is False:
        nlp = None
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= BATCH_SIZE:
            yield from _run_batch(batch, gazetteer, nlp, boundaries)
            batch = []
    if batch:
        yield from _run_batch(batch, gazetteer, nlp, boundaries)


def _run_batch(
    batch: list[Article], gazetteer: GazetteerLike, nlp: Any, boundaries: Any
) -> Iterator[GeoparseResult]:
    """Recognise a batch, run NER on the flagged sentences of all its articles at once."""
    yield from geoparse_batch(batch, gazetteer=gazetteer, nlp=nlp, boundaries=boundaries)


def geoparse_batch(
    batch: Sequence[Article], *, gazetteer: GazetteerLike, nlp: Any = None, boundaries: Any = None
) -> list[GeoparseResult]:
    """:func:`geoparse_article` for several articles, with one NER pass over all of them.

    The flagged sentences of every article go through ``nlp.pipe`` together
    (each sentence is still its own ``Doc``, so the entities are those of
    :func:`geoparse_article`); ``nlp=None`` skips NER. Results in input order.

    >>> from geo.articles import Article
    >>> from geo.gazetteer import Gazetteer
    >>> from geo.model import Place
    >>> gaz = Gazetteer.from_places([Place("gn:1", "Osh", 40.5, 72.8, "KG", "populated_place")])
    >>> [r.toponyms[0].name for r in geoparse_batch(
    ...     [Article(id="c", text="Osh is calm."), Article(id="d", text="Back to Osh.")],
    ...     gazetteer=gaz)]
    ['Osh', 'Osh']
    """
    out: list[GeoparseResult] = []
    batch = [geoparse_view(article) for article in batch]  # as in geoparse_article
    pendings: dict[int, Pending] = {}
    for k, article in enumerate(batch):
        if not (article.meta and "spans" in article.meta):
            pendings[k] = Pending(article.text, gazetteer)
    ents: dict[int, list[tuple[int, int, str]]] = {k: [] for k in pendings}
    if nlp is not None:
        jobs = [(k, s, e) for k, p in pendings.items() for s, e in p.windows]
        texts = (batch[k].text[s:e] for k, s, e in jobs)
        docs = nlp.pipe(texts, disable=ner_components(nlp), batch_size=NER_BATCH_SIZE)
        for (k, s, _e), doc in zip(jobs, docs, strict=True):
            ents[k].extend((s + x.start_char, s + x.end_char, x.label_) for x in doc.ents)
    for k, article in enumerate(batch):
        if k not in pendings:
            out.append(geoparse_article(article, gazetteer=gazetteer, boundaries=boundaries))
            continue
        rec = pendings[k].finish(ents[k] if nlp is not None else None)
        found = ents[k] if nlp is not None else None
        out.append(_resolved(article, gazetteer, rec, list(rec.mentions), boundaries, None, found))
    return out
