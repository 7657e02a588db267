//! Versions: "Save version" keeps a document as an immutable, numbered version (free and
//! unlimited); any version can be restored (as a new version) or published — made the one
//! triggers and `neuroflow run` use, so editing a live workflow never breaks it mid-edit. A save
//! carries the version it was based on and fails if someone else saved meanwhile: nothing is
//! silently overwritten.

use super::{checked, diff::diff_documents};
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::StoreError;
use neuroflow_store::table::{workflow_drafts, workflow_versions, workflows};
use neuroflow_types::{OrgId, VersionSummary, Workflow, WorkflowDiff, WorkflowDocument, WorkflowId, WorkflowVersion};

/// The longest version message accepted.
const MAX_MESSAGE: usize = 500;

impl Hub {
    /// Every saved version of a workflow, newest first.
    pub async fn list_versions(&self, org: OrgId, id: WorkflowId) -> AppResult<Vec<VersionSummary>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| workflow_versions::summaries(c, org, id)).await?)
    }

    /// One version with its document.
    pub async fn get_version(&self, org: OrgId, id: WorkflowId, version: i64) -> AppResult<WorkflowVersion> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| workflow_versions::get(c, org, id, version)).await?)
    }

    /// Keeps `document` as the next version. Fails with a conflict when the newest version is no
    /// longer `base_version` (someone else saved since): reload theirs, or keep yours as a copy.
    pub async fn save_version(
        &self,
        org: OrgId,
        id: WorkflowId,
        document: WorkflowDocument,
        message: Option<String>,
        base_version: i64,
    ) -> AppResult<VersionSummary> {
        self.require(org, crate::sync::Permission::EditWorkflows).await?;
        let message = message.map(|m| m.trim().to_string()).filter(|m| !m.is_empty());
        if message.as_ref().is_some_and(|m| m.chars().count() > MAX_MESSAGE) {
            return Err(AppError::invalid(format!("message: longer than {MAX_MESSAGE} characters")));
        }
        let open = self.org(org).await?;
        let by = open.owner;
        let version = open
            .store
            .write(move |c| {
                let wf = workflows::get(c, org, id)?;
                if wf.latest_version != base_version {
                    return Err(StoreError::Conflict(format!(
                        "workflow '{}' has a newer version ({}) than the one you edited ({base_version}): \
                         someone else saved it; reload theirs or keep yours as a copy",
                        wf.name, wf.latest_version
                    )));
                }
                let version = wf.latest_version + 1;
                workflow_versions::insert(c, org, id, version, &document, by, message.as_deref())?;
                workflow_drafts::rebase(c, id, version)?;
                Ok(version)
            })
            .await?;
        self.version_summary(org, id, version).await
    }

    /// Saves an old version's document as a new version, and makes it the draft.
    pub async fn restore_version(&self, org: OrgId, id: WorkflowId, version: i64) -> AppResult<VersionSummary> {
        let old = self.get_version(org, id, version).await?;
        let latest = self.get_workflow(org, id).await?.latest_version;
        let message = Some(format!("Restored version {version}"));
        let saved = self.save_version(org, id, old.document, message, latest).await?;
        let open = self.org(org).await?;
        open.store.write(move |c| workflow_drafts::discard(c, org, id)).await?;
        Ok(saved)
    }

    /// Makes a version the published one: triggers and runs use it from now on. Refused when the
    /// version breaks the rules (every problem named).
    pub async fn publish_version(&self, org: OrgId, id: WorkflowId, version: i64) -> AppResult<Workflow> {
        self.require(org, crate::sync::Permission::EditWorkflows).await?;
        let chosen = self.get_version(org, id, version).await?;
        checked(&chosen.document, &format!("version {version}"))?;
        let open = self.org(org).await?;
        let workflow = open.store.write(move |c| workflows::publish(c, org, id, &chosen.document, version)).await?;
        tracing::info!(org = %org, workflow = %id, version, "published a version");
        Ok(workflow)
    }

    /// What differs between two versions.
    pub async fn diff_versions(&self, org: OrgId, id: WorkflowId, from: i64, to: i64) -> AppResult<WorkflowDiff> {
        let (a, b) = (self.get_version(org, id, from).await?, self.get_version(org, id, to).await?);
        let mut diff = diff_documents(&a.document, &b.document);
        (diff.from, diff.to) = (Some(from), Some(to));
        Ok(diff)
    }

    async fn version_summary(&self, org: OrgId, id: WorkflowId, version: i64) -> AppResult<VersionSummary> {
        self.list_versions(org, id)
            .await?
            .into_iter()
            .find(|v| v.version == version)
            .ok_or_else(|| AppError::internal("a saved version could not be read back"))
    }
}
