//! Budgets: caps in tokens or dollars on an agent's task, a team run or a workflow run. Spending is
//! counted as each model call reports its usage; a call starts only while every budget that covers
//! it has room, and a call that crosses a cap stops the work with a message saying which cap and by
//! how much. None of the peers has this.

use crate::error::{AgentError, ErrorKind};
use neuroflow_types::Budget;
use std::sync::{Arc, Mutex};

/// Spending against one budget, shared by everything the budget covers.
#[derive(Debug)]
pub struct Meter {
    /// What the budget belongs to ("the workflow run", "team 'Listing desk'", "agent 'Ada'").
    pub owner: String,
    pub budget: Budget,
    spent: Mutex<(i64, i64)>,
}

impl Meter {
    pub fn new(owner: impl Into<String>, budget: Budget) -> Arc<Self> {
        Arc::new(Self { owner: owner.into(), budget, spent: Mutex::new((0, 0)) })
    }

    /// Tokens and micro-dollars spent so far.
    pub fn spent(&self) -> (i64, i64) {
        *self.spent.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a call's usage; fails when that crosses the cap.
    pub fn add(&self, tokens: i64, cost_micros: i64) -> Result<(), AgentError> {
        let (t, c) = {
            let mut spent = self.spent.lock().unwrap_or_else(|e| e.into_inner());
            spent.0 += tokens;
            spent.1 += cost_micros;
            *spent
        };
        self.check(t, c)
    }

    /// Fails when the cap is already reached.
    pub fn room(&self) -> Result<(), AgentError> {
        let (t, c) = self.spent();
        self.check(t, c)
    }

    fn check(&self, tokens: i64, cost: i64) -> Result<(), AgentError> {
        if let Some(max) = self.budget.max_tokens
            && tokens >= max
        {
            return Err(AgentError::new(
                ErrorKind::Budget,
                format!("{} reached its budget of {max} tokens ({tokens} used); it was stopped", self.owner),
            ));
        }
        if let Some(max) = self.budget.max_cost_micros
            && cost >= max
        {
            return Err(AgentError::new(
                ErrorKind::Budget,
                format!(
                    "{} reached its budget of ${} ({} spent); it was stopped",
                    self.owner,
                    dollars(max),
                    format_args!("${}", dollars(cost))
                ),
            ));
        }
        Ok(())
    }
}

/// The budgets covering one call: its agent's, its team run's, its workflow run's.
#[derive(Debug, Clone, Default)]
pub struct Meters(pub Vec<Arc<Meter>>);

impl Meters {
    pub fn with(&self, meter: Arc<Meter>) -> Self {
        let mut all = self.0.clone();
        all.push(meter);
        Self(all)
    }

    pub fn room(&self) -> Result<(), AgentError> {
        self.0.iter().try_for_each(|m| m.room())
    }

    /// Adds the usage to every meter (all of them, even past the first that overflows).
    pub fn add(&self, tokens: i64, cost_micros: i64) -> Result<(), AgentError> {
        let mut first = Ok(());
        for m in &self.0 {
            if let Err(e) = m.add(tokens, cost_micros)
                && first.is_ok()
            {
                first = Err(e);
            }
        }
        first
    }
}

/// Micro-dollars as dollars, exact: 1_500_000 → "1.50", 450 → "0.00045".
pub fn dollars(micros: i64) -> String {
    let whole = micros / 1_000_000;
    let mut frac = format!("{:06}", (micros % 1_000_000).abs());
    while frac.len() > 2 && frac.ends_with('0') {
        frac.pop();
    }
    format!("{whole}.{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_stops_work_when_crossed() {
        let run = Meter::new("the workflow run", Budget { max_tokens: Some(1_000), max_cost_micros: None });
        let team = Meter::new("team 'Desk'", Budget { max_tokens: None, max_cost_micros: Some(2_000) });
        let meters = Meters::default().with(run.clone()).with(team.clone());
        meters.add(600, 1_000).unwrap();
        meters.room().unwrap();
        let err = meters.add(500, 500).unwrap_err();
        assert_eq!(err.message, "the workflow run reached its budget of 1000 tokens (1100 used); it was stopped");
        assert_eq!(team.spent(), (1_100, 1_500), "every meter counts the call");
        assert!(meters.room().is_err());
        let err = Meters::default().with(team).add(0, 600).unwrap_err();
        assert_eq!(err.message, "team 'Desk' reached its budget of $0.002 ($0.0021 spent); it was stopped");
    }
}
