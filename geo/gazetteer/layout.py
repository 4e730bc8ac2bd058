"""The gazetteer as one file of aligned columns, read piece by piece.

A :class:`~geo.gazetteer.records.GazetteerData` is written once (at build
time) by :func:`write`; every later process opens the file with
:func:`open_layout` and reads only what it uses: a one-article ``sitmap
geoparse`` looks up a few hundred names and builds a few dozen places, so it
pays for those and for a few small columns (about 11 MB), not for the 386,000
places and 760,000 names of the whole gazetteer (the previous pickle cache
was unpacked into Python lists of about 370 MiB per process). Processes
reading the same file share it through the operating system's page cache.

File layout: ``MAGIC``, the header length (8 bytes, little-endian), a JSON
header (format, key, stats, small category lists, and ``sections``: name ->
[offset, bytes, kind]), then the sections, each starting at a multiple of
:data:`ALIGN`. A numeric section holds one little-endian numpy column
(``kind`` is its dtype). A text section (``kind`` ``"text"``) holds strings
joined by newlines in UTF-8; its companion ``<name>@starts`` (int64, n + 1)
holds the byte offset of every string and one past the end plus one.

Sorted text columns (``keys``, ``variant_keys``) are searched by bisection:
first in a small sample of every :data:`SAMPLE`-th string (``<name>@sample``,
decoded once per process), then inside one block of that many strings.

>>> import numpy as np
>>> from geo.gazetteer.records import PlaceRecord, index_records
>>> data = index_records([PlaceRecord("a", "Osh", 40.5, 72.8, "KG", "populated_place", 5),
...                       PlaceRecord("b", "Khujand", 40.3, 69.6, "TJ", "populated_place", 5)])
>>> lay = Layout(pack(data, "k"))
>>> lay.header["key"], lay.text("keys")[0], lay.sorted_text("keys").find("osh")
('k', 'khujand', 1)
>>> lay.array("lat").tolist() == data.lat.tolist(), lay.view("lat")[1]
(True, 40.3)
"""

from __future__ import annotations

import io
import json
import os
import struct
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from geo.gazetteer.records import GazetteerData

MAGIC = b"SITMAPGZ"
#: Bump when the layout changes (part of the cache key, with the builder's version).
LAYOUT_VERSION = 2
ALIGN = 64
#: Strings per bisection block of a sorted text column.
SAMPLE = 32
#: Text sections whose string offsets are read whole (searched or read on every lookup).
_OFFSETS_READ_WHOLE = frozenset({"keys", "displays", "variant_keys"})

#: memoryview formats of the numpy dtypes used here (scalar access without numpy).
_FORMATS = {"<f8": "d", "<i8": "q", "<i4": "i", "<i2": "h", "<i1": "b"}

#: The numeric columns of :class:`GazetteerData`, with their stored dtype.
_NUMERIC = {
    "lat": "<f8",
    "lon": "<f8",
    "country_codes": "<i2",
    "feature": "<i1",
    "admin1_codes": "<i4",
    "admin2_codes": "<i4",
    "source_codes": "<i1",
    "population": "<i8",
    "geonameid": "<i8",
    "accuracy": "<i1",
    "tier": "<i1",
    "post_starts": "<i4",
    "post_rows": "<i4",
    "by_length": "<i4",
    "length_starts": "<i8",
}
_TEXT = ("ids", "names", "alt_names", "keys", "displays")


