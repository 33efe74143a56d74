//! The incident library and its replays: each incident's duration worked by hand
//! from its UTC window, a source for each, `authsim incidents` as a table and as
//! JSON, a replay that equals the same window written by hand, the default start
//! placed by hand, and the replays refused with their line.

use authsim::scenario::incidents::{INCIDENTS, find};
use authsim::scenario::{RunPlan, load_str};
use std::path::Path;

mod common;
use common::refusal::{BASE, assert_bad_scenario, at, run_toml};
use common::{Scratch, stderr};

const MINUTE: f64 = 60.0;
const HOUR: f64 = 3600.0;
const DAY: f64 = 86_400.0;

/// Each incident's window, end minus start, in minutes, worked by hand.
const BY_HAND: [(&str, f64); 5] = [
    // 08:30 -> 11:30: 3 h.
    ("2018-04-06-auth", 180.0),
    // 04:39 -> 18:38: 13 h 59 min.
    ("2018-11-19-mfa", 13.0 * 60.0 + 59.0),
    // 14:25 -> 17:08: 2 h 43 min.
    ("2018-11-27-mfa", 2.0 * 60.0 + 43.0),
    // 21:25 -> 00:23 the next day: 35 min to midnight, then 23 min: 2 h 58 min.
    ("2020-09-28-auth", 2.0 * 60.0 + 58.0),
    // 08:01 -> 09:20: 1 h 19 min.
    ("2020-12-14-auth", 60.0 + 19.0),
    // 19:00 -> 09:25 the next day: 5 h to midnight, then 9 h 25 min: 14 h 25 min.
];

#[test]
fn every_incident_lasts_its_window_and_names_its_source() {
    let ids: Vec<&str> = INCIDENTS.iter().map(|i| i.id).collect();
    let by_hand: Vec<&str> = BY_HAND.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, by_hand, "every incident is worked by hand here");
    for (id, minutes) in BY_HAND {
        let i = find(id).unwrap();
        assert_eq!(i.duration(), minutes * MINUTE, "{id}");
        assert!(i.url.starts_with("https://"), "{id}: {}", i.url);
        assert!(!i.source.is_empty() && !i.scope.is_empty(), "{id}");
        assert!(
            ["token_service", "mfa_service"].contains(&i.component),
            "{id}: {}",
            i.component
        );
        assert!(
            id.starts_with(&i.start[..10]),
            "{id} is named by its first day"
        );
    }
}

