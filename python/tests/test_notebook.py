"""python/examples/token-lifetimes.ipynb: a valid notebook, outputs cleared, whose
code cells run in order (plain exec, as a kernel would run them) with 2 replications."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import scenario_toml

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "token-lifetimes.ipynb"


def cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_the_notebook_is_nbformat_4_with_outputs_cleared():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4 and notebook["nbformat_minor"] >= 4
    assert notebook["metadata"]["kernelspec"]["language"] == "python"
    ids = [cell["id"] for cell in notebook["cells"]]
    assert len(set(ids)) == len(ids)
    for cell in notebook["cells"]:
        assert cell["cell_type"] in ("markdown", "code")
        assert isinstance(cell["source"], list) and cell["metadata"] == {}
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_the_notebook_runs_and_answers_for_the_lifetimes_it_swept(
    binary: str, monkeypatch: pytest.MonkeyPatch
):
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.setenv("AUTHSIM_NOTEBOOK_REPLICATIONS", "2")
    monkeypatch.chdir(NOTEBOOK.parent)
    namespace: dict = {}
    for i, cell in enumerate(cells()):
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{NOTEBOOK.name} cell {i}", "exec"), namespace)
    run, table, fig = namespace["run"], namespace["table"], namespace["fig"]
    assert run.manifest["replications"] == 2
    assert run.seed == scenario_toml(namespace["SCENARIO"])["simulation"]["seed"]
    # One row per lifetime asked for, in hours, each metric's interval around its mean.
    assert list(table.index) == [1.0, 2.0, 4.0, 8.0, 12.0, 24.0]
    for metric in namespace["METRICS"]:
        assert (table[("ci95_low", metric)] <= table[("mean", metric)]).all()
        assert (table[("mean", metric)] <= table[("ci95_high", metric)]).all()
        assert table[("mean", metric)].notna().all()
    # Two panels, each with a line of errorbars over the lifetimes.
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert len(ax.containers) == 1
        assert list(ax.lines[0].get_xdata()) == list(table.index)
    assert namespace["shortest"] in table.index
    import matplotlib.pyplot as plt

    plt.close(fig)
