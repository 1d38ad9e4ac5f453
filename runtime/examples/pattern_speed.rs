//! How long `Pattern::is_match` takes for a few of the service's patterns, with the regex
//! engine this build has. Run it on its own so the workspace's other crates do not
//! change the engines' features:
//!
//! ```sh
//! cargo run --release -p lambda-rt --example pattern_speed                    # a client's engines
//! cargo run --release -p lambda-rt --example pattern_speed --features server  # a server's
//! ```
use lambda_rt::validation::Alternative;
use lambda_rt::Pattern;
use std::hint::black_box;
use std::time::Instant;

// As the generator emits them: `\d` already ASCII, the alias pattern's look-ahead an exclusion.
static FUNCTION_NAME: Pattern = Pattern::new(
    "^(?:(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-[0-9]{1}:)?([0-9]{12}:)?\
     (function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?)$",
    "FunctionName",
);
static ROLE: Pattern =
    Pattern::new("^(?:arn:(aws[a-zA-Z-]*)?:iam::[0-9]{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+)$", "RoleArn");
static ALIAS: Pattern =
    Pattern::any_of(&[Alternative { regex: "^(?:[a-zA-Z0-9-_]+)$", unless: &["^(?:^[0-9]+$)(?s:.*)$"] }], "Alias");

/// The best of five runs of `n` matches, in nanoseconds per match.
fn per_match(pattern: &Pattern, value: &str, n: u32) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..n {
                black_box(pattern.is_match(black_box(value)));
            }
            start.elapsed().as_secs_f64() * 1e9 / f64::from(n)
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    let engines = if cfg!(feature = "server") { "server (regex)" } else { "client (regex-lite)" };
    println!("Pattern::is_match, engines as a {engines} build has them; best of 5 runs");
    for (pattern, value) in [
        (&FUNCTION_NAME, "my-function"),
        (&FUNCTION_NAME, "arn:aws:lambda:us-east-1:123456789012:function:my-function:prod"),
        (&ROLE, "arn:aws:iam::123456789012:role/lambda-role"),
        (&ALIAS, "live"),
    ] {
        if !pattern.is_match(value) {
            eprintln!("{} does not match {value:?}", pattern.display());
            std::process::exit(1);
        }
        println!(
            "{:<14} {:<66} {:>6.0} ns",
            pattern.display(),
            format!("{value:?}"),
            per_match(pattern, value, 200_000)
        );
    }
}
