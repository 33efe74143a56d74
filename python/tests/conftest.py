"""Run folders made by the authsim binary (AUTHSIM_BIN), once per test session.

The folders are made with the binary directly, not through `authsim.run`, so
that `read_run` is tested against what the command line writes. Without a
binary (AUTHSIM_BIN unset and no target/release/authsim in this checkout) the
tests that need one are skipped, saying so; `cargo test --release --test
python` always gives one.
"""

from __future__ import annotations

import csv
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
#: A scenario with designs (comparison.csv) and one without (no comparison.csv),
#: and one with break-glass fallbacks (actions.csv): each well under a second
#: at 2 replications.
WITH_DESIGNS = SCENARIOS / "token-service-outage.toml"
ONE_DESIGN = SCENARIOS / "mfa-dependencies.toml"
WITH_ACTIONS = SCENARIOS / "break-glass.toml"


def _binary() -> str | None:
    given = os.environ.get("AUTHSIM_BIN")
    if given:
        # Absolute: the notebook's test runs in another folder.
        return str(Path(given).resolve())
    built = REPO / "target" / "release" / "authsim"
    return str(built) if built.is_file() else None


@pytest.fixture(scope="session")
def binary(monkeypatch_session: pytest.MonkeyPatch) -> str:
    found = _binary()
    if found is None:
        pytest.skip("no authsim binary: set AUTHSIM_BIN or `cargo build --release`")
    # authsim.run and authsim.sweep find it the way a user's shell would.
    monkeypatch_session.setenv("AUTHSIM_BIN", found)
    return found


@pytest.fixture(scope="session")
def monkeypatch_session():
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


def play(binary: str, out: Path, *args: str) -> Path:
    """`authsim ARGS --replications 2 --quiet --no-charts --out OUT`, which must succeed."""
    argv = [binary, *args, "--replications", "2", "--quiet", "--no-charts", "--out", str(out)]
    done = subprocess.run(argv, capture_output=True, text=True)
    assert done.returncode == 0, f"{argv} exited {done.returncode}: {done.stderr}"
    return out


@pytest.fixture(scope="session")
def designs_folder(binary: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play(binary, tmp_path_factory.mktemp("designs") / "run", "run", str(WITH_DESIGNS))


@pytest.fixture(scope="session")
def one_design_folder(binary: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play(binary, tmp_path_factory.mktemp("one") / "run", "run", str(ONE_DESIGN))


@pytest.fixture(scope="session")
def actions_folder(binary: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play(binary, tmp_path_factory.mktemp("actions") / "run", "run", str(WITH_ACTIONS))


def scenario_toml(path: Path) -> Dict[str, Any]:
    with open(path, "rb") as f:
        return tomllib.load(f)


def csv_rows(path: Path) -> List[Dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def rows_of(frame: Any) -> List[Dict[str, Any]]:
    """A pandas or polars DataFrame's rows as dicts of Python values."""
    if hasattr(frame, "to_dicts"):
        return frame.to_dicts()
    return frame.to_dict("records")


def cell_matches(cell: str, value: Any) -> bool:
    """Whether a DataFrame value is what the CSV cell says, by the cell's own text."""
    if cell == "":
        return value is None or (isinstance(value, float) and math.isnan(value))
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return cell == ("true" if value else "false")
    if isinstance(value, str):
        return cell == value
    try:
        number = float(cell)
    except ValueError:
        return False
    # Exactly: the reader must give the float the file holds, not a neighbour.
    return float(value) == number


def assert_frame_is_csv(frame: Any, path: Path) -> None:
    """Every column, row and cell of `frame` is the CSV file's at `path`."""
    rows = csv_rows(path)
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert list(frame.columns) == header, path.name
    values = rows_of(frame)
    assert len(values) == len(rows), path.name
    for i, (row, value) in enumerate(zip(rows, values)):
        for column in header:
            assert cell_matches(row[column], value[column]), (
                f"{path.name} row {i + 2} column {column}: "
                f"cell {row[column]!r}, read {value[column]!r}"
            )
