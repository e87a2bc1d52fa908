"""Positions: British National Grid (EPSG:27700, GIAS Easting/Northing) <-> latitude/longitude
(EPSG:4326), and distances on the WGS84 ellipsoid, all with pyproj (not a hand formula)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pyproj import Geod, Transformer

GRID, WGS84 = "EPSG:27700", "EPSG:4326"


@lru_cache(maxsize=2)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


@lru_cache(maxsize=1)
def _geod() -> Geod:
    return Geod(ellps="WGS84")


def to_latlon(easting: float, northing: float) -> tuple[float, float]:
    """(latitude, longitude) of a British National Grid position."""
    lon, lat = _transformer(GRID, WGS84).transform(easting, northing)
    return lat, lon


def many_to_latlon(eastings: Sequence[float], northings: Sequence[float]) -> list[tuple[float, float]]:
    """(latitude, longitude) of many grid positions at once (one pyproj call)."""
    if not eastings:
        return []
    lons, lats = _transformer(GRID, WGS84).transform(list(eastings), list(northings))
    return list(zip(map(float, lats), map(float, lons)))


def to_grid(latitude: float, longitude: float) -> tuple[float, float]:
    """(easting, northing) of a latitude/longitude."""
    return _transformer(WGS84, GRID).transform(longitude, latitude)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The distance in metres between two latitude/longitude points (geodesic, WGS84)."""
    return float(_geod().inv(lon1, lat1, lon2, lat2)[2])
