"""A finished run folder (what `authsim run` or `sweep` writes) read into DataFrames."""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from ._backends import reader
from .errors import RunFolderError

PathLike = Union[str, "os.PathLike[str]"]

#: Attribute names for tables whose file name is long; any other CSV file is
#: reached by its stem (`run.actions` for actions.csv).
ALIASES = {"denials": "denials_by_component"}


class Run:
    """The tables and metadata of one run folder.

    Every CSV file of the folder is a DataFrame in `tables`, keyed by its stem,
    and an attribute of the same name (`summary`, `replications`, `comparison`,
    `timeseries`, `actions`; `denials` for denials_by_component.csv). A table the
    run did not write (`comparison` of a single design, `actions` without
    fallbacks or contingency rules) is None.
    """

    def __init__(
        self,
        path: Optional[Path],
        tables: Dict[str, Any],
        metadata: Dict[str, Dict[str, Any]],
        scenario_toml: Optional[str],
        backend: str,
    ):
        #: The folder read; None after `authsim.run`/`sweep` into a temporary folder.
        self.path = path
        #: Every CSV file of the folder as a DataFrame, by stem.
        self.tables = tables
        #: Every JSON file of the folder (but files.json) without its `results`, by stem.
        self.metadata = metadata
        #: scenario.resolved.toml: the scenario exactly as run, which reproduces it.
        self.scenario_toml = scenario_toml
        #: "pandas" or "polars".
        self.backend = backend

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not set above: a table by stem or alias.
        if name.startswith("_"):
            raise AttributeError(name)
        stem = ALIASES.get(name, name)
        tables = self.__dict__.get("tables", {})
        if stem in tables:
            return tables[stem]
        if name in _KNOWN_TABLES:
            return None
        raise AttributeError(
            f"{type(self).__name__} has no attribute {name!r}; its tables: "
            f"{', '.join(sorted(tables))}"
        )

    @property
    def manifest(self) -> Dict[str, Any]:
        """summary.json without its records: scenario, seed, replications, versions, command."""
        return self.metadata.get("summary", {})

    @property
    def seed(self) -> int:
        return self.manifest["seed"]

    @property
    def version(self) -> str:
        """The authsim version that wrote the folder (`authsim_version`)."""
        return self.manifest["authsim_version"]

    @property
    def build(self) -> Optional[str]:
        """The commit or source hash of that build (`authsim_build`)."""
        return self.manifest.get("authsim_build")

    @property
    def scenario(self) -> str:
        """The scenario file as the command named it."""
        return self.manifest["scenario"]

    @property
    def scenario_name(self) -> str:
        """The scenario file's name without folder and extension (`levers`)."""
        return Path(self.scenario).stem

    @property
    def description(self) -> Optional[str]:
        return self.manifest.get("description")

    @property
    def parameters(self) -> List[str]:
        """The swept parameters, each a column of the tables (empty without a sweep)."""
        return list(self.manifest.get("parameters") or [])

    @property
    def format_version(self) -> Optional[int]:
        """summary.json's `format_version`, None for folders written before it was recorded."""
        return self.manifest.get("format_version")

    @property
    def variants(self) -> List[str]:
        """The designs in the order the run wrote them, the baseline first."""
        column = self.tables["summary"]["variant"]
        return list(dict.fromkeys(column.to_list()))

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "temporary folder, removed"
        return (
            f"<authsim.Run {self.manifest.get('scenario')!r} seed={self.manifest.get('seed')} "
            f"replications={self.manifest.get('replications')} ({where}); "
            f"tables: {', '.join(sorted(self.tables))}>"
        )


#: Tables a run writes only in some cases: None where absent, not an AttributeError.
_KNOWN_TABLES = {"summary", "replications", "comparison", "timeseries", "denials", "actions"}


def read_run(path: PathLike, backend: str = "pandas", verify: bool = True) -> Run:
    """Reads the finished run folder at `path`.

    `backend` is "pandas" (the default) or "polars". With `verify` (the default)
    every file files.json lists is checked for its size and CRC-32 first, as
    `authsim plot` checks it: a folder cut short or changed raises RunFolderError.
    """
    read_csv = reader(backend)
    folder = Path(path)
    _check_finished(folder)
    listed = _listed_files(folder)
    if verify:
        for entry in listed:
            _check_whole(folder, entry)
    tables = {p.stem: read_csv(p) for p in sorted(folder.glob("*.csv"))}
    metadata = {}
    for p in sorted(folder.glob("*.json")):
        if p.name == "files.json":
            continue
        document = json.loads(p.read_text(encoding="utf-8"))
        if isinstance(document, dict):
            metadata[p.stem] = {k: v for k, v in document.items() if k != "results"}
    resolved = folder / "scenario.resolved.toml"
    scenario_toml = resolved.read_text(encoding="utf-8") if resolved.is_file() else None
    return Run(folder, tables, metadata, scenario_toml, backend)


def _check_finished(folder: Path) -> None:
    if not folder.is_dir():
        raise RunFolderError(f"{folder}: no such folder")
    if (folder / "shard.json").exists():
        raise RunFolderError(
            f"{folder}: a shard folder (--shard), not a run folder; combine the shards "
            f"with `authsim merge` and read the merged folder"
        )
    if (folder / "incomplete.json").exists():
        raise RunFolderError(
            f"{folder}: the run is not finished (incomplete.json is still there); "
            f"finish it with `authsim run --resume {folder}`"
        )
    if not (folder / "summary.csv").is_file() or not (folder / "summary.json").is_file():
        raise RunFolderError(
            f"{folder}: not an authsim run folder (no summary.csv and summary.json); "
            f"give the folder `authsim run --out DIR` wrote"
        )


def _listed_files(folder: Path) -> List[Dict[str, Any]]:
    """files.json's entries; none for a folder written before it (authsim 0.3)."""
    listing = folder / "files.json"
    if not listing.is_file():
        return []
    return json.loads(listing.read_text(encoding="utf-8")).get("files", [])


def _check_whole(folder: Path, entry: Dict[str, Any]) -> None:
    name = entry["file"]
    file = folder / name
    again = "copy the folder again from where the run wrote it, or run it again"
    if not file.is_file():
        raise RunFolderError(f"{file}: missing, but files.json lists it; {again}")
    data = file.read_bytes()
    if len(data) != entry["bytes"]:
        what = "cut short" if len(data) < entry["bytes"] else "changed"
        raise RunFolderError(
            f"{file}: {what}: {len(data)} bytes of the {entry['bytes']} files.json lists; {again}"
        )
    crc = f"{zlib.crc32(data):08x}"
    if crc != entry["crc32"].lower():
        raise RunFolderError(
            f"{file}: changed: CRC-32 {crc}, files.json lists {entry['crc32']}; {again}"
        )
