//! Fixtures written from the documented schemas (tests/fixtures/import/):
//! each shape reads to the values worked out by hand from the file.

mod support;

use authsim_signins::pseudonym::Pseudonym;
use authsim_signins::read;
use authsim_signins::record::{EventType, Requirement, Trust, UserType};
use support::*;

#[test]
fn a_graph_page_with_nulls_and_a_next_link() {
    let (all, stats) = all(
        &fixture("graph_page_nulls.json"),
        Some("location.countryOrRegion"),
    );
    assert_eq!((stats.format, stats.records), ("graph-json", 2));
    let (ann, bob) = (&all[0], &all[1]);
    assert_eq!(ann.time, 1_709_540_100.0); // 2024-03-04T08:15:00Z
    assert_eq!(
        ann.user,
        Some(Pseudonym::of("11111111-1111-1111-1111-111111111111"))
    );
    assert_eq!(
        (ann.event, ann.requirement),
        (EventType::InteractiveUser, Some(Requirement::MultiFactor))
    );
    assert_eq!(ann.steps.len(), 2);
    assert_eq!(
        (ann.trust, ann.compliant, ann.resource.as_deref()),
        (Some(Trust::None), None, None)
    );
    assert_eq!(ann.group.as_deref(), Some("DE"));
    // 08:16:30.5+01:00 is 07:16:30.5 UTC; no userId: the sign-in name, in any case.
    assert_eq!(bob.time, 1_709_536_590.5);
    assert_eq!(bob.user, Some(Pseudonym::of("bob@example.com")));
    assert_eq!(
        (bob.event, bob.error_code, bob.user_type),
        (EventType::NonInteractiveUser, 50074, None)
    );
    assert_eq!(
        (bob.trust, bob.compliant, bob.cae),
        (Some(Trust::Joined), Some(true), Some(true))
    );
    assert_eq!((bob.group.as_deref(), bob.app_id.as_deref()), (None, None));
    assert_eq!(stats.span, Some((1_709_536_590.5, 1_709_540_100.0)));
    assert!(
        stats
            .notes
            .iter()
            .any(|(w, n)| w.contains("nextLink") && *n == 1)
    );
}

#[test]
fn pages_concatenated_or_in_a_list() {
    let (all, stats) = all(&fixture("graph_pages_concatenated.json"), None);
    assert_eq!(stats.records, 3);
    assert_eq!(
        all.iter().map(|s| s.error_code).collect::<Vec<_>>(),
        [0, 0, 50126]
    );
    assert!(
        stats.notes.is_empty(),
        "the last page has no nextLink: {:?}",
        stats.notes
    );
    let (listed, stats) = support::all(&fixture("graph_pages_in_array.json"), None);
    assert_eq!((listed.len(), stats.format), (2, "graph-json"));
}

