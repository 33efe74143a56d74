//! scenario.resolved.toml: the scenario with every default filled in, the seed and
//! replications used and the whole sweep grid: enough to reproduce the run. Its
//! leading comments are authsim's lines, a blank comment line, then the scenario
//! file's own header comment (`scenario::header` reads it back), so a reader of
//! the folder sees the question too.

use super::{Exporter, Outputs, RESOLVED_SCENARIO};
use authsim_core::montecarlo::precision::Stopping;
use authsim_core::scenario::{RESOLVED_BY, RunPlan};
use std::io::Write;

pub struct ResolvedScenario;

impl Exporter for ResolvedScenario {
    fn file(&self) -> &'static str {
        RESOLVED_SCENARIO
    }
    fn write(&self, outputs: &Outputs, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(outputs.resolved.as_bytes())
    }
}

pub fn text(plan: &RunPlan, stopping: Option<&Stopping>) -> String {
    let mut text = format!(
        "# {}{RESOLVED_BY}{}: every default filled in.\n",
        plan.file.display(),
        crate::VERSION_AND_BUILD
    );
    // A precision run records the replications it stopped after: running the
    // file again gives the same numbers.
    let mut stopped;
    let plan = match stopping {
        Some(s) => {
            text += &format!(
                "# --precision {} stopped after {} replications.\n",
                s.target, s.replications
            );
            stopped = plan.clone();
            stopped.set_simulation(None, Some(s.replications));
            &stopped
        }
        None => plan,
    };
    if !plan.header.is_empty() {
        text += "#\n";
        for line in &plan.header {
            text += format!("# {line}").trim_end();
            text += "\n";
        }
    }
    text + "\n" + &plan.resolved_toml()
}

#[cfg(test)]
mod tests {
    use super::*;
    use authsim_core::scenario::{DEFAULT, DEFAULT_NAME, header, load_str};
    use std::path::Path;

    /// A header with a blank line and an aligned list comes back as written,
    /// and the file still loads as the same scenario, with the same header.
    #[test]
    fn the_header_comes_back_as_written() {
        let source = format!(
            "#:schema ./authsim.schema.json\n# Which design?\n#\n#   a   one\n#   b   two\n#\n\n{DEFAULT}"
        );
        let plan = load_str(&source, Path::new(DEFAULT_NAME)).unwrap();
        assert_eq!(plan.header, ["Which design?", "", "  a   one", "  b   two"]);
        let written = text(&plan, None);
        assert!(
            written.contains(": every default filled in.\n#\n# Which design?\n#\n#   a   one\n")
        );
        assert_eq!(header(&written), plan.header);
        let again = load_str(&written, Path::new("scenario.resolved.toml")).unwrap();
        assert_eq!(again.resolved_toml(), plan.resolved_toml());
        assert_eq!(again.header, plan.header);
    }

    /// The precision line is authsim's; a file without a header has none.
    #[test]
    fn authsim_lines_are_not_the_header() {
        let precision = format!(
            "# f.toml{RESOLVED_BY}0.6: every default filled in.\n\
             # --precision 0.1 stopped after 7 replications.\n"
        );
        assert_eq!(
            header(&format!("{precision}#\n# Why?\n\nx = 1\n")),
            ["Why?"]
        );
        assert!(header(&format!("{precision}\nx = 1\n")).is_empty());
    }
}
