"""Start-up: the boundaries and the spaCy model are loaded only when an article needs them."""

from __future__ import annotations

import pytest

from geo.articles import Article
from geo.geoparse import geoparse_batch
from geo.nlp import LazyNLP, _installed_model, lazy_nlp, load_nlp
from geo.pipeline import LazyBoundaries, Resources


@pytest.fixture(scope="module")
def model_meta():
    found = _installed_model()
    if found is None:
        pytest.skip("no spaCy model installed")
    return found[1]


def test_lazy_model_reports_what_the_loaded_one_does(model_meta):
    lazy, real = LazyNLP(model_meta), load_nlp()
    assert lazy.pipe_names == real.pipe_names
    for key in ("lang", "name", "version"):
        assert lazy.meta[key] == real.meta[key]
    assert not lazy.loaded
    text = "Border guards from Tajikistan met officials in Osh on Monday."
    got = [(e.text, e.label_) for e in next(lazy.pipe([text], disable=["sentencizer"])).ents]
    want = [(e.text, e.label_) for e in next(real.pipe([text], disable=["sentencizer"])).ents]
    assert lazy.loaded and got == want


def test_the_resources_version_does_not_change(settings, gazetteer, model_meta):
    eager = Resources(settings, gazetteer, load_nlp(), None)
    lazy = Resources(settings, gazetteer, LazyNLP(model_meta), LazyBoundaries())
    assert lazy.version == eager.version
    assert lazy_nlp() is lazy_nlp()


def test_an_article_without_ner_windows_or_borders_loads_neither(gazetteer, boundaries, model_meta):
    nlp, lazy_borders = LazyNLP(model_meta), LazyBoundaries()
    quiet = Article(id="q", text="Officials met in Osh on Monday to discuss water and schools.")
    (got,) = geoparse_batch([quiet], gazetteer=gazetteer, nlp=nlp, boundaries=lazy_borders)
    assert [t.name for t in got.toponyms] == ["Osh"]
    assert not nlp.loaded and not lazy_borders.loaded
    (eager,) = geoparse_batch([quiet], gazetteer=gazetteer, nlp=load_nlp(), boundaries=boundaries)
    assert got.to_dict() == eager.to_dict()


def test_lazy_boundaries_are_the_loaded_ones(boundaries):
    lazy = LazyBoundaries()
    assert len(lazy.admin0) == len(boundaries.admin0) and lazy.loaded
    assert lazy.border("KG", "TJ")["dyad"] == boundaries.border("KG", "TJ")["dyad"]
    with pytest.raises(AttributeError):
        lazy.no_such_layer  # noqa: B018


def test_lazy_stand_ins_copy_and_pickle(model_meta):
    import copy
    import pickle

    lazy = LazyBoundaries()
    assert not copy.copy(lazy).loaded and not pickle.loads(pickle.dumps(lazy)).loaded
    assert not lazy.loaded


def _fresh(code: str) -> str:
    """Run ``code`` in a fresh interpreter of this checkout; its stdout."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_geoparser_imports_without_spacy_or_geopandas():
    code = (
        "import sys, geo.geoparse, geo.pipeline, sitmap.cli.main\n"
        "from geo.geoparse.lexicon import STOP_WORDS\n"
        "print(sorted(m for m in ('spacy', 'geopandas', 'pandas') if m in sys.modules),"
        " 'the' in STOP_WORDS)"
    )
    assert _fresh(code) == "[] True"


def test_stop_words_are_spacys():
    from spacy.lang.en.stop_words import STOP_WORDS

    from geo.geoparse.lexicon import STOP_WORDS as ours

    assert ours == frozenset(STOP_WORDS)


def test_one_border_line_is_read_alone_and_equals_the_layers(boundaries):
    code = (
        "import sys\n"
        "from geo.boundaries import load_boundaries\n"
        "line = load_boundaries().border_line('KGZ–TJK')\n"
        "print(line.wkb_hex, 'geopandas' in sys.modules or 'pandas' in sys.modules)"
    )
    wkb, heavy = _fresh(code).split()
    assert heavy == "False"
    from geo.boundaries import DATA_DIR, Boundaries

    in_memory = Boundaries(borders=boundaries.borders)
    from_file = Boundaries(directory=DATA_DIR)
    assert in_memory.border_line("KGZ–TJK").wkb_hex == wkb
    for dyad in list(boundaries.borders["dyad"])[::10]:
        assert from_file.border_line(dyad).wkb == in_memory.border_line(dyad).wkb
    assert from_file.read == ()  # the layer itself was never read
    assert in_memory.border_line("AFG–KGZ") is None and from_file.border_line("AFG–KGZ") is None


@pytest.mark.parametrize(
    "stem", ["admin0", "admin1", "borders", pytest.param("admin2", marks=pytest.mark.slow)]
)
def test_layers_read_in_batches_are_geopandas_frames(stem, monkeypatch):
    import geopandas as gpd
    from geopandas.testing import assert_geodataframe_equal

    from geo import admin2, boundaries

    path = boundaries.DATA_DIR / f"{stem}.parquet"
    if stem == "admin2":
        path = admin2.cache_path()
        if not path.is_file():
            pytest.skip("the world's districts are not derived here")
    # small batches, so that every layer is read in several
    monkeypatch.setattr(boundaries, "READ_BATCH_BYTES", path.stat().st_size // 7 + 1)
    assert_geodataframe_equal(boundaries.read_geoparquet(path), gpd.read_parquet(path))
