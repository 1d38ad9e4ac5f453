#!/usr/bin/env bash
# What the generated crate costs its users, in one run: generated lines per operation (per
# file kind), `cargo xtask regenerate` with nothing changed, and the README's client example
# (the program in README.md's "The async client" section, which tests/tests/client_readme.rs
# runs, plus one `Client::from_env()` call) built from clean: with only the operation features
# it uses, with every operation (the default), and, on request, with `aws-config`, against the
# same program written with aws-sdk-lambda + aws-config.
#
#   bench/crate_cost.sh [--variants "ops all aws-config sdk"] [--baseline REPO] [--builds-only]
#
# Variants (default "ops all"): `ops` = features client, list_functions, get_function; `all`
# = feature client (every operation); `aws-config` = client + aws-config; `sdk` =
# aws-sdk-lambda 1.156 + aws-config (a large build: run it once, with disk to spare). With
# --baseline REPO (another checkout of this repository), its own README example is also built
# against its generated crate with its default features (`baseline`), and this checkout's
# example with the features of just the operations the baseline has (`same-ops`): the growth
# that is not new operations; `baseline-ops` (ask for it in --variants, with --baseline) builds
# the baseline's example with the `ops` features, the before of `ops`. Each variant builds in a
# scratch target directory, deleted after it.
#
# Clean debug and clean release build times (dependencies included) and the stripped release
# binary's size, each measured once, one build at a time; on a shared machine only the ratios
# mean much.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
variants="ops all"
baseline=""
builds_only=""
while [ $# -gt 0 ]; do
    case "$1" in
        --variants) variants="$2"; shift 2 ;;
        --builds-only) builds_only=1; shift ;;
        --baseline) baseline="$(cd "$2" && pwd)"; shift 2 ;;
        *) echo "usage: $0 [--variants \"ops all aws-config sdk\"] [--baseline REPO] [--builds-only]" >&2; exit 2 ;;
    esac
done
if [ -n "$baseline" ]; then
    case " $variants " in
        *" baseline"*) ;;
        *) variants="$variants baseline same-ops" ;;
    esac
fi
case " $variants " in
    *" baseline"*) [ -n "$baseline" ] || { echo "the baseline variants need --baseline REPO" >&2; exit 2; } ;;
esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

ratio() { echo "scale=3; $1 / $2" | bc; }
mb() { echo "scale=2; $1 / 1000000" | bc; }

if [ -z "$builds_only" ]; then
# --- generated lines -------------------------------------------------------------------
ops=$(ls "$repo/generated/lambda/src/operations" | grep -vc '^mod\.rs$')
lines() { cat "$@" 2>/dev/null | wc -l; }
total=$(find "$repo/generated/lambda" -name '*.rs' -o -name Cargo.toml | xargs cat | wc -l)
echo "generated lines (generated/lambda: .rs files and Cargo.toml), $ops operations"
printf '  %-28s %8s %10s\n' "file kind" "lines" "per op"
row() { printf '  %-28s %8d %10.1f\n' "$1" "$2" "$(echo "scale=2; $2 / $ops" | bc)"; }
row "operations/*.rs" "$(lines "$repo"/generated/lambda/src/operations/*.rs)"
for f in types enums errors validation client server waiters lib; do
    [ -f "$repo/generated/lambda/src/$f.rs" ] && row "$f.rs" "$(lines "$repo/generated/lambda/src/$f.rs")"
done
row "Cargo.toml (features)" "$(lines "$repo/generated/lambda/Cargo.toml")"
row "total" "$total"
sdk_src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/aws-sdk-lambda-1.156.* 2>/dev/null | head -1 || true)
if [ -n "$sdk_src" ]; then
    sdk_lines=$(find "$sdk_src/src" -name '*.rs' | xargs cat | wc -l)
    sdk_ops=$(ls "$sdk_src/src/operation" | grep -c '\.rs$' || true)
    printf '  %-28s %8d %10.1f   (%d operations)\n' "aws-sdk-lambda $(basename "$sdk_src" | sed 's/aws-sdk-lambda-//')" \
        "$sdk_lines" "$(echo "scale=2; $sdk_lines / $sdk_ops" | bc)" "$sdk_ops"
fi

# --- regenerate with nothing changed -------------------------------------------------
(cd "$repo" && cargo build --quiet -p xtask)
best=""
for _ in 1 2 3; do
    start=$(date +%s.%N)
    (cd "$repo" && cargo xtask regenerate >/dev/null)
    s=$(echo "$(date +%s.%N) - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$s < $best" | bc)" = 1 ]; then best=$s; fi
done
printf '\n`cargo xtask regenerate`, nothing changed: %.2f s (best of 3)\n\n' "$best"
fi

# --- builds ----------------------------------------------------------------------------
# shellcheck source=bench/readme_project.sh
. "$repo/bench/readme_project.sh"
program="$(readme_example "$repo")"

