# Shell functions the build-cost scripts in bench/ share (sourced, not run).

# The README's client example: the rust code block that starts with `use lambda_api::client::`
# (or, in checkouts from before the stream trait was re-exported, `use futures_util::StreamExt;`).
readme_example() { # checkout -> the example, with one from_env() call at the start of main
    local example
    example="$(awk '/^```rust/ {inblock=1; buf=""; next} /^```/ {if (inblock && buf ~ /^use (futures_util::StreamExt;|lambda_api::client::)/) {printf "%s", buf; exit} inblock=0; next} inblock {buf = buf $0 "\n"}' "$1/README.md")"
    if [ -z "$example" ]; then
        echo "could not find the client example in $1/README.md" >&2
        exit 1
    fi
    # So the configuration loading is linked in.
    printf '%s\n' "$example" | awk '{print} /^async fn main\(\)/ {print "    let _from_env = Client::from_env();"}'
}

# A scratch cargo project at DIR: the dependency lines, then tokio (and futures-util if the
# source uses it), a stripped release profile, its own workspace, the source, and the lock file
# of the repository at REPO (the versions it tests with).
#
# lambda-api and lambda-rt are built without incremental compilation, as cargo builds them when
# another project takes them from git or a registry (the dependencies of the SDK's program are
# built so too); as path dependencies they would be compiled incrementally, which costs a clean
# debug build about 3 s more here.
make_project_at() { # dir, dependency lines, source, repo
    local dir="$1" futures=""
    mkdir -p "$dir/src"
    case "$3" in *futures_util::*) futures='futures-util = "0.3"' ;; esac
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "readme-client"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
$2
tokio = { version = "1", features = ["macros", "rt"] }
$futures

[profile.release]
strip = true

[profile.dev.package.lambda-api]
incremental = false

[profile.dev.package.lambda-rt]
incremental = false

[workspace]
EOF
    printf '%s' "$3" >"$dir/src/main.rs"
    cp "$4/Cargo.lock" "$dir/Cargo.lock"
}
