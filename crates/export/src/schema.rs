//! The JSON Schemas of the JSON outputs (`authsim schema --output NAME`),
//! generated from the types that write them, so a schema cannot drift from its
//! file. Draft 7, as the scenario's schema.

use super::Versioned;
use super::analysis::AnalysisDocument;
use super::records::{ComparisonDocument, SummaryDocument};
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;

/// The outputs with a schema, by the name `--output` takes.
pub const OUTPUTS: [&str; 3] = ["summary", "comparison", "analysis"];

/// The schema of the output so named (one of `OUTPUTS`), pretty-printed, ending
/// in a newline; none for another name.
pub fn schema(output: &str) -> Option<String> {
    let mut schema = match output {
        "summary" => of::<Versioned<SummaryDocument>>(),
        "comparison" => of::<Versioned<ComparisonDocument>>(),
        "analysis" => of::<AnalysisDocument<'static>>(),
        _ => return None,
    };
    // Named by its file rather than by the wrapping type.
    schema.insert("title".into(), format!("{output}.json").into());
    Some(serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n")
}

fn of<T: JsonSchema>() -> schemars::Schema {
    SchemaSettings::draft07()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>()
}
