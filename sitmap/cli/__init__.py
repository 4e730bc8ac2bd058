"""The ``sitmap`` command line: thin click commands over library functions.

Each command lives in its own module and only parses arguments, calls one
library function and formats its result. Errors from the :mod:`geo` error
tree become one-line messages: exit 1 for bad input or no result, 2 for
usage errors (click's own), never a traceback.
"""

from sitmap.cli.main import main

__all__ = ["main"]
