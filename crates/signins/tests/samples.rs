//! Every published sample export (../shared/signin-samples, read in place)
//! either reads, with the counts SUMMARY.md states (computed there with
//! Python's csv/json, not by this reader), or is refused naming the line
//! and the fault.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use authsim_signins::pseudonym::Pseudonym;
use authsim_signins::read;
use authsim_signins::record::{EventType, Requirement, Trust, UserType};
use support::*;

#[test]
fn the_sentinel_csv_export() {
    let Some(dir) = samples() else { return };
    let (all, stats) = all(
        &dir.join("sentinel-csv/azure-sentinel-training-lab_sign-in_adelete.csv"),
        None,
    );
    assert_eq!(stats.format, "siem-csv");
    assert_eq!((all.len(), stats.records), (56, 56));
    assert_eq!(all.iter().filter(|s| s.error_code == 0).count(), 53);
    let mut codes = BTreeMap::new();
    for s in &all {
        *codes.entry(s.error_code).or_insert(0) += 1;
    }
    assert_eq!(codes, BTreeMap::from([(0, 53), (16000, 2), (50058, 1)]));
    assert_eq!(
        all.iter()
            .filter_map(|s| s.app_id.as_deref())
            .collect::<BTreeSet<_>>()
            .len(),
        14
    );
    assert_eq!(
        all.iter()
            .filter_map(|s| s.app_name.as_deref())
            .collect::<BTreeSet<_>>()
            .len(),
        14
    );
    let users: BTreeSet<_> = all.iter().map(|s| s.user).collect();
    assert_eq!(users.len(), 1);
    assert!(all.iter().all(|s| s.event == EventType::InteractiveUser
        && s.user_type == Some(UserType::Member)
        && s.requirement == Some(Requirement::SingleFactor)
        && s.client_app.as_deref() == Some("Browser")
        && s.trust == Some(Trust::None)
        && s.steps.len() == 1
        && s.steps[0].method == "Previously satisfied"
        && s.steps[0].succeeded
        && s.count == 1));
    let (first, last) = stats.span.unwrap();
    assert!(
        (first - SENTINEL_FIRST).abs() < 1e-6 && (last - SENTINEL_LAST).abs() < 1e-6,
        "{first} {last}"
    );
    // 54 sign-ins in the 14:00 hour, 2 in the 15:00 hour (SUMMARY.md 2.1).
    let hour = |t: f64| ((t / 3600.0).floor() as i64).rem_euclid(24);
    assert_eq!(all.iter().filter(|s| hour(s.time) == 14).count(), 54);
    // A CSV column names the group (the 2-letter `Location` column).
    let (grouped, _) = support::all(
        &dir.join("sentinel-csv/azure-sentinel-training-lab_sign-in_adelete.csv"),
        Some("Location"),
    );
    assert!(
        grouped.iter().all(|s| s.group.as_deref() == Some("IL")),
        "{:?}",
        grouped[0].group
    );
}

#[test]
fn the_elastic_user_captures_share_two_to_fifteen() {
    let Some(dir) = samples() else { return };
    let jsonl = dir.join("azure-monitor-jsonl");
    let (interactive, stats) = all(
        &jsonl.join("elastic_test-signinlogs-sample.log"),
        Some("location.countryOrRegion"),
    );
    let (silent, _) = all(
        &jsonl.join("elastic_test-non-interactive-user-sample.log"),
        None,
    );
    assert_eq!(stats.format, "azure-monitor-jsonl");
    assert_eq!(interactive.len(), 2);
    assert_eq!(silent.len(), 15);
    assert!(
        interactive
            .iter()
            .all(|s| s.event == EventType::InteractiveUser && s.group.as_deref() == Some("IN"))
    );
    assert!(
        silent
            .iter()
            .all(|s| s.event == EventType::NonInteractiveUser)
    );
    let user = Some(Pseudonym::of("2ce85a15-8640-465d-b916-d2eac620a717"));
    assert!(interactive.iter().chain(&silent).all(|s| s.user == user));
    let mut apps = BTreeMap::new();
    for s in &silent {
        *apps.entry(s.app_name.clone().unwrap()).or_insert(0) += 1;
    }
    let expected = [
        ("ADIbizaUX", 8),
        ("Azure Portal", 6),
        ("Microsoft_Azure_Monitoring", 1),
    ];
    assert_eq!(
        apps,
        expected.iter().map(|(a, n)| (a.to_string(), *n)).collect()
    );
    assert_eq!(interactive[0].cae, Some(false));
    assert!((interactive[0].time - 1_643_001_008.681_666_3).abs() < 1e-6);
}

