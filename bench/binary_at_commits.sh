#!/usr/bin/env bash
# The stripped release binary of this checkout's README client example (plus one
# `Client::from_env()` call), built against the generated crate of each given commit with its
# default features: what a change adds to a user's binary, commit by commit.
#
#   bench/binary_at_commits.sh COMMIT...
#
# Each commit is checked out into a scratch worktree and built in a scratch target directory,
# both removed afterwards. Binary sizes do not depend on machine load, so this can run beside
# other work (build times would not).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -gt 0 ] || { echo "usage: $0 COMMIT..." >&2; exit 2; }
work="$(mktemp -d)"
cleanup() {
    for wt in "$work"/tree-*; do [ -d "$wt" ] && git -C "$repo" worktree remove --force "$wt"; done
    rm -rf "$work"
}
trap cleanup EXIT

example="$(awk '/^```rust/ {inblock=1; buf=""; next} /^```/ {if (inblock && buf ~ /^use futures_util::StreamExt;/) {printf "%s", buf; exit} inblock=0; next} inblock {buf = buf $0 "\n"}' "$repo/README.md")"
[ -n "$example" ] || { echo "could not find the client example in README.md" >&2; exit 1; }

for commit in "$@"; do
    tree="$work/tree-$commit"
    git -C "$repo" worktree add --quiet --detach "$tree" "$commit"
    project="$work/project-$commit"
    mkdir -p "$project/src"
    printf '%s\n' "$example" | awk '{print} /^async fn main\(\)/ {print "    let _from_env = Client::from_env();"}' \
        >"$project/src/main.rs"
    cat >"$project/Cargo.toml" <<TOML
[package]
name = "readme-client"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
lambda-api = { path = "$tree/generated/lambda", features = ["client"] }
tokio = { version = "1", features = ["macros", "rt"] }
futures-util = "0.3"

[profile.release]
strip = true

[workspace]
TOML
    cp "$repo/Cargo.lock" "$project/Cargo.lock"
    subject="$(git -C "$repo" log -1 --format=%s "$commit" | cut -c1-60)"
    if cargo build --quiet --release --manifest-path "$project/Cargo.toml" --target-dir "$project/target" 2>"$project/errors"; then
        printf '%s %10d bytes  %s\n' "$commit" "$(stat -c %s "$project/target/release/readme-client")" "$subject"
    else
        printf '%s build failed: %s\n' "$commit" "$(tail -3 "$project/errors" | tr '\n' ' ')"
    fi
    rm -rf "$project/target"
    git -C "$repo" worktree remove --force "$tree"
done
