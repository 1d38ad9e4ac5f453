//! `cargo run --release -p lambda-bench`: how much validating a full CreateFunction input
//! costs, as a ratio to parsing the same request body with serde_json (the baseline every
//! server pays anyway), both measured in this run.

use lambda_api::operations::create_function::CreateFunctionInput;
use lambda_rt::Validate;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// A CreateFunction body with every member set, as a client would send it.
const BODY: &str = r#"{
  "Architectures": ["arm64"],
  "Code": {"ZipFile": "UEsDBBQAAAAIAAAAIQAAAAAAAAAAAAAAAAAIAAAAaW5kZXguanM="},
  "CodeSigningConfigArn": "arn:aws:lambda:us-west-2:123456789012:code-signing-config:csc-0123456789abcdef0",
  "DeadLetterConfig": {"TargetArn": "arn:aws:sqs:us-west-2:123456789012:dlq"},
  "Description": "Processes orders",
  "Environment": {"Variables": {"TABLE_NAME": "orders", "LOG_LEVEL": "info", "REGION_NAME": "us-west-2"}},
  "EphemeralStorage": {"Size": 1024},
  "FileSystemConfigs": [{"Arn": "arn:aws:elasticfilesystem:us-west-2:123456789012:access-point/fsap-0123456789abcdef0", "LocalMountPath": "/mnt/efs"}],
  "FunctionName": "my-function",
  "Handler": "index.handler",
  "KMSKeyArn": "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  "Layers": ["arn:aws:lambda:us-west-2:123456789012:layer:my-layer:3"],
  "LoggingConfig": {"ApplicationLogLevel": "INFO", "LogFormat": "JSON", "LogGroup": "/aws/lambda/my-function", "SystemLogLevel": "WARN"},
  "MemorySize": 512,
  "PackageType": "Zip",
  "Publish": true,
  "Role": "arn:aws:iam::123456789012:role/lambda-role",
  "Runtime": "nodejs20.x",
  "SnapStart": {"ApplyOn": "None"},
  "Tags": {"team": "orders", "env": "prod"},
  "Timeout": 30,
  "TracingConfig": {"Mode": "Active"},
  "VpcConfig": {"SubnetIds": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], "SecurityGroupIds": ["sg-0123456789abcdef0"], "Ipv6AllowedForDualStack": false}
}"#;

fn measure(name: &str, mut f: impl FnMut()) -> Duration {
    // Warm up (compiles the regexes, fills caches), then time enough rounds to be stable.
    for _ in 0..1_000 {
        f();
    }
    let rounds = 50_000;
    let start = Instant::now();
    for _ in 0..rounds {
        f();
    }
    let per = start.elapsed() / rounds;
    println!("{name:<40} {:>8} ns/op", per.as_nanos());
    per
}

fn main() {
    let input: CreateFunctionInput = serde_json::from_str(BODY).expect("the benchmark body parses");
    if let Err(e) = input.validate() {
        eprintln!("the benchmark input must be valid: {e}");
        std::process::exit(1);
    }
    let baseline = measure("baseline: serde_json parse of the body", || {
        black_box(serde_json::from_str::<CreateFunctionInput>(black_box(BODY)).ok());
    });
    let validate = measure("validate full CreateFunction input", || {
        black_box(black_box(&input).validate().is_ok());
    });
    println!("ratio validate / baseline: {:.2}", validate.as_secs_f64() / baseline.as_secs_f64());
}
