//! Sign-in logs as the identity provider keeps them: Microsoft Graph `signIn`
//! records, the admin portal's CSV download, and the SIEM tables
//! (`SigninLogs`, `AADNonInteractiveUserSignInLogs`) organisations keep them in.
//! Read from an organisation's exports (`read`) into one normal form
//! (`record`), and written from a simulation (`write`), in one vocabulary
//! (`vocabulary`): the method names, error codes and event types both ends share.
//!
//! No user principal name or IP address leaves a reader: users are known by a
//! pseudonym (`pseudonym`).

pub mod pseudonym;
pub mod read;
pub mod record;
pub mod vocabulary;
pub mod write;