#[test]
fn a_compact_page_then_a_pretty_one_then_a_stray_comma() {
    // Lines 1 (whole page on a line: parsed from memory) and 2-6 (streamed)
    // read; line 7's record reads, then the comma after it is refused in place.
    let mut times = Vec::new();
    let e = read::sign_ins(
        &fixture("graph_page_one_line_then_pretty.json"),
        None,
        &mut |s| times.push(s.time),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(times.len(), 4);
    assert_eq!(times[3] - times[0], 3.0);
    assert!(e.contains("graph_page_one_line_then_pretty.json:7:"), "{e}");
}

#[test]
fn json_lines_gzipped() {
    let (all, stats) = all(&fixture("graph_records.jsonl.gz"), None);
    assert_eq!((stats.format, stats.records), ("graph-jsonl+gzip", 3));
    use EventType::*;
    assert_eq!(
        all.iter().map(|s| s.event).collect::<Vec<_>>(),
        [InteractiveUser, NonInteractiveUser, ServicePrincipal]
    );
    assert!((all[0].time - 1_709_726_400.123_456_7).abs() < 1e-6); // 2024-03-06T12:00:00.1234567Z
    assert_eq!(all[1].error_code, 0, "a code written as text");
    assert_eq!(
        (
            all[2].user,
            all[2].app_id.as_deref(),
            all[2].app_name.as_deref()
        ),
        (None, Some("sp1"), Some("backup-job"))
    );
    assert_eq!(all[2].error_code, 7_000_215);
}

#[test]
fn the_portal_csv_in_a_local_zone() {
    let (all, stats) = all(
        &fixture("InteractiveSignIns_2021-04-28.csv"),
        Some("Location"),
    );
    assert_eq!((stats.format, stats.records), ("portal-csv", 2));
    let (ann, bob) = (&all[0], &all[1]);
    // "4/28/2021, 4:08:45 PM" in UTC+02:00 is 14:08:45 UTC.
    assert_eq!(ann.time, 1_619_618_925.0);
    // 11:30 PM at +02:00 is 21:30 UTC the same day.
    assert_eq!(
        bob.time,
        1_619_618_925.0 + 7.0 * 3600.0 + 21.0 * 60.0 + 15.0
    );
    assert_eq!(
        ann.user,
        Some(Pseudonym::of("11111111-1111-1111-1111-111111111111"))
    );
    assert_eq!(
        (ann.event, ann.user_type, ann.requirement),
        (
            EventType::InteractiveUser,
            Some(UserType::Member),
            Some(Requirement::MultiFactor)
        )
    );
    assert_eq!(
        (ann.trust, ann.compliant),
        (Some(Trust::HybridJoined), Some(true))
    );
    assert_eq!(
        (ann.steps[0].method.as_str(), ann.steps[0].succeeded),
        ("Text message", true)
    );
    assert_eq!(ann.incoming_token.as_deref(), Some("primaryRefreshToken"));
    assert_eq!(ann.group.as_deref(), Some("Berlin, Berlin, DE"));
    assert_eq!(
        (bob.error_code, bob.user_type, bob.requirement),
        (
            50126,
            Some(UserType::Guest),
            Some(Requirement::SingleFactor)
        )
    );
    assert_eq!(
        (bob.trust, bob.compliant, bob.steps.len()),
        (Some(Trust::None), Some(false), 0)
    );
}

#[test]
fn the_portal_non_interactive_csv_aggregates() {
    let (all, stats) = all(&fixture("NonInteractiveSignIns_aggregated.csv"), None);
    assert_eq!(stats.records, 2);
    assert_eq!(all.iter().map(|s| s.count).collect::<Vec<_>>(), [12, 1]);
    assert!(all.iter().all(|s| s.event == EventType::NonInteractiveUser && s.trust == Some(Trust::Registered)));
    assert_eq!(all[1].incoming_token.as_deref(), Some("refreshToken"));
}

#[test]
fn registrations_as_json_and_csv() {
    let mut users = Vec::new();
    let stats =
        read::registrations(&fixture("registrations.json"), &mut |r| users.push(r)).unwrap();
    assert_eq!((stats.format, stats.records), ("registrations-json", 2));
    assert_eq!(
        stats.set_aside,
        [("no id or userPrincipalName".to_string(), 1)]
    );
    assert_eq!(
        users[0].default_mfa_method.as_deref(),
        Some("microsoftAuthenticatorPush"),
        "beta's defaultMfaMethod first"
    );
    assert_eq!(
        (
            users[0].is_passwordless_capable,
            users[1].default_mfa_method.as_deref()
        ),
        (Some(true), None)
    );
    let mut rows = Vec::new();
    let stats = read::registrations(&fixture("registrations.csv"), &mut |r| rows.push(r)).unwrap();
    assert_eq!((stats.format, stats.records), ("registrations-csv", 2));
    assert_eq!(rows[0].user, Pseudonym::of("ann@example.com"));
    assert_eq!(rows[0].methods, ["mobilePhone", "softwareOneTimePasscode"]);
    assert_eq!(
        (rows[0].is_mfa_registered, rows[1].user_type),
        (Some(true), Some(UserType::Guest))
    );
    assert!(rows[1].methods.is_empty() && rows[1].default_mfa_method.is_none());
}

#[test]
fn a_policy_list() {
    let (list, stats) = read::policies(&fixture("policies.json")).unwrap();
    assert_eq!(stats.records, 2);
    let (all, guests) = (&list[0], &list[1]);
    assert!(
        all.enforced
            && all.targets.all_users
            && all.targets.guests_excluded
            && all.targets.all_apps
    );
    assert_eq!(
        all.targets.excluded_apps,
        ["00000002-0000-0ff1-ce00-000000000000"]
    );
    assert!(all.mfa && all.compliant_device && all.all_of && !all.block);
    assert_eq!(all.sign_in_frequency, Some(7.0 * 86_400.0));
    assert_eq!(all.persistent_browser.as_deref(), Some("never"));
    assert!(!guests.enforced && guests.targets.guests && !guests.targets.all_users && guests.block);
    assert_eq!((guests.targets.named, guests.targets.apps.len()), (2, 1));
    assert_eq!(
        (
            guests.sign_in_frequency,
            guests.persistent_browser.as_deref()
        ),
        (Some(0.0), None)
    );
}

/// Review item 10: the conditions that narrow a policy, by the documented
/// conditionalAccessConditionSet; `all`/`All` alone narrow nothing.
#[test]
fn a_policy_narrowed_by_its_conditions() {
    let (list, _) = read::policies(&fixture("policy_narrowed.json")).unwrap();
    let t = &list[0].targets;
    assert!(t.all_users && t.all_apps && t.guests_excluded);
    assert_eq!(
        t.narrowed_by,
        [
            "signInRiskLevels (medium, low)",
            "clientAppTypes (mobileAppsAndDesktopClients)",
            "excludeLocations (AllTrusted)",
            "excludeUsers (1 named)",
        ]
    );
    let (plain, _) = read::policies(&fixture("policies.json")).unwrap();
    assert!(plain[0].targets.narrowed_by.is_empty());
}
