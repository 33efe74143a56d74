//! An unknown key, override path or word is refused with the nearest one the
//! place takes ("did you mean ...?"), where one is close, with the file and line.

mod common;

use authsim::scenario::{Request, load_str};
use common::Scratch;
use common::refusal::BASE;
use std::path::Path;

/// The line of BASE plus `extra` that starts with `start`, counted from 1.
fn line_of(text: &str, start: &str) -> usize {
    text.lines().position(|l| l.starts_with(start)).unwrap() + 1
}

#[test]
fn authsim_check_names_the_file_the_line_the_key_and_its_nearest() {
    let s = Scratch::new("suggestions", "check");
    let text = BASE.replace(
        "mfa = \"never\"",
        "mfa = \"never\"\nrefresh_token_inactivty = \"30d\"",
    );
    s.write("typo.toml", &text);
    let o = s.authsim(&["check", "typo.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = common::stderr(&o);
    let line = line_of(&text, "refresh_token_inactivty");
    assert!(err.contains(&format!("typo.toml:{line}:")), "{err}");
    assert!(
        err.contains("unknown field `refresh_token_inactivty`"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `refresh_token_inactivity`?"),
        "{err}"
    );
    assert_eq!(err.matches("did you mean").count(), 1, "{err}");
}

#[test]
fn a_key_far_from_every_one_gets_no_suggestion() {
    let text = BASE.replace("mfa = \"never\"", "mfa = \"never\"\ncolour = \"blue\"");
    let err = load_str(&text, Path::new("far.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `colour`"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn override_paths_sweep_paths_and_words_get_their_nearest() {
    let load = |extra: &str| {
        let text = format!("{BASE}{extra}");
        load_str(&text, Path::new("s.toml"))
            .unwrap_err()
            .to_string()
    };
    // A variant's path: a section's key, an entry's name, a key below it.
    for (extra, wrong, right) in [
        (
            "[[variant]]\nname = \"x\"\nset.polcy.mfa = \"never\"\n",
            "polcy",
            "policy",
        ),
        (
            "[[variant]]\nname = \"x\"\nset.apps.mial.early_renewal = true\n",
            "mial",
            "mail",
        ),
        (
            "[[variant]]\nname = \"x\"\nset.policy.acess_token_lifetime = \"8h\"\n",
            "acess_token_lifetime",
            "access_token_lifetime",
        ),
        (
            "[sweep]\npolicy.sign_in_frequncy = [\"1d\", \"2d\"]\n",
            "sign_in_frequncy",
            "sign_in_frequency",
        ),
        (
            "[[variant]]\nname = \"x\"\nset.policy.mfa = \"evry_sign_in\"\n",
            "evry_sign_in",
            "every_sign_in",
        ),
    ] {
        let err = load(extra);
        assert!(err.contains(wrong), "{err}");
        assert!(err.contains(&format!("did you mean `{right}`?")), "{err}");
    }
    // An unknown word in the base, and a path on the command line.
    let err = load_str(&BASE.replace("\"never\"", "\"nevr\""), Path::new("s.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("did you mean `never`?"), "{err}");
    let request = Request {
        file: "s.toml".into(),
        source: BASE.to_string(),
        sets: vec!["policy.access_token_lifetme=1h,2h".to_string()],
        seed: None,
        replications: None,
    };
    let err = request.plan().unwrap_err().to_string();
    assert!(
        err.contains("did you mean `access_token_lifetime`?"),
        "{err}"
    );
}
