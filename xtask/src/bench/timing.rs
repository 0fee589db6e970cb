//! Repeated runs of one command: median wall time and peak memory.

use anyhow::{Context, Result};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
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

/// GNU time, which reports its child's peak RSS. A child we spawn ourselves would not do:
/// Linux carries the peak RSS of the memory it leaves at `exec` into the new program's, and a
/// child spawned from this process leaves this process's (tens of MB after a few runs).
const GNU_TIME: &str = "/usr/bin/time";

/// `command` run under GNU time, which writes the peak RSS (KiB) into `rss_file`.
fn under_time(command: &Command, rss_file: &Path) -> Command {
    let mut wrapped = Command::new(GNU_TIME);
    wrapped
        .args(["--format", "%M", "--output"])
        .arg(rss_file)
        .arg(command.get_program())
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        wrapped.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => wrapped.env(key, value),
            None => wrapped.env_remove(key),
        };
    }
    wrapped
}

/// Installs GNU time with apt-get when it is missing.
pub(super) fn ensure_gnu_time() -> Result<()> {
    crate::system::ensure_packages("GNU time", &["time"], || Path::new(GNU_TIME).is_file())
}

/// One run: wall time from spawn to exit (GNU time's start-up included, the same for every
/// command), and the command's own peak RSS in KiB.
pub(super) fn run_once(command: &mut Command) -> Result<(Duration, u64)> {
    // The output goes to a file, not a pipe: a pipe read only after the exit would block a
    // child that writes more than the pipe holds (a peer generator's warnings, say).
    let output_path = output_file("output");
    let rss_path = output_file("rss");
    let output = File::create(&output_path).context("creating the output file")?;
    let mut timed = under_time(command, &rss_path);
    timed
        .stdin(Stdio::null())
        .stdout(output.try_clone()?)
        .stderr(output);
    let start = Instant::now();
    let status = timed
        .status()
        .with_context(|| format!("starting {command:?}"))?;
    let elapsed = start.elapsed();
    let output = fs::read(&output_path).unwrap_or_default();
    let _ = fs::remove_file(&output_path);
    if !status.success() {
        // GNU time exits with its command's status, and says on which signal it died.
        let status = match status.code() {
            Some(code) => format!("exit status {code}"),
            None => status.to_string(),
        };
        let _ = fs::remove_file(&rss_path);
        return Err(RunFailed {
            command: format!("{command:?}"),
            status,
            output: String::from_utf8_lossy(&output).into_owned(),
        }
        .into());
    }
    let report = fs::read_to_string(&rss_path).unwrap_or_default();
    let _ = fs::remove_file(&rss_path);
    let rss = report
        .lines()
        .last()
        .and_then(|line| line.trim().parse().ok())
        .with_context(|| format!("GNU time reported no peak RSS: {report:?}"))?;
    Ok((elapsed, rss))
}

fn output_file(what: &str) -> PathBuf {
    std::env::temp_dir().join(format!("xtask-bench-{what}-{}", std::process::id()))
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
