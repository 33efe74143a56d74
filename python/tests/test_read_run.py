"""read_run on run folders the binary wrote: every CSV cell, the metadata, missing tables."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import authsim
from conftest import ONE_DESIGN, WITH_DESIGNS, assert_frame_is_csv, scenario_toml

BACKENDS = ["pandas", "polars"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_csv_file_is_a_table_equal_to_its_cells(designs_folder: Path, backend: str):
    run = authsim.read_run(designs_folder, backend=backend)
    files = sorted(p.stem for p in designs_folder.glob("*.csv"))
    assert sorted(run.tables) == files
    assert "comparison" in files and "denials_by_component" in files
    for stem in files:
        assert_frame_is_csv(run.tables[stem], designs_folder / f"{stem}.csv")


@pytest.mark.parametrize("backend", BACKENDS)
def test_tables_are_attributes_and_of_the_backend(designs_folder: Path, backend: str):
    run = authsim.read_run(designs_folder, backend=backend)
    kind = "polars" if backend == "polars" else "pandas"
    for name in ["summary", "replications", "comparison", "timeseries", "denials"]:
        table = getattr(run, name)
        assert type(table).__module__.split(".")[0] == kind, name
    assert run.denials is run.tables["denials_by_component"]
    assert run.backend == backend


def test_actions_of_a_scenario_with_fallbacks(actions_folder: Path):
    run = authsim.read_run(actions_folder)
    assert run.actions is not None
    assert_frame_is_csv(run.actions, actions_folder / "actions.csv")


def test_metadata_is_the_scenarios_and_the_binarys(binary: str, designs_folder: Path):
    run = authsim.read_run(designs_folder)
    toml = scenario_toml(WITH_DESIGNS)
    assert run.seed == toml["simulation"]["seed"]
    assert run.manifest["replications"] == 2
    assert run.scenario == str(WITH_DESIGNS)
    assert run.scenario_name == "token-service-outage"
    assert run.description == toml["description"]
    # `authsim 0.10.3 (commit ...)`: the version is the second word.
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
    assert run.version == version.split()[1]
    assert run.build is not None and run.build in version
    assert run.variants == ["baseline"] + [v["name"] for v in toml["variant"]]
    assert run.parameters == []
    assert "results" not in run.manifest
    assert run.scenario_toml is not None and toml["description"] in run.scenario_toml
    assert run.metadata["comparison"]["adjustment"] == "bonferroni"


def test_a_single_design_has_no_comparison(one_design_folder: Path):
    assert "variant" not in scenario_toml(ONE_DESIGN)
    run = authsim.read_run(one_design_folder)
    assert run.comparison is None
    assert run.actions is None
    assert "comparison" not in run.metadata
    assert run.variants == ["baseline"]


def test_a_table_no_run_writes_is_an_attribute_error(designs_folder: Path):
    run = authsim.read_run(designs_folder)
    with pytest.raises(AttributeError, match="summarry.*summary"):
        run.summarry


def test_a_folder_that_is_not_a_run(tmp_path: Path):
    with pytest.raises(authsim.RunFolderError, match="no such folder"):
        authsim.read_run(tmp_path / "nothing")
    with pytest.raises(authsim.RunFolderError, match="not an authsim run folder"):
        authsim.read_run(tmp_path)


def test_an_unfinished_or_shard_folder_is_refused(designs_folder: Path, tmp_path: Path):
    unfinished = tmp_path / "unfinished"
    shutil.copytree(designs_folder, unfinished)
    (unfinished / "incomplete.json").write_text("{}")
    with pytest.raises(authsim.RunFolderError, match="--resume"):
        authsim.read_run(unfinished)
    shard = tmp_path / "shard"
    shutil.copytree(designs_folder, shard)
    (shard / "shard.json").write_text("{}")
    with pytest.raises(authsim.RunFolderError, match="authsim merge"):
        authsim.read_run(shard)


def test_a_folder_cut_short_or_changed_is_refused(designs_folder: Path, tmp_path: Path):
    copy = tmp_path / "copy"
    shutil.copytree(designs_folder, copy)
    timeseries = copy / "timeseries.csv"
    data = timeseries.read_bytes()
    timeseries.write_bytes(data[: len(data) // 2])
    with pytest.raises(authsim.RunFolderError, match="timeseries.csv: cut short"):
        authsim.read_run(copy)
    # Same size, one digit changed: only the CRC-32 tells.
    at = data.rindex(b"0")
    timeseries.write_bytes(data[:at] + b"1" + data[at + 1 :])
    with pytest.raises(authsim.RunFolderError, match="timeseries.csv: changed: CRC-32"):
        authsim.read_run(copy)
    assert authsim.read_run(copy, verify=False).timeseries is not None


def test_an_unknown_backend_is_refused(designs_folder: Path):
    with pytest.raises(ValueError, match="pandas, polars.*'arrow'"):
        authsim.read_run(designs_folder, backend="arrow")


def test_polars_asked_for_but_missing(designs_folder: Path, monkeypatch: pytest.MonkeyPatch):
    # None in sys.modules makes `import polars` fail as if it were not installed.
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match="pip install polars"):
        authsim.read_run(designs_folder, backend="polars")
    assert authsim.read_run(designs_folder).summary is not None


def test_empty_cells_new_columns_and_the_format_version_read_as_they_are(designs_folder: Path):
    """Empty cells (metrics the scenario does not model), the `mix` and `sd`
    columns and `format_version`: read as the files hold them, nothing hard-coded."""
    import csv

    with open(designs_folder / "summary.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    empty = sum(1 for r in rows if r["mean"] == "")
    assert empty > 0 and "mix" in rows[0] and "sd" in rows[0]
    version = json.loads((designs_folder / "summary.json").read_text())["format_version"]
    for backend in BACKENDS:
        run = authsim.read_run(designs_folder, backend=backend)
        assert run.format_version == version
        assert_frame_is_csv(run.summary, designs_folder / "summary.csv")
        column = run.summary["mean"]
        assert str(column.dtype) in ("float64", "Float64")
        missing = column.is_null().sum() if backend == "polars" else column.isna().sum()
        assert missing == empty
