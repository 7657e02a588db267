//! One app per data directory: starting NeuroFlow Hub again (from the launcher, a second click, a
//! login item) focuses the window of the one already running instead of opening a second app that
//! would fight the first over the trigger port and the schedules.
//!
//! tauri-plugin-single-instance does the work (a D-Bus name on Linux, a named mutex on Windows, a
//! socket on macOS). The name carries a hash of the data directory, so a second data directory
//! (`--data-dir`, `NEUROFLOW_DATA_DIR`: a test's, a second profile's) is a second app, as it is to
//! the trigger service.

use crate::window;
use std::path::Path;
use tauri::Runtime;
use tauri::plugin::TauriPlugin;

/// The plugin, keyed by `data_dir`. Register it first: a second instance exits in its setup,
/// before anything else starts.
pub fn plugin<R: Runtime>(data_dir: &Path) -> TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(data_dir))
        .callback(|app, _args, _cwd| {
            tracing::info!("NeuroFlow Hub was started again: showing the running window");
            window::reveal(app);
        })
        .build()
}

/// `com.neuroflow.hub.i<hash of the absolute data directory>`: a valid D-Bus name, stable across
/// runs and versions (FNV-1a, not the standard hasher, whose output may change between releases).
pub fn instance_id(data_dir: &Path) -> String {
    let absolute = std::path::absolute(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in absolute.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{}.i{hash:016x}", neuroflow_app::paths::APP_IDENTIFIER)
}

#[cfg(test)]
mod tests {
    use super::instance_id;
    use std::path::Path;

    #[test]
    fn each_data_directory_is_its_own_instance_and_the_name_is_stable() {
        let a = instance_id(Path::new("/home/ada/.local/share/com.neuroflow.hub"));
        assert_eq!(a, instance_id(Path::new("/home/ada/.local/share/com.neuroflow.hub")));
        assert_ne!(a, instance_id(Path::new("/tmp/neuroflow-e2e-1")));
        // A D-Bus name element may not start with a digit and holds only [A-Za-z0-9_].
        let last = a.rsplit('.').next().unwrap();
        assert!(last.starts_with('i') && last.chars().all(|c| c.is_ascii_alphanumeric()), "{a}");
    }
}
