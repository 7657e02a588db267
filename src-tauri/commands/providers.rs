//! LLM providers and prices from Settings. A key crosses IPC only inward; records say `hasKey`.

use neuroflow_app::Price;
use neuroflow_app::Secret;
use neuroflow_app::{AppError, Hub, PriceEntry, ProviderSettings};
use neuroflow_types::OrgId;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_providers(hub: State<'_, Hub>, org: OrgId) -> Result<Vec<ProviderSettings>, AppError> {
    hub.list_providers(org).await
}

/// Adds or changes a provider; `key`, when given, replaces its saved key.
#[tauri::command]
#[specta::specta]
pub async fn save_provider(
    hub: State<'_, Hub>,
    org: OrgId,
    provider: ProviderSettings,
    key: Option<String>,
) -> Result<ProviderSettings, AppError> {
    hub.save_provider(org, provider, key.map(Secret::new)).await
}

/// Forgets a provider's key (and removes a provider that is not a preset).
#[tauri::command]
#[specta::specta]
pub async fn delete_provider(hub: State<'_, Hub>, org: OrgId, id: String) -> Result<(), AppError> {
    hub.delete_provider(org, &id).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_prices(hub: State<'_, Hub>, org: OrgId) -> Result<Vec<PriceEntry>, AppError> {
    hub.list_prices(org).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_price(
    hub: State<'_, Hub>,
    org: OrgId,
    provider: String,
    model: String,
    price: Price,
) -> Result<PriceEntry, AppError> {
    hub.set_price(org, &provider, &model, price).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_price(hub: State<'_, Hub>, org: OrgId, provider: String, model: String) -> Result<(), AppError> {
    hub.delete_price(org, &provider, &model).await
}
