//! JSON held a line at a time: a line whose records are handed on before
//! its value turns out to go on to the next line (a page broken after a
//! record) is read again from its start as a stream, and no record is
//! handed on twice or lost; the keys a sign-in does not need are skipped
//! unbuilt, and a duplicate key's last value still wins.

use std::path::Path;

use authsim_signins::pseudonym::Pseudonym;
use authsim_signins::read;

fn read_all(text: &str) -> (Vec<authsim_signins::record::SignIn>, read::ReadStats) {
    let mut all = Vec::new();
    let stats = read::sign_ins_from(text.as_bytes(), Path::new("t.json"), None, &mut |s| {
        all.push(s)
    })
    .expect("reads");
    (all, stats)
}

#[test]
fn a_page_broken_after_a_record_is_read_once_each() {
    let text = concat!(
        r#"{"value": [{"createdDateTime": "2024-03-04T08:00:00Z", "userId": "a"},"#,
        "\n",
        r#"{"createdDateTime": "2024-03-04T08:00:01Z", "userId": "b"}], "@odata.nextLink": null}"#,
        "\n",
        r#"{"createdDateTime": "2024-03-04T08:00:02Z", "userId": "c"}"#,
        "\n",
    );
    let (all, stats) = read_all(text);
    let users: Vec<_> = all.iter().map(|s| s.user).collect();
    let expected: Vec<_> = ["a", "b", "c"]
        .iter()
        .map(|u| Some(Pseudonym::of(u)))
        .collect();
    assert_eq!(users, expected);
    assert_eq!(stats.records, 3);
    // 2024-03-04T08:00:00Z = 1_709_539_200 s.
    assert_eq!(all[0].time, 1_709_539_200.0);
    assert!(stats.notes.iter().all(|(w, _)| !w.contains("nextLink")));
}

#[test]
fn skipped_keys_and_duplicates_in_a_json_line() {
    let text = concat!(
        r#"{"ipAddress": "203.0.113.9", "location": {"city": "x", "geo": [1, 2.5]}, "#,
        r#""createdDateTime": "bad", "createdDateTime": "2024-03-04T08:00:00Z", "#,
        r#""userId": "a\u0062", "status": {"errorCode": "50126", "errorCode": 0}, "#,
        r#""deviceDetail": "{\"trustType\": \"Hybrid Azure AD joined\"}"}"#,
        "\n"
    );
    let (all, _) = read_all(text);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].user, Some(Pseudonym::of("ab")));
    assert_eq!(all[0].error_code, 0);
    assert_eq!(
        all[0].trust,
        Some(authsim_signins::record::Trust::HybridJoined)
    );
}
