//! Long-format CSV, readable by pandas, polars and spreadsheets without cleaning:
//! `variant`, one column per swept parameter, the slice (`cohort`, `mix`, `app`),
//! then the record's own fields. The same code writes and reads every CSV a run
//! folder holds.

use super::MAX_RUN_FILE_BYTES;
use super::cells::{Sheet, plain};
use super::records::{NEWER_COLUMNS, Parameters, Row};
use super::summary::PERCENTILE_COLUMNS;
use authsim_core::error::{Error, Located};
use authsim_core::input::{plausible, read_regular};
use authsim_core::montecarlo::slices::ALL;
use serde::Serialize;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use std::borrow::Borrow;
use std::io::Write;
use std::path::Path;

/// The slice's columns, between the parameters and the record: a slice's
/// `cohort/mix` (`montecarlo::slices`) is two columns, so each holds one variable.
pub(super) const SLICE: [&str; 3] = ["cohort", "mix", "app"];
/// The slice's columns in files before `mix` (0.7 and earlier).
const SLICE_BEFORE_MIX: [&str; 2] = ["cohort", "app"];

/// A slice's cohort as its two columns: the cohort, and its mix (empty for the
/// whole cohort).
pub(super) fn cohort_and_mix(cohort: &str) -> (&str, &str) {
    cohort.split_once('/').unwrap_or((cohort, ""))
}

pub fn write<R: Serialize + DeserializeOwned>(
    out: impl Write,
    parameters: &[String],
    rows: &[Row<R>],
) -> std::io::Result<()> {
    write_rows(out, parameters, rows)
}

/// The rows as they come, made as they are written: for files too long to
/// build first.
pub fn write_rows<R: Serialize + DeserializeOwned>(
    out: impl Write,
    parameters: &[String],
    rows: impl IntoIterator<Item = impl Borrow<Row<R>>>,
) -> std::io::Result<()> {
    let mut w = Sheet::new(out);
    let head = std::iter::once("variant")
        .chain(parameters.iter().map(String::as_str))
        .chain(SLICE)
        .chain(field_names::<R>().iter().copied());
    w.row(head)?;
    for row in rows {
        let row = row.borrow();
        let values = row.parameters.0.iter().map(|(_, v)| v.as_str());
        let (cohort, mix) = cohort_and_mix(&row.cohort);
        let text = std::iter::once(row.variant.as_str()).chain(values).chain([
            cohort,
            mix,
            row.app.as_str(),
        ]);
        w.record(text, &row.fields)?;
    }
    w.flush()
}