#[test]
fn workloads_have_no_user() {
    let Some(dir) = samples() else { return };
    let jsonl = dir.join("azure-monitor-jsonl");
    let (mi, _) = all(
        &jsonl.join("elastic_test-managed-identity-sample.log"),
        None,
    );
    assert_eq!(mi.len(), 33);
    assert!(
        mi.iter()
            .all(|s| s.event == EventType::ManagedIdentity && s.user.is_none())
    );
    assert_eq!(
        mi.iter()
            .filter_map(|s| s.app_name.as_deref())
            .collect::<BTreeSet<_>>()
            .len(),
        7
    );
    let (sp, _) = all(
        &jsonl.join("elastic_test-service-principal-signinlogs-sample.log"),
        None,
    );
    assert_eq!(sp.len(), 7);
    assert!(sp.iter().all(|s| s.event == EventType::ServicePrincipal
        && s.user.is_none()
        && s.app_name.as_deref() == Some("Terraform-Datadog-CLI")));
}

#[test]
fn the_category_decides_and_a_disagreeing_flag_is_counted() {
    let Some(dir) = samples() else { return };
    let (raw, stats) = all(
        &dir.join("azure-monitor-jsonl/elastic_test-signinlogs-raw.log"),
        None,
    );
    let events: Vec<_> = raw.iter().map(|s| s.event).collect();
    use EventType::*;
    assert_eq!(
        events,
        [
            InteractiveUser,
            NonInteractiveUser,
            ServicePrincipal,
            ServicePrincipal,
            ManagedIdentity
        ]
    );
    // Only the SignInLogs record says isInteractive:false against its category.
    let conflicts = stats
        .notes
        .iter()
        .find(|(w, _)| w.starts_with("isInteractive disagrees"));
    assert_eq!(conflicts.map(|c| c.1), Some(1), "{:?}", stats.notes);
    // 04:45:48.0729893-05:00 is 09:45:48.0729893 UTC.
    assert!(
        raw.iter()
            .all(|s| (s.time - 1_571_391_948.072_989_3).abs() < 1e-6)
    );
    let (alt, _) = all(
        &dir.join("azure-monitor-jsonl/elastic_test-alternative-time-and-duration-as-string.log"),
        None,
    );
    assert_eq!(alt.len(), 1);
    assert!(
        (alt[0].time - 1_763_084_776.428_297_5).abs() < 1e-6,
        "createdDateTime, not the envelope time"
    );
    assert_eq!(alt[0].trust, Some(Trust::Registered));
    assert_eq!(alt[0].requirement, None);
}

#[test]
fn every_time_spelling_elastic_reads_as_one_instant() {
    let Some(dir) = samples() else { return };
    let (all, stats) = all(
        &dir.join("azure-monitor-jsonl/elastic_test-time-formats-corner-cases.log"),
        None,
    );
    // Elastic's expected output: 2007-01-09T09:41:00Z, with these fractions.
    let fractions = [
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.22,
        0.6816663,
        0.535404056,
        0.992099,
        0.0,
    ];
    assert_eq!(all.len(), 11);
    for (s, f) in all.iter().zip(fractions) {
        assert!(
            (s.time - (INSTANT_2007 + f)).abs() < 1e-6,
            "{} vs {f}",
            s.time - INSTANT_2007
        );
    }
    assert_eq!(stats.span, Some((INSTANT_2007, INSTANT_2007 + 0.992099)));
}

