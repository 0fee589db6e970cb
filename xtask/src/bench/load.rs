//! The WHM double and a minimal axum handler under the same `wrk` load.

use anyhow::{Context, Result, bail, ensure};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::{Args, StatusOk, Table, cargo, median, section};

/// One `wrk` run's figures.
struct LoadResult {
    requests_per_second: f64,
    /// The requests wrk completed.
    requests: u64,
    p50_ms: f64,
    p99_ms: f64,
    errors: String,
    /// The server's CPU time (user + system) per request, in microseconds, when
    /// `/proc/PID/stat` could be read.
    cpu_us_per_request: Option<f64>,
}

/// Where the load runs: with `taskset` and at least two CPUs this process may use, each
/// server on the first of them and wrk (one thread) on the others, so that server and load
/// generator never compete for a core; otherwise unpinned, wrk with two threads.
struct Pinning {
    server_cpu: u32,
    wrk_cpus: String,
}

impl Pinning {
    fn detect() -> Option<Pinning> {
        let has_taskset = Command::new("taskset")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !has_taskset {
            return None;
        }
        let status = fs::read_to_string("/proc/self/status").ok()?;
        let list = status
            .lines()
            .find_map(|line| line.strip_prefix("Cpus_allowed_list:"))?;
        let cpus = cpu_list(list)?;
        let (&server_cpu, others) = cpus.split_first()?;
        if others.is_empty() {
            return None;
        }
        let wrk_cpus = others
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        Some(Pinning {
            server_cpu,
            wrk_cpus,
        })
    }

    fn describe(&self) -> String {
        format!(
            "server on CPU {}, wrk -t1 on CPU {}",
            self.server_cpu, self.wrk_cpus
        )
    }
}

/// The CPUs of a list such as `0-3,6,8-9`, in order.
fn cpu_list(text: &str) -> Option<Vec<u32>> {
    let mut cpus = Vec::new();
    for part in text.trim().split(',') {
        match part.split_once('-') {
            Some((first, last)) => {
                let (first, last): (u32, u32) = (first.parse().ok()?, last.parse().ok()?);
                cpus.extend(first..=last);
            }
            None => cpus.push(part.parse().ok()?),
        }
    }
    Some(cpus)
}

/// A process's CPU time so far (user + system), in seconds, from `/proc/PID/stat`.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    cpu_seconds_of_stat(&stat)
}

fn cpu_seconds_of_stat(stat: &str) -> Option<f64> {
    // Fields after the command name (which may hold spaces, in parentheses): the 3rd, `state`,
    // is the first of them; `utime` and `stime` are the 14th and 15th, in clock ticks.
    let (_, rest) = stat.rsplit_once(')')?;
    let mut fields = rest.split_whitespace().skip(14 - 3);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    // SAFETY: sysconf only reads a configuration value.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    (ticks > 0).then(|| (utime + stime) as f64 / ticks as f64)
}

pub(super) fn run(root: &Path, target: &Path, args: &Args, table: &mut Table) -> Result<()> {
    section("WHM double vs minimal axum handler under load (wrk, loopback)");
    ensure_wrk()?;
    cargo(root)
        .args([
            "build",
            "--release",
            "--quiet",
            // The double's program is whm-double's; the baseline is whm-api's.
            "-p",
            "whm-double",
            "--example",
            "whm_double",
            "-p",
            "whm-api",
            "--features",
            "whm-api/server",
            "--example",
            "axum_baseline",
        ])
        .status_ok()?;
    let examples = target.join("release/examples");
    let pinning = Pinning::detect();
    let server_command = |program: PathBuf| match &pinning {
        Some(pinning) => {
            let mut command = Command::new("taskset");
            command
                .args(["-c", &pinning.server_cpu.to_string()])
                .arg(program);
            command
        }
        None => Command::new(program),
    };
    let mut double = Server::start(server_command(examples.join("whm_double")).args([
        "--listen",
        "127.0.0.1:0",
        "--user",
        "root",
        "--token",
        "SECRET",
    ]))?;
    let mut baseline =
        Server::start(server_command(examples.join("axum_baseline")).arg("127.0.0.1:0"))?;
    let query = "/json-api/create_user_session?api.version=1&service=cpaneld&user=bob";
    let mut results: [Vec<LoadResult>; 2] = [Vec::new(), Vec::new()];
    for round in 0..3 {
        for (i, server) in [&double, &baseline].into_iter().enumerate() {
            eprintln!("   round {}, {}", round + 1, ["double", "baseline"][i]);
            let url = format!("http://{}{query}", server.address);
            let before = cpu_seconds(server.child.id());
            let mut result = wrk(&url, args.connections, args.load_seconds, pinning.as_ref())?;
            if let (Some(before), Some(after)) = (before, cpu_seconds(server.child.id())) {
                result.cpu_us_per_request =
                    (result.requests > 0).then(|| (after - before) * 1e6 / result.requests as f64);
            }
            results[i].push(result);
        }
    }
    double.stop();
    baseline.stop();

    let placement = pinning
        .as_ref()
        .map_or_else(|| "unpinned, wrk -t2".to_owned(), Pinning::describe);
    let names = ["WHM double (generated stubs)", "minimal axum handler"];
    let mut rates = [0.0; 2];
    for (i, name) in names.into_iter().enumerate() {
        let runs = &results[i];
        let rate = median(runs.iter().map(|r| r.requests_per_second).collect());
        rates[i] = rate;
        let p50 = median(runs.iter().map(|r| r.p50_ms).collect());
        let p99 = median(runs.iter().map(|r| r.p99_ms).collect());
        let errors: Vec<&str> = runs
            .iter()
            .map(|r| r.errors.as_str())
            .filter(|e| !e.is_empty())
            .collect();
        table.add(
            format!(
                "{name}: {} connections, 3 rounds of {} s (medians; {placement})",
                args.connections, args.load_seconds
            ),
            format!(
                "{rate:.0} req/s, p50 {p50:.2} ms, p99 {p99:.2} ms{}",
                if errors.is_empty() {
                    String::new()
                } else {
                    format!("; {}", errors.join("; "))
                }
            ),
            "",
        );
    }
    // CPU time per request: what each request costs the server, whatever else the machine
    // runs at the time (a busy machine lowers both req/s figures, but not this much).
    let cpu: Vec<Option<f64>> = results
        .iter()
        .map(|runs| {
            let values: Option<Vec<f64>> = runs.iter().map(|r| r.cpu_us_per_request).collect();
            values.map(median)
        })
        .collect();
    table.add(
        "  server CPU time per request (utime + stime from /proc/PID/stat around each run, / requests; medians)",
        match (cpu[0], cpu[1]) {
            (Some(double), Some(baseline)) => format!(
                "double {double:.1} µs, minimal handler {baseline:.1} µs (x{:.2})",
                double / baseline
            ),
            _ => "not measured (no /proc/PID/stat)".to_owned(),
        },
        "",
    );
    let ratio = rates[0] / rates[1];
    /// The double's requests per second, at least this share of the minimal handler's.
    const TARGET_RATIO: f64 = 0.95;
    table.add(
        "  ratio double / minimal handler (requests per second)",
        format!("{ratio:.3}"),
        &if ratio >= TARGET_RATIO {
            format!(">= {TARGET_RATIO}: met")
        } else {
            // A miss of less than a point still reads as one.
            format!(
                ">= {TARGET_RATIO}: missed by {:.1} points",
                (TARGET_RATIO - ratio) * 100.0
            )
        },
    );
    Ok(())
}

