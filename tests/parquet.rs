//! `--format parquet`: every table of a run folder also as NAME.parquet, read
//! back with the `parquet` crate's own reader: the same rows and values as its
//! CSV, with the dtypes docs/outputs.md documents, listed in files.json.

mod common;
use common::{Scratch, stderr};

#[cfg(feature = "parquet")]
mod read_back {
    use super::common::{Scratch, stderr};
    use std::collections::BTreeMap;
    use std::path::Path;

    /// docs/outputs.md's "Columns and their dtypes": the shared columns (under
    /// `shared`) and each file's own, `{file: [(column, dtype)]}`; `analyze`'s files,
    /// which are no run folder's, left out.
    fn documented() -> BTreeMap<String, Vec<(String, String)>> {
        let doc =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/outputs.md"))
                .unwrap();
        let section = doc.split("### Columns and their dtypes").nth(1).unwrap();
        let section = section.split("\n### ").next().unwrap();
        let mut tables = BTreeMap::new();
        let mut current = Some("shared".to_string());
        for line in section.lines() {
            if let Some(file) = line.strip_prefix("#### ").filter(|f| f.ends_with(".csv")) {
                current = Some(file.trim().to_string());
                continue;
            }
            if line.starts_with("##### ") {
                current = None;
                continue;
            }
            let cells: Vec<&str> = line
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            let dtypes = ["string", "int64", "float64", "bool"];
            if let (Some(file), true, true) = (&current, line.starts_with('|'), cells.len() >= 3)
                && dtypes.contains(&cells[1])
            {
                let column = cells[0].trim_matches('`').to_string();
                tables
                    .entry(file.clone())
                    .or_insert_with(Vec::new)
                    .push((column, cells[1].to_string()));
            }
        }
        tables
    }

    /// A column's dtype as the file declares it.
    fn dtype(column: &parquet::schema::types::Type) -> &'static str {
        use parquet::basic::{LogicalType, Type};
        let info = column.get_basic_info();
        match (column.get_physical_type(), info.logical_type_ref()) {
            (Type::BYTE_ARRAY, Some(LogicalType::String)) => "string",
            (Type::INT64, None) => "int64",
            (Type::DOUBLE, None) => "float64",
            (Type::BOOLEAN, None) => "bool",
            other => panic!("{}: an undocumented type {other:?}", column.name()),
        }
    }

    /// Whether a Parquet value is the CSV cell: an empty cell is a null, a float
    /// the same double (the CSV holds its shortest exact form).
    fn same(field: &parquet::record::Field, cell: &str) -> bool {
        use parquet::record::Field;
        match field {
            Field::Null => cell.is_empty(),
            Field::Str(s) => s == cell,
            Field::Long(x) => cell.parse::<i64>() == Ok(*x),
            Field::Double(x) => cell.parse::<f64>() == Ok(*x),
            Field::Bool(b) => cell == if *b { "true" } else { "false" },
            _ => false,
        }
    }

    #[test]
    fn every_table_is_written_as_parquet_too_with_its_csvs_values_and_documented_dtypes() {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        let scratch = Scratch::new("parquet", "tables");
        let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/break-glass.toml");
        let scenario = scenario.to_str().unwrap();
        let out = scratch.authsim(&[
            "sweep",
            scenario,
            "--set",
            "policy.access_token_lifetime=1h,4h",
            "--replications",
            "2",
            "--format",
            "parquet",
            "--no-charts",
            "--quiet",
            "--out",
            "run",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let run = scratch.0.join("run");
        let docs = documented();
        let listed = std::fs::read_to_string(run.join("files.json")).unwrap();
        let mut tables = 0;
        for entry in std::fs::read_dir(&run).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let Some(stem) = name.strip_suffix(".csv") else {
                continue;
            };
            tables += 1;
            let parquet_name = format!("{stem}.parquet");
            assert!(
                listed.contains(&format!("\"{parquet_name}\"")),
                "files.json lists {parquet_name}"
            );
            let mut csv = csv::Reader::from_path(&path).unwrap();
            let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
            let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
            let reader =
                SerializedFileReader::new(std::fs::File::open(run.join(&parquet_name)).unwrap())
                    .unwrap();
            // The columns, named and typed as documented.
            let schema = reader.metadata().file_metadata().schema_descr_ptr();
            let fields = schema.root_schema().get_fields();
            let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
            assert_eq!(names, header, "{parquet_name}: the CSV's columns");
            let shared = &docs["shared"];
            let own = &docs[&name];
            let cohort = header.iter().position(|c| c == "cohort").unwrap();
            let mut wanted: Vec<&str> = vec![&shared[0].1];
            wanted.extend((1..cohort).map(|_| shared[1].1.as_str()));
            wanted.extend(shared[2..].iter().chain(own).map(|(_, d)| d.as_str()));
            let own_names: Vec<&str> = own.iter().map(|(c, _)| c.as_str()).collect();
            assert_eq!(
                own_names,
                header[cohort + 3..],
                "{name}: documented columns"
            );
            let types: Vec<&str> = fields.iter().map(|f| dtype(f)).collect();
            assert_eq!(types, wanted, "{parquet_name}: documented dtypes");
            // The rows, value by value.
            let back: Vec<_> = reader
                .get_row_iter(None)
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert_eq!(back.len(), rows.len(), "{parquet_name}: rows");
            assert!(!rows.is_empty(), "{name} holds rows");
            for (i, (row, cells)) in back.iter().zip(&rows).enumerate() {
                for ((column, field), cell) in row.get_column_iter().zip(cells) {
                    assert!(
                        same(field, cell),
                        "{parquet_name} row {i} {column}: {field:?} vs {cell:?}"
                    );
                }
            }
        }
        assert_eq!(tables, 6, "every table of the run folder");
        // Read back whole: `plot` checks every listed file, the Parquet ones too.
        let plot = scratch.authsim(&["plot", "run"]);
        assert!(plot.status.success(), "{}", stderr(&plot));
    }
}

