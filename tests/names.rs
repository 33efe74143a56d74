//! Names as a planner may write them, through the real binary: a name that
//! would hide or reorder text, or that the charts' font cannot draw, is refused
//! with its place and code point; two spellings of one text are one name; and a
//! name a spreadsheet would run as a formula comes out of every CSV file
//! neutralised, and back out of the run folder as it was written.

use std::fs;

mod common;
use common::refusal::{BASE, FILE, OUT, assert_bad_scenario, at, authsim_command, edit, run_toml};
use common::stderr;

/// BASE with one `[[variant]]` of this name line (TOML escapes allowed).
fn named(test: &str, name_line: &str) -> (String, common::refusal::Outcome) {
    let toml = format!("{BASE}[[variant]]\n{name_line}\n");
    let out = run_toml(test, &toml, &[]);
    (toml, out)
}

#[test]
fn a_bidirectional_override_in_a_variant_name_is_refused_with_its_line_and_code_point() {
    let (toml, out) = named("bidi", r#"name = "invoice\u202Etxt.exe""#);
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "name = "),
            "variant[0].name",
            "U+202E",
            "bidirectional control",
        ],
    );
}

#[test]
fn zero_width_and_format_characters_are_refused_in_every_kind_of_name() {
    // A cohort's name is a table key: the message escapes what it quotes, so
    // the refusal cannot itself be spoofed.
    let toml = edit("[cohorts.staff]", "[cohorts.\"sta\\u200Dff\"]");
    let out = run_toml("zero-width-cohort", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[&at(&toml, "\"sta"), "cohorts.sta\\u{200d}ff", "U+200D"],
    );
    assert!(!out.stderr.contains('\u{200d}'), "{}", out.stderr);
    let (_, out) = named("soft-hyphen", r#"name = "8h to\u00ADkens""#);
    assert_bad_scenario(&out, &["variant[0].name", "U+00AD", "invisible"]);
    let toml = format!("description = \"outage \\u2066drill\"\n{BASE}");
    let out = run_toml("isolate-in-description", &toml, &[]);
    assert_bad_scenario(&out, &[&format!("{FILE}:1:"), "description", "U+2066"]);
}

#[test]
fn names_that_differ_only_in_unicode_normalisation_are_one_name() {
    let (toml, out) = named(
        "nfc-nfd-variants",
        "name = \"caf\\u00E9 tokens\"\n[[variant]]\nname = \"cafe\\u0301 tokens\"",
    );
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "name = \"cafe"),
            "variant[1].name",
            "two variants are named \"café tokens\"",
            "spelled cafe<U+0301> tokens here and caf<U+00E9> tokens at variant[0].name",
        ],
    );
    let toml = format!("{BASE}[components.\"r\\u00E9seau\"]\n[components.\"re\\u0301seau\"]\n");
    let out = run_toml("nfc-nfd-components", &toml, &[]);
    assert_bad_scenario(
        &out,
        &[
            "two [components] entries are named \"réseau\"",
            "<U+00E9>",
            "<U+0301>",
        ],
    );
}

#[test]
fn a_name_the_charts_font_cannot_draw_is_refused_before_anything_runs() {
    let (toml, out) = named("cjk", "name = \"営業部 8h\"");
    assert_bad_scenario(
        &out,
        &[
            &at(&toml, "name = "),
            "variant[0].name",
            "'営' (U+55B6)",
            "DejaVu Sans",
            "transliterated",
        ],
    );
    let toml = edit("[apps.mail]", "[apps.\"mail 📧\"]").replace("[\"mail\"]", "[\"mail 📧\"]");
    let out = run_toml("emoji-app", &toml, &[]);
    assert_bad_scenario(&out, &["apps.mail 📧", "U+1F4E7"]);
    // A sweep's values name its variants: the same holds for them.
    let out = authsim_command(
        "cjk-sweep",
        &["sweep"],
        FILE,
        &["--set", "description=one,二"],
        |dir| fs::write(dir.join(FILE), BASE).unwrap(),
    );
    common::refusal::assert_refused(&out, &["--set", "description", "U+4E8C"], &[FILE]);
}

