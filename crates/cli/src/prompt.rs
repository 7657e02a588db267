//! Asking the person at the terminal: a yes/no confirmation, and secrets — read without echo from
//! the terminal, or from standard input when it is not one (a pipe, a file), never from arguments
//! (which other users can see in the process list and which shells keep in their history).

use neuroflow_app::Secret;
use neuroflow_app::{AppError, AppResult, MAX_SECRET_BYTES};
use std::io::{BufRead, IsTerminal, Read, Write};

/// Asks a yes/no question on the terminal.
pub fn confirm(question: &str) -> AppResult<bool> {
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES"))
}

/// Whether a person is at the terminal (so questions can be asked).
pub fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

/// Reads a secret: asked for without echo on a terminal, otherwise the whole of standard input
/// (trailing newline removed).
pub fn secret(label: &str) -> AppResult<Secret> {
    let text = if interactive() {
        rpassword::prompt_password(format!("{label}: "))
            .map_err(|e| AppError::invalid(format!("could not read the secret from the terminal: {e}")))?
    } else {
        let mut buf = String::new();
        std::io::stdin()
            .take(MAX_SECRET_BYTES as u64 + 1)
            .read_to_string(&mut buf)
            .map_err(|e| AppError::invalid(format!("could not read the secret from standard input: {e}")))?;
        buf
    };
    let secret = Secret::new(text.trim_end_matches(['\r', '\n']));
    if secret.is_empty() {
        return Err(AppError::invalid(format!("{label}: nothing was entered")));
    }
    Ok(secret)
}

/// Asks for a new passphrase twice on a terminal (once from standard input otherwise).
pub fn new_passphrase() -> AppResult<Secret> {
    let first = secret("New passphrase for the encrypted vault file")?;
    if interactive() {
        let again = secret("The same passphrase again")?;
        if again != first {
            return Err(AppError::invalid("the two passphrases differ; nothing was changed"));
        }
    }
    Ok(first)
}
