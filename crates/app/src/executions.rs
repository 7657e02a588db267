//! Reading the record of runs: lists with filters, and one execution with every step and log line.

use crate::error::AppResult;
use crate::hub::Hub;
use neuroflow_store::table::executions;
use neuroflow_types::{ExecutionDetail, ExecutionFilter, ExecutionId, OrgId, Page, WorkflowExecution};

impl Hub {
    /// Executions matching `filter`, newest first.
    pub async fn list_executions(&self, org: OrgId, filter: ExecutionFilter) -> AppResult<Page<WorkflowExecution>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| executions::list(c, org, &filter)).await?)
    }

    /// One execution with its steps (input, output, status, attempts, timing) and its log.
    pub async fn get_execution(&self, org: OrgId, id: ExecutionId) -> AppResult<ExecutionDetail> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| executions::detail(c, org, id)).await?)
    }

    /// How many write transactions this process has committed to the organization's file: what the
    /// tests and benchmarks read to check that a run of pure nodes costs one commit.
    pub async fn commits(&self, org: OrgId) -> AppResult<u64> {
        Ok(self.org(org).await?.store.commits())
    }

    /// Finds an execution by its id, a unique prefix of it (as printed by the CLI), or `last` (the
    /// most recent one).
    pub async fn find_execution(&self, org: OrgId, reference: &str) -> AppResult<ExecutionDetail> {
        let reference = reference.trim();
        if let Ok(id) = reference.parse::<ExecutionId>() {
            return self.get_execution(org, id).await;
        }
        let open = self.org(org).await?;
        if reference.eq_ignore_ascii_case("last") {
            let filter = neuroflow_types::ExecutionFilter {
                page: neuroflow_types::PageRequest::new(1, 0),
                ..Default::default()
            };
            let newest = open.store.read_async(move |c| executions::list(c, org, &filter)).await?.items;
            let newest = newest.first().ok_or_else(|| crate::AppError::not_found("there are no executions yet"))?;
            return self.get_execution(org, newest.id).await;
        }
        let prefix = reference.to_string();
        let ids = open.store.read_async(move |c| executions::ids_with_prefix(c, org, &prefix, 2)).await?;
        match ids.as_slice() {
            [one] if reference.len() >= 4 => self.get_execution(org, *one).await,
            [] => Err(crate::AppError::not_found(format!("no execution has the id '{reference}'"))),
            _ => {
                Err(crate::AppError::invalid(format!("'{reference}' matches several executions; give more of the id")))
            }
        }
    }

    pub async fn delete_execution(&self, org: OrgId, id: ExecutionId) -> AppResult<()> {
        let open = self.org(org).await?;
        Ok(open.store.write(move |c| executions::delete(c, org, id)).await?)
    }
}
