"""authsim from Python: read run folders as DataFrames, run and sweep scenarios.

    import authsim
    run = authsim.read_run("results/RUN")          # or authsim.run(...), authsim.sweep(...)
    run.summary, run.comparison, run.timeseries     # pandas DataFrames (backend="polars")

The simulating is done by the authsim binary (AUTHSIM_BIN, else `authsim` on PATH).
"""

from ._cli import find_binary, run, sweep
from ._folder import Run, read_run
from .errors import (
    AuthsimError,
    BadInputError,
    BinaryNotFoundError,
    RunFailedError,
    RunFolderError,
)

__version__ = "0.10.1"

__all__ = [
    "AuthsimError",
    "BadInputError",
    "BinaryNotFoundError",
    "Run",
    "RunFailedError",
    "RunFolderError",
    "find_binary",
    "read_run",
    "run",
    "sweep",
]
