//! The lifecycles of offers, applications and group requests, as explicit state machines. The
//! web layer records every transition in a history table (actor, reason, time) and refuses any
//! event these functions refuse.

use crate::types::{str_enum, Invalid};

str_enum!(OfferState, "youth-offer-state" {
    Draft => "draft",
    Submitted => "submitted",
    Published => "published",
    Rejected => "rejected",
    Closed => "closed",
});

str_enum!(OfferEvent, "youth-offer-event" {
    Submit => "submit",
    Approve => "approve",
    Reject => "reject",
    Revise => "revise",
    Close => "close",
});

/// Who moves an offer: its host organisation's members or staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferActor {
    Host,
    Staff,
}

impl OfferState {
    /// Hosts submit drafts and close their offers; staff moderate (a rejection needs a written
    /// reason); a rejected offer goes back to draft when its host revises it.
    pub fn apply(
        self,
        event: OfferEvent,
        actor: OfferActor,
        reason: Option<&str>,
    ) -> Result<OfferState, Invalid> {
        use OfferActor as A;
        use OfferEvent as E;
        use OfferState as S;
        match (self, event, actor) {
            (S::Draft, E::Submit, A::Host) => Ok(S::Submitted),
            (S::Submitted, E::Approve, A::Staff) => Ok(S::Published),
            (S::Submitted, E::Reject, A::Staff) => {
                if reason.is_some_and(|r| !r.trim().is_empty()) {
                    Ok(S::Rejected)
                } else {
                    Err(Invalid("youth-reject-reason-required"))
                }
            }
            (S::Rejected, E::Revise, A::Host) => Ok(S::Draft),
            (S::Published | S::Submitted | S::Draft, E::Close, _) => Ok(S::Closed),
            _ => Err(Invalid("youth-transition-not-allowed")),
        }
    }

    pub fn editable(self) -> bool {
        matches!(self, OfferState::Draft | OfferState::Rejected)
    }
}

str_enum!(ApplicationState, "youth-app-state" {
    Submitted => "submitted",
    Accepted => "accepted",
    Refused => "refused",
    Withdrawn => "withdrawn",
    Expired => "expired",
    Cancelled => "cancelled",
    Started => "started",
    Completed => "completed",
});

str_enum!(ApplicationEvent, "youth-app-event" {
    Accept => "accept",
    Refuse => "refuse",
    Withdraw => "withdraw",
    Expire => "expire",
    Cancel => "cancel",
    Start => "start",
    Complete => "complete",
});

/// Days after which an application nobody answered expires (as on 1élève1stage).
pub const EXPIRY_DAYS: i64 = 15;

impl ApplicationState {
    /// `convention_ready`: no convention is needed (adult) or every party confirmed it; a
    /// placement cannot start otherwise.
    pub fn apply(
        self,
        event: ApplicationEvent,
        convention_ready: bool,
    ) -> Result<ApplicationState, Invalid> {
        use ApplicationEvent as E;
        use ApplicationState as S;
        match (self, event) {
            (S::Submitted, E::Accept) => Ok(S::Accepted),
            (S::Submitted, E::Refuse) => Ok(S::Refused),
            (S::Submitted | S::Accepted, E::Withdraw) => Ok(S::Withdrawn),
            (S::Submitted, E::Expire) => Ok(S::Expired),
            (S::Submitted, E::Cancel) => Ok(S::Cancelled),
            (S::Accepted, E::Start) if convention_ready => Ok(S::Started),
            (S::Accepted, E::Start) => Err(Invalid("youth-start-needs-convention")),
            (S::Started, E::Complete) => Ok(S::Completed),
            _ => Err(Invalid("youth-transition-not-allowed")),
        }
    }

    pub fn is_pending(self) -> bool {
        self == ApplicationState::Submitted
    }

    /// Accepted, started or completed: the host has taken the young person.
    pub fn is_placement(self) -> bool {
        matches!(
            self,
            ApplicationState::Accepted | ApplicationState::Started | ApplicationState::Completed
        )
    }
}

str_enum!(RequestState, "youth-request-state" {
    Requested => "requested",
    Accepted => "accepted",
    Declined => "declined",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offer_moderation() {
        use OfferActor::*;
        use OfferEvent::*;
        use OfferState::*;
        assert_eq!(Draft.apply(Submit, Host, None), Ok(Submitted));
        assert_eq!(Submitted.apply(Approve, Staff, None), Ok(Published));
        assert!(
            Submitted.apply(Approve, Host, None).is_err(),
            "hosts cannot approve"
        );
        assert_eq!(
            Submitted.apply(Reject, Staff, Some("  ")),
            Err(Invalid("youth-reject-reason-required"))
        );
        assert_eq!(
            Submitted.apply(Reject, Staff, Some("Adresse manquante")),
            Ok(Rejected)
        );
        assert_eq!(Rejected.apply(Revise, Host, None), Ok(Draft));
        assert_eq!(Published.apply(Close, Host, None), Ok(Closed));
        assert!(Closed.apply(Submit, Host, None).is_err());
        assert!(
            Draft.apply(Approve, Staff, None).is_err(),
            "only submitted offers"
        );
    }

    #[test]
    fn applications() {
        use ApplicationEvent::*;
        use ApplicationState::*;
        assert_eq!(Submitted.apply(Accept, false), Ok(Accepted));
        assert_eq!(Submitted.apply(Expire, false), Ok(Expired));
        assert!(
            Accepted.apply(Expire, false).is_err(),
            "only pending ones expire"
        );
        assert_eq!(
            Accepted.apply(Start, false),
            Err(Invalid("youth-start-needs-convention"))
        );
        assert_eq!(Accepted.apply(Start, true), Ok(Started));
        assert_eq!(Started.apply(Complete, true), Ok(Completed));
        assert!(Refused.apply(Accept, true).is_err());
        assert!(Completed.apply(Withdraw, true).is_err());
    }
}
