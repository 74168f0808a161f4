"""goalcli: a private command-line goal tracker for people in therapy."""

__version__ = "0.3.0"
