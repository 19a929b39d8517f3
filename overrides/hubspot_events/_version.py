"""The package's version: the one place it is written.

Why a module of its own: ``pyproject.toml`` reads it without importing the package (setuptools'
``attr:`` parses the literal), ``hubspot_events.__version__`` re-exports it and
``hubspot-events --version`` prints it, so the three cannot disagree, and reading it costs
``import hubspot_events`` nothing (no ``importlib.metadata`` lookup at import time).
"""

__version__ = "0.1.0"
