//! Drafts: what is being edited, saved by the editor within a second of every change — valid or not,
//! so nothing is ever lost — with the version it started from, the editor's undo history, the
//! sample input and pinned outputs. A draft is checked by the validator on every save (its report
//! comes back) but only a valid one can be published or run.

use super::validate;
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::table::{workflow_drafts, workflows};
use neuroflow_types::{DraftInput, DraftSaved, ErrorCode, OrgId, WorkflowDraft, WorkflowId, now};

/// The largest undo history kept with a draft (4 MiB of JSON).
pub const MAX_HISTORY_BYTES: usize = 4 * 1024 * 1024;

impl Hub {
    /// The workflow's draft, if one is being edited.
    pub async fn get_draft(&self, org: OrgId, id: WorkflowId) -> AppResult<Option<WorkflowDraft>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| workflow_drafts::get(c, org, id)).await?)
    }

    /// Saves the workflow's draft (replacing the previous one) and says what the validator finds.
    pub async fn save_draft(&self, org: OrgId, id: WorkflowId, draft: DraftInput) -> AppResult<DraftSaved> {
        self.require(org, crate::sync::Permission::EditWorkflows).await?;
        let history = serde_json::to_vec(&draft.history).map(|v| v.len()).unwrap_or(0);
        if history > MAX_HISTORY_BYTES {
            return Err(AppError::new(
                ErrorCode::Limit,
                format!("history: {history} bytes is more than the {MAX_HISTORY_BYTES} bytes kept; keep fewer steps"),
            ));
        }
        let document = serde_json::to_vec(&draft.document).map(|v| v.len()).unwrap_or(0);
        if document > neuroflow_engine::MAX_DOCUMENT_BYTES {
            return Err(AppError::new(
                ErrorCode::Limit,
                format!(
                    "the document is {document} bytes; the limit is {} bytes",
                    neuroflow_engine::MAX_DOCUMENT_BYTES
                ),
            ));
        }
        let report = validate(&draft.document);
        let open = self.org(org).await?;
        let at = now();
        open.store
            .write(move |c| {
                workflows::get(c, org, id)?;
                workflow_drafts::save(c, org, id, &draft, &at)
            })
            .await?;
        Ok(DraftSaved { updated_at: at, report })
    }

    /// Drops the workflow's draft (the saved versions stay).
    pub async fn discard_draft(&self, org: OrgId, id: WorkflowId) -> AppResult<()> {
        let open = self.org(org).await?;
        Ok(open.store.write(move |c| workflow_drafts::discard(c, org, id)).await?)
    }
}
