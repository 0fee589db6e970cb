//! Repeated runs of one command: median wall time and peak memory.

use anyhow::{Context, Result, ensure};
use std::fs::{self, File};
use std::path::PathBuf;
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
/// ahead of each run (outside the timing). Output is kept only for a failure, which is an
/// error: a [`RunFailed`] when the command ran and exited badly.
pub(super) fn measure(
    command: &mut Command,
    runs: usize,
    mut before: impl FnMut() -> Result<()>,
) -> Result<Measurement> {
    command.stdin(Stdio::null());
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

/// A command that exited non-zero or was killed: how, and everything it wrote (stdout and
/// stderr in one, in the order written: some programs say why they fail on stdout).
#[derive(Debug)]
pub(super) struct RunFailed {
    pub(super) command: String,
    pub(super) status: String,
    pub(super) output: String,
}

impl std::fmt::Display for RunFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let first = self.output.lines().find(|line| !line.trim().is_empty());
        write!(
            f,
            "{} failed ({}): {}",
            self.command,
            self.status,
            first.unwrap_or("").trim()
        )
    }
}

impl std::error::Error for RunFailed {}

/// One run: wall time from spawn to exit, and the child's own peak RSS in KiB.
pub(super) fn run_once(command: &mut Command) -> Result<(Duration, u64)> {
    // The output goes to a file, not a pipe: a pipe read only after the exit would block a
    // child that writes more than the pipe holds (a peer generator's warnings, say).
    let output_path = output_file();
    let output = File::create(&output_path).context("creating the output file")?;
    command.stdout(output.try_clone()?).stderr(output);
    let start = Instant::now();
    let child = command
        .spawn()
        .with_context(|| format!("starting {command:?}"))?;
    let pid = libc::pid_t::try_from(child.id()).context("pid out of range")?;
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
    let output = fs::read(&output_path).unwrap_or_default();
    let _ = fs::remove_file(&output_path);
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let status = if libc::WIFEXITED(status) {
            format!("exit status {}", libc::WEXITSTATUS(status))
        } else {
            format!("killed by signal {}", libc::WTERMSIG(status))
        };
        return Err(RunFailed {
            command: format!("{command:?}"),
            status,
            output: String::from_utf8_lossy(&output).into_owned(),
        }
        .into());
    }
    // ru_maxrss is in KiB on Linux.
    Ok((elapsed, u64::try_from(usage.ru_maxrss).unwrap_or(0)))
}

fn output_file() -> PathBuf {
    std::env::temp_dir().join(format!("xtask-bench-output-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
    }
}