fn ensure_wrk() -> Result<()> {
    crate::system::ensure_packages("wrk", &["wrk"], || {
        Command::new("wrk").arg("--version").output().is_ok()
    })
}

fn wrk(url: &str, connections: u32, seconds: u64, pinning: Option<&Pinning>) -> Result<LoadResult> {
    let mut command = match pinning {
        Some(pinning) => {
            let mut command = Command::new("taskset");
            command.args(["-c", &pinning.wrk_cpus, "wrk", "-t", "1"]);
            command
        }
        None => {
            let mut command = Command::new("wrk");
            command.args(["-t", "2"]);
            command
        }
    };
    let output = command
        .args(["--latency", "-c"])
        .arg(connections.to_string())
        .arg("-d")
        .arg(format!("{seconds}s"))
        .args(["-H", "Authorization: whm root:SECRET", url])
        .output()
        .context("running wrk")?;
    ensure!(
        output.status.success(),
        "wrk failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let field = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|line| line.strip_prefix(prefix))
            .map(str::trim)
    };
    let requests_per_second = field("Requests/sec:")
        .and_then(|v| v.parse().ok())
        .with_context(|| format!("no Requests/sec in wrk's output:\n{text}"))?;
    // `123456 requests in 5.00s, 45.6MB read`
    let requests = text
        .lines()
        .find_map(|line| line.trim().split_once(" requests in "))
        .and_then(|(count, _)| count.parse().ok())
        .with_context(|| format!("no request count in wrk's output:\n{text}"))?;
    let p50_ms = field("50%")
        .and_then(wrk_ms)
        .with_context(|| format!("no p50 in wrk's output:\n{text}"))?;
    let p99_ms = field("99%")
        .and_then(wrk_ms)
        .with_context(|| format!("no p99 in wrk's output:\n{text}"))?;
    let mut errors = Vec::new();
    for prefix in ["Non-2xx or 3xx responses:", "Socket errors:"] {
        if let Some(value) = field(prefix) {
            errors.push(format!("{prefix} {value}"));
        }
    }
    Ok(LoadResult {
        requests_per_second,
        requests,
        p50_ms,
        p99_ms,
        errors: errors.join(", "),
        cpu_us_per_request: None,
    })
}

/// `1.23ms`, `456.00us`, `1.01s` as milliseconds.
fn wrk_ms(value: &str) -> Option<f64> {
    let (number, scale) = if let Some(n) = value.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = value.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = value.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * scale)
}

/// A server child process, stopped (by its own pid) when done.
struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(command: &mut Command) -> Result<Server> {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {command:?}"))?;
        let mut line = String::new();
        let stdout = child.stdout.take().context("server stdout")?;
        BufReader::new(stdout).read_line(&mut line)?;
        let Some(address) = line.trim().strip_prefix("listening on ") else {
            let _ = child.kill();
            let _ = child.wait();
            bail!("{command:?} did not start: {line:?}");
        };
        Ok(Server {
            address: address.to_owned(),
            child,
        })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_units() {
        assert_eq!(wrk_ms("1.50ms"), Some(1.5));
        assert_eq!(wrk_ms("250.00us"), Some(0.25));
        assert_eq!(wrk_ms("1.00s"), Some(1000.0));
    }

    #[test]
    fn cpu_lists_and_proc_stat() {
        assert_eq!(cpu_list("0-1\n"), Some(vec![0, 1]));
        assert_eq!(cpu_list("0,2-4,7"), Some(vec![0, 2, 3, 4, 7]));
        assert_eq!(cpu_list("x"), None);
        // SAFETY: sysconf only reads a configuration value.
        let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
        let stat = "4242 (whm double) S 1 4242 4242 0 -1 4194560 500 0 0 0 300 100 0 0 20 0 5 0";
        assert_eq!(cpu_seconds_of_stat(stat), Some(400.0 / ticks));
        assert!(cpu_seconds(std::process::id()).is_some());
    }
}