class Text(Sequence[str]):
    """One text section: string ``i`` is read and decoded when asked for.

    The string offsets are read with it, or come from ``loaded`` (the
    offsets section read whole) for the columns searched most.

    >>> t = Text.of(["Osh", "", "Баткен"])
    >>> len(t), t[0], t[1], t[-1], list(t), t.slice(1, 3)
    (3, 'Osh', '', 'Баткен', ['Osh', '', 'Баткен'], ['', 'Баткен'])
    """

    __slots__ = ("_base", "_loaded", "_n", "_pair", "_read", "_starts", "_width")

    def __init__(
        self,
        read: Callable[[int, int], bytes],
        base: int,
        starts: int,
        n: int,
        width: int = 8,
        loaded: memoryview | None = None,
    ) -> None:
        self._read = read
        self._base = base
        self._starts = starts  # file offset of the n + 1 string offsets
        self._n = n
        self._width = width
        self._pair = struct.Struct("<qq" if width == 8 else "<ii")
        self._loaded = loaded

    @classmethod
    def of(cls, items: Sequence[str]) -> Text:
        """A text column over ``items`` held in memory (for tests and doctests)."""
        blob, starts = _encode_text(items)
        buf = blob + starts.tobytes()
        return cls(_reader(buf), 0, len(blob), len(items))

    def __len__(self) -> int:
        return self._n

    def _bounds(self, lo: int, hi: int) -> tuple[int, int]:
        """Offsets of string ``lo`` and of the end of the range (one past a newline)."""
        loaded = self._loaded
        if loaded is not None:
            return loaded[lo], loaded[hi]
        if hi == lo + 1:
            a, b = self._pair.unpack(self._read(self._starts + self._width * lo, 2 * self._width))
            return a, b
        w, one = self._width, self._pair.format[-1]
        (a,) = struct.unpack("<" + one, self._read(self._starts + w * lo, w))
        (b,) = struct.unpack("<" + one, self._read(self._starts + w * hi, w))
        return a, b

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        a, b = self._bounds(i, i + 1)
        return self._read(self._base + a, b - a - 1).decode("utf-8")

    def raw(self, lo: int, hi: int) -> bytes:
        """Strings ``lo`` to ``hi - 1`` as UTF-8, joined by newlines (``b""`` if none)."""
        if hi <= lo:
            return b""
        a, b = self._bounds(lo, hi)
        return self._read(self._base + a, b - a - 1)

    def slice(self, lo: int, hi: int) -> list[str]:
        """Strings ``lo`` to ``hi - 1`` as a list (one read, one decode)."""
        return self.raw(lo, hi).decode("utf-8").split("\n") if hi > lo else []

    def __iter__(self) -> Iterator[str]:
        return iter(self.slice(0, self._n))


class SortedText:
    """A sorted ASCII text column with its sample: position of a string by bisection.

    >>> keys = [f"k{i:03d}" for i in range(80)]
    >>> s = SortedText(Text.of(keys), keys[::SAMPLE])
    >>> s.find("k000"), s.find("k037"), s.find("k079"), s.find("k080"), s.find(""), s.find("é")
    (0, 37, 79, None, None, None)
    """

    __slots__ = ("_sample", "text")

    def __init__(self, text: Text, sample: list[str]) -> None:
        self.text = text
        self._sample = sample

    def find(self, key: str) -> int | None:
        """Index of ``key`` in the column, or ``None``."""
        b = bisect_right(self._sample, key) - 1
        if b < 0 or not key.isascii():
            return None
        lo = b * SAMPLE
        block = self.text.raw(lo, min(lo + SAMPLE, len(self.text))).split(b"\n")
        kb = key.encode("ascii")
        j = bisect_left(block, kb)
        return lo + j if j < len(block) and block[j] == kb else None


def _reader(buf: bytes) -> Callable[[int, int], bytes]:
    """``read(offset, size)`` over bytes in memory."""

    def read(offset: int, size: int) -> bytes:
        return buf[offset : offset + size]

    return read


