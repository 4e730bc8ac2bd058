"""The initial view: theatres, outliers and the antimeridian (layers/view.py)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from layers.view import bounds_of, clusters, frame_view, haversine_km, trim, unwrap_lon, wrap_lon

lon = st.floats(-180, 179.999, allow_nan=False)
lat = st.floats(-80, 80, allow_nan=False)
points = st.lists(st.tuples(lon, lat), min_size=1, max_size=60)


def inside(b, p):
    s, w, n, e = b
    x, y = p
    return s - 1e-6 <= y <= n + 1e-6 and (
        w - 1e-6 <= x <= e + 1e-6 or w - 1e-6 <= x + 360 <= e + 1e-6
    )


def test_two_theatres_far_apart_get_a_switcher_on_the_larger():
    thai = [(103.0 + i * 0.05, 14.3 + i * 0.02) for i in range(6)]
    leb = [(35.5 + i * 0.03, 33.1) for i in range(4)]
    v = frame_view(thai + leb, [("Thailand", "Surin")] * 6 + [("Lebanon", None)] * 4)
    assert v.switcher
    assert [t.count for t in v.theatres] == [6, 4]
    assert v.theatres[0].name == "Surin, Thailand"
    assert v.theatres[1].name == "Lebanon"
    assert v.bounds == v.theatres[0].bounds
    # the view holds Thailand, not the empty middle (Arabian Sea, India)
    assert all(inside(v.bounds, p) for p in thai)
    assert not any(inside(v.bounds, p) for p in leb)


def test_neighbouring_theatres_share_one_view():
    armenia = [(45.5, 40.0), (45.6, 39.9), (45.9, 40.2)]
    lebanon = [(35.5, 33.2), (35.6, 33.1), (35.7, 33.3)]
    v = frame_view(armenia + lebanon)
    assert len(v.theatres) == 2 and not v.switcher
    assert all(inside(v.bounds, p) for p in armenia + lebanon)


def test_a_lone_mislocated_event_is_outside_but_listed():
    border = [(70.5 + i * 0.1, 39.9 + (i % 3) * 0.05) for i in range(12)]
    v = frame_view([*border, (-99.7, 37.3)])
    assert v.outside == (12,)
    assert v.bounds[1] > 60  # the view is not dragged to Kansas
    assert len(v.theatres) == 1 and v.theatres[0].count == 12


def test_robust_trim_drops_a_far_point_in_a_chain():
    pts = [(30.0 + i * 0.02, 0.0) for i in range(20)] + [(33.5, 0.0)]
    kept, out = trim(pts)
    assert out == [20] and len(kept) == 20


def test_antimeridian_cluster_and_bounds():
    fiji = [(179.2, -17.0), (179.9, -16.5), (-179.8, -16.8), (-179.9, -17.2)]
    assert clusters(fiji) == [[0, 1, 2, 3]]
    s, w, n, e = frame_view(fiji).bounds
    assert e - w < 3  # not a view over the whole globe
    assert all(inside((s, w, n, e), p) for p in fiji)
    assert bounds_of(fiji)[1] < 180 < bounds_of(fiji)[3]


@given(points)
@settings(max_examples=80, deadline=None)
def test_every_point_is_in_a_theatre_or_outside(pts):
    v = frame_view(pts)
    members = [i for t in v.theatres for i in t.members]
    assert sorted(members + list(v.outside)) == list(range(len(pts)))
    assert sum(t.count for t in v.theatres) + len(v.outside) - sum(
        len(t.outliers) for t in v.theatres
    ) == len(pts)
    for t in v.theatres:
        assert all(inside(t.bounds, pts[i]) for i in t.members)
        s, w, n, e = t.bounds
        assert s <= n and w <= e and e - w <= 360 and -180 <= w < 180


@given(points)
@settings(max_examples=60, deadline=None)
def test_clusters_partition_and_respect_the_link(pts):
    groups = clusters(pts, 500)
    assert sorted(i for g in groups for i in g) == list(range(len(pts)))
    for a in range(len(groups)):
        for b in range(a + 1, len(groups)):
            for i in groups[a][:5]:
                for j in groups[b][:5]:
                    (x1, y1), (x2, y2) = pts[i], pts[j]
                    assert haversine_km(y1, x1, y2, x2) > 499


@given(lon, st.floats(-720, 720, allow_nan=False))
def test_unwrap_stays_within_half_a_turn(c, x):
    u = unwrap_lon(x, c)
    assert abs(u - c) <= 180 + 1e-9
    assert abs(wrap_lon(u) - wrap_lon(x)) < 1e-6 or abs(abs(wrap_lon(u) - wrap_lon(x)) - 360) < 1e-6


@given(
    st.lists(st.tuples(st.floats(-10, 10), st.floats(-10, 10)), min_size=1, max_size=40),
    st.floats(-180, 180),
)
@example(  # the coordinate-wise median of unit vectors once moved with longitude
    [(0.0, 0.0), (0.0, 3.0), (0.125, 0.625), (0.125, 0.625), (-0.4375, 0.3125)], 2.0
)
@settings(max_examples=60, deadline=None)
def test_shifting_every_longitude_shifts_the_view(offsets, shift):
    """No place on Earth is special: the same pattern gives the same view anywhere."""
    pts = [(wrap_lon(x + shift), y) for x, y in offsets]
    base = frame_view([(x, y) for x, y in offsets])
    moved = frame_view(pts)
    assert [t.count for t in moved.theatres] == [t.count for t in base.theatres]
    bs, bw, bn, be = base.bounds
    assert abs(bn - moved.bounds[2]) < 1e-6
    ms, mw, _mn, me = moved.bounds
    assert abs((me - mw) - (be - bw)) < 1e-3 and abs(ms - bs) < 1e-6
