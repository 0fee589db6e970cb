#!/usr/bin/env bash
# On demand, not in CI: installs two Rust peers of our generator with `cargo install` into
# .tools/peers/ (pinned versions), then times all three on the same spec in the same run:
# whole process, median of RUNS (default 3) after one untimed warm-up run, peak memory (max
# RSS from wait4), each run into an emptied output folder. The measuring is
# `cargo xtask bench --runs N --fresh DIR -- CMD...`, the same code that times our generator
# in `cargo xtask bench`.
#
#   bench/peers.sh [SPEC]        # default spec/whm/create_user_session.yaml
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
spec=${1:-spec/whm/create_user_session.yaml}
runs=${RUNS:-3}
peers=$root/.tools/peers
out=$root/target/bench/peers
mkdir -p "$out"

openapi_to_rust=openapi-to-rust@0.23.0
progenitor=cargo-progenitor@0.15.1
if [ ! -x "$peers/bin/openapi-to-rust" ]; then
    echo "installing $openapi_to_rust into .tools/peers" >&2
    cargo install --locked --quiet --root "$peers" "$openapi_to_rust"
fi
if [ ! -x "$peers/bin/cargo-progenitor" ]; then
    echo "installing $progenitor into .tools/peers" >&2
    cargo install --locked --quiet --root "$peers" "$progenitor"
fi
cargo build --release --quiet -p generator --bin generator
cargo build --quiet -p xtask
xtask=$root/target/debug/xtask

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load $(cut -d' ' -f1 /proc/loadavg); $(date -u +%F)"
echo "spec: $spec; median of $runs, whole process"
"$xtask" bench --runs "$runs" --fresh "$out/ours" -- \
    "$root/target/release/generator" --out "$out/ours" "$spec"
"$xtask" bench --runs "$runs" --fresh "$out/openapi-to-rust" -- \
    "$peers/bin/openapi-to-rust" generate "$spec" --output-dir "$out/openapi-to-rust" \
    --module-name whm --quiet
# cargo-progenitor is a cargo subcommand: its first argument is the subcommand's name.
"$xtask" bench --runs "$runs" --fresh "$out/progenitor" -- \
    "$peers/bin/cargo-progenitor" progenitor -i "$spec" -o "$out/progenitor" \
    -n whm-progenitor -v 0.1.0
