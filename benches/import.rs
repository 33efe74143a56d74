//! `cargo bench --bench import`: how fast the importer reads and aggregates
//! an export, and that its memory stays flat in its size. N synthetic Graph
//! sign-in records (JSON lines, about 0.9 kB each, like a real `signIn`
//! without location detail) are generated on the fly by a `Read` (no disk),
//! read by `read::sign_ins_from` into the first pass (`Aggregator::add`),
//! then read again into the second (`validity::Validity::add`, every user in
//! one of 4 cohorts, 60-90 min tokens); it prints records/s by the clock and
//! by the CPU time the process had (the machine is shared: under load the
//! clock figure drops, the CPU one holds), and the peak resident memory
//! (VmHWM), which stays flat as N grows.
//!
//! N is `AUTHSIM_IMPORT_BENCH_RECORDS` (default 1,000,000); for ten million:
//! `AUTHSIM_IMPORT_BENCH_RECORDS=10000000 cargo bench --bench import`.

use std::io::Read;
use std::path::Path;
use std::time::Instant;

use authsim::montecarlo::bench::peak_resident_bytes;
use authsim_import::aggregate::Aggregator;
use authsim_import::infer::ACCESS_TOKEN;
use authsim_import::validity::{self, Validity};
use authsim_signins::read;
use std::collections::HashMap;

const DEFAULT_RECORDS: u64 = 1_000_000;
const USERS: u64 = 50_000;
const APPS: [(&str, &str); 4] = [
    ("1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams"),
    (
        "00000002-0000-0ff1-ce00-000000000000",
        "Office 365 Exchange Online",
    ),
    ("c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Azure Portal"),
    ("d3590ed6-52b3-4102-aeff-aad2292ab01c", "Microsoft Office"),
];

/// Graph sign-in records, one a line, made as they are read.
struct Synthetic {
    left: u64,
    next: u64,
    line: Vec<u8>,
    at: usize,
}

impl Synthetic {
    fn fill(&mut self) {
        use std::io::Write;
        let i = self.next;
        self.next += 1;
        self.left -= 1;
        let (app_id, app) = APPS[(i % 4) as usize];
        let interactive = i.is_multiple_of(5);
        // 2024-03-04T00:00:00Z, one record every 50 ms.
        let t = 1_709_510_400_000 + i * 50;
        let (secs, ms) = (t / 1000, t % 1000);
        let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
        let day = 4 + secs.saturating_sub(1_709_510_400) / 86_400;
        self.line.clear();
        self.at = 0;
        write!(
            self.line,
            r#"{{"id":"{i:08x}-0000-0000-0000-000000000000","createdDateTime":"2024-03-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}0000Z","userDisplayName":"User {u}","userPrincipalName":"user{u}@example.com","userId":"{u:08x}-1111-1111-1111-111111111111","appId":"{app_id}","appDisplayName":"{app}","ipAddress":"203.0.113.{o}","clientAppUsed":"Browser","isInteractive":{interactive},"signInEventTypes":["{kind}"],"status":{{"errorCode":{code},"failureReason":null,"additionalDetails":null}},"deviceDetail":{{"deviceId":"","displayName":null,"operatingSystem":"Windows 10","browser":"Edge 120.0.0","isCompliant":{compliant},"isManaged":false,"trustType":"{trust}"}},"authenticationRequirement":"{req}","authenticationDetails":[{{"authenticationStepDateTime":"2024-03-04T00:00:00Z","authenticationMethod":"Password","succeeded":true}},{{"authenticationMethod":"Mobile app notification","succeeded":true}}],"authenticationProcessingDetails":[{{"key":"Is CAE Token","value":"False"}}],"incomingTokenType":"none","resourceDisplayName":"Microsoft Graph","userType":"member"}}"#,
            u = i % USERS,
            o = i % 250,
            kind = if interactive { "interactiveUser" } else { "nonInteractiveUser" },
            code = if i.is_multiple_of(50) { 50126 } else { 0 },
            compliant = i.is_multiple_of(3),
            trust = ["", "Azure AD joined", "Azure AD registered"][(i % 3) as usize],
            req = if interactive { "multiFactorAuthentication" } else { "singleFactorAuthentication" },
        )
        .expect("writing to a Vec");
        self.line.push(b'\n');
    }
}

impl Read for Synthetic {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            if self.at == self.line.len() {
                if self.left == 0 {
                    break;
                }
                self.fill();
            }
            let k = (self.line.len() - self.at).min(buf.len() - n);
            buf[n..n + k].copy_from_slice(&self.line[self.at..self.at + k]);
            self.at += k;
            n += k;
        }
        Ok(n)
    }
}

fn main() {
    let records = std::env::var("AUTHSIM_IMPORT_BENCH_RECORDS")
        .ok()
        .and_then(|n| n.replace('_', "").parse::<f64>().ok())
        .map_or(DEFAULT_RECORDS, |n| n as u64);
    let source = || Synthetic {
        left: records,
        next: 0,
        line: Vec::new(),
        at: 0,
    };
    let (mut seen, mut mfa) = (0u64, 0u64);
    let start = Instant::now();
    let cpu_start = cpu_seconds();
    let mut agg = Aggregator::new(0.0);
    let stats = read::sign_ins_from(
        source(),
        Path::new("synthetic.jsonl"),
        Some("location.countryOrRegion"),
        &mut |s| {
            seen += 1;
            mfa +=
                u64::from(s.requirement == Some(authsim_signins::record::Requirement::MultiFactor));
            agg.add(s);
        },
    )
    .expect("the synthetic export reads");
    let cohort_of: HashMap<_, usize> = agg
        .users
        .keys()
        .enumerate()
        .map(|(i, u)| (*u, i % 4))
        .collect();
    let (incidents, _) = validity::incidents(&agg, &cohort_of);
    let mut second = Validity {
        offset: 0.0,
        cohort_of: &cohort_of,
        agg: &agg,
        lifetimes: vec![ACCESS_TOKEN; agg.apps.len()],
        incidents: &incidents,
        bins: HashMap::new(),
    };
    read::sign_ins_from(source(), Path::new("synthetic.jsonl"), None, &mut |s| {
        second.add(&s)
    })
    .expect("the synthetic export reads again");
    let sign_ins: f64 = second.bins.values().flat_map(|b| &b.sign_ins).sum();
    let seconds = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds()
        .zip(cpu_start)
        .map_or("unknown".to_string(), |(b, a)| {
            format!("{:.0}", records as f64 / (b - a))
        });
    assert_eq!((stats.records, seen), (records, records));
    assert_eq!(mfa, records.div_ceil(5));
    // Every record but the failed one in 50 is a counted sign-in.
    assert_eq!(sign_ins as u64, records - records.div_ceil(50));
    let peak = peak_resident_bytes().map_or("unknown".to_string(), |b| {
        format!("{:.1} MiB", b as f64 / 1048576.0)
    });
    println!(
        "import: {records} Graph JSON-lines records, read and aggregated twice (two passes), in {seconds:.2} s: {:.0} records/s ({cpu} per CPU second); {} users, {} user-apps; peak memory (VmHWM) {peak}",
        records as f64 / seconds,
        agg.users.len(),
        agg.pairs.len()
    );
}

/// Seconds this thread has run on a CPU (`/proc/self/schedstat`, Linux).
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
