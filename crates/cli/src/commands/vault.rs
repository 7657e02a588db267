//! `neuroflow vault …`

use crate::args::{StoreArg, VaultCommand};
use crate::output::Out;
use crate::prompt;
use neuroflow_app::{AppResult, Hub, PASSPHRASE_ENV, VaultChoice, VaultInfo};
use neuroflow_app::{Secret, StoreKind};

pub async fn run(hub: &Hub, out: Out, command: VaultCommand) -> AppResult<u8> {
    let info = match command {
        VaultCommand::Status => hub.vault_status().await?,
        VaultCommand::Use { store } => {
            let kind = match store {
                StoreArg::Keychain => StoreKind::Keychain,
                StoreArg::KernelKeyring => StoreKind::KernelKeyring,
                StoreArg::EncryptedFile => StoreKind::EncryptedFile,
            };
            let passphrase = match (kind, std::env::var(PASSPHRASE_ENV)) {
                (StoreKind::EncryptedFile, Ok(p)) => Some(Secret::new(p)),
                (StoreKind::EncryptedFile, Err(_)) => Some(prompt::new_passphrase()?),
                _ => None,
            };
            hub.choose_vault(kind, passphrase).await?
        }
    };
    out.show(&info, describe);
    Ok(if info.available || info.locked { 0 } else { 1 })
}

/// Asks for the encrypted file's passphrase when a command first needs a secret and nothing else
/// supplies it; `serve` asks up front (before it runs unattended).
pub async fn ask_for_passphrase(hub: &Hub, up_front: bool) -> AppResult<()> {
    if !prompt::interactive() {
        return Ok(());
    }
    if up_front {
        if hub.vault_needs_passphrase() {
            let passphrase = prompt::secret("Passphrase of the encrypted vault file")?;
            hub.unlock_vault(passphrase).await?;
        }
        return Ok(());
    }
    hub.set_passphrase_source(|| prompt::secret("Passphrase of the encrypted vault file").ok())
}

fn describe(info: &VaultInfo) -> String {
    let why = match info.chosen_by {
        VaultChoice::Default => "the default",
        VaultChoice::Settings => "chosen in Settings or with `neuroflow vault use`",
        VaultChoice::Environment => "chosen by NEUROFLOW_VAULT",
    };
    let state = if info.available {
        "ready".to_string()
    } else if info.locked {
        format!("locked: {}", info.reason.as_deref().unwrap_or("it needs its passphrase"))
    } else {
        format!("not available: {}", info.reason.as_deref().unwrap_or("unknown reason"))
    };
    format!("Secrets are kept in the {} ({why}).\nState: {state}", info.name)
}
