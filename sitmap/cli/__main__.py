"""``python -m sitmap.cli``: the same as the ``sitmap`` command."""

from sitmap.cli.main import main

if __name__ == "__main__":
    main(prog_name="sitmap")
