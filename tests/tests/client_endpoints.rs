//! Endpoint resolution against AWS's published data (botocore 1.44.18, copied to
//! tests/data/botocore/), for every partition, every region it lists (and one it does not list
//! but whose pattern it matches) and every variant.
//!
//! The expected values are computed here from the raw botocore files, not from the client's
//! table: from `partitions.json` with the four endpoint forms of Lambda's rule set (written
//! out below), and, as a second witness, from every Lambda hostname `endpoints.json` spells
//! out (regional variants and the legacy `fips-*` pseudo-regions with their signing region).

use lambda_api::client::{Config, ConfigError, Credentials};
use serde_json::Value;
use std::path::Path;

fn botocore(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/botocore").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

const VARIANTS: [(bool, bool); 4] = [(false, false), (true, false), (false, true), (true, true)];

fn build(region: &str, fips: bool, dual_stack: bool) -> Result<Config, ConfigError> {
    Config::builder()
        .region(region)
        .use_fips(fips)
        .use_dual_stack(dual_stack)
        .credentials(Credentials::new("AKID", "SECRET", None))
        .build()
}

/// What Lambda's rule set (endpoint-rule-set-1.json) gives for a region whose partition
/// outputs are `outputs`: the URL, or `None` for its "does not support" errors.
fn expected_by_rule_set(
    region: &str,
    outputs: &serde_json::Map<String, Value>,
    fips: bool,
    ds: bool,
) -> Option<String> {
    let text = |k: &str| outputs[k].as_str().unwrap().to_string();
    let flag = |k: &str| outputs[k].as_bool().unwrap();
    let host = if fips { "lambda-fips" } else { "lambda" };
    let suffix = if ds { text("dualStackDnsSuffix") } else { text("dnsSuffix") };
    let supported = (!fips || flag("supportsFIPS")) && (!ds || flag("supportsDualStack"));
    supported.then(|| format!("https://{host}.{region}.{suffix}"))
}

/// An unlisted region of the partition: a listed one with its number changed, if the
/// partition's pattern accepts it.
fn unlisted_region(partition: &Value) -> Option<String> {
    let pattern = regex::Regex::new(partition["regionRegex"].as_str().unwrap()).unwrap();
    let listed = partition["regions"].as_object().unwrap();
    listed.keys().filter(|r| pattern.is_match(r)).find_map(|r| {
        let (stem, _) = r.rsplit_once('-')?;
        let candidate = format!("{stem}-97");
        (pattern.is_match(&candidate) && !listed.contains_key(&candidate)).then_some(candidate)
    })
}

#[test]
fn every_partition_region_and_variant_resolves_as_the_rule_set_says() {
    let doc = botocore("partitions.json");
    let partitions = doc["partitions"].as_array().unwrap();
    let mut checked = 0;
    let mut ids = Vec::new();
    for partition in partitions {
        let id = partition["id"].as_str().unwrap();
        ids.push(id);
        let listed = partition["regions"].as_object().unwrap();
        let unlisted = unlisted_region(partition);
        assert!(unlisted.is_some(), "no unlisted region could be made for {id}");
        let regions = listed.keys().cloned().chain(unlisted);
        for region in regions {
            let mut outputs = partition["outputs"].as_object().unwrap().clone();
            for (k, v) in listed.get(&region).and_then(Value::as_object).into_iter().flatten() {
                if k != "description" {
                    outputs.insert(k.clone(), v.clone());
                }
            }
            for (fips, ds) in VARIANTS {
                let got = build(&region, fips, ds);
                match expected_by_rule_set(&region, &outputs, fips, ds) {
                    Some(url) => {
                        let config = got.unwrap_or_else(|e| panic!("{id} {region} fips={fips} ds={ds}: {e}"));
                        assert_eq!(config.resolved_endpoint(), url, "{id} {region} fips={fips} ds={ds}");
                        assert_eq!(config.signing_region(), region, "{id} {region}");
                        assert_eq!(config.endpoint(), None);
                        assert_eq!((config.use_fips(), config.use_dual_stack()), (fips, ds));
                    }
                    None => {
                        let err = got.expect_err("an unsupported variant is refused");
                        assert!(matches!(err, ConfigError::NoEndpoint { .. }), "{err:?}");
                        assert!(err.to_string().contains(id), "{err}");
                    }
                }
                checked += 1;
            }
        }
    }
    for required in ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"] {
        assert!(ids.contains(&required), "{required} is covered");
    }
    assert!(checked > 200, "{checked} cases");
}

