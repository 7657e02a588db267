//! Import and export through the system file dialog. The dialog runs here, in Rust, so the UI never
//! hands the app a path to read or write: only files the user picked are touched.

use neuroflow_app::files::{read_document_text, write_atomically};
use neuroflow_app::{AppError, Hub, SavedWorkflow};
use neuroflow_types::{OrgId, Template, TemplateId, WorkflowId};
use tauri::State;
use tauri_plugin_dialog::{DialogExt, FilePath};

/// Asks for a workflow file and imports it; `None` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn import_workflow_file(
    app: tauri::AppHandle,
    hub: State<'_, Hub>,
    org: OrgId,
) -> Result<Option<SavedWorkflow>, AppError> {
    let picked = tokio::task::spawn_blocking(move || {
        app.dialog().file().set_title("Import a workflow").add_filter("Workflow", &["json"]).blocking_pick_file()
    })
    .await
    .map_err(|e| AppError::internal(format!("the file dialog failed: {e}")))?;
    let Some(path) = picked.and_then(into_path) else {
        return Ok(None);
    };
    let text = read_document_text(&path.display().to_string())?;
    hub.import_workflow(org, &text).await.map(Some)
}

/// Asks where to save a workflow's document and writes it there; returns the path, or `None` when
/// the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn export_workflow_file(
    app: tauri::AppHandle,
    hub: State<'_, Hub>,
    org: OrgId,
    id: WorkflowId,
) -> Result<Option<String>, AppError> {
    let workflow = hub.get_workflow(org, id).await?;
    let text = hub.export_workflow(org, id).await?;
    let suggested = format!("{}.json", file_stem(&workflow.name));
    let picked = tokio::task::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Export workflow")
            .set_file_name(suggested)
            .add_filter("Workflow", &["json"])
            .blocking_save_file()
    })
    .await
    .map_err(|e| AppError::internal(format!("the file dialog failed: {e}")))?;
    let Some(path) = picked.and_then(into_path) else {
        return Ok(None);
    };
    write_atomically(&path, text.as_bytes())?;
    Ok(Some(path.display().to_string()))
}

/// Asks for a template file and imports it; `None` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn import_template_file(
    app: tauri::AppHandle,
    hub: State<'_, Hub>,
    org: OrgId,
) -> Result<Option<Template>, AppError> {
    let picked = tokio::task::spawn_blocking(move || {
        app.dialog().file().set_title("Import a template").add_filter("Template", &["json"]).blocking_pick_file()
    })
    .await
    .map_err(|e| AppError::internal(format!("the file dialog failed: {e}")))?;
    let Some(path) = picked.and_then(into_path) else {
        return Ok(None);
    };
    let text = read_document_text(&path.display().to_string())?;
    hub.import_template(org, &text).await.map(Some)
}

/// Asks where to save a template file and writes it there; the path, or `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_template_file(
    app: tauri::AppHandle,
    hub: State<'_, Hub>,
    org: OrgId,
    id: TemplateId,
) -> Result<Option<String>, AppError> {
    let template = hub.get_template(org, id).await?;
    let text = hub.export_template(org, id).await?;
    let suggested = format!("{}.template.json", file_stem(&template.card.slug));
    let picked = tokio::task::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Export template")
            .set_file_name(suggested)
            .add_filter("Template", &["json"])
            .blocking_save_file()
    })
    .await
    .map_err(|e| AppError::internal(format!("the file dialog failed: {e}")))?;
    let Some(path) = picked.and_then(into_path) else {
        return Ok(None);
    };
    write_atomically(&path, text.as_bytes())?;
    Ok(Some(path.display().to_string()))
}

/// Asks where to save a text the UI made (a CSV export of an analytics view) and writes it there;
/// returns the path, or `None` when the user cancels. Only the file the user picked is written.
#[tauri::command]
#[specta::specta]
pub async fn save_text_file(
    app: tauri::AppHandle,
    suggested_name: String,
    extension: String,
    text: String,
) -> Result<Option<String>, AppError> {
    let extension: String = extension.chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    let suggested = format!("{}.{extension}", file_stem(suggested_name.trim_end_matches(&format!(".{extension}"))));
    let picked = tokio::task::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Save")
            .set_file_name(suggested)
            .add_filter(extension.to_uppercase(), &[extension.as_str()])
            .blocking_save_file()
    })
    .await
    .map_err(|e| AppError::internal(format!("the file dialog failed: {e}")))?;
    let Some(path) = picked.and_then(into_path) else {
        return Ok(None);
    };
    write_atomically(&path, text.as_bytes())?;
    Ok(Some(path.display().to_string()))
}

fn into_path(file: FilePath) -> Option<std::path::PathBuf> {
    file.into_path().ok()
}

/// A file name for a workflow: its name without characters file systems refuse.
fn file_stem(name: &str) -> String {
    let stem: String =
        name.chars().map(|c| if "/\\:*?\"<>|".contains(c) || c.is_control() { '-' } else { c }).collect();
    let stem = stem.trim().trim_matches('.').to_string();
    if stem.is_empty() { "workflow".into() } else { stem }
}
