//! `replications.journal`: each replication of an unfinished run or a shard,
//! appended and flushed to disk as it finishes, so that a process stopped in any
//! way loses only the replications in flight.
//!
//! The file starts with a magic line and the fingerprint of what it is a run of;
//! then one record per replication: its length and CRC-32 (little-endian u32s)
//! and the replication's index and figures (postcard, which keeps every float's
//! bits). A record cut short by a killed process fails its length or checksum:
//! reading stops there, and a resumed run writes over it.

use authsim_core::error::{Error, Located};
use authsim_core::montecarlo::shard::span;
use authsim_core::montecarlo::{Journal, ReplicationResult};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const MAGIC: &[u8; 16] = b"authsim journal\n";
const HEADER: u64 = MAGIC.len() as u64 + 8;

/// The replications a journal file holds, by index.
pub type Recorded = BTreeMap<u32, ReplicationResult>;

/// A journal open for appending, holding the lock that tells other processes a
/// live run writes it.
#[derive(Debug)]
pub struct JournalFile {
    path: PathBuf,
    file: Mutex<File>,
    /// What an earlier process recorded, taken as the run reaches each.
    earlier: Mutex<Recorded>,
}

impl JournalFile {
    /// A new journal (the file must not exist).
    pub fn create(path: &Path, fingerprint: u64) -> Result<JournalFile, Error> {
        let file = OpenOptions::new()
            .create_new(true)
            .read(true)
            .write(true)
            .open(path)
            .map_err(Error::write(path))?;
        lock(&file, path)?;
        JournalFile::begin(file, path, fingerprint)
    }

    /// An existing journal, to go on with: what it holds is read, and a record
    /// left half-written is cut off. One a crash left without its header (or
    /// without the file) starts again empty. A journal holding a replication
    /// outside `range`, which going on would lose, is refused untouched.
    pub fn resume(path: &Path, fingerprint: u64, range: Range<u32>) -> Result<JournalFile, Error> {
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)
            .map_err(Error::write(path))?;
        lock(&file, path)?;
        let size = file.metadata().map_err(Error::write(path))?.len();
        if size < HEADER {
            file.set_len(0).map_err(Error::write(path))?;
            return JournalFile::begin(file, path, fingerprint);
        }
        let (earlier, end) = read_records(&file, path, fingerprint)?;
        within(&earlier, &range, path)?;
        file.set_len(end)
            .and_then(|()| file.seek(SeekFrom::End(0)).map(drop))
            .map_err(Error::write(path))?;
        Ok(JournalFile {
            path: path.to_path_buf(),
            file: Mutex::new(file),
            earlier: Mutex::new(earlier),
        })
    }

    /// Writes the header into an empty file, synced.
    fn begin(mut file: File, path: &Path, fingerprint: u64) -> Result<JournalFile, Error> {
        let mut header = MAGIC.to_vec();
        header.extend(fingerprint.to_le_bytes());
        file.write_all(&header)
            .and_then(|()| file.sync_all())
            .map_err(Error::write(path))?;
        Ok(JournalFile {
            path: path.to_path_buf(),
            file: Mutex::new(file),
            earlier: Mutex::new(Recorded::new()),
        })
    }

    /// The journal's folder was renamed: messages name where it is now.
    pub fn moved_to(&mut self, path: &Path) {
        self.path = path.to_path_buf();
    }

    /// What earlier processes recorded that the run has not taken (yet).
    pub fn untaken(&self) -> Vec<u32> {
        self.earlier
            .lock()
            .map_or(Vec::new(), |e| e.keys().copied().collect())
    }
}

impl Journal for JournalFile {
    type Error = Error;

    fn recorded(&self, index: u32) -> Option<ReplicationResult> {
        self.earlier.lock().ok()?.remove(&index)
    }

    fn record(&self, index: u32, result: &ReplicationResult) -> Result<(), Error> {
        let payload = postcard::to_stdvec(&(index, result)).expect("figures always serialize");
        let mut record = Vec::with_capacity(payload.len() + 8);
        record.extend((payload.len() as u32).to_le_bytes());
        record.extend(crc32fast::hash(&payload).to_le_bytes());
        record.extend(payload);
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        // One write per record, synced: a crash keeps whole records only.
        file.write_all(&record)
            .and_then(|()| file.sync_data())
            .map_err(Error::write(&self.path))
    }
}

/// The replications a journal holds, for reading only (a shard to merge), all
/// inside `range`.
pub fn read(path: &Path, fingerprint: u64, range: Range<u32>) -> Result<Recorded, Error> {
    let file = File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let recorded = read_records(&file, path, fingerprint)?.0;
    within(&recorded, &range, path)?;
    Ok(recorded)
}

/// Every replication recorded is one its folder's manifest plays: one outside
/// says the manifest was edited after it was played, and is never dropped.
fn within(recorded: &Recorded, range: &Range<u32>, path: &Path) -> Result<(), Error> {
    let outside: Vec<u32> = recorded
        .keys()
        .copied()
        .filter(|i| !range.contains(i))
        .collect();
    if outside.is_empty() {
        return Ok(());
    }
    Err(Error::RunFolder(Located {
        file: path.to_path_buf(),
        at: None,
        message: format!(
            "holds replications {} outside the replications {} its folder's manifest now plays: the manifest was edited after they were played, and going on would lose them; nothing was changed: put the manifest back as the run wrote it",
            listed(&outside),
            span(range)
        ),
    }))
}

