//! WebKitGTK defaults for Linux, set before the first webview exists.
//!
//! WebKitGTK's accelerated compositing makes the workflow editor slow on common Linux setups (no
//! GPU, software GL, Xvfb, many remote desktops): measured on a 500-node workflow, zooming took
//! 175 ms at the 95th percentile with compositing and 48 ms without, and a key press reached the
//! screen after 438 ms instead of 52 ms. So the app starts with `WEBKIT_DISABLE_COMPOSITING_MODE=1`
//! unless the variable is already set: a user whose GPU path is faster opts out with
//! `WEBKIT_DISABLE_COMPOSITING_MODE=0`.

/// The variable WebKitGTK reads when its first web view is created.
pub const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Sets [`DISABLE_COMPOSITING`] to `1` when it is unset. Call first thing in `main`, while the
/// process has one thread.
#[allow(unsafe_code)]
pub fn apply_defaults() {
    if cfg!(target_os = "linux") && std::env::var_os(DISABLE_COMPOSITING).is_none() {
        // SAFETY: called at the start of `run`, before Tauri, GTK, logging or any runtime starts a
        // thread, so no other thread can be reading the environment meanwhile.
        unsafe {
            std::env::set_var(DISABLE_COMPOSITING, "1");
        }
    }
}