# The same program on aws-sdk-lambda: the paginator over ListFunctions, then GetFunction's
# typed ResourceNotFoundException, with aws-config loading the configuration.
sdk_program='use aws_sdk_lambda::config::{Credentials, Region};
use aws_sdk_lambda::error::SdkError;
use aws_sdk_lambda::operation::get_function::GetFunctionError;
use aws_sdk_lambda::operation::RequestId;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url("http://127.0.0.1:5000")
        .credentials_provider(Credentials::new("test", "test", None, None, "static"))
        .load()
        .await;
    let client = aws_sdk_lambda::Client::new(&config);

    let mut functions = client.list_functions().into_paginator().items().send();
    while let Some(function) = functions.next().await {
        println!("{}", function?.function_name.unwrap_or_default());
    }

    match client.get_function().function_name("no-such-function").send().await {
        Ok(out) => println!("found {:?}", out.configuration.and_then(|c| c.function_arn)),
        Err(SdkError::ServiceError(e)) if matches!(e.err(), GetFunctionError::ResourceNotFoundException(_)) => {
            println!("not found (request id {:?})", e.err().request_id())
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
'

make_project() { # name, dependency lines, source
    make_project_at "$work/$1" "$2" "$3" "$repo"
}

measure() { # name -> "debug-seconds release-seconds bytes"; each build starts from nothing
    local dir="$work/$1"
    local start debug release size
    echo "building $1 (clean debug, then clean release) ..." >&2
    start=$(date +%s.%N)
    cargo build --quiet --manifest-path "$dir/Cargo.toml" --target-dir "$dir/target" >&2
    debug=$(echo "$(date +%s.%N) - $start" | bc)
    rm -rf "$dir/target"
    start=$(date +%s.%N)
    cargo build --quiet --release --manifest-path "$dir/Cargo.toml" --target-dir "$dir/target" >&2
    release=$(echo "$(date +%s.%N) - $start" | bc)
    size=$(stat -c %s "$dir/target/release/readme-client")
    rm -rf "$dir/target"
    echo "$debug $release $size"
}

api() { # repo, features
    echo "lambda-api = { path = \"$1/generated/lambda\", default-features = false, features = [$2] }"
}
declare -A label secs rsecs bytes
# Each row is printed as soon as its builds finish, so a run cut short still reports.
printf '%-30s %16s %18s %24s\n' "README client example" "clean debug (s)" "clean release (s)" "release, stripped (MB)"
for v in $variants; do
    case "$v" in
        ops) label[$v]="lambda-api, 2 operations"
            make_project "$v" "$(api "$repo" '"client-core", "list_functions", "get_function"')" "$program" ;;
        all) label[$v]="lambda-api, all operations"
            make_project "$v" "$(api "$repo" '"client", "all-operations"')" "$program" ;;
        aws-config) label[$v]="lambda-api, all + aws-config"
            make_project "$v" "$(api "$repo" '"client", "all-operations", "aws-config"')" "$program" ;;
        baseline) label[$v]="baseline, default client"
            # The baseline's own README example: its API may differ from this checkout's.
            make_project "$v" "lambda-api = { path = \"$baseline/generated/lambda\", features = [\"client\"] }" \
                "$(readme_example "$baseline")" ;;
        baseline-ops) label[$v]="baseline, 2 operations"
            make_project "$v" "$(api "$baseline" '"client", "list_functions", "get_function"')" \
                "$(readme_example "$baseline")" ;;
        same-ops) label[$v]="lambda-api, baseline's operations"
            same=$(ls "$baseline/generated/lambda/src/operations" | grep -v '^mod\.rs$' | sed 's/\.rs$//' |
                while read -r op; do
                    grep -q "^$op = " "$repo/generated/lambda/Cargo.toml" && printf ', "%s"' "$op"
                done)
            make_project "$v" "$(api "$repo" "\"client\"$same")" "$program" ;;
        sdk) label[$v]="aws-sdk-lambda + aws-config"
            make_project "$v" 'aws-sdk-lambda = "1.156"
aws-config = { version = "1", features = ["behavior-version-latest"] }' "$sdk_program" ;;
        *) echo "unknown variant $v" >&2; exit 2 ;;
    esac
    read -r s r b < <(measure "$v")
    secs[$v]=$s
    rsecs[$v]=$r
    bytes[$v]=$b
    printf '%-30s %16.1f %18.1f %24s\n' "${label[$v]}" "$s" "$r" "$(mb "$b")"
done
for pair in "ops all" "ops sdk" "all sdk" "aws-config all" "all baseline" "same-ops baseline" "ops baseline-ops"; do
    set -- $pair
    [ -n "${secs[$1]:-}" ] && [ -n "${secs[$2]:-}" ] || continue
    printf '%-30s %16s %18s %24s\n' "ratio $1 / $2" "$(ratio "${secs[$1]}" "${secs[$2]}")" \
        "$(ratio "${rsecs[$1]}" "${rsecs[$2]}")" "$(ratio "${bytes[$1]}" "${bytes[$2]}")"
done
