//! The Tauri commands: one-screen functions that call the hub. Errors cross as
//! `{code, message, details?}` ([`neuroflow_app::AppError`]).

mod agents;
mod analytics;
mod desktop;
mod editor;
mod files;
mod integrations;
mod orgs;
mod providers;
mod retention;
mod runs;
mod system;
mod teams;
mod templates;
mod updates;
mod vault;
mod workflows;
mod workspace;

pub mod bindings {
    //! The command list, and the TypeScript bindings generated from it into `ui/src/bindings.ts`.

    use super::*;
    use specta_typescript::Typescript;
    use tauri_specta::{Builder, collect_commands, collect_events};

    /// Where the generated bindings live, relative to the repository root.
    pub const BINDINGS_PATH: &str = "ui/src/bindings.ts";

    /// The commands that work on any Tauri runtime, plus `$extra`.
    macro_rules! commands_with {
        ($($extra:tt)*) => {
            collect_commands![
                system::app_info,
                orgs::list_orgs,
                orgs::create_org,
                orgs::rename_org,
                orgs::delete_org,
                workflows::list_workflows,
                workflows::get_workflow,
                workflows::update_workflow,
                workflows::delete_workflow,
                workflows::duplicate_workflow,
                workflows::import_workflow_text,
                workflows::export_workflow_text,
                workflows::validate_document,
                workflows::create_workflow,
                workflows::create_workflow_from,
                workflows::rename_workflow,
                workflows::restore_deleted_workflow,
                editor::editor_catalog,
                editor::get_draft,
                editor::save_draft,
                editor::discard_draft,
                editor::list_versions,
                editor::get_version,
                editor::save_version,
                editor::restore_version,
                editor::publish_version,
                editor::diff_versions,
                editor::diff_documents,
                editor::run_draft,
                editor::last_run,
                editor::render_preview,
                editor::check_template,
                runs::run_workflow,
                runs::rerun_execution,
                runs::cancel_execution,
                runs::list_executions,
                runs::get_execution,
                runs::org_stats,
                analytics::analytics_summary,
                analytics::analytics_series,
                analytics::analytics_breakdown,
                analytics::analytics_errors,
                analytics::analytics_runs,
                analytics::dashboard,
                retention::retention_status,
                retention::set_retention_settings,
                retention::prune_executions,
                retention::pin_execution,
                system::trigger_state,
                system::set_webhook_port,
                desktop::desktop_settings,
                desktop::set_close_to_tray,
                desktop::set_notifications,
                desktop::set_run_notice,
                desktop::set_triggers_paused,
                updates::set_update_checks,
                updates::set_update_endpoint,
                updates::check_for_update,
                updates::last_update_check,
                updates::install_update,
                integrations::list_integrations,
                integrations::get_integration,
                integrations::create_integration,
                integrations::update_integration,
                integrations::delete_integration,
                integrations::test_integration,
                integrations::begin_sign_in,
                integrations::finish_sign_in,
                integrations::cancel_sign_in,
                vault::vault_status,
                vault::choose_vault,
                vault::unlock_vault,
                vault::lock_vault,
                agents::list_agents,
                agents::get_agent,
                agents::create_agent,
                agents::update_agent,
                agents::delete_agent,
                agents::agent_tools,
                agents::ask_agent,
                agents::cancel_agent_call,
                agents::list_agent_executions,
                teams::list_teams,
                teams::get_team,
                teams::create_team,
                teams::update_team,
                teams::delete_team,
                teams::set_team_member,
                teams::remove_team_member,
                teams::run_team,
                teams::cancel_team_run,
                teams::list_team_executions,
                providers::list_providers,
                providers::save_provider,
                providers::delete_provider,
                providers::list_prices,
                providers::set_price,
                providers::delete_price,
                templates::search_templates,
                templates::template_detail,
                templates::deploy_template,
                templates::workflow_template,
                templates::template_update,
                templates::take_template_update,
                templates::template_test_run,
                templates::publish_template,
                templates::export_template_text,
                templates::import_template_text,
                templates::rate_template,
                templates::delete_template,
                workspace::workspace_account,
                workspace::workspace_login,
                workspace::workspace_begin_browser_login,
                workspace::workspace_finish_browser_login,
                workspace::workspace_logout,
                workspace::workspace_orgs,
                workspace::connect_org,
                workspace::download_org,
                workspace::disconnect_org,
                workspace::sync_status,
                workspace::sync_now,
                workspace::sync_conflicts,
                workspace::sync_conflict_document,
                workspace::resolve_sync_conflict,
                workspace::sync_rejections,
                workspace::resend_sync_rejections,
                workspace::workspace_members,
                workspace::set_member_role,
                workspace::remove_member,
                workspace::workspace_invitations,
                workspace::invite_member,
                workspace::revoke_invitation,
                workspace::workspace_plan,
                workspace::set_workspace_plan,
                $($extra)*
            ]
        };
    }

    /// Every command the UI may call.
    pub fn builder() -> Builder<tauri::Wry> {
        configure(Builder::<tauri::Wry>::new().commands(commands_with![
            files::import_workflow_file,
            files::export_workflow_file,
            files::import_template_file,
            files::export_template_file,
            files::save_text_file,
            desktop::start_at_login,
            desktop::set_start_at_login,
        ]))
    }

    /// The commands that need no native window or OS integration (all but the file dialogs and the
    /// login item), on any runtime: tests
    /// drive them through Tauri's mock runtime.
    pub fn portable_builder<R: tauri::Runtime>() -> Builder<R> {
        configure(Builder::<R>::new().commands(commands_with![]))
    }

    fn configure<R: tauri::Runtime>(builder: Builder<R>) -> Builder<R> {
        // Counts, tokens and micro-dollars are i64 in Rust; every value the app produces stays far
        // below 2^53, so they cross as plain numbers.
        builder
            .events(collect_events![
                crate::events::ExecutionChanged,
                crate::events::DataChanged,
                crate::events::TriggersChanged
            ])
            // Types the editor reads node data with, though no command returns them whole.
            .typ::<neuroflow_types::NodeKind>()
            .typ::<neuroflow_types::ActionSpec>()
            .dangerously_cast_bigints_to_number()
    }

    /// Writes the bindings to `path`.
    pub fn export(path: &std::path::Path) -> Result<(), String> {
        builder()
            .export(Typescript::default().header("// Generated by tauri-specta from src-tauri/commands. Do not edit.\n// Regenerate: NEUROFLOW_UPDATE_BINDINGS=1 cargo test --test shell bindings\n"), path)
            .map_err(|e| e.to_string())
    }
}