#[test]
fn csv_alone_by_default_and_a_format_no_build_writes_is_refused() {
    let scratch = Scratch::new("parquet", "refused");
    scratch.write(common::refusal::FILE, common::refusal::BASE);
    let out = scratch.authsim(&[
        "run",
        "scenario.toml",
        "--quiet",
        "--no-charts",
        "--out",
        "csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files: Vec<String> = std::fs::read_dir(scratch.0.join("csv"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.contains(&"summary.csv".to_string()), "{files:?}");
    assert!(!files.iter().any(|f| f.ends_with(".parquet")), "{files:?}");
    for command in [
        &["run", "scenario.toml"][..],
        &["sweep", "scenario.toml"],
        &["merge", "csv"],
    ] {
        let mut args = command.to_vec();
        args.extend(["--format", "xml", "--out", "xml"]);
        let out = scratch.authsim(&args);
        assert_eq!(out.status.code(), Some(2), "{command:?}");
        let e = stderr(&out);
        assert!(
            e.contains("invalid value 'xml' for '--format <FORMAT>': expected csv or parquet"),
            "{e}"
        );
        assert!(!scratch.0.join("xml").exists());
    }
    // A finished run's folder records no format; one still being played records
    // parquet, so `run --resume` writes what the run was asked for.
    let resumed = scratch.authsim(&["run", "--resume", "csv", "--format", "parquet"]);
    assert_eq!(resumed.status.code(), Some(2), "--format is the run's own");
    // A shard writes no tables: the merge is where Parquet is asked for.
    let shard = scratch.authsim(&[
        "run",
        "scenario.toml",
        "--shard",
        "1/2",
        "--format",
        "parquet",
        "--out",
        "shard",
    ]);
    assert_eq!(shard.status.code(), Some(2));
    if cfg!(feature = "parquet") {
        assert!(stderr(&shard).contains("give --format parquet to `authsim merge`"));
    }
    assert!(!scratch.0.join("shard").exists());
}

/// A run started with `--format parquet`, killed, then resumed: its folder
/// records the format, and `run --resume` writes the Parquet files.
#[cfg(feature = "parquet")]
#[test]
fn a_resumed_run_writes_the_format_it_was_started_with() {
    let scratch = Scratch::new("parquet", "resume");
    let long = common::refusal::BASE
        .replace("horizon = \"3d\"", "horizon = \"20d\"")
        .replace("replications = 2", "replications = 400")
        .replace("users = 10", "users = 200");
    scratch.write(common::refusal::FILE, &long);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_authsim"))
        .args([
            "run",
            "scenario.toml",
            "--format",
            "parquet",
            "--threads",
            "1",
        ])
        .args(["--quiet", "--no-charts", "--out", "run"])
        .current_dir(&scratch.0)
        .spawn()
        .unwrap();
    let manifest = scratch.0.join("run/incomplete.json");
    let start = std::time::Instant::now();
    while !manifest.exists() && start.elapsed() < common::DEADLINE {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let recorded = std::fs::read_to_string(&manifest).expect("killed before it finished");
    assert!(recorded.contains("\"format\": \"parquet\""), "{recorded}");
    let out = scratch.authsim(&["run", "--resume", "run", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = scratch.read("run/files.json");
    for table in [
        "summary",
        "replications",
        "timeseries",
        "denials_by_component",
    ] {
        assert!(
            scratch.0.join(format!("run/{table}.parquet")).is_file(),
            "{table}"
        );
        assert!(listed.contains(&format!("\"{table}.parquet\"")), "{table}");
    }
}
