//! Bad input: each fault is named, with the file, the line (or record) and
//! what to do; nothing panics.

mod support;

use support::*;

#[test]
fn not_json_and_not_a_sign_in_csv() {
    let prose = refusal(&fixture("bad/not_json.txt"));
    assert!(
        prose.contains("not a sign-in export") && prose.contains("neither JSON"),
        "{prose}"
    );
    let other = refusal(&fixture("bad/not_signins.csv"));
    assert!(other.contains("not_signins.csv:1:1"), "{other}");
    assert!(
        other.contains("\"department\"")
            && other.contains("CreatedDateTime")
            && other.contains("Date (UTC)"),
        "{other}"
    );
}

#[test]
fn a_record_without_a_time_or_with_a_bad_one() {
    let missing = refusal(&fixture("bad/no_created.jsonl"));
    assert!(
        missing.contains("no_created.jsonl:2:1: record 2 (line 2): no createdDateTime"),
        "{missing}"
    );
    let bad = refusal(&fixture("bad/bad_time.jsonl"));
    assert!(
        bad.contains(
            ":3:1: record 3 (line 3): createdDateTime \"yesterday at noon\" is not a time"
        ),
        "{bad}"
    );
}

#[test]
fn empty_and_cut_off_files() {
    let empty = refusal(&fixture("bad/empty.json"));
    assert!(empty.contains("empty.json: the file is empty"), "{empty}");
    let cut = refusal(&fixture("bad/cut_off.json"));
    assert!(
        cut.contains("cut off") && cut.contains("cut_off.json:2:"),
        "{cut}"
    );
}

#[test]
fn policies_are_not_read_from_csv_and_registrations_need_a_user_column() {
    let e = authsim_signins::read::policies(&fixture("registrations.csv"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("read from JSON only"), "{e}");
    let e = authsim_signins::read::registrations(&fixture("bad/not_signins.csv"), &mut |_| {})
        .unwrap_err()
        .to_string();
    assert!(e.contains("no `id` or `userPrincipalName` column"), "{e}");
}
