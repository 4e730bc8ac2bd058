"""Helpers shared by test modules (tests/ is on sys.path when pytest runs)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def load_tool(name: str) -> ModuleType:
    """Import the script ``tools/<name>.py`` as module ``name`` (once per process)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load tools/{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def row_with(base: dict[str, str], **changes: str) -> dict[str, str]:
    """A copy of the CSV row ``base`` with some cells changed."""
    return {**base, **changes}


def messages(problems: list[object]) -> str:
    """The checker's problems as one text, one per line (to search for a fragment)."""
    return "\n".join(str(p) for p in problems)


def parse_text(text: str, gazetteer: object, nlp: object = None) -> object:
    """Geoparse one text as article ``t`` (the geoparse mechanism tests)."""
    from geo.articles import Article
    from geo.geoparse import geoparse_article

    return geoparse_article(Article(id="t", text=text), gazetteer=gazetteer, nlp=nlp)


def placed(res: object, name: str) -> list[tuple[str | None, str]]:
    """(country, place id) of every toponym of *res* whose text is *name*."""
    return [(t.country_code, t.place_id) for t in res.toponyms if t.text == name]  # type: ignore[attr-defined]


def unresolved_reasons(res: object, name: str) -> list[str]:
    """Reasons *res* lists for leaving *name* unresolved."""
    return [u.reason for u in res.unresolved if u.text == name]  # type: ignore[attr-defined]


def toponym_texts(res: object) -> set[str]:
    """The surface texts of every toponym of *res*."""
    return {t.text for t in res.toponyms}  # type: ignore[attr-defined]
