-- The drill-down from an integration action to its runs ("runs with slack.postMessage, last 7 days",
-- with their count) reads only steps that ran the action (attempts > 0: a reused or pinned output
-- is not a call). The V0004 index matched the action and the window but not that condition, so each
-- of a week's matching steps was looked up in the table to read its attempts (20 ms of the 66 ms p95
-- at 1,000,000 runs). This one holds only the calls and carries `attempts` (SQLite checks a partial
-- index's condition on the row, so the column must be there for the index alone to answer); with
-- the step's key (execution_id) that every entry of a WITHOUT ROWID table's index carries, the
-- drill-down reads the index alone.
CREATE INDEX execution_steps_action_calls ON execution_steps (action, started_at, attempts)
    WHERE action IS NOT NULL AND attempts > 0;
DROP INDEX execution_steps_action;
