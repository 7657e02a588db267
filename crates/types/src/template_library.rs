//! The template library of an organization: the built-in templates (shipped in the binary, copied
//! into each organization's file so its own usage and rating sit beside them), the ones it published
//! from its own workflows and the ones it imported from files — searched, filtered with counts, and
//! sorted; each shown with what it needs, what the organization already has, and how it was rated.

use crate::{
    AgentId, DifficultyLevel, IntegrationId, IntegrationProvider, IntegrationStatus, OrgId, Page, PageRequest, TeamId,
    TemplateCategory, TemplateFile, TemplateId, TemplateSource, Timestamp, WorkflowId,
};
use serde::{Deserialize, Serialize};

/// Private templates unused for this many days are flagged for cleanup (never deleted without asking).
pub const TEMPLATE_UNUSED_DAYS: i64 = 180;

/// A template of the organization's library, with its whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub card: TemplateCard,
    pub file: TemplateFile,
    /// The workflow it was published from (for a private template).
    pub source_workflow_id: Option<WorkflowId>,
}

/// What a gallery card and a search hit show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateCard {
    pub id: TemplateId,
    pub organization_id: OrgId,
    pub slug: String,
    pub version: String,
    pub source: TemplateSource,
    pub name: String,
    pub description: String,
    pub category: TemplateCategory,
    pub difficulty: DifficultyLevel,
    pub setup_minutes: u32,
    pub icon: String,
    pub tags: Vec<String>,
    /// The providers of the integrations it needs.
    pub integrations: Vec<IntegrationProvider>,
    pub featured: bool,
    /// How many workflows were deployed from it.
    pub usage_count: i64,
    pub rating: RatingSummary,
    pub estimate_tokens: u32,
    /// Micro-dollars per typical run.
    pub estimate_cost_micros: i64,
    pub last_used_at: Option<Timestamp>,
    /// A private or imported template unused for [`TEMPLATE_UNUSED_DAYS`] days: offered for cleanup.
    pub cleanup_suggested: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Ratings as a sum and a count; shown as the average and the count.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RatingSummary {
    pub sum: i64,
    pub count: i64,
}

impl RatingSummary {
    /// The average, 0 when nobody rated.
    pub fn average(&self) -> f64 {
        if self.count == 0 { 0.0 } else { self.sum as f64 / self.count as f64 }
    }
}

/// How search results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TemplateSort {
    /// Best match first when there is search text; featured, then popular, otherwise.
    #[default]
    Relevance,
    /// Featured first, then the most deployed.
    Featured,
    /// The most deployed first.
    Popular,
    /// The best average rating first (more ratings break ties).
    TopRated,
    /// The most recently added or updated first.
    Newest,
}

impl TemplateSort {
    pub const ALL: [TemplateSort; 5] = [Self::Relevance, Self::Featured, Self::Popular, Self::TopRated, Self::Newest];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Featured => "featured",
            Self::Popular => "popular",
            Self::TopRated => "topRated",
            Self::Newest => "newest",
        }
    }
}

impl std::str::FromStr for TemplateSort {
    type Err = crate::EnumParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace(['-', '_'], "");
        Self::ALL.into_iter().find(|v| v.as_str().to_ascii_lowercase() == wanted).ok_or_else(|| crate::EnumParseError {
            kind: "template sort",
            text: s.to_string(),
            allowed: Self::ALL.iter().map(|v| v.as_str()).collect(),
        })
    }
}

/// A search of the library: text, filters, order and page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TemplateQuery {
    /// Words to find in the name, description, tags and integrations (every word must match; the
    /// last may be a prefix, so results follow typing).
    pub text: Option<String>,
    pub category: Option<TemplateCategory>,
    pub difficulty: Option<DifficultyLevel>,
    /// Only templates that use an integration of this provider.
    pub integration: Option<IntegrationProvider>,
    pub source: Option<TemplateSource>,
    /// Only private or imported templates offered for cleanup.
    pub cleanup_suggested: Option<bool>,
    pub sort: TemplateSort,
    pub page: PageRequest,
}

/// One value of a facet and how many results it would give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FacetCount {
    pub value: String,
    pub count: i64,
}

/// The counts beside each filter. Each facet counts the results of the search with every other
/// filter applied but its own, so choosing a value shows how many it gives.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateFacets {
    pub categories: Vec<FacetCount>,
    pub difficulties: Vec<FacetCount>,
    pub integrations: Vec<FacetCount>,
}

/// A page of results and the facets of the whole result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateResults {
    pub page: Page<TemplateCard>,
    pub facets: TemplateFacets,
}

/// A template's page: the template, what it needs beside what the organization has, and its use here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDetail {
    pub template: Template,
    pub integrations: Vec<IntegrationNeed>,
    pub agents: Vec<AgentNeed>,
    pub teams: Vec<TeamNeed>,
    /// The workflows deployed from it in this organization.
    pub deployments: Vec<Deployment>,
    /// Whether this organization may rate it (one of its copies has run successfully).
    pub can_rate: bool,
    /// This organization's own rating, 1–5.
    pub my_rating: Option<u8>,
    /// Why the app cannot deploy it at all (a newer app or format needed), if so.
    pub blocked: Option<String>,
}

/// A required integration and the organization's integrations that could fill it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationNeed {
    pub key: String,
    pub provider: IntegrationProvider,
    pub purpose: String,
    pub candidates: Vec<IntegrationChoice>,
    /// Chosen for the person when exactly one integration of the provider exists.
    pub preselected: Option<IntegrationId>,
}

/// An integration that could fill a need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationChoice {
    pub id: IntegrationId,
    pub name: String,
    pub status: IntegrationStatus,
    pub is_active: bool,
}

/// A required agent and the organization's agents that could fill it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgentNeed {
    pub key: String,
    pub role: String,
    pub description: String,
    pub candidates: Vec<AgentChoiceRef>,
    /// Whether the suggested agent's model provider is set up (a key saved, or a local provider).
    pub suggested_provider_ready: bool,
}

/// An agent that could fill a need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AgentChoiceRef {
    pub id: AgentId,
    pub name: String,
    pub provider: String,
    pub model: String,
}

/// A required team and the organization's teams.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamNeed {
    pub key: String,
    pub purpose: String,
    pub candidates: Vec<TeamChoiceRef>,
}

/// A team that could fill a need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamChoiceRef {
    pub id: TeamId,
    pub name: String,
}

/// A workflow deployed from a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub workflow_id: WorkflowId,
    pub workflow_name: String,
    pub version: String,
    pub is_active: bool,
    pub deployed_at: Timestamp,
}
