//! The data model's enums. Each is stored as TEXT under a CHECK constraint that names the same values
//! (see migrations/), crosses IPC as the same SCREAMING_CASE string, and parses from the CLI
//! case-insensitively with an error that lists what is allowed.

use crate::EnumParseError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// What this enum describes, for error messages.
            pub const KIND: &'static str = $what;

            /// The stored and wire form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = EnumParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().replace(['-', ' '], "_");
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(&wanted))
                    .ok_or_else(|| EnumParseError {
                        kind: $what,
                        text: s.to_string(),
                        allowed: $name::ALL.iter().map(|v| v.as_str()).collect(),
                    })
            }
        }
    };
}

text_enum!(/// What an agent is doing now.
    AgentStatus, "agent status" {
    Idle => "IDLE", Busy => "BUSY", Offline => "OFFLINE", Error => "ERROR",
});

text_enum!(/// How the members of a team work together.
    TeamStructure, "team structure" {
    /// The leader plans, delegates to members, and combines their results.
    Hierarchical => "HIERARCHICAL",
    /// Members answer at once; the coordinator merges.
    Collaborative => "COLLABORATIVE",
    /// Members in priority order, each given the previous output.
    Pipeline => "PIPELINE",
    /// Members propose, then vote.
    Democratic => "DEMOCRATIC",
});

text_enum!(/// A member's part in a team.
    TeamRole, "team role" {
    Leader => "LEADER", Worker => "WORKER", Coordinator => "COORDINATOR", Specialist => "SPECIALIST",
});

text_enum!(/// Where a workflow execution (or an agent or team call) stands.
    ExecutionStatus, "execution status" {
    Pending => "PENDING", Running => "RUNNING", Completed => "COMPLETED", Failed => "FAILED",
    Cancelled => "CANCELLED",
});

impl ExecutionStatus {
    /// Whether the execution has ended and will not change again.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Cancelled)
    }
}

text_enum!(/// The state of one node within an execution.
    StepStatus, "step status" {
    Running => "RUNNING", Completed => "COMPLETED", Failed => "FAILED", Skipped => "SKIPPED",
    Cancelled => "CANCELLED",
});

text_enum!(/// What started an execution.
    TriggerKind, "trigger kind" {
    Manual => "MANUAL", Schedule => "SCHEDULE", Webhook => "WEBHOOK", Rerun => "RERUN",
    SubWorkflow => "SUB_WORKFLOW",
});

text_enum!(/// Whether an integration can currently be used.
    IntegrationStatus, "integration status" {
    Connected => "CONNECTED", Disconnected => "DISCONNECTED", Error => "ERROR", Testing => "TESTING",
});

text_enum!(/// The service an integration talks to.
    IntegrationProvider, "integration provider" {
    Slack => "SLACK", Gmail => "GMAIL", Smtp => "SMTP", Webhook => "WEBHOOK", Http => "HTTP",
});

text_enum!(/// The shelf a template sits on.
    TemplateCategory, "template category" {
    Sales => "SALES", Support => "SUPPORT", Marketing => "MARKETING", DataProcessing => "DATA_PROCESSING",
    Automation => "AUTOMATION", Analytics => "ANALYTICS", Content => "CONTENT",
    Communication => "COMMUNICATION",
});

text_enum!(/// How much a template asks of its user.
    DifficultyLevel, "difficulty level" {
    Beginner => "BEGINNER", Intermediate => "INTERMEDIATE", Advanced => "ADVANCED", Expert => "EXPERT",
});

text_enum!(/// Where a template came from: shipped in the app, published from one of the organization's
    /// workflows, or imported from a file.
    TemplateSource, "template source" {
    Builtin => "BUILTIN", Private => "PRIVATE", Imported => "IMPORTED",
});

text_enum!(/// What a member may do in an organization.
    MemberRole, "member role" {
    Owner => "OWNER", Admin => "ADMIN", Member => "MEMBER", Viewer => "VIEWER",
});

text_enum!(/// The organization's plan in its hosted workspace, with the workspace's names (FREE when it has
    /// none; a purely local organization has no limits whatever this says).
    Plan, "plan" {
    Free => "FREE", Starter => "STARTER", Growth => "GROWTH", Elite => "ELITE", Enterprise => "ENTERPRISE",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_parse_leniently_and_print_their_stored_form() {
        assert_eq!("data-processing".parse::<TemplateCategory>().unwrap(), TemplateCategory::DataProcessing);
        assert_eq!("completed".parse::<ExecutionStatus>().unwrap().to_string(), "COMPLETED");
        assert_eq!(serde_json::to_string(&TeamRole::Leader).unwrap(), "\"LEADER\"");
    }

    #[test]
    fn a_bad_value_lists_the_allowed_ones() {
        let err = "SLEEPING".parse::<AgentStatus>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "'SLEEPING' is not a valid agent status (expected one of IDLE, BUSY, OFFLINE, ERROR)"
        );
    }
}