#[test]
fn every_hostname_endpoints_json_spells_out_for_lambda_agrees() {
    let doc = botocore("endpoints.json");
    let mut checked = 0;
    for partition in doc["partitions"].as_array().unwrap() {
        let endpoints = partition["services"]["lambda"]["endpoints"].as_object().unwrap();
        for (region, entry) in endpoints {
            if let Some(scope) = entry["credentialScope"]["region"].as_str() {
                // A legacy pseudo-region: its own hostname, signed for the real region.
                let config = build(region, false, false).unwrap();
                let want = format!("https://{}", entry["hostname"].as_str().unwrap());
                assert_eq!(config.resolved_endpoint(), want, "{region}");
                assert_eq!(config.signing_region(), scope, "{region}");
                checked += 1;
                continue;
            }
            for variant in entry["variants"].as_array().into_iter().flatten() {
                let tags: Vec<&str> = variant["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
                let (fips, ds) = (tags.contains(&"fips"), tags.contains(&"dualstack"));
                let config = build(region, fips, ds).unwrap();
                let want = format!("https://{}", variant["hostname"].as_str().unwrap());
                assert_eq!(config.resolved_endpoint(), want, "{region} {tags:?}");
                assert_eq!(config.signing_region(), region);
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "{checked} hostnames");
}

#[test]
fn an_explicit_endpoint_overrides_the_published_one() {
    let config = Config::builder()
        .region("us-gov-west-1")
        .endpoint("http://127.0.0.1:9001")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .build()
        .unwrap();
    assert_eq!(config.resolved_endpoint(), "http://127.0.0.1:9001");
    assert_eq!(config.endpoint(), Some("http://127.0.0.1:9001"));
    assert_eq!(config.signing_region(), "us-gov-west-1");

    // FIPS or dual-stack asked for in code cannot be honoured by an explicit endpoint.
    for (fips, ds, words) in [(true, false, "FIPS and custom endpoint"), (false, true, "Dualstack and custom endpoint")]
    {
        let err = Config::builder()
            .region("us-east-1")
            .endpoint("https://proxy.example")
            .use_fips(fips)
            .use_dual_stack(ds)
            .credentials(Credentials::new("AKID", "SECRET", None))
            .build()
            .unwrap_err();
        assert!(matches!(&err, ConfigError::InvalidEndpoint { reason, .. } if reason.contains(words)), "{err}");
    }
}

#[test]
fn the_dual_stack_fips_endpoint_of_a_new_region_in_a_known_partition() {
    // A region no data lists but the aws-cn pattern matches, and one no pattern matches
    // (resolved in the aws partition, as the rule set's partition function does).
    let config = build("cn-south-3", true, true).unwrap();
    assert_eq!(config.resolved_endpoint(), "https://lambda-fips.cn-south-3.api.amazonwebservices.com.cn");
    let config = build("xx-nowhere-1", false, false).unwrap();
    assert_eq!(config.resolved_endpoint(), "https://lambda.xx-nowhere-1.amazonaws.com");
    // A pseudo-region with dual-stack: the real region's FIPS dual-stack endpoint.
    let config = build("fips-us-gov-west-1", false, true).unwrap();
    assert_eq!(config.resolved_endpoint(), "https://lambda-fips.us-gov-west-1.api.aws");
    assert_eq!(config.signing_region(), "us-gov-west-1");
}
