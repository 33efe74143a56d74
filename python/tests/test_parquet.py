"""Every Parquet file of every bundled scenario's run folder (`--format
parquet`), read by polars (`pl.read_parquet`) and pandas (`pd.read_parquet`,
which needs pyarrow), has the dtypes docs/outputs.md documents for its CSV, and
the same rows and nulls as the CSV.

The documented dtypes are those test_dtypes.py parses from docs/outputs.md.
Needs AUTHSIM_BIN, the path to an authsim built with the `parquet` feature
(the default).
"""

import os
import subprocess

import pandas as pd
import polars as pl
import pytest

from test_dtypes import POLARS, ROOT, SCENARIOS, expected_columns

# pyarrow reads Parquet's types as pandas' nullable ones where a column holds a null.
PANDAS = {"string": ("object", "str", "string"), "int64": ("int64",), "float64": ("float64",), "bool": ("bool",)}
PANDAS_WITH_NA = {"string": ("object", "str", "string"), "int64": ("float64",), "float64": ("float64",),
                  "bool": ("object",)}


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    binary = os.environ.get("AUTHSIM_BIN")
    if not binary:
        pytest.fail("set AUTHSIM_BIN to the authsim binary")
    out = tmp_path_factory.mktemp("parquet-runs")
    made = {}
    for scenario in SCENARIOS:
        folder = out / scenario.stem
        subprocess.run([binary, "run", str(scenario), "--replications", "2", "--no-charts", "--quiet",
                        "--format", "parquet", "--out", str(folder)],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        made[scenario.stem] = folder
    return made


def test_every_parquet_file_has_the_documented_dtypes_and_the_csvs_rows(folders):
    checked = set()
    for scenario, folder in folders.items():
        csvs = sorted(folder.glob("*.csv"))
        assert {p.stem for p in folder.glob("*.parquet")} == {p.stem for p in csvs}, scenario
        for csv_path in csvs:
            path = csv_path.with_suffix(".parquet")
            where = f"{scenario}/{path.name}"
            frame = pl.read_parquet(path)
            columns = expected_columns(csv_path.name, frame.columns)
            for column, (dtype, may_be_na) in columns.items():
                assert frame.schema[column] == POLARS[dtype], f"{where}: {column}: polars reads {frame.schema[column]}"
                assert may_be_na or frame[column].null_count() == 0, f"{where}: {column} holds a null"
            # The CSV, read with the documented dtypes, holds the same table.
            text = pl.read_csv(csv_path, schema_overrides={c: POLARS[d] for c, (d, _) in columns.items()})
            assert frame.equals(text), f"{where}: differs from its CSV"
            pandas = pd.read_parquet(path)
            for column, (dtype, _) in columns.items():
                wanted = PANDAS_WITH_NA[dtype] if pandas[column].isna().any() else PANDAS[dtype]
                assert str(pandas[column].dtype) in wanted, f"{where}: {column}: pandas reads {pandas[column].dtype}"
            checked.add(path.name)
    assert checked == {"summary.parquet", "replications.parquet", "timeseries.parquet",
                       "denials_by_component.parquet", "comparison.parquet", "actions.parquet"}


def test_a_column_all_null_keeps_its_type(folders):
    # One mix per cohort in workloads: `mix` is null throughout, typed string still.
    summary = pl.read_parquet(folders["workloads"] / "summary.parquet")
    assert summary["mix"].null_count() == len(summary)
    assert summary.schema["mix"] == pl.String
    modelled = summary.filter(pl.col("mean").is_not_null())
    assert summary.schema["few_events"] == pl.Boolean and len(modelled) < len(summary)
