"""``python -m sitmap.cli``: the same as the ``sitmap`` command."""

from sitmap.cli import main

main()
