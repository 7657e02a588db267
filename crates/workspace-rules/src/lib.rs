//! The hosted workspace's rules that the desktop app applies too, defined once for both — who may
//! do what and what each plan allows (`access`), which configuration keys hold secrets (`secrets`): the
//! service (server/) refuses what breaks them, and the app keeps it from being sent, so the two can
//! never disagree about a change (a disagreement is a change the service refuses forever, or one
//! the app withholds for nothing).

pub mod access;
pub mod secrets;

pub use secrets::names_a_secret;