#[test]
fn graph_documentation_pages() {
    let Some(dir) = samples() else { return };
    let g = dir.join("graph-json");
    // Duplicate keys: the last value wins (homeTenantId is written twice).
    let (beta, stats) = all(
        &g.join("graph-beta_signin-list_example1_response.json"),
        Some("homeTenantId"),
    );
    assert_eq!(stats.format, "graph-json");
    assert_eq!(beta.len(), 1);
    let s = &beta[0];
    assert_eq!(
        s.group.as_deref(),
        Some("99081087-73c4-48d1-a112-f60ff75114f7")
    );
    assert_eq!(
        (s.error_code, s.event, s.time),
        (50126, EventType::InteractiveUser, 1_625_070_872.0)
    );
    assert_eq!(
        (s.steps[0].method.as_str(), s.steps[0].succeeded),
        ("Password", false)
    );
    assert_eq!(s.incoming_token.as_deref(), Some("primaryRefreshToken"));
    assert_eq!(
        s.user,
        Some(Pseudonym::of("26be570a-1111-5555-b4e2-a37c6808512d"))
    );
    let (ex2, stats) = all(
        &g.join("graph-beta_signin-list_example2_response.json"),
        None,
    );
    assert_eq!(ex2.len(), 1);
    assert!(
        stats
            .notes
            .iter()
            .any(|(w, _)| w.contains("@odata.nextLink"))
    );
    let (legacy, _) = all(
        &g.join("graph-beta_signin-get_legacy2018_response.json"),
        None,
    );
    assert_eq!(legacy.len(), 1);
    assert!((legacy[0].time - 1_515_532_641.507_725_3).abs() < 1e-6);
    assert_eq!(legacy[0].client_app, None);
}

#[test]
fn malformed_published_examples_are_refused_with_their_place() {
    let Some(dir) = samples() else { return };
    let g = dir.join("graph-json");
    let trailing = refusal(&g.join("graph-v1.0_signin-list_example1_response.json"));
    assert!(
        trailing.contains("trailing comma") && trailing.contains(":64:"),
        "{trailing}"
    );
    assert!(trailing.contains("export the sign-ins again"), "{trailing}");
    let portal = refusal(&g.join("entra-docs_signin-log-schema_portal-download-sample.json"));
    assert!(
        portal.contains(":22:") && portal.contains("not valid JSON"),
        "{portal}"
    );
}

#[test]
fn registrations_and_policies_from_graph() {
    let Some(dir) = samples() else { return };
    let g = dir.join("graph-json");
    let mut users = Vec::new();
    let stats = read::registrations(
        &g.join("graph-v1.0_userregistrationdetails-list_response.json"),
        &mut |r| users.push(r),
    )
    .unwrap();
    assert_eq!(stats.records, 3);
    assert_eq!(
        users[0].user,
        Pseudonym::of("86462606-fde0-4fc4-9e0c-a20eb73e54c6")
    );
    assert_eq!(
        users[0].methods,
        ["microsoftAuthenticatorPush", "softwareOneTimePasscode"]
    );
    // "push" in v1.0's userPreferredMethodForSecondaryAuthentication.
    assert_eq!(
        users[0].default_mfa_method.as_deref(),
        Some("microsoftAuthenticatorPush")
    );
    assert_eq!(
        users[2].default_mfa_method.as_deref(),
        Some("mobilePhone"),
        "voiceMobile"
    );
    assert_eq!(users[1].user_type, Some(UserType::Guest));
    assert_eq!(
        (
            users[1].is_mfa_registered,
            users[1].default_mfa_method.as_deref()
        ),
        (Some(false), None)
    );
    let types: Vec<_> = users.iter().map(|u| u.user_type).collect();
    assert_eq!(
        types
            .iter()
            .filter(|t| **t == Some(UserType::Member))
            .count(),
        2
    );

    let (one, _) =
        read::policies(&g.join("graph-v1.0_conditionalaccesspolicy-get_response.json")).unwrap();
    let p = &one[0];
    assert_eq!(
        (p.name.as_str(), p.enforced),
        ("Demo app for documentation", false)
    );
    assert!(p.targets.all_apps && p.targets.guests_excluded && !p.targets.all_users);
    assert_eq!((p.targets.named, p.targets.excluded_apps.len()), (1 + 3, 7));
    assert!(p.mfa && p.compliant_device && p.joined_device && !p.block && !p.all_of);
    assert_eq!(p.sign_in_frequency, Some(4.0 * 3600.0));
    let (list, stats) =
        read::policies(&g.join("graph-v1.0_conditionalaccessroot-list-policies_response.json"))
            .unwrap();
    assert_eq!(stats.records, 2);
    assert!(list[0].block && !list[0].mfa && list[1].mfa && !list[1].block);
    assert!(
        list.iter()
            .all(|p| !p.targets.all_apps && p.targets.apps.is_empty() && p.targets.named == 0)
    );
}
