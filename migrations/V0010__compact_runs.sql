-- V0010: what a run costs on disk, made smaller with nothing a user reads lost.
--
-- A step's input is most often a value the execution already holds — the execution's input (for its
-- trigger) or the output of the one node before it — and a trigger's output is its input. Such
-- values are now kept once: `input_from` says where the input is ('' for the execution's input, else
-- the node whose output it is) and `output_is_input` that the output is the input; the store fills
-- them in when it reads a step (crates/store/src/table/step_values.rs), so no reader sees the
-- difference.
ALTER TABLE execution_steps ADD COLUMN input_from TEXT;
ALTER TABLE execution_steps ADD COLUMN output_is_input INTEGER NOT NULL DEFAULT 0 CHECK (output_is_input IN (0, 1));
