//! Compiled workflow versions: a workflow's document is validated and compiled into a plan once per
//! version and process, so a webhook never re-reads or re-parses its workflow.

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_engine::validate::{Plan, compile};
use neuroflow_types::{JsonMap, NodeKind, Workflow, WorkflowId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Compiled plans kept before the cache starts over.
const PLAN_CACHE_LIMIT: usize = 512;

/// A workflow version compiled and ready to run.
#[derive(Debug)]
pub struct Prepared {
    pub id: WorkflowId,
    pub name: String,
    pub version: i64,
    pub variables: JsonMap,
    pub plan: Arc<Plan>,
    /// The integration action of each integration node, by node id (recorded on its steps, for the
    /// breakdown by action).
    pub actions: Arc<HashMap<String, String>>,
}

impl Prepared {
    pub fn new(id: WorkflowId, name: String, version: i64, variables: JsonMap, plan: Plan) -> Self {
        let actions = plan
            .nodes
            .iter()
            .filter_map(|n| match &n.kind {
                NodeKind::Integration(d) => Some((n.id.clone(), d.action.clone())),
                _ => None,
            })
            .collect();
        Self { id, name, version, variables, plan: Arc::new(plan), actions: Arc::new(actions) }
    }
}

/// The plans compiled in this process, by workflow and version.
#[derive(Default)]
pub(crate) struct PlanCache {
    plans: Mutex<HashMap<(WorkflowId, i64), Arc<Prepared>>>,
}

impl PlanCache {
    fn get_or_compile(&self, wf: &Workflow) -> AppResult<Arc<Prepared>> {
        let key = (wf.id, wf.version);
        if let Some(prepared) = self.plans.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(Arc::clone(prepared));
        }
        let actions = neuroflow_integrations::actions::catalog();
        let (plan, _) =
            compile(&wf.document(), actions).map_err(|report| AppError::validation("the workflow", &report))?;
        let prepared = Arc::new(Prepared::new(wf.id, wf.name.clone(), wf.version, wf.variables.clone(), plan));
        let mut cache = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= PLAN_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&prepared));
        Ok(prepared)
    }
}

impl Hub {
    /// A workflow version prepared to run (compiled once per process).
    pub(crate) fn prepare(&self, wf: &Workflow) -> AppResult<Arc<Prepared>> {
        self.inner.plans.get_or_compile(wf)
    }
}
