"""Reading one CSV file of a run folder into a pandas or polars DataFrame."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

BACKENDS = ("pandas", "polars")


def _pandas(path: Path) -> Any:
    import pandas as pd

    # Only an empty cell is missing (authsim's NA): a cohort or design named
    # "NA" or "null" stays a name. Every float exactly as written: pandas 3
    # parses so by default (and deprecates the option), older pandas when asked.
    exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
    return pd.read_csv(path, keep_default_na=False, na_values=[""], **exact)


def _polars(path: Path) -> Any:
    import polars as pl

    # Every row inferred, not the first 100: a float column whose first rows
    # are whole numbers is still read as floats.
    return pl.read_csv(path, infer_schema_length=None)


def reader(backend: str) -> Callable[[Path], Any]:
    """The CSV reader of `backend`; a missing polars is reported before any file is read."""
    if backend == "pandas":
        return _pandas
    if backend != "polars":
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    try:
        import polars  # noqa: F401
    except ImportError as e:
        raise ImportError(
            "backend='polars' needs polars, which is not installed here: "
            "pip install polars (or pip install './python[polars]')"
        ) from e
    return _polars
