//! The lifecycles of calls for projects and of application files, as explicit state machines.
//! Every transition is named; the web layer records each one in a history table with its actor
//! and reason, and refuses any event this module refuses.

use serde::{Deserialize, Serialize};

/// Who asks for a transition: the rules differ for the applicant and for staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Applicant,
    Staff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("transition not allowed")]
pub struct TransitionError {
    /// Fluent id of the message explaining the refusal.
    pub code: &'static str,
}

macro_rules! str_enum {
    ($name:ident { $($variant:ident => $s:literal),* $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),* }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$variant),)* _ => None }
            }
        }
    };
}

str_enum!(CallState {
    Draft => "draft",
    Published => "published",
    Closed => "closed",
    Archived => "archived",
});

str_enum!(CallEvent {
    Publish => "publish",
    Unpublish => "unpublish",
    Close => "close",
    Reopen => "reopen",
    Archive => "archive",
});

impl CallState {
    /// Staff move calls; `has_files` forbids unpublishing a call someone already applied to.
    pub fn apply(self, event: CallEvent, has_files: bool) -> Result<CallState, TransitionError> {
        use CallEvent as E;
        use CallState as S;
        match (self, event) {
            (S::Draft, E::Publish) => Ok(S::Published),
            (S::Published, E::Unpublish) if !has_files => Ok(S::Draft),
            (S::Published, E::Unpublish) => Err(TransitionError {
                code: "call-unpublish-has-files",
            }),
            (S::Published, E::Close) => Ok(S::Closed),
            (S::Closed, E::Reopen) => Ok(S::Published),
            (S::Closed, E::Archive) => Ok(S::Archived),
            _ => Err(TransitionError {
                code: "transition-not-allowed",
            }),
        }
    }

    pub fn message_id(self) -> String {
        format!("call-state-{}", self.as_str())
    }
}

str_enum!(FileState {
    Draft => "draft",
    Submitted => "submitted",
    UnderInstruction => "under_instruction",
    CorrectionRequested => "correction_requested",
    Accepted => "accepted",
    Refused => "refused",
    ClosedWithoutFollowUp => "closed_without_follow_up",
    Withdrawn => "withdrawn",
});

str_enum!(FileEvent {
    Submit => "submit",
    StartInstruction => "start_instruction",
    RequestCorrection => "request_correction",
    Accept => "accept",
    Refuse => "refuse",
    CloseWithoutFollowUp => "close_without_follow_up",
    Withdraw => "withdraw",
    Reopen => "reopen",
});

impl FileState {
    /// Whether the applicant may change the answers.
    pub fn editable_by_applicant(self) -> bool {
        matches!(self, FileState::Draft | FileState::CorrectionRequested)
    }

    pub fn is_decided(self) -> bool {
        matches!(
            self,
            FileState::Accepted | FileState::Refused | FileState::ClosedWithoutFollowUp
        )
    }

    /// The next state, or why not. A refusal and a correction request need a written reason.
    pub fn apply(
        self,
        event: FileEvent,
        actor: Actor,
        reason: Option<&str>,
    ) -> Result<FileState, TransitionError> {
        use Actor::*;
        use FileEvent as E;
        use FileState as S;
        let has_reason = reason.is_some_and(|r| !r.trim().is_empty());
        match (self, event, actor) {
            (S::Draft | S::CorrectionRequested, E::Submit, Applicant) => Ok(S::Submitted),
            (S::Draft | S::Submitted | S::CorrectionRequested, E::Withdraw, Applicant) => {
                Ok(S::Withdrawn)
            }
            (S::Submitted, E::StartInstruction, Staff) => Ok(S::UnderInstruction),
            (S::Submitted | S::UnderInstruction, E::RequestCorrection, Staff) if has_reason => {
                Ok(S::CorrectionRequested)
            }
            (S::Submitted | S::UnderInstruction, E::RequestCorrection, Staff) => {
                Err(TransitionError {
                    code: "file-reason-required",
                })
            }
            (S::UnderInstruction, E::Accept, Staff) => Ok(S::Accepted),
            (S::UnderInstruction, E::Refuse, Staff) if has_reason => Ok(S::Refused),
            (S::UnderInstruction, E::Refuse, Staff) => Err(TransitionError {
                code: "file-reason-required",
            }),
            (S::UnderInstruction, E::CloseWithoutFollowUp, Staff) => Ok(S::ClosedWithoutFollowUp),
            (
                S::Accepted | S::Refused | S::ClosedWithoutFollowUp | S::Withdrawn,
                E::Reopen,
                Staff,
            ) => Ok(S::UnderInstruction),
            _ => Err(TransitionError {
                code: "transition-not-allowed",
            }),
        }
    }

    pub fn message_id(self) -> String {
        format!("file-state-{}", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in FileState::ALL {
            assert_eq!(FileState::parse(s.as_str()), Some(*s));
        }
        for s in CallState::ALL {
            assert_eq!(CallState::parse(s.as_str()), Some(*s));
        }
    }

    #[test]
    fn call_lifecycle() {
        let s = CallState::Draft.apply(CallEvent::Publish, false).unwrap();
        assert_eq!(s, CallState::Published);
        assert!(s.apply(CallEvent::Unpublish, true).is_err());
        assert_eq!(s.apply(CallEvent::Unpublish, false), Ok(CallState::Draft));
        let closed = s.apply(CallEvent::Close, true).unwrap();
        assert_eq!(
            closed.apply(CallEvent::Reopen, true),
            Ok(CallState::Published)
        );
        assert_eq!(
            closed.apply(CallEvent::Archive, true),
            Ok(CallState::Archived)
        );
        assert!(CallState::Archived
            .apply(CallEvent::Publish, false)
            .is_err());
    }

    #[test]
    fn file_lifecycle_with_correction_and_decision() {
        use Actor::*;
        let s = FileState::Draft
            .apply(FileEvent::Submit, Applicant, None)
            .unwrap();
        assert!(
            s.apply(FileEvent::Accept, Staff, None).is_err(),
            "instruction comes first"
        );
        assert!(
            s.apply(FileEvent::StartInstruction, Applicant, None)
                .is_err(),
            "staff only"
        );
        let s = s.apply(FileEvent::StartInstruction, Staff, None).unwrap();
        assert_eq!(
            s.apply(FileEvent::RequestCorrection, Staff, Some("  ")),
            Err(TransitionError {
                code: "file-reason-required"
            })
        );
        let s = s
            .apply(
                FileEvent::RequestCorrection,
                Staff,
                Some("Budget incomplet"),
            )
            .unwrap();
        assert!(s.editable_by_applicant());
        let s = s.apply(FileEvent::Submit, Applicant, None).unwrap();
        let s = s.apply(FileEvent::StartInstruction, Staff, None).unwrap();
        assert!(s.apply(FileEvent::Refuse, Staff, None).is_err());
        let accepted = s.apply(FileEvent::Accept, Staff, None).unwrap();
        assert!(accepted.is_decided());
        assert!(accepted
            .apply(FileEvent::Withdraw, Applicant, None)
            .is_err());
        assert_eq!(
            accepted.apply(FileEvent::Reopen, Staff, None),
            Ok(FileState::UnderInstruction)
        );
    }

    #[test]
    fn every_pair_is_decided_without_panicking() {
        for s in FileState::ALL {
            for e in FileEvent::ALL {
                for a in [Actor::Applicant, Actor::Staff] {
                    if let Ok(next) = s.apply(*e, a, Some("reason")) {
                        assert_ne!(next, *s, "{s:?} --{e:?}--> itself");
                    }
                }
            }
        }
    }
}
