"""symkl's version in one place: the package face, the command line, the cache and JSON read it.

>>> __version__.count(".")
2
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