/// The file's swept parameters and rows. Every problem is located by line and
/// column; a value no run writes (a non-finite number) is one.
pub fn read<R: DeserializeOwned>(path: &Path) -> Result<(Vec<String>, Vec<Row<R>>), Error> {
    let fail = |line: Option<u64>, message: String| {
        Error::RunFolder(Located {
            file: path.to_path_buf(),
            at: None,
            message: match line {
                Some(line) => format!("line {line}: {message}"),
                None => message,
            },
        })
    };
    let bytes = read_regular(path, MAX_RUN_FILE_BYTES, |why| fail(None, why))?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers: csv::StringRecord = reader
        .headers()
        .map_err(|e| fail(Some(1), e.to_string()))?
        .iter()
        .map(plain)
        .collect();
    // A column added since a file was written is left to its default.
    let fields: Vec<&str> = field_names::<R>()
        .iter()
        .copied()
        .filter(|f| {
            let newer = NEWER_COLUMNS.contains(f) || PERCENTILE_COLUMNS.contains(f);
            !newer || headers.iter().any(|h| h == *f)
        })
        .collect();
    // Files older than the slice columns have none: every row is the whole
    // population; files before `mix` hold it in `cohort`.
    let slice_before = |columns: &[&str]| {
        headers.len() > fields.len() + columns.len()
            && headers
                .iter()
                .rev()
                .skip(fields.len())
                .take(columns.len())
                .eq(columns.iter().rev().copied())
    };
    let slice_columns = [&SLICE[..], &SLICE_BEFORE_MIX[..]]
        .into_iter()
        .find(|c| slice_before(c))
        .map_or(0, <[&str]>::len);
    let parameters = headers.len().checked_sub(1 + slice_columns + fields.len());
    let tail_matches = headers
        .iter()
        .rev()
        .take(fields.len())
        .eq(fields.iter().rev().copied());
    let (Some(parameters), true, Some("variant")) = (parameters, tail_matches, headers.get(0))
    else {
        return Err(fail(
            Some(1),
            format!(
                "expected the columns variant, the swept parameters, cohort, mix, app, then {}",
                fields.join(",")
            ),
        ));
    };
    let names: Vec<String> = headers
        .iter()
        .skip(1)
        .take(parameters)
        .map(String::from)
        .collect();
    let field_headers = csv::StringRecord::from(fields.clone());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| fail(e.position().map(|p| p.line()), e.to_string()))?;
        let line = record.position().map(|p| p.line());
        let record: csv::StringRecord = record.iter().map(plain).collect();
        let tail: csv::StringRecord = record.iter().skip(1 + parameters + slice_columns).collect();
        let at = |i: usize| &record[1 + parameters + i];
        let (cohort, app) = match slice_columns {
            0 => (ALL.to_string(), ALL.to_string()),
            2 => (at(0).to_string(), at(1).to_string()),
            _ => match at(1) {
                "" => (at(0).to_string(), at(2).to_string()),
                mix => (format!("{}/{mix}", at(0)), at(2).to_string()),
            },
        };
        for (name, value) in fields.iter().zip(&tail) {
            if value.parse::<f64>().is_ok_and(|x| !plausible(x)) {
                return Err(fail(
                    line,
                    format!("column `{name}`: `{value}` is not a number a run writes"),
                ));
            }
        }
        let row: R = tail.deserialize(Some(&field_headers)).map_err(|e| {
            let column = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => {
                    err.field().and_then(|i| fields.get(i as usize))
                }
                _ => None,
            };
            let at = column.map_or(String::new(), |c| format!("column `{c}`: "));
            fail(line, format!("{at}{e}"))
        })?;
        rows.push(Row {
            variant: record[0].to_string(),
            cohort,
            app,
            parameters: Parameters(
                names
                    .iter()
                    .cloned()
                    .zip(record.iter().skip(1).map(String::from))
                    .collect(),
            ),
            fields: row,
        });
    }
    Ok((names, rows))
}

