"""authsim.run and authsim.sweep round trips through the binary, and how they fail."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import authsim
from conftest import WITH_DESIGNS, assert_frame_is_csv, scenario_toml

LIFETIME = "policy.access_token_lifetime"


def test_run_maps_options_to_flags_and_reads_the_folder(binary: str, tmp_path: Path):
    out = tmp_path / "run"
    run = authsim.run(WITH_DESIGNS, replications=2, seed=7, threads=1, out=out)
    assert run.path == out
    assert run.seed == 7 and run.manifest["replications"] == 2
    command = run.manifest["command"]
    for flag, value in [("--seed", "7"), ("--threads", "1"), ("--replications", "2")]:
        assert command[command.index(flag) + 1] == value
    assert "--no-charts" in command and not (out / "report.html").exists()
    for stem in ["summary", "replications", "comparison", "timeseries", "denials_by_component"]:
        assert_frame_is_csv(run.tables[stem], out / f"{stem}.csv")


def test_run_into_a_temporary_folder_removes_it(binary: str):
    run = authsim.run(WITH_DESIGNS, replications=2, threads=1)
    assert run.path is None
    command = run.manifest["command"]
    assert not Path(command[command.index("--out") + 1]).exists()
    assert run.summary.shape[0] > 0


def test_charts_are_drawn_when_asked(binary: str, tmp_path: Path):
    authsim.run(WITH_DESIGNS, replications=2, threads=1, out=tmp_path / "r", charts=True)
    assert (tmp_path / "r" / "report.html").is_file()


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_sweep_makes_the_designs_asked_for(binary: str, tmp_path: Path, backend: str):
    out = tmp_path / "sweep"
    run = authsim.sweep(
        WITH_DESIGNS, set={LIFETIME: ["2h", "4h"]}, replications=2, out=out, backend=backend
    )
    own = ["baseline"] + [v["name"] for v in scenario_toml(WITH_DESIGNS)["variant"]]
    assert run.variants == own + [f"{LIFETIME}=2h", f"{LIFETIME}=4h"]
    assert run.parameters == [LIFETIME]
    swept = {r["variant"]: r[LIFETIME] for r in _rows(run.summary)}
    assert swept[f"{LIFETIME}=2h"] == "2h" and swept[f"{LIFETIME}=4h"] == "4h"
    command = run.manifest["command"]
    assert command[command.index("--set") + 1] == f"{LIFETIME}=2h,4h"
    for stem in run.tables:
        assert_frame_is_csv(run.tables[stem], out / f"{stem}.csv")


def _rows(frame):
    return frame.to_dicts() if hasattr(frame, "to_dicts") else frame.to_dict("records")


def test_sweep_spells_values_as_toml(binary: str):
    run = authsim.sweep(
        WITH_DESIGNS, set={"apps.outlook.early_renewal": [True, False]}, replications=2
    )
    assert run.variants[-2:] == ["apps.outlook.early_renewal=true", "apps.outlook.early_renewal=false"]


def test_labelled_values_name_the_designs(binary: str):
    run = authsim.sweep(WITH_DESIGNS, set={LIFETIME: {"short": "2h", "long": "8h"}}, replications=2)
    assert run.variants[-2:] == ["short", "long"]
    swept = {r["variant"]: r[LIFETIME] for r in _rows(run.summary)}
    assert swept["short"] == "2h" and swept["long"] == "8h"
    command = run.manifest["command"]
    assert command[command.index("--set") + 1] == f"{LIFETIME}=short=2h,long=8h"


def test_a_wrong_backend_is_refused_before_the_binary_runs(tmp_path: Path, monkeypatch):
    # No binary at all: the backend is refused first.
    monkeypatch.setenv("AUTHSIM_BIN", str(tmp_path / "absent"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ValueError, match="backend must be one of"):
        authsim.run(WITH_DESIGNS, replications=2, backend="Polars")


def test_bad_input_is_a_bad_input_error(binary: str, tmp_path: Path):
    scenario = tmp_path / "typo.toml"
    scenario.write_text(WITH_DESIGNS.read_text().replace("[policy]", "[policy]\nacces_token_lifetime = \"1h\""))
    with pytest.raises(authsim.BadInputError) as caught:
        authsim.run(scenario, replications=2)
    assert caught.value.returncode == 2
    assert "typo.toml" in caught.value.stderr and "acces_token_lifetime" in caught.value.stderr
    assert caught.value.command[0] == binary
    # The folder to create exists already: refused as bad input too.
    with pytest.raises(authsim.BadInputError):
        authsim.run(WITH_DESIGNS, replications=2, out=tmp_path)


def test_an_unknown_option_names_it(binary: str):
    with pytest.raises(TypeError, match="'replicatons'.*known: replications"):
        authsim.run(WITH_DESIGNS, replicatons=2)
    with pytest.raises(TypeError, match="'sed'"):
        authsim.sweep(WITH_DESIGNS, set={LIFETIME: "2h"}, sed=1)


def test_a_value_with_a_comma_is_refused():
    with pytest.raises(ValueError, match="comma"):
        authsim.sweep(WITH_DESIGNS, set={LIFETIME: ["2h,4h"]})
    with pytest.raises(ValueError, match="at least one"):
        authsim.sweep(WITH_DESIGNS, set={})


def _fake_binary(folder: Path, script: str) -> Path:
    fake = folder / "authsim"
    fake.write_text("#!/bin/sh\n" + script)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return fake


def test_another_failure_keeps_exit_code_and_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AUTHSIM_BIN", str(_fake_binary(tmp_path, "echo boom >&2\nexit 101\n")))
    with pytest.raises(authsim.RunFailedError) as caught:
        authsim.run(WITH_DESIGNS)
    assert not isinstance(caught.value, authsim.BadInputError)
    assert caught.value.returncode == 101 and caught.value.stderr.strip() == "boom"
    assert "exited with 101: boom" in str(caught.value)


def test_a_missing_binary_names_both_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("AUTHSIM_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(authsim.BinaryNotFoundError, match="AUTHSIM_BIN.*PATH"):
        authsim.run(WITH_DESIGNS)
    # On PATH, it is found there.
    fake = _fake_binary(tmp_path, "exit 3\n")
    assert authsim.find_binary() == str(fake)
    missing = tmp_path / "no-such-authsim"
    monkeypatch.setenv("AUTHSIM_BIN", str(missing))
    with pytest.raises(authsim.BinaryNotFoundError, match=f"AUTHSIM_BIN={missing}"):
        authsim.run(WITH_DESIGNS)
    assert isinstance(authsim.BinaryNotFoundError("x"), FileNotFoundError)
    assert os.environ["AUTHSIM_BIN"] == str(missing)
