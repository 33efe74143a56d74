//! The error code a real sign-in log shows (`status.errorCode`, `ResultType`)
//! for each way the simulation fails a request. Source of every code and
//! reason, unless said otherwise: the Microsoft Entra "authentication and
//! authorization error codes" reference, MicrosoftDocs/azure-docs
//! `articles/active-directory/develop/reference-aadsts-error-codes.md` @
//! 58618320fbb4604cd57f142f440286b9ff17e6c0 (ms.date 06/07/2023), published at
//! <https://learn.microsoft.com/entra/identity-platform/reference-error-codes>.
//! The reasons are the reference's code names and first sentences.

use authsim_core::engine::Outcome;

/// An AADSTS error code as a log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    pub code: u32,
    /// `status.failureReason`.
    pub reason: &'static str,
}

/// The token service down. AADSTS50000 "TokenIssuanceError - There's an
/// issue with the sign-in service." (The reference has no code for an
/// outage as such; this is the one it gives for a failing sign-in service.)
pub const TOKEN_SERVICE_DOWN: ErrorCode = ErrorCode {
    code: 50000,
    reason: "TokenIssuanceError - There's an issue with the sign-in service.",
};

/// A capacity turned the request away. AADSTS90055 "TenantThrottlingError -
/// There are too many incoming requests." (the reference adds that it is
/// thrown for blocked tenants; MSAL's throttling page,
/// learn.microsoft.com/entra/msal/dotnet/advanced/client-and-server-throttling,
/// says a client-credentials call gets HTTP 429 with Retry-After and a user's
/// call AADSTS50196: the log's code for a 429 is not documented).
pub const THROTTLED: ErrorCode = ErrorCode {
    code: 90055,
    reason: "TenantThrottlingError - There are too many incoming requests.",
};

/// A contingency rule's block. AADSTS53003 "BlockedByConditionalAccess -
/// Access has been blocked by Conditional Access policies."
pub const BLOCKED: ErrorCode = ErrorCode {
    code: 53003,
    reason: "BlockedByConditionalAccess - Access has been blocked by Conditional Access policies.",
};

/// No first factor worked, or what interactive sign-ins need was down.
/// AADSTS80001 "OnPremiseStoreIsNotAvailable - The Authentication Agent is
/// unable to connect to Active Directory.": the reference's code for a first
/// factor whose service is unreachable (pass-through authentication), the
/// commonest such dependency.
pub const FIRST_FACTOR_FAILED: ErrorCode = ErrorCode {
    code: 80001,
    reason: "OnPremiseStoreIsNotAvailable - The Authentication Agent is unable to connect to Active Directory.",
};

/// MFA was asked for and no second factor worked. AADSTS50074
/// "UserStrongAuthClientAuthNRequiredInterrupt - Strong authentication is
/// required and the user did not pass the MFA challenge."
pub const MFA_FAILED: ErrorCode = ErrorCode {
    code: 50074,
    reason: "UserStrongAuthClientAuthNRequiredInterrupt - Strong authentication is required and the user did not pass the MFA challenge.",
};

/// The code a log shows for an outcome; `None` for a success (error code 0).
pub fn of(outcome: Outcome) -> Option<ErrorCode> {
    match outcome {
        Outcome::Success => None,
        Outcome::TokenServiceDown => Some(TOKEN_SERVICE_DOWN),
        Outcome::Throttled => Some(THROTTLED),
        Outcome::Blocked => Some(BLOCKED),
        Outcome::FirstFactorFailed => Some(FIRST_FACTOR_FAILED),
        Outcome::MfaFailed => Some(MFA_FAILED),
    }
}

/// The outcome a log's error code stands for, where it is one the
/// simulation writes (what an importer reading a simulated log counts).
pub fn outcome_of(code: u32) -> Option<Outcome> {
    const ALL: [Outcome; 6] = [
        Outcome::Success,
        Outcome::TokenServiceDown,
        Outcome::Throttled,
        Outcome::Blocked,
        Outcome::FirstFactorFailed,
        Outcome::MfaFailed,
    ];
    ALL.into_iter()
        .find(|&o| of(o).map_or(0, |e| e.code) == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_has_its_own_code_and_reads_back() {
        let codes = [50000, 90055, 53003, 80001, 50074];
        for code in codes {
            let outcome = outcome_of(code).expect("a code the simulation writes");
            assert_eq!(of(outcome).unwrap().code, code);
        }
        assert_eq!(outcome_of(0), Some(Outcome::Success));
        assert_eq!(outcome_of(50126), None);
    }
}