#[test]
fn the_command_lists_them_as_a_table_as_json_and_one_in_full() {
    let s = Scratch::new("incidents", "command");
    let out = s.authsim(&["incidents"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8(out.stdout).unwrap();
    let listed = BY_HAND.iter().filter(|(id, _)| table.contains(id)).count();
    assert!(listed >= 5, "{table}");
    assert!(
        table.contains("04:39-18:38") && table.contains("13h59m"),
        "{table}"
    );
    assert!(table.contains("worst case"), "{table}");
    // Within 110 columns but for the addresses, kept whole: each incident's
    // scope and source on lines beneath its row.
    for line in table
        .lines()
        .filter(|l| !l.trim_start().starts_with("source: "))
    {
        assert!(line.chars().count() <= 110, "{line:?} is too wide");
    }
    for (id, _) in BY_HAND {
        let row = table.lines().position(|l| l.starts_with(id)).unwrap();
        let below: Vec<&str> = (table.lines().skip(row + 1))
            .take_while(|l| l.starts_with(' '))
            .map(str::trim_start)
            .collect();
        let (first, last) = (below.first(), below.last());
        assert!(
            first.is_some_and(|l| l.starts_with("scope: ")),
            "{id}: {below:?}"
        );
        assert!(
            last.is_some_and(|l| l.starts_with("source: https://")),
            "{id}: {below:?}"
        );
    }

    let out = s.authsim(&["incidents", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = json["incidents"].as_array().unwrap();
    assert!(list.len() >= 5);
    let mfa = list.iter().find(|i| i["id"] == "2018-11-19-mfa").unwrap();
    assert_eq!(mfa["duration_minutes"], 839.0);
    assert_eq!(mfa["component"], "mfa_service");

    let out = s.authsim(&["incidents", "2018-11-19-mfa"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let full = String::from_utf8(out.stdout).unwrap();
    assert!(
        full.contains("outages = [{ incident = \"2018-11-19-mfa\" }]"),
        "{full}"
    );

    let out = s.authsim(&["incidents", "2018-11-19-mfx"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("did you mean `2018-11-19-mfa`"), "{err}");
}

/// BASE whose token service fails on `outage`, over a 14-day horizon.
fn replaying(outage: &str, warmup: &str) -> String {
    BASE.replacen(
        "[components.token_service]\n",
        &format!("[components.token_service]\noutages = [{outage}]\n"),
        1,
    )
    .replacen("horizon = \"3d\"", "horizon = \"14d\"", 1)
    .replacen("warmup = \"1d\"", &format!("warmup = \"{warmup}\""), 1)
}

fn plan(text: &str) -> RunPlan {
    load_str(text, Path::new("test.toml")).unwrap_or_else(|e| panic!("{e}"))
}

/// The token service's one outage window, in seconds from the start.
fn window(text: &str) -> (f64, f64) {
    let plan = plan(text);
    let o = &plan.variants[0].scenario.components["token_service"].outages[0];
    (o.start.0, o.duration.0)
}

#[test]
fn a_replay_is_the_window_written_by_hand() {
    let replay = replaying(
        "{ incident = \"2020-12-14-auth\", start = \"2d 08:01\" }",
        "1d",
    );
    let by_hand = replaying("{ start = \"2d 08:01\", duration = \"1h19m\" }", "1d");
    assert_eq!(window(&replay), window(&by_hand));
    let s = Scratch::new("incidents", "replay");
    for (out, text) in [("replay", &replay), ("by-hand", &by_hand)] {
        s.write("scenario.toml", text);
        let o = s.authsim(&[
            "run",
            "scenario.toml",
            "--out",
            out,
            "--quiet",
            "--no-charts",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(s.read("replay/summary.csv"), s.read("by-hand/summary.csv"));
}

#[test]
fn without_a_start_a_replay_falls_on_its_own_weekday_and_time_after_the_warm_up() {
    let at = |d: f64, h: f64, m: f64| d * DAY + h * HOUR + m * MINUTE;
    // 2018-11-19 was a Monday; the simulation starts on a Monday 00:00, so
    // Monday 04:39 of the first week is inside a 1-day warm-up: the next Monday.
    let mfa = replaying("{ incident = \"2018-11-19-mfa\" }", "1d");
    assert_eq!(window(&mfa), (at(7.0, 4.0, 39.0), at(0.0, 13.0, 59.0)));
    // 2018-04-06 was a Friday: day 4 at 08:30, after a 1-day warm-up...
    let friday = replaying("{ incident = \"2018-04-06-auth\" }", "1d");
    assert_eq!(window(&friday).0, at(4.0, 8.0, 30.0));
    // ...and a week later after a 5-day one.
    let later = replaying("{ incident = \"2018-04-06-auth\" }", "5d");
    assert_eq!(window(&later).0, at(11.0, 8.0, 30.0));
    // Exactly at the warm-up's end counts as at or after it.
    let exact = replaying("{ incident = \"2018-04-06-auth\" }", "4d 08:30");
    assert_eq!(window(&exact).0, at(4.0, 8.0, 30.0));
    // The resolved file writes the placed start and no duration, and loads again alike.
    let first = plan(&mfa);
    let resolved = first.resolved_toml();
    assert!(
        resolved.contains("incident = \"2018-11-19-mfa\"") && !resolved.contains("13h59m"),
        "{resolved}"
    );
    assert_eq!(window(&resolved), window(&mfa));
}

/// A replay that runs past the horizon plays only its start: said, with how
/// much is lost (13h59m from 13d 12:00 ends at 14d 01:59, 1h59m past 14d).
#[test]
fn a_replay_cut_short_by_the_horizon_is_warned_about() {
    let cut = plan(&replaying(
        "{ incident = \"2018-11-19-mfa\", start = \"13d 12:00\" }",
        "1d",
    ));
    let said: Vec<String> = cut.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    for needle in [
        "test.toml:",
        "replays incident \"2018-11-19-mfa\" from 13d 12:00 to 14d 01:59",
        "past the horizon (14d): its last 1h59m are not played",
    ] {
        assert!(said[0].contains(needle), "{needle:?} not in {said:?}");
    }
    // Ending at the horizon, it is whole.
    let whole = plan(&replaying(
        "{ incident = \"2018-11-19-mfa\", start = \"13d 10:01\" }",
        "1d",
    ));
    assert!(whole.warnings.is_empty(), "{:?}", whole.warnings);
}

/// `check` says where each replay falls, one without `start` where the
/// warm-up put it (2018-11-19 was a Monday: 04:39 on day 7 after a 1-day
/// warm-up), and what the incident took down where it is replayed on another
/// component; `--json` gives the same windows in seconds.
#[test]
fn check_shows_where_each_replay_falls() {
    let text = replaying(
        "{ incident = \"2018-11-19-mfa\" }, { incident = \"2020-12-14-auth\", start = \"2d 08:01\" }",
        "1d",
    );
    let s = Scratch::new("incidents", "check");
    s.write("scenario.toml", &text);
    let o = s.authsim(&["check", "scenario.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = String::from_utf8(o.stdout).unwrap();
    for line in [
        "  replays 2018-11-19-mfa on token_service, 7d 04:39 to 7d 18:38 (it took down mfa_service)",
        "  replays 2020-12-14-auth on token_service, 2d 08:01 to 2d 09:20\n",
    ] {
        assert!(said.contains(line), "{line:?} not in {said}");
    }
    let o = s.authsim(&["check", "scenario.toml", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let at = |d: f64, h: f64, m: f64| d * DAY + h * HOUR + m * MINUTE;
    assert_eq!(json["replays"][0]["incident"], "2018-11-19-mfa");
    assert_eq!(json["replays"][0]["start_s"], at(7.0, 4.0, 39.0));
    assert_eq!(json["replays"][0]["end_s"], at(7.0, 18.0, 38.0));
    assert_eq!(json["replays"][1]["on"], "token_service");
}

#[test]
fn a_replay_is_refused_with_its_line_where_it_cannot_be() {
    let cases = [
        (
            "{ incident = \"2018-11-19-mfx\" }",
            vec![
                "did you mean `2018-11-19-mfa`",
                "(`authsim incidents` lists them); did you mean",
            ],
        ),
        (
            "{ incident = \"2018-11-19-mfa\", duration = \"1h\" }",
            vec!["lasts as long as it did (13h59m)", "remove `duration`"],
        ),
        (
            "{ incident = \"2018-11-19-mfa\", start = \"2d\", every = \"7d\" }",
            vec!["happened once", "remove `every`"],
        ),
        ("{ start = \"2d\" }", vec!["missing: give", "duration"]),
    ];
    for (i, (outage, words)) in cases.iter().enumerate() {
        let text = replaying(outage, "1d");
        let place = at(&text, "outages = ");
        let line = place.split(':').nth(1).unwrap().to_string();
        let out = run_toml(&format!("replay-{i}"), &text, &[]);
        let mut needles = words.clone();
        let line = format!("scenario.toml:{line}:");
        needles.push(&line);
        assert_bad_scenario(&out, &needles);
    }
    // Placed at its own time (a Monday 04:39, the first after a warm-up ending
    // on day 7 at noon: day 14), past the 14-day horizon: the message says why
    // it landed there and what to do.
    let text = replaying("{ incident = \"2018-11-19-mfa\" }", "7d 12:00");
    let out = run_toml("replay-late", &text, &[]);
    assert_bad_scenario(
        &out,
        &[
            "starts at 14d 04:39, after the horizon (14d)",
            "without `start`, incident \"2018-11-19-mfa\" comes at its own weekday and UTC time",
            "give `start`, or a horizon past 14d18h38m",
        ],
    );
    // Given a start past the horizon, it is not told it has none.
    let text = replaying("{ incident = \"2018-11-19-mfa\", start = \"20d\" }", "1d");
    let out = run_toml("replay-given", &text, &[]);
    assert_bad_scenario(&out, &["after the horizon (14d)"]);
    assert!(!out.stderr.contains("without `start`"), "{}", out.stderr);
}
