"""Hope Home (希望家園): a municipal labor affairs bureau's programs, end to end."""

__version__ = "0.1.0"
