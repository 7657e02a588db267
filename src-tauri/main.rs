// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// mimalloc: several times faster than the system allocator on the engine's many small, short-lived
/// allocations (documents, JSON values, template contexts), and it returns freed memory to the OS.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    neuroflow_hub::run();
}
