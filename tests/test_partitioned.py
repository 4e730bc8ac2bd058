"""The partitioned (Dask) build: partitions read where they lie give the reader's articles and ids,
and the sharded merge gives the in-process situation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from geo.articles import Article, ReadProblem, iter_articles
from geo.articles.partitions import (
    Partition,
    count_lines,
    first_lines,
    id_base,
    plan_partitions,
    read_partition,
    unique_renames,
)

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DEV = REPO / "bench" / "dev"


def read_as_partitions(paths, target_bytes, max_bytes=5 * 1024 * 1024):
    """What the distributed driver and its tasks do, in order, in this process."""
    planned = list(plan_partitions(paths, target_bytes=target_bytes))
    parts = [p for p in planned if isinstance(p, Partition)]
    starts = first_lines(parts, [count_lines(p) for p in parts])
    entries = []
    for part, start in zip(parts, starts, strict=True):
        ids = [a.id for a in read_partition(part, first_line=start, max_bytes=max_bytes)
               if isinstance(a, Article)]  # fmt: skip
        entries += [(part.index, k, i) for k, i in enumerate(ids)]
    renames = {}
    for base in {id_base(i) for _, _, i in entries}:
        for index, got in unique_renames(e for e in entries if id_base(e[2]) == base).items():
            renames.setdefault(index, {}).update(got)
    out = []
    for item in planned:
        if isinstance(item, ReadProblem):
            out.append(item)
            continue
        start = starts[parts.index(item)]
        out += read_partition(
            item, first_line=start, renames=renames.get(item.index), max_bytes=max_bytes
        )
    return out, parts


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a" / "x.txt").write_text("title: One\n\nFighting near Vorukh on 3 May 2021.\n")
    (root / "b" / "x.txt").write_text("Shelling near Batken.\n")  # same id as a/x.txt
    (root / "b" / "empty.txt").write_text("")
    lines = [
        '{"id": "x.txt", "text": "A third x.txt"}',
        "",
        "not json",
        '{"text": "no id: the line number is the id"}',
        '{"id": "x.txt#2", "text": "an explicit id that a rename would take"}',
        '{"id": "r", "text": "' + "long " * 40 + '"}',
        '{"id": 7, "text": "numeric id"}',
        '{"text": 5}',
        '{"id": "r", "text": "repeated"}',
        '{"text": "bad byte \udcff"}',
        '{"id": "r#2#2", "text": "suffixes"}',
        '{"text": "last line, no newline"}',
    ]
    data = "\n".join(lines).encode("utf-8", "surrogateescape")
    (root / "b" / "feed.jsonl").write_bytes(b"\xef\xbb\xbf" + data)
    (root / "b" / "rows.csv").write_text('id,text\nx.txt,"csv, with\na newline"\n,no id\n')
    return root


@pytest.mark.parametrize("target", [1, 17, 64, 200, 10**6])
def test_partitions_read_what_the_reader_reads(tmp_path, target):
    root = _corpus(tmp_path)
    want = list(iter_articles([root, tmp_path / "missing.txt"], max_bytes=150))
    got, parts = read_as_partitions([root, tmp_path / "missing.txt"], target, max_bytes=150)
    assert got == want
    ids = [a.id for a in got if isinstance(a, Article)]
    assert len(ids) == len(set(ids)) and "x.txt#3" in ids and "r#3" not in ids
    if target < 100:
        assert sum(p.is_range for p in parts) > 2, "the .jsonl file is split"


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(
        st.one_of(
            st.builds(
                lambda i, t: f'{{"id": "{i}", "text": "{t}"}}',
                st.sampled_from(["a", "a#2", "b", "7", "a#2#2"]),
                st.text("xyz é", min_size=1, max_size=30),
            ),
            st.builds(lambda t: f'{{"text": "{t}"}}', st.text("xyz", min_size=1, max_size=60)),
            st.sampled_from(["", "  ", "{", "[1]", '{"text": ""}']),
        ),
        max_size=25,
    ),
    target=st.integers(1, 300),
    final_newline=st.booleans(),
)
def test_any_jsonl_split_anywhere_reads_the_same(tmp_path_factory, lines, target, final_newline):
    path = tmp_path_factory.mktemp("j") / "f.jsonl"
    path.write_text("\n".join(lines) + ("\n" if final_newline else ""), encoding="utf-8")
    got, _ = read_as_partitions([path, path.parent], target, max_bytes=50)
    assert got == list(iter_articles([path, path.parent], max_bytes=50))


def test_line_counts_add_up(tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"text": "a"}\n\n{"text": "b"}\n' * 50)
    whole = len(path.read_bytes().splitlines())
    for target in (1, 5, 14, 15, 16, 1000):
        parts = [p for p in plan_partitions([path], target_bytes=target)]
        assert sum(count_lines(p) for p in parts) == whole


@pytest.fixture(scope="module")
def resources(settings, gazetteer, boundaries):
    from geo.pipeline import load_resources

    return load_resources(settings)


def test_partitioned_run_equals_the_in_process_build(tmp_path, resources, settings):
    """Seeds and the development set (16 conflicts), a repeated file name, small partitions."""
    from geo.partitioned import load_situation, run_partitioned
    from geo.pipeline import build_situation

    corpus = tmp_path / "corpus"
    shutil.copytree(DEV, corpus / "dev")
    shutil.copytree(SEEDS, corpus / "seeds")
    first = sorted((corpus / "seeds").glob("*.txt"))[0]
    (corpus / "zz").mkdir()
    shutil.copy(first, corpus / "zz" / first.name)  # the same id again: renamed #2
    serial = build_situation([corpus], resources=resources)
    run = run_partitioned([corpus], tmp_path / "parts", settings=settings, target_bytes=20_000)
    got, results = load_situation(run)
    assert run.partitions > 3 and run.shards > 5 and run.renamed == 1
    assert got == serial.situation
    assert [r.document for r in results] == [r.document for r in serial.results]
    assert (run.articles, run.events, run.problems) == (
        len(serial.situation.articles),
        len(serial.situation.events),
        serial.problems,
    )
    again = run_partitioned(
        [corpus], tmp_path / "again", settings=settings, cache=tmp_path / "c.sqlite"
    )
    assert (again.processed, again.cached) == (len(got.articles), 0)
    cached = run_partitioned(
        [corpus], tmp_path / "cached", settings=settings, cache=tmp_path / "c.sqlite"
    )
    assert (cached.processed, cached.cached) == (0, len(got.articles))
    assert load_situation(cached)[0] == serial.situation


@pytest.mark.slow
def test_two_local_workers_load_resources_once_and_stay_quiet(tmp_path, resources, settings, capfd):
    """A two-worker LocalCluster: the in-process situation, one resource load per worker
    process however many partitions it ran, every part of the work accounted for, no Dask logs."""
    from geo.partitioned import load_situation, run_partitioned
    from geo.pipeline import build_situation

    corpus = tmp_path / "corpus"
    shutil.copytree(DEV, corpus / "dev")
    shutil.copytree(SEEDS, corpus / "seeds")
    serial = build_situation([corpus], resources=resources)
    run = run_partitioned(
        [corpus], tmp_path / "parts", settings=settings, workers=2, target_bytes=20_000
    )
    assert load_situation(run)[0] == serial.situation
    assert len(run.workers) == 2 and run.partitions > 2 * len(run.workers)
    by_pid = {pid for pid, _cpu, _n in run.tasks}
    assert by_pid <= {w["pid"] for w in run.workers}
    assert [w["loads"] for w in run.workers] == [1, 1], "each worker loads its resources once"
    parts = run.breakdown
    assert parts["resources"] > 0 and parts["partition: geoparse+events"] > 0
    assert parts["merge: merge_events"] > 0 and parts["collect events"] > 0
    assert sum(w["cpu_s"] for w in run.workers) >= sum(
        v for k, v in parts.items() if not k.startswith(("driver", "workers"))
    )
    err = capfd.readouterr().err
    assert "distributed." not in err and "INFO" not in err, err


def test_partition_size_adapts_to_the_workers(tmp_path):
    from geo.articles.partitions import MIN_PARTITION_BYTES, partition_bytes

    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"text": "Fighting near Vorukh."}\n' * 40_000)
    size = path.stat().st_size
    for workers in (1, 2, 4):
        target = partition_bytes(size, workers)
        parts = list(plan_partitions([path], target_bytes=target))
        assert len(parts) >= min(8 * workers, size // MIN_PARTITION_BYTES)


def test_theatres_join_neighbours_and_records():
    from geo.partitioned import theatres

    th = theatres([["KG"], ["TJ", "AF"], ["TH"], ["KH"], ["BR"], ["US"]])
    assert th["KG"] == th["TJ"] == th["AF"]
    assert th["TH"] == th["KH"] != th["KG"]
    assert len({th["BR"], th["US"], th["KG"], th["TH"]}) == 4
