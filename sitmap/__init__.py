"""sitmap: offline geospatial situation maps of border conflicts from news articles.

The engine lives in :mod:`geo`, the map layers in :mod:`layers`; this package
holds the command-line shell (:mod:`sitmap.cli`) over their functions.
"""

__version__ = "0.1.0"
