"""Rebuild geo/data/countries/countries.csv: names, demonyms and capitals of every country.

Usage::

    .venv/bin/python tools/build_countries.py              # npm pack the package
    .venv/bin/python tools/build_countries.py --from DIR   # reuse a packed tarball

Input: ``countries.json`` of the npm package **world-countries 5.1.0**
(``world-countries-5.1.0.tgz``, sha256 checked; data ODbL 1.0, © Mohammed Le
Doze and contributors). For each ISO 3166-1 alpha-2 code it gives the common
and official English names, alternative spellings, the English demonyms and
the capitals. Kept: Latin-script spellings without commas that are not bare
codes; demonyms deduplicated (masculine first).

Output: ``countries.csv`` with columns ``iso2,iso3,name,official,alt_names,
demonyms,capitals`` (``|``-separated lists). Curated corrections and additions
(preferred demonyms, press names, attested misspellings, capitals used as
metonyms) live beside it in ``country_words.csv`` and win over this file.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "geo" / "data" / "countries" / "countries.csv"
TARBALL = "world-countries-5.1.0.tgz"
TARBALL_SHA256 = "329eb6ef4099ffb590219c9beb634bf489a5e4b10d8ab0ac52a58ebf7b9f8495"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def latin(text: str) -> bool:
    """Whether every letter of ``text`` is a Latin letter."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def keep_name(text: str) -> bool:
    return bool(text) and latin(text) and "," not in text and len(text) > 2


def rows_from(countries: list[dict]) -> list[dict[str, str]]:
    rows = []
    for c in sorted(countries, key=lambda c: c["cca2"]):
        name = c["name"]["common"]
        official = c["name"]["official"]
        alts = [a for a in c.get("altSpellings", []) if keep_name(a) and a not in (name, official)]
        eng = (c.get("demonyms") or {}).get("eng") or {}
        demonyms = list(dict.fromkeys(d for d in (eng.get("m"), eng.get("f")) if d))
        rows.append(
            {
                "iso2": c["cca2"],
                "iso3": c["cca3"],
                "name": name,
                "official": official,
                "alt_names": "|".join(dict.fromkeys(alts)),
                "demonyms": "|".join(demonyms),
                "capitals": "|".join(x for x in c.get("capital", []) if keep_name(x)),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, default=None)
    parser.add_argument("--accept-new-inputs", action="store_true")
    args = parser.parse_args()
    source = args.source
    if source is None:
        source = Path(tempfile.mkdtemp(prefix="world-countries-"))
        subprocess.run(["npm", "pack", "world-countries@5.1.0", "--silent"], cwd=source,
                       check=True)  # fmt: skip
    tarball = source / TARBALL
    got = sha256(tarball)
    if got != TARBALL_SHA256:
        if not args.accept_new_inputs:
            sys.exit(f"{tarball}: sha256 {got} is not the recorded {TARBALL_SHA256}")
        print(f"new input accepted: {tarball} sha256 {got}")
    with tarfile.open(tarball) as tf:
        member = tf.extractfile("package/countries.json")
        if member is None:
            sys.exit(f"{tarball} has no package/countries.json")
        countries = json.load(member)
    rows = rows_from(countries)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUT}: {len(rows)} countries; sha256 {sha256(OUT)}")


if __name__ == "__main__":
    main()
