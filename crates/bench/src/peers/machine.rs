//! Who used the CPU during a run, from /proc (Linux): the server under test, the rest of this
//! benchmark (its load generator included), and everything else.
//!
//! On a shared two-core machine another build can halve a server's throughput, and nothing in the
//! load tool's output shows it. So around every run we take two snapshots of /proc: the machine's
//! busy time (/proc/stat) and every process's CPU time (/proc/<pid>/stat). Time not spent by this
//! process and its descendants, nor by kernel threads, is *foreign*; a run with more than a set
//! share of a core of it is disturbed, waited out and repeated, or marked if it stays disturbed.
//! Kernel threads (children of kthreadd, pid 2) are left out because much of their work there is
//! ours: the writeback of the server's fsyncs, loopback traffic.

use std::collections::HashMap;
use std::time::Instant;

/// One process's line of /proc/<pid>/stat, the fields we use (in clock ticks).
#[derive(Debug, Clone, PartialEq)]
pub struct Proc {
    pub ppid: u32,
    pub comm: String,
    /// utime + stime: its own CPU time.
    pub own: u64,
    /// cutime + cstime: that of its children it has reaped.
    pub reaped: u64,
    /// When it started, in ticks after boot: with the pid, who it is (pids are reused).
    pub start: u64,
}

/// The machine at one instant.
pub struct Snapshot {
    at: Instant,
    /// user + nice + system + steal of all CPUs (irq and softirq are left out: loopback traffic
    /// lands there, and it is the benchmark's own).
    busy: u64,
    procs: HashMap<u32, Proc>,
}

/// What happened between two snapshots.
#[derive(Debug, Clone, Default)]
pub struct Window {
    /// CPU seconds of one process tree (the server under test).
    pub server_cpu: f64,
    /// Cores' worth of CPU used by processes outside this benchmark (0.5 = half a core).
    pub foreign_cores: f64,
    /// The foreign processes that used the most, by name, in cores.
    pub top_foreign: Vec<(String, f64)>,
}

/// Clock ticks per second (`getconf CLK_TCK`; 100 on every Linux we know of).
pub fn ticks_per_second() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0)
    })
}

pub fn snapshot() -> Snapshot {
    let busy = std::fs::read_to_string("/proc/stat").ok().and_then(|s| parse_busy(&s)).unwrap_or(0);
    let mut procs = HashMap::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for entry in dir.flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
            if let Some(p) = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok().and_then(|s| parse_stat(&s)) {
                procs.insert(pid, p);
            }
        }
    }
    Snapshot { at: Instant::now(), busy, procs }
}

/// The busy ticks of the first line of /proc/stat.
pub fn parse_busy(stat: &str) -> Option<u64> {
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let f: Vec<u64> = line.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
    // user nice system idle iowait irq softirq steal …
    Some(f.first()? + f.get(1)? + f.get(2)? + f.get(7).copied().unwrap_or(0))
}

/// Parses /proc/<pid>/stat; the name is in parentheses and may itself hold spaces or parentheses.
pub fn parse_stat(stat: &str) -> Option<Proc> {
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let comm = stat[open + 1..close].to_string();
    // After the name: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17) … starttime(22).
    let rest: Vec<&str> = stat[close + 1..].split_whitespace().collect();
    let field = |n: usize| rest.get(n - 3).and_then(|v| v.parse::<u64>().ok());
    Some(Proc {
        ppid: field(4)? as u32,
        comm,
        own: field(14)? + field(15)?,
        reaped: field(16)? + field(17)?,
        start: field(22)?,
    })
}

impl Snapshot {
    /// Whether `pid` is `root` or descends from it.
    fn descends(&self, mut pid: u32, root: u32) -> bool {
        for _ in 0..64 {
            if pid == root {
                return true;
            }
            match self.procs.get(&pid) {
                Some(p) if p.ppid != 0 => pid = p.ppid,
                _ => return false,
            }
        }
        false
    }

    /// CPU ticks of a process tree: each live member's own time and what it reaped (a member that
    /// ended moved its time into its parent's reaped time).
    fn tree_ticks(&self, root: u32) -> u64 {
        self.procs.iter().filter(|(pid, _)| self.descends(**pid, root)).map(|(_, p)| p.own + p.reaped).sum()
    }
}

/// What happened between `before` and `after` to the tree of `server`, this process's tree and the rest.
pub fn window(before: &Snapshot, after: &Snapshot, server: u32) -> Window {
    let me = std::process::id();
    let tick = ticks_per_second();
    let seconds = after.at.duration_since(before.at).as_secs_f64().max(1e-3);
    let ours = after.tree_ticks(me).saturating_sub(before.tree_ticks(me));
    let busy = after.busy.saturating_sub(before.busy);
    let mut kernel = 0;
    let mut by_name: HashMap<String, u64> = HashMap::new();
    for (pid, p) in &after.procs {
        if after.descends(*pid, me) {
            continue;
        }
        // A process that was not there before (or whose pid was reused) used all its time here.
        let was = before.procs.get(pid).filter(|b| b.start == p.start).map(|b| b.own).unwrap_or(0);
        let used = p.own.saturating_sub(was);
        if *pid == 2 || p.ppid == 2 {
            kernel += used;
        } else if used > 0 {
            *by_name.entry(p.comm.clone()).or_default() += used;
        }
    }
    let foreign = busy.saturating_sub(ours).saturating_sub(kernel);
    let mut top: Vec<(String, f64)> =
        by_name.into_iter().map(|(name, t)| (name, t as f64 / tick / seconds)).filter(|(_, c)| *c >= 0.02).collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1));
    top.truncate(3);
    Window {
        server_cpu: after.tree_ticks(server).saturating_sub(before.tree_ticks(server)) as f64 / tick,
        foreign_cores: foreign as f64 / tick / seconds,
        top_foreign: top,
    }
}

/// The one-minute load average.
pub fn load1() -> f64 {
    std::fs::read_to_string("/proc/loadavg").ok().and_then(|s| s.split_whitespace().next()?.parse().ok()).unwrap_or(0.0)
}

/// Peak resident memory of a process (VmHWM), in MiB.
pub fn peak_rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: f64 = status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Waits (up to `max` seconds, in one-second looks) until the rest of the machine uses at most
/// `threshold` cores; returns the foreign load of the last look.
pub fn wait_quiet(threshold: f64, max: u32) -> f64 {
    let mut last = f64::MAX;
    for _ in 0..max.max(1) {
        let before = snapshot();
        std::thread::sleep(std::time::Duration::from_secs(1));
        last = window(&before, &snapshot(), std::process::id()).foreign_cores;
        if last <= threshold {
            break;
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_stat_line_whose_name_has_spaces_and_parentheses() {
        let line = "4242 (tokio (rt) x) S 17 4242 4242 0 -1 4194560 1 0 0 0 250 70 5 6 20 0 3 0 1 2 3";
        let p = parse_stat(line).unwrap();
        assert_eq!(p, Proc { ppid: 17, comm: "tokio (rt) x".into(), own: 320, reaped: 11, start: 1 });
    }

    #[test]
    fn busy_time_leaves_out_idle_iowait_and_interrupts() {
        let stat = "cpu  100 2 30 5000 40 7 9 3 0 0\ncpu0 50 1 15 2500 20 3 4 1 0 0\n";
        assert_eq!(parse_busy(stat), Some(135));
    }

    #[test]
    fn this_process_is_in_its_own_tree() {
        let s = snapshot();
        assert!(s.descends(std::process::id(), std::process::id()));
        assert!(!s.descends(1, std::process::id()));
    }
}
