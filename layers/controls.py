"""Our map elements: small branca ``MacroElement``s.

Their templates live in ``layers/templates``; every value reaches JavaScript through ``|tojson``.

Nothing here touches folium's class-level ``default_js``/``default_css``.

>>> TimeControl("2021-06-01", "2022-02-01").options["min"]
'2021-06-01'
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

import jinja2
import markupsafe
import orjson
from branca.element import Element, MacroElement
from isal import isal_zlib

from layers.assets import Asset


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of our templates (compact, HTML-safe ``tojson``)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("layers", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["tojson"] = script_json
    return env


def script_json(value: Any) -> markupsafe.Markup:
    r"""Compact JSON that is safe inside ``<script>``: ``</`` and ``<!--`` are escaped.

    Unlike Jinja's default ``tojson`` this does not turn every ``<``, ``>`` and
    ``&`` into a six-byte escape, which would double the size of popup HTML.
    The result is valid JSON and valid JavaScript.

    >>> print(script_json({"s": "</script><!-- x"}))
    {"s":"<\/script>\u003c!-- x"}
    """
    return markupsafe.Markup(script_safe(json_text(value)))


def script_safe(text: str) -> str:
    r"""JSON text made safe inside ``<script>`` (still valid JSON).

    >>> print(script_safe('{"s":"</b>"}'))
    {"s":"<\/b>"}
    """
    text = text.replace("<!--", "\\u003c!--").replace("</", "<\\/")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def data_safe(text: str) -> str:
    r"""JSON text for a data block: every ``<`` escaped, so no tag-like text is ever raw.

    Event popups travel as plain text (``layers.popups``), so an article's
    ``<script>`` is shown as text by the page and appears nowhere in the file as is.

    >>> print(data_safe('{"s":"<b>\u2028"}'))
    {"s":"\u003cb>\u2028"}
    """
    text = text.replace("<", "\\u003c")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def template(name: str) -> jinja2.Template:
    """A template from ``layers/templates`` by file name."""
    return environment().get_template(name)


class _Element(MacroElement):
    template_name = ""

    def __init__(self) -> None:
        super().__init__()
        self._name = type(self).__name__
        self._template = template(self.template_name)

    def render(self, **kwargs: Any) -> None:
        """Add the macros' output to the page's header, body and script, as text.

        branca's ``MacroElement.render`` wraps each output in an ``Element``, which
        compiles it as a Jinja template once more: 0.7 s for the 9 MB of a 100,000-event
        map, and article text with ``{{`` in a small map's inline JSON would be read as
        template code. :class:`_Text` writes it as is.
        """
        figure = self.get_root()
        module = self._template.module
        for part, target in (
            ("header", figure.header),
            ("html", figure.html),
            ("script", figure.script),
        ):
            macro = getattr(module, part, None)
            if macro is not None:
                target.add_child(_Text(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _Text(Element):
    r"""Text written into the page as is, as a template with no Jinja syntax would be.

    Line breaks become ``\n`` and one final line break is dropped, as Jinja does.

    >>> _Text("a\r\nb {{ c }}\n").render()
    'a\nb {{ c }}'
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        text = _NEWLINE.sub("\n", text)
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, **kwargs: Any) -> str:
        """The text."""
        return self.text


_NEWLINE = re.compile(r"\r\n|\r")


class InlineAssets(_Element):
    """Every stylesheet and script in the page head (inline, or by URL with ``cdn``)."""

    template_name = "assets.html.j2"

    def __init__(self, assets: Sequence[Asset], title: str | None = None) -> None:
        super().__init__()
        self.assets = tuple(assets)
        self.title = title


class SituationLayers(_Element):
    """The layers' data and the call that draws them (``Sitmap.init``).

    The data sits in a ``<script type="application/json">`` block (``</`` escaped)
    and is read with ``JSON.parse``, which is much faster than compiling a
    multi-megabyte object literal.
    """

    template_name = "layers.js.j2"

    def __init__(self, config: dict[str, Any], pack_above: int | None = None) -> None:
        super().__init__()
        self.config: dict[str, Any] | None = config
        limit = PACK_ABOVE if pack_above is None else pack_above
        # Serialised once, piece by piece: a small config is kept as text; a big one is
        # gzipped as it is written, so its whole JSON text (35 MB for 100,000 events, twice
        # that as a Python string) is never held at once.
        # The compressor is fed blocks of PACK_BLOCK bytes whatever the pieces: ISA-L's
        # output depends on how its input is cut, and the packed bytes must depend on
        # the JSON text alone (layers are serialised in pieces of any size).
        held: list[bytes] = []
        size = 0
        packer = None
        pending = bytearray()
        for data in json_pieces(config):
            if packer is None:
                held.append(data)
                size += len(data)
                if limit < 0 or size <= limit:
                    continue
                packer = isal_zlib.compressobj(PACK_LEVEL, isal_zlib.DEFLATED, 31)  # gzip
                data = b"".join(held)
                held = []
            pending += data
            if len(pending) >= PACK_BLOCK:
                whole = len(pending) - len(pending) % PACK_BLOCK
                for at in range(0, whole, PACK_BLOCK):
                    held.append(packer.compress(pending[at : at + PACK_BLOCK]))
                del pending[:whole]
        if packer is None:
            self.packed = None
            self.json = data_safe(b"".join(held).decode())
        else:
            held.append(packer.compress(pending))
            held.append(packer.flush())
            self.packed = base64.b64encode(b"".join(held)).decode()
            self.json = None
            # the packed text is what the page gets: the columns (hundreds of MB for
            # 100,000 events) are not kept while the page is rendered and written
            self.config = None


#: Config JSON larger than this (bytes) ships gzip + base64 (see ``Sitmap.loadConfig``).
PACK_ABOVE = 4_000_000
#: Bytes of JSON given to the gzip compressor at a time (the packed bytes depend on it).
PACK_BLOCK = 1 << 20
#: gzip level of packed configs, written by ISA-L (``isal``: levels 0-3). On a 100,000-event
#: map's 30.5 MB of columns: level 2 takes 0.06 s for 6.65 MB; the standard library's zlib
#: took 0.37 s at level 4 for 6.22 MB, 0.21 s at level 1 for 6.86 MB. Any gzip reader
#: (the page's ``DecompressionStream``) reads it.
PACK_LEVEL = 2


def json_text(value: Any) -> str:
    """Compact JSON (UTF-8 kept), what ``json.dumps`` gives with compact separators.

    Written by orjson (ten times faster than the standard library on the columns of
    a big map: 0.07 s instead of 0.6 s for the 30 MB of 100,000 events), which gives
    the same text for our data: the same shortest float digits, the same escapes.
    Two cases differ in spelling only: floats below 1e-4 are written without an
    exponent (``0.00001``, the same number), and a NaN or infinity becomes ``null``
    (the standard library refuses it). Integers past 64 bits and other values orjson
    does not take are written by ``json.dumps``.

    >>> json_text({"a": [1, 2.5, None, True], "é": "<\u2028", 3: (1e16, 2**70)})
    '{"a":[1,2.5,null,true],"é":"<\u2028","3":[1e+16,1180591620717411303424]}'
    """
    return _json_bytes(value).decode()


def _json_bytes(value: Any) -> bytes:
    """:func:`json_text` of *value* as UTF-8 bytes."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    except orjson.JSONEncodeError:
        return json.dumps(
            value, separators=(",", ":"), ensure_ascii=False, allow_nan=False, check_circular=False
        ).encode()


def json_fragment(value: Any) -> orjson.Fragment:
    """*value* serialised now (:func:`json_text`), held as one JSON text in the config.

    A map layer's features are dicts per feature, per geometry and per property
    until the config is written; kept as their JSON text instead, only one
    layer's dicts exist at a time and the config holds bytes (same output).

    >>> json_text({"a": json_fragment({"b": [1, None]})}) == json_text({"a": {"b": [1, None]}})
    True
    >>> "".join(json_chunks({"a": json_fragment([1])}))
    '{"a":[1]}'
    """
    try:
        return orjson.Fragment(orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS))
    except orjson.JSONEncodeError:
        return orjson.Fragment(json_text(value).encode())


def json_chunks(value: Any, depth: int = 8) -> Iterator[str]:
    """:func:`json_text` of *value* in pieces, to compress as they come.

    Dicts (with string keys) and short lists are split, *depth* levels down;
    a long list (a column) is written :data:`COLUMN_SLICE` items at a time,
    so that no whole column's text is ever held (:func:`json_pieces`).

    >>> value = {"a": [1, {"b": None}], "c": "x", "d": list(range(500))}
    >>> "".join(json_chunks(value)) == json_text(value)
    True
    """
    for piece in json_pieces(value, depth):
        yield piece.decode()


def json_pieces(value: Any, depth: int = 8) -> Iterator[bytes]:
    """:func:`json_chunks` as UTF-8 bytes (what the packer takes; no text made).

    >>> column = [f"sentence {i} – é" for i in range(COLUMN_SLICE * 4 + 5)]
    >>> pieces = list(json_pieces({"src": column}))
    >>> b"".join(pieces) == json_text({"src": column}).encode()
    True
    >>> max(map(len, pieces)) < len(json_text(column).encode()) / 3
    True
    """
    if isinstance(value, dict) and value and depth > 0 and all(isinstance(k, str) for k in value):
        sep = b"{"
        for key, item in value.items():
            yield sep + _json_bytes(key) + b":"
            yield from json_pieces(item, depth - 1)
            sep = b","
        yield b"}"
    elif isinstance(value, list) and 0 < len(value) <= SPLIT_LIST and depth > 0:
        sep = b"["
        for item in value:
            yield sep
            yield from json_pieces(item, depth - 1)
            sep = b","
        yield b"]"
    elif isinstance(value, list) and len(value) > COLUMN_SLICE:
        # "[a,b]" is "[" + a + "," + b + "]" whatever the cut: each slice's text
        # without its brackets, joined by commas
        for at in range(0, len(value), COLUMN_SLICE):
            inner = _json_bytes(value[at : at + COLUMN_SLICE])[1:-1]
            yield (b"[" if at == 0 else b",") + inner
        yield b"]"
    else:
        yield _json_bytes(value)


#: Items of a long list (a column of a big map) serialised at a time by :func:`json_pieces`.
COLUMN_SLICE = 4096

#: Lists up to this long are split by :func:`json_chunks` (longer ones are columns).
SPLIT_LIST = 100


def pack_text(data: str) -> str:
    """JSON text gzipped (mtime 0: same input, same bytes) and base64-encoded."""
    packer = isal_zlib.compressobj(PACK_LEVEL, isal_zlib.DEFLATED, 31)
    return base64.b64encode(packer.compress(data.encode()) + packer.flush()).decode()


def pack(value: Any) -> str:
    """*value* as compact JSON, gzipped (mtime 0: same input, same bytes) and base64-encoded.

    >>> import base64, gzip, json
    >>> json.loads(gzip.decompress(base64.b64decode(pack({"a": "<b>"}))))
    {'a': '<b>'}
    """
    return pack_text(json_text(value))


class GroupedLayerControl(_Element):
    """Checkboxes for every layer, grouped under headings, in drawing order."""

    template_name = "layer_control.js.j2"

    def __init__(
        self, order: Sequence[str], title: str = "Layers", position: str = "topright"
    ) -> None:
        super().__init__()
        self.options = {"order": list(order), "title": title, "position": position}


class Legend(_Element):
    """A categorical legend; ``sections`` is ``[{"title", "items": [...]}]``."""

    template_name = "legend.js.j2"

    def __init__(
        self,
        sections: Sequence[dict[str, Any]],
        title: str = "Legend",
        position: str = "bottomright",
    ) -> None:
        super().__init__()
        self.options = {"sections": list(sections), "title": title, "position": position}


class TimeControl(_Element):
    """Our time control: a from/to window over ``[min, max]`` (ISO dates)."""

    template_name = "time_control.js.j2"

    def __init__(
        self,
        min_date: str,
        max_date: str,
        start: str | None = None,
        end: str | None = None,
        title: str = "Time window",
        position: str = "bottomleft",
    ) -> None:
        super().__init__()
        self.options = {
            "min": min_date,
            "max": max_date,
            "start": start,
            "end": end,
            "title": title,
            "position": position,
        }


class Fullscreen(_Element):
    """A fullscreen toggle button (no plugin, no icon font)."""

    template_name = "fullscreen.js.j2"

    def __init__(self, title: str = "Full screen", position: str = "topleft") -> None:
        super().__init__()
        self.options = {"title": title, "position": position}


class FitView(_Element):
    """Fit the initial view to the situation once every control is on the map.

    ``Sitmap.init`` fits the bounds first; this re-fits them with padding for
    the controls on the right and left, so no marker starts hidden under them.
    Add it last.
    """

    template_name = "fit_view.js.j2"


class TheatreSwitcher(_Element):
    """One button per theatre (cluster of events, with its count); one press fits it.

    ``switch`` is set when the theatres lie too far apart for one view: the
    map opens on the first (largest) one.
    """

    template_name = "theatres.js.j2"

    def __init__(
        self,
        theatres: Sequence[dict[str, Any]],
        switch: bool = True,
        title: str = "Theatres",
        position: str = "topleft",
    ) -> None:
        super().__init__()
        self.options = {
            "theatres": list(theatres),
            "switch": switch,
            "title": title,
            "position": position,
        }


class EventPanel(_Element):
    """The event panel: the events the time window, layers and filters show, as a list.

    Our own ``layers/static/panel.js`` (inlined in the page head) builds it:
    filters, search, downloads (GeoJSON, CSV) and the view state in the URL
    fragment.
    """

    template_name = "panel.js.j2"

    def __init__(
        self,
        types: dict[str, str] | None = None,
        title: str = "Events",
        collapsed: bool = False,
    ) -> None:
        super().__init__()
        from layers.assets import own_asset

        self.code = own_asset("panel.js").text
        self.options = {"title": title, "collapsed": collapsed, "types": dict(types or {})}
