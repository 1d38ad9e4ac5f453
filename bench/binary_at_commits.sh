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

# shellcheck source=bench/readme_project.sh
. "$repo/bench/readme_project.sh"
program="$(readme_example "$repo")"

for commit in "$@"; do
    tree="$work/tree-$commit"
    git -C "$repo" worktree add --quiet --detach "$tree" "$commit"
    project="$work/project-$commit"
    make_project_at "$project" "lambda-api = { path = \"$tree/generated/lambda\", features = [\"client\"] }" \
        "$program" "$repo"
    subject="$(git -C "$repo" log -1 --format=%s "$commit" | cut -c1-60)"
    if cargo build --quiet --release --manifest-path "$project/Cargo.toml" --target-dir "$project/target" 2>"$project/errors"; then
        printf '%s %10d bytes  %s\n' "$commit" "$(stat -c %s "$project/target/release/readme-client")" "$subject"
    else
        printf '%s build failed: %s\n' "$commit" "$(tail -3 "$project/errors" | tr '\n' ' ')"
    fi
    rm -rf "$project/target"
    git -C "$repo" worktree remove --force "$tree"
done
