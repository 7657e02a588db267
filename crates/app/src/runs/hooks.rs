//! Where a run reports to: each record becomes a write queued on the organization's writer (group
//! committed, durable in order); each event goes to the run's own listener, if any, and to the
//! process's live bus.

use neuroflow_engine::run::{Durable, Record, RunHooks};
use neuroflow_store::OrgStore;
use neuroflow_store::table::executions;
use neuroflow_types::{ExecutionId, OrgId, RunEvent};
use std::sync::Arc;
use tokio::sync::{broadcast, mpsc};

pub(crate) struct StoreHooks {
    pub store: Arc<OrgStore>,
    pub org: OrgId,
    pub execution: ExecutionId,
    pub listener: Option<mpsc::UnboundedSender<RunEvent>>,
    pub bus: broadcast::Sender<RunEvent>,
}

impl StoreHooks {
    pub fn send(&self, event: RunEvent) {
        if self.bus.receiver_count() > 0 {
            let _ = self.bus.send(event.clone());
        }
        if let Some(listener) = &self.listener {
            let _ = listener.send(event);
        }
    }
}

impl RunHooks for StoreHooks {
    fn listening(&self) -> bool {
        self.listener.is_some() || self.bus.receiver_count() > 0
    }

    fn emit(&self, event: RunEvent) {
        self.send(event);
    }

    fn record(&self, record: Record) -> Durable {
        let (org, execution) = (self.org, self.execution);
        let ticket = match record {
            Record::StepStarted(step) => self.store.enqueue(move |c| executions::start_step(c, org, &step)),
            Record::StepSettled { step, log } => self.store.enqueue(move |c| {
                executions::settle_step(c, org, &step)?;
                executions::append_log(c, org, execution, &log).map(|_| ())
            }),
            Record::Log(entry) => {
                self.store.enqueue(move |c| executions::append_log(c, org, execution, &entry).map(|_| ()))
            }
        };
        Box::pin(async move { ticket.await.map_err(|e| e.to_string()) })
    }
}