/// The field names of a record type, in order: serde hands them to the
/// deserializer, which stops there.
fn field_names<R: DeserializeOwned>() -> &'static [&'static str] {
    struct Names<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Names<'_> {
        type Error = de::value::Error;
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("only the field names were wanted"))
        }
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("a record is a struct"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut names: &'static [&'static str] = &[];
    let _ = R::deserialize(Names(&mut names));
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::SummaryRecord;
    use authsim_core::montecarlo::metrics::Metric;
    use authsim_core::montecarlo::percentiles::{Percentile, REPORTED};

    #[test]
    fn rows_read_back_as_written() {
        let dir = std::env::temp_dir().join(format!("authsim-long-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("summary.csv");
        let row = |variant: &str, lifetime: &str, mean| Row {
            variant: variant.to_string(),
            cohort: ALL.to_string(),
            app: ALL.to_string(),
            parameters: Parameters(vec![(
                "policy.access_token_lifetime".into(),
                lifetime.into(),
            )]),
            fields: SummaryRecord {
                metric: Metric::DenialRate,
                modelled: true,
                mean,
                sd: Some(0.125),
                ci95_half_width: 0.5,
                ci95_low: Some(0.0),
                ci95_high: Some(mean + 0.75),
                event_replications: Some(2),
                few_events: true,
                replications: 3,
                seed: 7,
                percentiles: REPORTED
                    .map(|p| Percentile {
                        p,
                        estimate: mean * p,
                        low: Some(0.0),
                        high: (p < 0.99).then_some(mean),
                    })
                    .to_vec(),
            },
        };
        let rows = vec![
            row("baseline", "", 0.25),
            row("policy.access_token_lifetime=4h", "4h", 1.0),
        ];
        let mut bytes = Vec::new();
        write(
            &mut bytes,
            &["policy.access_token_lifetime".to_string()],
            &rows,
        )
        .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with(
            "variant,policy.access_token_lifetime,cohort,mix,app,metric,mean,sd,ci95_half_width,\
             ci95_low,ci95_high,event_replications,few_events,replications,seed,\
             p50,p50_low,p50_high,p90,p90_low,p90_high,p99,p99_low,p99_high\n"
        ));
        assert!(
            text.contains(
                "\nbaseline,,all,,all,denial_rate,0.25,0.125,0.5,0.0,1.0,2,true,3,7,\
                 0.125,0.0,0.25,0.225,0.0,0.25,0.2475,0.0,\n"
            ),
            "{text}"
        );
        std::fs::write(&path, &text).unwrap();
        let (names, back) = read::<SummaryRecord>(&path).unwrap();
        assert_eq!(names, ["policy.access_token_lifetime"]);
        assert_eq!(back, rows);
        // A file of 0.3, before the interval's own columns: read with their defaults.
        let older = "variant,cohort,app,metric,mean,ci95_half_width,replications,seed\n\
                     baseline,all,all,denial_rate,0.25,0.5,3,7\n";
        std::fs::write(&path, older).unwrap();
        let (_, back) = read::<SummaryRecord>(&path).unwrap();
        let fields = &back[0].fields;
        assert_eq!((fields.ci95_low, fields.event_replications), (None, None));
        assert_eq!(fields.interval(), (-0.25, 0.75));
        // A metric not modelled is written empty, and read back as the 0 it is.
        let mut not_modelled = rows[0].clone();
        not_modelled.fields.modelled = false;
        not_modelled.fields.mean = 0.0;
        not_modelled.parameters = Parameters::default();
        let mut bytes = Vec::new();
        write(&mut bytes, &[], std::slice::from_ref(&not_modelled)).unwrap();
        let written = String::from_utf8(bytes).unwrap();
        assert!(
            written.ends_with("\nbaseline,all,,all,denial_rate,,,,,,,,3,7,,,,,,,,,\n"),
            "{written}"
        );
        std::fs::write(&path, &written).unwrap();
        let (_, back) = read::<SummaryRecord>(&path).unwrap();
        let fields = &back[0].fields;
        assert_eq!(
            (fields.modelled, fields.mean, fields.interval()),
            (false, 0.0, (0.0, 0.0))
        );
        std::fs::write(
            &path,
            text.replace("1.0,0.125,0.5,0.0,", "inf,0.125,0.5,0.0,"),
        )
        .unwrap();
        let e = read::<SummaryRecord>(&path).unwrap_err().to_string();
        assert!(
            e.contains("line 3: column `mean`: `inf` is not a number a run writes"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_time_bucket_reads_back_with_its_series_columns() {
        use crate::records::TimeseriesRecord;
        let dir = std::env::temp_dir().join(format!("authsim-series-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let row = Row {
            variant: "baseline".to_string(),
            parameters: Parameters::default(),
            cohort: "staff/password+sms".to_string(),
            app: "mail".to_string(),
            fields: TimeseriesRecord {
                bucket_start_s: 86400.0,
                bucket_start: "1d 00:00".to_string(),
                values: [
                    (0.25, 0.5),
                    (12.0, 1.5),
                    (3.0, 0.5),
                    (2.0, 0.25),
                    (0.125, 0.0),
                ],
                seed: 3,
            },
        };
        let mut bytes = Vec::new();
        write(&mut bytes, &[], std::slice::from_ref(&row)).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "variant,cohort,mix,app,bucket_start_s,bucket_start,locked_out_share,locked_out_share_ci95,\
             token_requests_per_min,token_requests_per_min_ci95,prompts_per_min,prompts_per_min_ci95,\
             mfa_prompts_per_min,mfa_prompts_per_min_ci95,workload_denied_per_min,\
             workload_denied_per_min_ci95,seed\nbaseline,staff,password+sms,mail,86400.0,1d 00:00,\
             0.25,0.5,12.0,1.5,3.0,0.5,2.0,0.25,0.125,0.0,3\n"
        );
        let path = dir.join("timeseries.csv");
        std::fs::write(&path, &text).unwrap();
        assert_eq!(
            read::<TimeseriesRecord>(&path).unwrap().1,
            std::slice::from_ref(&row)
        );
        // A file of 0.7, before `mix`: the cohort column holds both.
        let older = text
            .replace("cohort,mix,app", "cohort,app")
            .replace("staff,password+sms,", "staff/password+sms,");
        std::fs::write(&path, older).unwrap();
        assert_eq!(read::<TimeseriesRecord>(&path).unwrap().1, [row]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