class Layout:
    """The sections of a packed gazetteer, in memory or in a file read piece by piece.

    A file is not memory-mapped: a mapping shows in the process's resident
    memory a whole page-cache folio (up to megabytes) for every row touched.
    Instead the small, hot columns (:meth:`array`, :meth:`view`) are read
    whole on first use, and rows of the rest (:meth:`item`, :meth:`text`)
    with ``os.pread`` when asked for; the operating system's page cache
    serves both, shared by every process that reads the file.
    """

    def __init__(self, source: bytes | Path) -> None:
        self.path: Path | None = None
        if isinstance(source, Path):
            self.path = source
            self._file = open(source, "rb")  # noqa: SIM115 - open as long as the layout
            fd = self._file.fileno()
            size = os.fstat(fd).st_size

            def read(offset: int, n: int) -> bytes:
                return os.pread(fd, n, offset)

            self._read: Callable[[int, int], bytes] = read
        else:
            size = len(source)
            self._read = _reader(source)
            self._bytes = source
        head = self._read(0, len(MAGIC) + 8)
        if len(head) < len(MAGIC) + 8 or head[: len(MAGIC)] != MAGIC:
            raise ValueError("not a sitmap gazetteer file")
        (hsize,) = struct.unpack_from("<Q", head, len(MAGIC))
        self.header: dict[str, Any] = json.loads(self._read(len(head), hsize))
        if self.header.get("layout") != LAYOUT_VERSION:
            raise ValueError(f"gazetteer layout {self.header.get('layout')}, not {LAYOUT_VERSION}")
        for name, (offset, nbytes, _kind) in self.header["sections"].items():
            if offset < 0 or offset + nbytes > size:
                raise ValueError(f"gazetteer section {name} lies outside the file")
        self._whole: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def _section(self, name: str) -> tuple[int, int, str]:
        offset, nbytes, kind = self.header["sections"][name]
        return int(offset), int(nbytes), str(kind)

    def _load(self, name: str) -> bytes:
        found = self._whole.get(name)
        if found is None:
            offset, nbytes, _kind = self._section(name)
            found = self._read(offset, nbytes)
            if len(found) != nbytes:
                raise ValueError(f"gazetteer section {name} is truncated")
            with self._lock:
                self._whole[name] = found
        return found

    def array(self, name: str) -> np.ndarray:
        """A numeric section as a read-only numpy array (read whole on first use)."""
        return np.frombuffer(self._load(name), dtype=np.dtype(self._section(name)[2]))

    def view(self, name: str) -> memoryview:
        """A numeric section as a memoryview: indexing gives plain Python numbers."""
        return memoryview(self._load(name)).cast(_FORMATS[self._section(name)[2]])

    def item(self, name: str, i: int) -> int | float:
        """Element ``i`` of a numeric section, read alone (the section is not loaded)."""
        found = self._whole.get(name)
        if found is not None:
            return memoryview(found).cast(_FORMATS[self._section(name)[2]])[i]
        offset, _nbytes, kind = self._section(name)
        size = np.dtype(kind).itemsize
        (value,) = struct.unpack(_FORMATS[kind], self._read(offset + size * i, size))
        return value

    def text(self, name: str) -> Text:
        """A text section, its strings read when asked for.

        So are their offsets, except those of the columns every lookup reads
        (:data:`_OFFSETS_READ_WHOLE`), read whole on first use.
        """
        offset, _nbytes, _kind = self._section(name)
        starts, nbytes, kind = self._section(f"{name}@starts")
        width = np.dtype(kind).itemsize
        loaded = self.view(f"{name}@starts") if name in _OFFSETS_READ_WHOLE else None
        return Text(self._read, offset, starts, nbytes // width - 1, width, loaded)

    def sorted_text(self, name: str) -> SortedText:
        """A sorted text section with its bisection sample (the sample read now)."""
        sample = self.text(f"{name}@sample")
        return SortedText(self.text(name), sample.slice(0, len(sample)))

    def __reduce__(self) -> tuple[Any, ...]:
        if self.path is not None:
            return (Layout, (self.path,))
        return (Layout, (self._bytes,))


def _encode_text(items: Sequence[str]) -> tuple[bytes, np.ndarray]:
    """(newline-joined UTF-8, int64 starts with n + 1 entries) of strings without newlines."""
    encoded = [s.encode("utf-8") for s in items]
    lengths = np.fromiter((len(e) + 1 for e in encoded), dtype=np.int64, count=len(encoded))
    starts = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    return b"\n".join(encoded), starts


def _sorted_variants(data: GazetteerData) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Variant keys sorted, with their member lists permuted to match."""
    vkeys = data.variant_keys.split("\n") if len(data.variant_starts) > 1 else []
    order = np.array(sorted(range(len(vkeys)), key=vkeys.__getitem__), dtype=np.int64)
    starts = data.variant_starts.astype(np.int64)
    sizes = np.diff(starts)[order] if len(order) else np.zeros(0, dtype=np.int64)
    new_starts = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum(sizes, out=new_starts[1:])
    total = int(new_starts[-1])
    pick = np.repeat(starts[:-1][order] - new_starts[:-1], sizes) + np.arange(total)
    members = data.variant_members[pick].astype(np.int32)
    return [vkeys[i] for i in order.tolist()], new_starts, members


def _sections(data: GazetteerData) -> tuple[dict[str, Any], list[tuple[str, str, bytes]]]:
    """(header fields, [(name, kind, bytes)]) of ``data``."""
    out: list[tuple[str, str, bytes]] = []

    def numeric(name: str, values: np.ndarray, kind: str) -> None:
        dtype = np.dtype(kind)
        values = np.asarray(values)
        if dtype.kind == "i" and values.size:
            info = np.iinfo(dtype)
            if values.min() < info.min or values.max() > info.max:
                raise ValueError(f"gazetteer column {name} does not fit in {kind}")
        out.append((name, kind, np.ascontiguousarray(values, dtype=dtype).tobytes()))

    def text(name: str, items: Sequence[str], sample: bool = False) -> None:
        blob, starts = _encode_text(items)
        out.append((name, "text", blob))
        numeric(f"{name}@starts", starts, "<i4" if starts[-1] < 2**31 else "<i8")
        if sample:
            text(f"{name}@sample", list(items[::SAMPLE]))

    for name, kind in _NUMERIC.items():
        numeric(name, getattr(data, name), kind)
    n_keys = len(data.post_starts) - 1
    keys = data.keys.split("\n") if n_keys else []
    for name in _TEXT:
        blob = getattr(data, name)
        count = n_keys if name in ("keys", "displays") else len(data.lat)
        items = blob.split("\n") if count else []
        text(name, items, sample=name == "keys")
    text("keys@by_length", [keys[k] for k in data.by_length.tolist()])
    vkeys, vstarts, vmembers = _sorted_variants(data)
    text("variant_keys", vkeys, sample=True)
    numeric("variant_starts", vstarts, "<i8")
    numeric("variant_members", vmembers, "<i4")
    admin_null = [i for i, v in enumerate(data.admin_values) if v is None]
    text("admin_values", [v or "" for v in data.admin_values])
    tier = data.tier.astype(np.float64)
    pop = data.population.astype(np.float64)
    # the rank prior of every row (see geo.gazetteer.records.prior_penalty), vectorised once
    numeric("prior", 0.02 * tier + 0.02 * (1.0 - np.minimum(1.0, np.log10(pop + 1.0) / 7.0)), "<f8")
    longest = max((k.count(" ") + 1 for k in keys), default=1)
    fields = {
        "places": len(data.lat),
        "names": n_keys,
        "country_values": list(data.country_values),
        "source_values": list(data.source_values),
        "admin_null": admin_null,
        "longest_words": longest,
        "stats": dict(data.stats),
    }
    return fields, out


def write(fh: IO[bytes], data: GazetteerData, key: str) -> None:
    """Write ``data`` in the layout described in the module docstring."""
    fields, sections = _sections(data)
    table: dict[str, list[Any]] = {}
    # two passes: the header's length fixes where the first section starts
    offset = 0
    for name, kind, blob in sections:
        table[name] = [offset, len(blob), kind]
        offset += -(-len(blob) // ALIGN) * ALIGN
    header = {"layout": LAYOUT_VERSION, "key": key, **fields, "sections": table}
    encoded = json.dumps(header, ensure_ascii=True).encode()
    # reserve room for the offsets growing by the header length itself
    start = -(-(len(MAGIC) + 8 + len(encoded) + 16 * len(table) + 64) // ALIGN) * ALIGN
    for entry in table.values():
        entry[0] += start
    encoded = json.dumps(header, ensure_ascii=True).encode()
    fh.write(MAGIC + struct.pack("<Q", len(encoded)) + encoded)
    pos = len(MAGIC) + 8 + len(encoded)
    if pos > start:  # pragma: no cover - the reserve above is generous
        raise AssertionError("gazetteer header larger than its reserve")
    for name, _kind, blob in sections:
        target = table[name][0]
        fh.write(b"\0" * (target - pos))
        fh.write(blob)
        pos = target + len(blob)


def pack(data: GazetteerData, key: str = "") -> bytes:
    """The file contents :func:`write` would produce, in memory."""
    buf = io.BytesIO()
    write(buf, data, key)
    return buf.getvalue()


def open_layout(path: Path) -> Layout:
    """Open a gazetteer file. Raises ``OSError`` or ``ValueError`` when unreadable."""
    return Layout(Path(path))
