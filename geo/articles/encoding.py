r"""Turn the bytes of an article file into text, or say why that is impossible.

Rules, in order:

1. A byte-order mark decides: UTF-8 (``EF BB BF``), UTF-32 LE/BE, UTF-16 LE/BE.
   The BOM is not part of the text. Bytes that do not decode under the
   declared encoding make the file undecodable.
2. Without a BOM, NUL bytes mean binary (or BOM-less UTF-16, which is not
   supported because it cannot be told from binary reliably).
3. Strict UTF-8.
4. Not UTF-8 but containing well-formed multi-byte UTF-8 sequences at least
   as often as stray high bytes: corrupt or mixed UTF-8, undecodable (a
   single-byte guess would silently produce mojibake).
5. Otherwise a single-byte code page, chosen by :func:`guess_single_byte`:
   ``cp1251`` for Cyrillic, else ``cp1252``, else ``latin-1``.

Finally, text with more than 5 % control characters (other than tab,
newline, carriage return, form feed) is "mostly non-text" and refused.

>>> decode_bytes("Привет, мир".encode("cp1251"))
('Привет, мир', 'cp1251')
>>> decode_bytes("Café crème".encode("cp1252"))
('Café crème', 'cp1252')
>>> decode_bytes(b"\xff\xfeh\x00i\x00")
('hi', 'utf-16-le')
"""

from __future__ import annotations

import itertools
import re

from geo.errors import InputError

#: (BOM, codec), longest first so UTF-32 LE is not taken for UTF-16 LE.
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

#: Share of control characters above which decoded text counts as binary.
MAX_CONTROL_SHARE = 0.05

_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH = range(0xC0, 0x100)
#: Control characters (Unicode category Cc) other than tab, newline, CR and form feed.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


class DecodeError(InputError):
    """The bytes are not text sitmap can read (binary, undecodable or empty)."""


def bom_encoding(head: bytes) -> tuple[str, int] | None:
    r"""Return ``(codec, bom_length)`` if ``head`` starts with a byte-order mark.

    >>> bom_encoding(b"\xef\xbb\xbfabc")
    ('utf-8', 3)
    >>> bom_encoding(b"abc") is None
    True
    """
    for bom, codec in BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    return None


def guess_single_byte(data: bytes) -> str:
    r"""Guess the code page of non-UTF-8 bytes: ``cp1251``, ``cp1252`` or ``latin-1``.

    Bytes ``C0``–``FF`` are letters in both cp1251 (Cyrillic А–я) and
    cp1252 (Latin À–ÿ). In Cyrillic text they follow each other (whole words
    are made of them); in Western text an accented letter sits between ASCII
    letters. So count neighbouring pairs: high–high against high–ASCII-letter.
    More high–high pairs means cp1251. Otherwise cp1252 if the bytes are valid
    cp1252, else latin-1 (which accepts any byte).

    >>> guess_single_byte("Таджикистан и Кыргызстан".encode("cp1251"))
    'cp1251'
    >>> guess_single_byte("Größe, été, São Tomé".encode("cp1252"))
    'cp1252'
    >>> guess_single_byte(b"caf\xe9 \x81")
    'latin-1'
    """
    high_high = high_ascii = 0
    for a, b in itertools.pairwise(data):
        a_high, b_high = a in _HIGH, b in _HIGH
        if a_high and b_high:
            high_high += 1
        elif (a_high and _is_ascii_letter(b)) or (b_high and _is_ascii_letter(a)):
            high_ascii += 1
    candidates = ("cp1251", "cp1252") if high_high > high_ascii else ("cp1252",)
    for codec in candidates:
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec
    return "latin-1"


def _is_ascii_letter(byte: int) -> bool:
    return 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A


def control_share(text: str) -> float:
    r"""Return the share of control characters (tab/newline/CR/FF excluded) in ``text``.

    >>> control_share("ab\x00\x01")
    0.5
    """
    if not text:
        return 0.0
    return sum(1 for _ in _CONTROLS.finditer(text)) / len(text)


def decode_bytes(data: bytes) -> tuple[str, str]:
    r"""Decode an article file's bytes; return ``(text, codec)``.

    The text is returned as decoded (BOM removed, newlines untouched).
    Raises :class:`DecodeError` (an ``InputError``) for empty, binary or
    undecodable input.

    >>> decode_bytes(b"\xef\xbb\xbfplain")
    ('plain', 'utf-8-sig')
    >>> try:
    ...     decode_bytes(b"\x00\x01\x02")
    ... except InputError as err:
    ...     print(err)
    binary file (contains NUL bytes and no UTF-16/32 byte-order mark)
    """
    if not data:
        raise DecodeError("empty file")
    bom = bom_encoding(data[:4])
    if bom is not None:
        codec, size = bom
        try:
            text = data[size:].decode(codec)
            codec = "utf-8-sig" if codec == "utf-8" else codec
        except UnicodeDecodeError as err:
            raise DecodeError(
                f"undecodable: starts with a {codec} byte-order mark but is not valid {codec} "
                f"(byte {err.start + size})"
            ) from err
    elif b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes and no UTF-16/32 byte-order mark)")
    else:
        try:
            text, codec = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as err:
            good = len(_UTF8_MULTIBYTE.findall(data))
            stray = sum(1 for b in _UTF8_MULTIBYTE.sub(b"", data) if b >= 0x80)
            if good and good >= stray:
                raise DecodeError(
                    f"undecodable: mostly UTF-8 but with invalid bytes (first at byte {err.start})"
                ) from err
            codec = guess_single_byte(data)
            text = data.decode(codec)
    if not text:
        raise DecodeError("empty file (only a byte-order mark)")
    if control_share(text) > MAX_CONTROL_SHARE:
        raise DecodeError(f"binary file (mostly non-text control characters as {codec})")
    return text, codec


def normalise_newlines(text: str) -> str:
    r"""Turn ``\r\n`` and lone ``\r`` into ``\n``.

    >>> normalise_newlines("a\r\nb\rc\n")
    'a\nb\nc\n'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")
