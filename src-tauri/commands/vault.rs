//! Where secrets are kept, from Settings: the store in use and why, switching stores, and the
//! encrypted file's passphrase.

use neuroflow_app::{AppError, Hub, VaultInfo};
use neuroflow_app::{Secret, StoreKind};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn vault_status(hub: State<'_, Hub>) -> Result<VaultInfo, AppError> {
    hub.vault_status().await
}

/// Switches to another store, moving the saved secrets into it.
#[tauri::command]
#[specta::specta]
pub async fn choose_vault(
    hub: State<'_, Hub>,
    kind: StoreKind,
    passphrase: Option<String>,
) -> Result<VaultInfo, AppError> {
    hub.choose_vault(kind, passphrase.map(Secret::new)).await
}

#[tauri::command]
#[specta::specta]
pub async fn unlock_vault(hub: State<'_, Hub>, passphrase: String) -> Result<VaultInfo, AppError> {
    hub.unlock_vault(Secret::new(passphrase)).await
}

#[tauri::command]
#[specta::specta]
pub async fn lock_vault(hub: State<'_, Hub>) -> Result<VaultInfo, AppError> {
    hub.lock_vault().await
}