/// At most ten indices, then how many more.
pub fn listed(indices: &[u32]) -> String {
    let shown: Vec<String> = indices.iter().take(10).map(u32::to_string).collect();
    match indices.len() {
        n if n > 10 => format!("{} and {} more", shown.join(", "), n - 10),
        _ => shown.join(", "),
    }
}

/// The whole records after a header that must carry `fingerprint`, and where
/// they end.
fn read_records(file: &File, path: &Path, fingerprint: u64) -> Result<(Recorded, u64), Error> {
    let refuse = |message: String| {
        Error::RunFolder(Located {
            file: path.to_path_buf(),
            at: None,
            message,
        })
    };
    let failed = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = file.metadata().map_err(failed)?.len();
    let mut reader = BufReader::new(file);
    reader.seek(SeekFrom::Start(0)).map_err(failed)?;
    let mut header = [0u8; HEADER as usize];
    if reader.read_exact(&mut header).is_err() || &header[..MAGIC.len()] != MAGIC {
        return Err(refuse(
            "not an authsim journal: the folder's replications cannot be read".to_string(),
        ));
    }
    let found = u64::from_le_bytes(header[MAGIC.len()..].try_into().expect("8 bytes"));
    if found != fingerprint {
        return Err(refuse(
            "the journal is of another run, or of another authsim build, than the folder's manifest: it was copied in from elsewhere".to_string(),
        ));
    }
    let mut recorded = Recorded::new();
    let mut end = HEADER;
    let mut payload = Vec::new();
    loop {
        let mut head = [0u8; 8];
        if reader.read_exact(&mut head).is_err() {
            break;
        }
        let len = u64::from(u32::from_le_bytes(head[..4].try_into().expect("4 bytes")));
        let crc = u32::from_le_bytes(head[4..].try_into().expect("4 bytes"));
        if len > size - end - 8 {
            break;
        }
        payload.resize(len as usize, 0);
        if reader.read_exact(&mut payload).is_err() || crc32fast::hash(&payload) != crc {
            break;
        }
        let Ok((index, result)) = postcard::from_bytes::<(u32, ReplicationResult)>(&payload) else {
            break;
        };
        recorded.insert(index, result);
        end += 8 + len;
    }
    Ok((recorded, end))
}

/// Only one process writes a journal: a second run of the same folder is refused.
fn lock(file: &File, path: &Path) -> Result<(), Error> {
    match file.try_lock() {
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Usage(format!(
            "{}: another authsim process is writing this folder; wait for it, or stop it first",
            path.parent().unwrap_or(path).display()
        ))),
        // A file system that cannot lock leaves the guard to the user.
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authsim_core::model;
    use authsim_core::montecarlo::{Runner, Unrecorded};
    use authsim_core::scenario::{DEFAULT, DEFAULT_NAME, load_str};

    fn some_replications() -> Vec<ReplicationResult> {
        let mut plan = load_str(DEFAULT, Path::new(DEFAULT_NAME)).unwrap();
        plan.set_simulation(None, Some(2));
        let worlds = model::worlds(&plan);
        let runner = Runner::new(&worlds, 7);
        let Ok(done) = runner.replications(0..3, &Unrecorded, &|| {});
        done
    }

    #[test]
    fn a_torn_record_is_cut_off_and_the_rest_read_back_exactly() {
        let dir = std::env::temp_dir().join(format!("authsim-journal-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("replications.journal");
        let done = some_replications();
        let journal = JournalFile::create(&path, 42).unwrap();
        for (i, r) in done.iter().enumerate() {
            journal.record(i as u32, r).unwrap();
        }
        drop(journal);
        // A process killed in its third write leaves part of the record.
        let whole = std::fs::metadata(&path).unwrap().len();
        let f = OpenOptions::new().write(true).open(&path).unwrap();
        f.set_len(whole - 5).unwrap();
        drop(f);
        let back = read(&path, 42, 0..3).unwrap();
        assert_eq!(back.keys().copied().collect::<Vec<_>>(), [0, 1]);
        assert_eq!(back[&1], done[1]);
        assert!(read(&path, 43, 0..3).is_err(), "another run's fingerprint");
        // A manifest that now plays fewer replications loses none of them.
        let e = JournalFile::resume(&path, 42, 0..1)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("holds replications 1 outside the replications 0"),
            "{e}"
        );
        assert_eq!(
            std::fs::metadata(&path).unwrap().len(),
            whole - 5,
            "untouched"
        );
        let resumed = JournalFile::resume(&path, 42, 0..3).unwrap();
        assert_eq!(resumed.untaken(), [0, 1]);
        resumed.record(2, &done[2]).unwrap();
        drop(resumed);
        assert_eq!(read(&path, 42, 0..3).unwrap()[&2], done[2]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
