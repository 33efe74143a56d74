"""Every CSV of every bundled scenario's run folder, read by pandas and polars
with their default inference, has the dtypes docs/outputs.md documents.

The documented dtypes are parsed from the tables of docs/outputs.md
("Columns and their dtypes"), so the document is what is checked. Needs
AUTHSIM_BIN, the path to a built authsim binary.
"""

import csv
import os
import re
import subprocess
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "outputs.md"
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
# The row of the shared table that stands for every swept parameter's column.
PARAMETER = "*each swept parameter*"

POLARS = {"string": pl.String, "int64": pl.Int64, "float64": pl.Float64, "bool": pl.Boolean}
# pandas' default inference has no integer or boolean with NA (docs/outputs.md).
PANDAS = {"string": ("object", "str", "string"), "int64": ("int64",), "float64": ("float64",), "bool": ("bool",)}
PANDAS_WITH_NA = {"int64": ("float64",), "bool": ("object",)}
PANDAS_READ_AS = {"string": "str", "int64": "Int64", "float64": "float64", "bool": "boolean"}


def documented():
    """The shared leading columns and each file's own: {column: (dtype, may be NA)};
    and the files of `authsim analyze`, whose tables list every column."""
    section = DOC.read_text().split("### Columns and their dtypes", 1)[1]
    section = section.split("\n### ", 1)[0]
    tables, current, whole = {}, "shared", set()
    for line in section.splitlines():
        heading = re.match(r"(#{4,5}) (\S+\.csv)$", line)
        if heading:
            current = heading.group(2)
            if heading.group(1) == "#####":
                whole.add(current)
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or cells[1] not in POLARS:
            continue
        tables.setdefault(current, {})[cells[0].strip("`")] = (cells[1], cells[2] == "yes")
    return tables, whole


TABLES, ANALYZE = documented()


def test_the_doc_has_a_table_for_every_file():
    assert set(TABLES) >= {
        "shared", "summary.csv", "replications.csv", "comparison.csv",
        "timeseries.csv", "denials_by_component.csv", "actions.csv",
    }
    assert ANALYZE == {"paths.csv", "cut_sets.csv", "importance.csv", "simulated_importance.csv"}
    assert list(TABLES["shared"]) == ["variant", PARAMETER, "cohort", "mix", "app"]


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    binary = os.environ.get("AUTHSIM_BIN")
    if not binary:
        pytest.fail("set AUTHSIM_BIN to the authsim binary")
    out = tmp_path_factory.mktemp("runs")
    made = {}

    def authsim(*args):
        subprocess.run([binary, *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)

    for scenario in SCENARIOS:
        folder = out / scenario.stem
        authsim("run", str(scenario), "--replications", "2", "--no-charts", "--quiet",
                "--out", str(folder))
        made[scenario.stem] = folder
        authsim("analyze", str(scenario), "--out", str(out / f"{scenario.stem}-analyze"))
        made[f"{scenario.stem}-analyze"] = out / f"{scenario.stem}-analyze"
    # simulated_importance.csv: the default scenario, each component made perfect.
    authsim("analyze", "--simulate", "--replications", "2", "--out", str(out / "simulated"))
    made["simulated"] = out / "simulated"
    return made


def expected_columns(name, header):
    """The documented dtype and NA of each column of a file with this header:
    the shared columns, the swept parameters between `variant` and `cohort`,
    then the file's own, in order (for `analyze`'s files, the file's own alone)."""
    if name in ANALYZE:
        assert list(TABLES[name]) == header, f"{name}: columns differ from docs/outputs.md"
        return dict(TABLES[name])
    shared, own = TABLES["shared"], TABLES[name]
    cohort = header.index("cohort")
    columns = [("variant", shared["variant"])]
    columns += [(p, shared[PARAMETER]) for p in header[1:cohort]]
    columns += [(c, shared[c]) for c in ("cohort", "mix", "app")]
    columns += list(own.items())
    assert [c for c, _ in columns] == header, f"{name}: columns differ from docs/outputs.md"
    return dict(columns)


def cells_by_column(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    return header, {c: [r[i] for r in body] for i, c in enumerate(header)}


def test_every_csv_has_the_documented_dtypes(folders):
    checked = set()
    for scenario, folder in folders.items():
        for path in sorted(folder.glob("*.csv")):
            header, cells = cells_by_column(path)
            columns = expected_columns(path.name, header)
            parameters = [] if path.name in ANALYZE else header[1:header.index("cohort")]
            # No dtype to infer: every cell NA, or a parameter typed by its values.
            overridden = {c for c, v in cells.items() if all(x == "" for x in v)} | set(parameters)
            for column, values in cells.items():
                dtype, may_be_na = columns[column]
                has_na = "" in values
                assert may_be_na or not has_na, f"{scenario}/{path.name}: {column} holds NA"
            frame = pd.read_csv(path, dtype={c: PANDAS_READ_AS[columns[c][0]] for c in overridden})
            lazy = pl.read_csv(path, schema_overrides={c: POLARS[columns[c][0]] for c in overridden})
            for column in header:
                dtype, _ = columns[column]
                where = f"{scenario}/{path.name}: {column}"
                assert lazy.schema[column] == POLARS[dtype], f"{where}: polars reads {lazy.schema[column]}"
                has_na = "" in cells[column]
                wanted = PANDAS[dtype]
                if has_na and column not in overridden:
                    wanted = PANDAS_WITH_NA.get(dtype, wanted)
                if column in overridden and dtype != "string":
                    wanted = (PANDAS_READ_AS[dtype],)
                assert str(frame[column].dtype) in wanted, f"{where}: pandas reads {frame[column].dtype}"
            checked.add(path.name)
    assert checked >= {"summary.csv", "replications.csv", "timeseries.csv", "denials_by_component.csv",
                       "comparison.csv", "actions.csv"} | ANALYZE


def test_a_metric_not_modelled_is_na_and_a_measured_zero_is_not(folders):
    import json
    summary = json.loads((folders["workloads"] / "summary.json").read_text())
    assert summary["format_version"] >= 1
    modelled = set(summary["modelled"])
    s = pl.read_csv(folders["workloads"] / "summary.csv")
    assert s.schema["mean"] == pl.Float64
    na = set(s.filter(pl.col("mean").is_null())["metric"])
    assert na and na.isdisjoint(modelled)
    assert na | modelled == set(s["metric"])
