//! The readers stream: the first record reaches the caller long before the
//! export has been read, whether it is one pretty-printed Graph page or
//! JSON lines.

use std::cell::Cell;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use authsim_signins::read;

const RECORDS: usize = 20_000;

/// Bytes handed out, counted as they are read.
struct Counted {
    text: Vec<u8>,
    at: usize,
    read: Rc<Cell<usize>>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.text.len() - self.at).min(4096);
        buf[..n].copy_from_slice(&self.text[self.at..self.at + n]);
        self.at += n;
        self.read.set(self.at);
        Ok(n)
    }
}

fn record(i: usize) -> String {
    format!(
        r#"{{"createdDateTime": "2024-03-04T08:00:00Z", "userId": "user-{i}", "status": {{"errorCode": 0}}}}"#
    )
}

/// Bytes read when the first record arrived, and the export's size.
fn first_record_after(text: String) -> (usize, usize) {
    let read = Rc::new(Cell::new(0));
    let total = text.len();
    let source = Counted {
        text: text.into_bytes(),
        at: 0,
        read: read.clone(),
    };
    let mut at_first = None;
    let stats = read::sign_ins_from(source, Path::new("generated.json"), None, &mut |_| {
        at_first.get_or_insert(read.get());
    })
    .unwrap();
    assert_eq!(stats.records, RECORDS as u64);
    (at_first.unwrap(), total)
}

#[test]
fn a_pretty_page_streams() {
    let records: Vec<String> = (0..RECORDS).map(record).collect();
    let page = format!(
        "{{\n  \"value\": [\n    {}\n  ]\n}}\n",
        records.join(",\n    ")
    );
    let (first, total) = first_record_after(page);
    assert!(
        total > 1_500_000 && first < 200_000,
        "{first} of {total} bytes read"
    );
}

#[test]
fn json_lines_stream() {
    let lines: String = (0..RECORDS).map(|i| record(i) + "\n").collect();
    let (first, total) = first_record_after(lines);
    assert!(
        total > 1_500_000 && first < 200_000,
        "{first} of {total} bytes read"
    );
}
