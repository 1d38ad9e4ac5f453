#!/usr/bin/env bash
# Build cost of the client's `aws-config` feature: the README's client example (the program
# in README.md's "The async client" section, which tests/tests/client_readme.rs runs) built
# from clean twice in one run, with lambda-api's default client and with `aws-config`, and
# the ratios printed. Both programs are the same source plus one `Client::from_env()` call,
# so the feature's loading code is linked in, not optimised away.
#
#   bench/client_build_cost.sh [BASELINE_REPO]
#
# With BASELINE_REPO (another checkout of this repository, e.g. from `git worktree add` or
# `git archive main | tar -x -C DIR`), the default build is also made against its generated
# crate, to compare the default build before and after a change.
#
# Clean debug build time (dependencies included) and stripped release binary size, each
# measured once, one build at a time; on a shared machine, rerun and compare the ratios.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
baseline="${1:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The README's example: the rust code block that starts with `use futures_util::StreamExt;`.
program="$(awk '/^```rust/ {inblock=1; buf=""; next} /^```/ {if (inblock && buf ~ /^use futures_util::StreamExt;/) {printf "%s", buf; exit} inblock=0; next} inblock {buf = buf $0 "\n"}' "$repo/README.md")"
if [ -z "$program" ]; then
    echo "could not find the client example in README.md" >&2
    exit 1
fi
# One from_env() call at the start of main, in both variants.
program="$(printf '%s\n' "$program" | awk '{print} /^async fn main\(\)/ {print "    let _from_env = Client::from_env();"}')"

make_project() { # name, repo, features
    local dir="$work/$1"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "readme-client"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
lambda-api = { path = "$2/generated/lambda", features = [$3] }
tokio = { version = "1", features = ["macros", "rt"] }
futures-util = "0.3"

[profile.release]
strip = true

[workspace]
EOF
    printf '%s' "$program" >"$dir/src/main.rs"
    # The versions the repository tests with.
    cp "$2/Cargo.lock" "$dir/Cargo.lock"
}

measure() { # name -> "seconds bytes"
    local dir="$work/$1"
    local start end
    echo "building $1 (clean debug, then release) ..." >&2
    start=$(date +%s.%N)
    cargo build --quiet --manifest-path "$dir/Cargo.toml" --target-dir "$dir/target" >&2
    end=$(date +%s.%N)
    cargo build --quiet --release --manifest-path "$dir/Cargo.toml" --target-dir "$dir/target" >&2
    echo "$(echo "$end - $start" | bc) $(stat -c %s "$dir/target/release/readme-client")"
}

make_project default "$repo" '"client"'
make_project feature "$repo" '"client", "aws-config"'
[ -n "$baseline" ] && make_project baseline "$(cd "$baseline" && pwd)" '"client"'

read -r default_s default_b < <(measure default)
read -r feature_s feature_b < <(measure feature)

ratio() { echo "scale=3; $1 / $2" | bc; }
mb() { echo "scale=2; $1 / 1000000" | bc; }
printf '%-28s %16s %22s\n' "README client example" "clean debug (s)" "release, stripped (MB)"
printf '%-28s %16.1f %22s\n' "default features" "$default_s" "$(mb "$default_b")"
printf '%-28s %16.1f %22s\n' "with aws-config" "$feature_s" "$(mb "$feature_b")"
printf '%-28s %16s %22s\n' "ratio aws-config / default" "$(ratio "$feature_s" "$default_s")" "$(ratio "$feature_b" "$default_b")"
if [ -n "$baseline" ]; then
    read -r base_s base_b < <(measure baseline)
    printf '%-28s %16.1f %22s\n' "baseline default" "$base_s" "$(mb "$base_b")"
    printf '%-28s %16s %22s\n' "ratio default / baseline" "$(ratio "$default_s" "$base_s")" "$(ratio "$default_b" "$base_b")"
fi
