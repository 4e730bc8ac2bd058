"""Nothing downloads at run time: geocoding and joins run with every socket blocked."""

from __future__ import annotations

import socket

import pytest

from geo.settings import Settings


@pytest.mark.slow
def test_cold_gazetteer_build_geocoding_and_joins_with_sockets_blocked(tmp_path, no_network):
    from geo.boundaries import load_boundaries
    from geo.gazetteer import clear_cache, load_gazetteer
    from geo.geocoders.offline import OfflineGeocoder
    from geo.joins import join_points, where

    with pytest.raises(Exception, match="network access attempted"):
        socket.create_connection(("127.0.0.1", 9))  # the guard is really on
    clear_cache()
    try:
        gazetteer = load_gazetteer(Settings(cache_dir=tmp_path))  # a cold build, offline
        geocoder = OfflineGeocoder(gazetteer=gazetteer)
        assert geocoder.geocode("Tort-Kocho").raw["country_code"] == "KG"
        assert geocoder.geocode("Balkh", exactly_one=False, country_codes=["AF"])
        assert geocoder.reverse((37.12, 68.64)) is not None
        frame = join_points([39.95, 37.18], [70.53, 68.60], boundaries=load_boundaries())
        assert list(frame["border"]) == ["KGZ–TJK", "AFG–TJK"]
        assert where(38.56, 68.78)["country_code"] == "TJ"
    finally:
        clear_cache()
