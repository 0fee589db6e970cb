//! Repeated runs of one command: median wall time and peak memory.

use anyhow::{Context, Result, bail, ensure};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Wall times and peak resident set sizes of repeated runs of one command.
pub(super) struct Measurement {
    times: Vec<Duration>,
    rss_kib: Vec<u64>,
}

impl Measurement {
    pub(super) fn median_ms(&self) -> f64 {
        median(
            self.times
                .iter()
                .map(|t| t.as_secs_f64() * 1000.0)
                .collect(),
        )
    }
    pub(super) fn min_ms(&self) -> f64 {
        self.times
            .iter()
            .min()
            .map_or(0.0, |t| t.as_secs_f64() * 1000.0)
    }
    pub(super) fn max_ms(&self) -> f64 {
        self.times
            .iter()
            .max()
            .map_or(0.0, |t| t.as_secs_f64() * 1000.0)
    }
    pub(super) fn median_rss_mb(&self) -> f64 {
        median(self.rss_kib.iter().map(|&k| k as f64 / 1024.0).collect())
    }
}

pub(super) fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Runs `command` once untimed (to warm the page cache), then `runs` times, calling `before`
/// ahead of each run (outside the timing). Output is discarded; a failure is an error.
pub(super) fn measure(
    command: &mut Command,
    runs: usize,
    mut before: impl FnMut() -> Result<()>,
) -> Result<Measurement> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    before()?;
    run_once(command)?;
    let mut result = Measurement {
        times: Vec::with_capacity(runs),
        rss_kib: Vec::with_capacity(runs),
    };
    for _ in 0..runs {
        before()?;
        let (time, rss) = run_once(command)?;
        result.times.push(time);
        result.rss_kib.push(rss);
    }
    Ok(result)
}

/// One run: wall time from spawn to exit, and the child's own peak RSS in KiB.
pub(super) fn run_once(command: &mut Command) -> Result<(Duration, u64)> {
    let start = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("starting {command:?}"))?;
    let pid = libc::pid_t::try_from(child.id()).context("pid out of range")?;
    // The pipe holds the little a failing generator prints; read it after the exit.
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; `pid` is our own child, which std
    // has not reaped (we never call `wait` on it), so wait4 reaps it exactly once.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    ensure!(
        waited == pid,
        "wait4 failed: {}",
        std::io::Error::last_os_error()
    );
    let mut stderr = String::new();
    if let Some(pipe) = child.stderr.take() {
        let _ = BufReader::new(pipe).read_line(&mut stderr);
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        bail!("{command:?} failed: {}", stderr.trim());
    }
    // ru_maxrss is in KiB on Linux.
    Ok((elapsed, u64::try_from(usage.ru_maxrss).unwrap_or(0)))
}

// ---------------------------------------------------------------------------------------
// Generation.

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
    }
}
