"""`authsim run` and `authsim sweep` called from Python, their run folder read back."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

from ._backends import reader
from ._folder import PathLike, Run, read_run
from .errors import BadInputError, BinaryNotFoundError, RunFailedError

#: Options taking a value, by keyword: the flag each becomes.
VALUE_OPTIONS = {
    "replications": "--replications",
    "seed": "--seed",
    "threads": "--threads",
    "precision": "--precision",
    "max_replications": "--max-replications",
    "batch": "--batch",
}
#: Options of this package itself, not flags: where the folder goes, how it is read.
OWN_OPTIONS = ("out", "charts", "force", "backend")


def find_binary() -> str:
    """The authsim binary: AUTHSIM_BIN where set, else `authsim` on PATH."""
    given = os.environ.get("AUTHSIM_BIN")
    if given:
        if os.path.isfile(given) and os.access(given, os.X_OK):
            return given
        raise BinaryNotFoundError(
            f"AUTHSIM_BIN={given} is not an executable file; point AUTHSIM_BIN at the "
            f"authsim binary (target/release/authsim after `cargo build --release`), "
            f"or unset it to use `authsim` on PATH"
        )
    found = shutil.which("authsim")
    if found:
        return found
    raise BinaryNotFoundError(
        "authsim binary not found: AUTHSIM_BIN is not set and no `authsim` is on PATH; "
        "install it (`cargo install --path . --locked` in the authsim checkout) or set "
        "AUTHSIM_BIN to its path (target/release/authsim after `cargo build --release`)"
    )


def run(scenario: Optional[PathLike] = None, **options: Any) -> Run:
    """Runs `authsim run SCENARIO` (the bundled default scenario if None) and reads its folder.

    Options: replications, seed, threads, precision, max_replications, batch (the
    flags of those names); force=True (--force); charts=True to draw the charts
    and report.html (skipped by default); out=DIR, the run folder to create (it
    must not exist; by default a temporary folder, removed once read, and the
    Run's `path` is None); backend="pandas" or "polars" (see `read_run`).
    """
    args: List[str] = [] if scenario is None else [os.fspath(scenario)]
    return _call("run", args, options)


def sweep(scenario: PathLike, set: Mapping[str, Any], **options: Any) -> Run:
    """Runs `authsim sweep SCENARIO --set PATH=V1,V2,...` per item of `set`, and reads its folder.

    `set` maps a dotted scenario path (`policy.access_token_lifetime`) to its
    values: a list (`["2h", "8h"]`, `[True, False]`, numbers), one value, or a
    dict of labelled values (`{"short": "2h", "long": "8h"}`: designs named by
    their labels). Every
    combination becomes a design beside the scenario's own. Options as `run`.
    """
    if not set:
        raise ValueError("sweep needs at least one path to sweep in set={...}")
    args = [os.fspath(scenario)]
    for path, values in set.items():
        args += ["--set", f"{path}={_values(path, values)}"]
    return _call("sweep", args, options)


def _values(path: str, values: Any) -> str:
    if isinstance(values, Mapping):
        # Labelled designs: {"short": "2h", "long": "8h"} -> short=2h,long=8h.
        cells = [f"{label}={_cell(v)}" for label, v in values.items()]
    else:
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            values = [values]
        cells = [_cell(v) for v in values]
    if not cells:
        raise ValueError(f"set[{path!r}] holds no values")
    for cell in cells:
        if "," in cell:
            raise ValueError(
                f"set[{path!r}]: {cell!r} holds a comma, which --set reads as two values; "
                f"give the values as a list"
            )
    return ",".join(cells)


def _cell(value: Any) -> str:
    # TOML's spelling of a boolean, not Python's.
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flags(command: str, options: Dict[str, Any]) -> List[str]:
    unknown = [k for k in options if k not in VALUE_OPTIONS and k not in OWN_OPTIONS]
    if unknown:
        known = ", ".join(list(VALUE_OPTIONS) + list(OWN_OPTIONS))
        raise TypeError(
            f"authsim.{command}() got unknown option(s) {', '.join(map(repr, unknown))}; "
            f"known: {known}"
        )
    flags: List[str] = []
    for key, flag in VALUE_OPTIONS.items():
        if options.get(key) is not None:
            flags += [flag, str(options[key])]
    if options.get("force"):
        flags.append("--force")
    if not options.get("charts"):
        flags.append("--no-charts")
    return flags


def _call(command: str, args: List[str], options: Dict[str, Any]) -> Run:
    flags = _flags(command, options)
    backend = options.get("backend", "pandas")
    reader(backend)  # a wrong or missing backend is said before the binary runs
    binary = find_binary()
    out = options.get("out")
    if out is not None:
        folder = Path(os.fspath(out))
        _play(binary, command, args, flags, folder)
        return read_run(folder, backend=backend)
    with tempfile.TemporaryDirectory(prefix="authsim-") as scratch:
        folder = Path(scratch) / "run"
        _play(binary, command, args, flags, folder)
        read = read_run(folder, backend=backend)
    read.path = None
    return read


def _play(binary: str, command: str, args: List[str], flags: List[str], folder: Path) -> None:
    argv = [binary, command, *args, *flags, "--quiet", "--out", str(folder)]
    done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode == 2:
        raise BadInputError(argv, done.returncode, done.stderr)
    if done.returncode != 0:
        raise RunFailedError(argv, done.returncode, done.stderr)
