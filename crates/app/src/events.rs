//! One way to deliver events: a workflow run, an agent call and a team run each hand their events
//! (every type of them defined in `neuroflow_types`, versioned) to an [`EventSink`] — a function the
//! caller chose: the CLI prints, the desktop forwards to a window's channel, a test collects. A run's
//! start and end also go to the process-wide bus that live views subscribe to.

use std::sync::Arc;

/// Where an activity's events go.
pub type EventSink<E> = Arc<dyn Fn(E) + Send + Sync>;

/// A sink that drops every event (nobody listens).
pub fn discard<E>() -> EventSink<E> {
    Arc::new(|_| {})
}

/// A sink that sends every event into a channel, for callers that read events as a stream.
pub fn channel<E: Send + 'static>() -> (EventSink<E>, tokio::sync::mpsc::UnboundedReceiver<E>) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    (Arc::new(move |e| drop(tx.send(e))), rx)
}