/// Every cell of a CSV file as a spreadsheet would read it: none starts a formula
/// but a number.
fn assert_no_formula(file: &str, text: &str) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            let starts = cell.starts_with(['=', '+', '@', '\t', '\r']);
            let negative = cell.starts_with('-') && cell.parse::<f64>().is_err();
            assert!(!starts && !negative, "{file}: formula cell {cell:?}");
        }
    }
}

#[test]
fn formula_looking_names_run_and_come_out_neutralised_then_read_back_as_written() {
    let toml = format!(
        "{}[[variant]]\nname = \"-1 day tokens\"\nset.policy.access_token_lifetime = \"1d\"\n\
         [[variant]]\nname = '=HYPERLINK(\"http://evil.example\",\"x\")'\n\
         [[variant]]\nname = \"@SUM(1)\"\n[[variant]]\nname = \"'quoted\"\n\
         [cohorts.office]\nusers = 10\napps = [\"mail\"]\n\
         registrations = [{{ share = 1.0, methods = [\"password\"] }}]\n",
        edit("[cohorts.staff]", "[cohorts.\"+night shift\"]")
    );
    let out = run_toml("formulas", &toml, &[]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let folder = out.scratch.0.join(OUT);
    let read = |f: &str| fs::read_to_string(folder.join(f)).unwrap();
    for file in ["summary.csv", "comparison.csv", "timeseries.csv"] {
        assert_no_formula(file, &read(file));
    }
    let summary = read("summary.csv");
    for line in [
        "\n'-1 day tokens,all,,all,",
        "\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",all,,all,",
        "\n'@SUM(1),all,,all,",
        "\n''quoted,all,,all,",
        "\nbaseline,'+night shift,,all,",
        "\n'-1 day tokens,'+night shift,,all,",
    ] {
        assert!(summary.contains(line), "summary.csv lacks {line:?}");
    }
    // Numbers stay numbers: 1-day tokens cut the token requests.
    let comparison = read("comparison.csv");
    let row = comparison
        .lines()
        .find(|l| l.starts_with("'-1 day tokens,all,,all,token_requests_per_user_day,"))
        .expect("the variant's row in comparison.csv");
    let difference = row.split(',').nth(7).unwrap();
    assert!(
        difference.starts_with('-') && difference.parse::<f64>().unwrap() < 0.0,
        "{row}"
    );
    // Read back by plot and compare, the names are as written: the charts
    // redrawn from the files are those the run drew.
    let scratch = &out.scratch;
    let charts = || {
        let mut files: Vec<_> = fs::read_dir(folder.join("charts"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "svg"))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| fs::read_to_string(p).unwrap())
            .collect::<Vec<_>>()
    };
    let drawn = charts();
    fs::remove_dir_all(folder.join("charts")).unwrap();
    let plot = scratch.authsim(&["plot", OUT]);
    assert!(plot.status.success(), "{}", stderr(&plot));
    assert!(
        drawn == charts(),
        "the charts redrawn from the CSV files differ"
    );
    let svg = read("charts/load.svg");
    for name in ["-1 day tokens", "@SUM(1)", "&apos;quoted"] {
        assert!(
            svg.lines().any(|l| l.trim() == name),
            "load.svg lacks {name:?}"
        );
    }
    for quoted in ["&apos;-1 day", "&apos;@SUM", "&apos;&apos;quoted"] {
        assert!(!svg.contains(quoted), "load.svg shows {quoted:?}");
    }
    let compare = scratch.authsim(&["compare", OUT, OUT]);
    let shown = String::from_utf8_lossy(&compare.stdout);
    assert!(compare.status.success(), "{}", stderr(&compare));
    for name in ["\n  -1 day tokens", "\n  @SUM(1)", "\n  'quoted"] {
        assert!(shown.contains(name), "compare lacks {name:?}:\n{shown}");
    }
    // The analysis writes its own CSV files, through the same cells.
    let analysis = scratch.authsim(&["analyze", FILE, "--out", "analysis"]);
    assert!(analysis.status.success(), "{}", stderr(&analysis));
    let paths = scratch.read("analysis/paths.csv");
    assert_no_formula("paths.csv", &paths);
    assert!(paths.contains(",'+night shift,"), "{paths}");
}
