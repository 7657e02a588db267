//! `neuroflow workspace …` as clap reads it: signing in to an organization's workspace, choosing
//! which organizations sync, and their status.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum WorkspaceCommand {
    /// Sign in to a workspace with an email and password (asked for without echo, or read from
    /// standard input). The tokens go to the vault.
    Login {
        /// The workspace's address, e.g. https://workspace.example.com.
        url: String,
        #[arg(long)]
        email: String,
    },
    /// Sign out; connected organizations stay here and stop syncing until the next sign-in.
    Logout,
    /// The account signed in, and the workspace's organizations (those on this machine marked).
    Orgs,
    /// Connect the organization (--org) to the workspace and upload it.
    Connect,
    /// Download a workspace organization to this machine, and keep it in sync.
    Download {
        /// The workspace organization's id (see `neuroflow workspace orgs`).
        id: String,
    },
    /// Stop syncing the organization (--org); with --remove, delete this machine's copy as well.
    Disconnect {
        #[arg(long)]
        remove: bool,
    },
    /// Where the organization (--org) stands: role, plan, last sync, pending changes, last error.
    Status,
    /// Sync the organization (--org) now.
    Sync,
    /// Workflows both sides changed (conflict copies to resolve), and changes the workspace refused.
    Conflicts,
}
