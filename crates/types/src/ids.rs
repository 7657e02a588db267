//! Typed ids. Every row id is a UUIDv7 generated on the client: globally unique (so rows can later be
//! synced to the organization's workspace without renumbering) and time-ordered (so inserts stay at the
//! end of the primary-key index). A distinct type per table keeps a workflow id from being passed
//! where an agent id is expected.

use crate::IdParseError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
        )]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// What this id names, for error messages ("workflow", "agent", …).
            pub const KIND: &'static str = $what;
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| IdParseError { kind: $what, text: s.to_string() })
            }
        }
    };
}

id_type!(/// An organization, which owns one SQLite file.
    OrgId, "organization");
id_type!(/// A person known to an organization.
    UserId, "user");
id_type!(/// A membership of a user in an organization.
    MemberId, "member");
id_type!(/// An automation workflow.
    WorkflowId, "workflow");
id_type!(/// One run of a workflow.
    ExecutionId, "execution");
id_type!(/// An AI agent.
    AgentId, "agent");
id_type!(/// A team of agents.
    TeamId, "team");
id_type!(/// A membership of an agent in a team.
    TeamMemberId, "team member");
id_type!(/// One call of an agent.
    AgentExecutionId, "agent execution");
id_type!(/// One run of a team.
    TeamExecutionId, "team execution");
id_type!(/// A configured integration (Slack, Gmail, …).
    IntegrationId, "integration");
id_type!(/// A workflow template.
    TemplateId, "template");
id_type!(/// A saved version of a workflow, as it is known to every desktop it syncs to (its number is
    /// each copy's own).
    VersionId, "workflow version");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_time_ordered_and_round_trip() {
        let a = WorkflowId::new();
        let b = WorkflowId::new();
        assert!(a < b, "v7 ids sort by creation time");
        assert_eq!(a.to_string().parse::<WorkflowId>().unwrap(), a);
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, format!("\"{a}\""));
    }

    #[test]
    fn a_bad_id_names_its_kind() {
        let err = "nope".parse::<AgentId>().unwrap_err();
        assert_eq!(err.to_string(), "'nope' is not a valid agent id (expected a UUID)");
    }
}
