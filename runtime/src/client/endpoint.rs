//! Where requests go: an explicit endpoint URL, or the one AWS publishes for the region's
//! partition and the FIPS / dual-stack variant asked for.
//!
//! The table (`runtime/data/lambda-endpoints.json`) is written by `cargo xtask
//! import-endpoints` from botocore's partition data and Lambda's endpoint rule set; it holds,
//! for every partition, the URL template (or the rule set's error) of each variant.

use super::error::ConfigError;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A parsed endpoint: scheme, host and port, and an optional path prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// As given, for display.
    pub(crate) text: String,
    /// `http` or `https`.
    pub(crate) scheme: String,
    /// `host[:port]`.
    pub(crate) authority: String,
    /// Path prefix without a trailing slash (often empty).
    pub(crate) prefix: String,
}

impl Endpoint {
    pub(crate) fn parse(text: &str) -> Result<Self, ConfigError> {
        let bad =
            |reason: &str| ConfigError::InvalidEndpoint { endpoint: text.to_string(), reason: reason.to_string() };
        let uri: http::Uri = text.parse().map_err(|e: http::uri::InvalidUri| bad(&e.to_string()))?;
        let scheme = match uri.scheme_str() {
            Some(s @ ("http" | "https")) => s.to_string(),
            Some(_) => return Err(bad("the scheme must be http or https")),
            None => return Err(bad("the endpoint needs a scheme (http:// or https://)")),
        };
        let authority = uri.authority().ok_or_else(|| bad("the endpoint needs a host"))?;
        if authority.as_str().contains('@') {
            return Err(bad("user information is not allowed in the endpoint"));
        }
        if uri.query().is_some() {
            return Err(bad("the endpoint must not have a query"));
        }
        Ok(Endpoint {
            text: text.to_string(),
            scheme,
            authority: authority.as_str().to_string(),
            prefix: uri.path().trim_end_matches('/').to_string(),
        })
    }
}

/// Which of the published endpoints of a region.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Variant {
    pub fips: bool,
    pub dual_stack: bool,
}

impl Variant {
    /// For messages: "FIPS", "dual-stack", "FIPS dual-stack" or "standard".
    pub(crate) fn describe(self) -> &'static str {
        match (self.fips, self.dual_stack) {
            (false, false) => "standard",
            (true, false) => "FIPS",
            (false, true) => "dual-stack",
            (true, true) => "FIPS dual-stack",
        }
    }
}

/// An endpoint and the region requests to it are signed for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub endpoint: Endpoint,
    pub signing_region: String,
    /// The partition the region belongs to (`aws-us-gov`).
    pub partition: String,
}

/// The published endpoint of `region` in `variant`.
pub(crate) fn resolve(region: &str, variant: Variant) -> Result<Resolved, ConfigError> {
    let table = table().map_err(|reason| ConfigError::NoEndpoint {
        region: region.to_string(),
        variant: variant.describe(),
        reason: reason.clone(),
    })?;
    resolve_in(table, region, variant)
}

fn resolve_in(table: &Table, region: &str, variant: Variant) -> Result<Resolved, ConfigError> {
    // A legacy pseudo-region (`fips-us-east-1`) is a real region with FIPS on.
    let (region, variant) = match table.data.aliases.get(region) {
        Some(Alias::Variant { region: real, fips }) => {
            (real.as_str(), Variant { fips: variant.fips || *fips, dual_stack: variant.dual_stack })
        }
        Some(Alias::Fixed { url, signing_region }) if variant == Variant::default() => {
            return Ok(Resolved {
                endpoint: Endpoint::parse(url)?,
                signing_region: signing_region.clone(),
                partition: table.partition_of(signing_region).id.clone(),
            });
        }
        Some(Alias::Fixed { .. }) => {
            return Err(ConfigError::NoEndpoint {
                region: region.to_string(),
                variant: variant.describe(),
                reason: "this legacy region name has one fixed endpoint; use the real region name".into(),
            })
        }
        None => (region, variant),
    };
    let partition = table.partition_of(region);
    let outcomes = partition.region_endpoints.get(region).unwrap_or(&partition.endpoints);
    match outcomes.pick(variant) {
        Outcome::Endpoint { url, signing_region } => Ok(Resolved {
            endpoint: Endpoint::parse(&url.replace("{Region}", region))?,
            signing_region: signing_region.as_deref().map_or(region.to_string(), |r| r.replace("{Region}", region)),
            partition: partition.id.clone(),
        }),
        Outcome::Error { error } => Err(ConfigError::NoEndpoint {
            region: region.to_string(),
            variant: variant.describe(),
            reason: format!("{error} (partition {})", partition.id),
        }),
    }
}

/// Why an explicit endpoint cannot be combined with `variant`, if it cannot.
pub(crate) fn custom_endpoint_conflict(variant: Variant) -> Option<String> {
    match table() {
        Ok(t) => match t.data.custom_endpoint.pick(variant) {
            Outcome::Endpoint { .. } => None,
            Outcome::Error { error } => Some(error.clone()),
        },
        Err(e) => Some(e.clone()),
    }
}

struct EndpointData {
    default_partition: String,
    partitions: Vec<PartitionData>,
    custom_endpoint: Variants,
    aliases: BTreeMap<String, Alias>,
}

struct PartitionData {
    id: String,
    region_regex: String,
    regions: Vec<String>,
    endpoints: Variants,
    /// Regions whose partition outputs differ, with their own outcomes.
    region_endpoints: BTreeMap<String, Variants>,
}

struct Variants {
    plain: Outcome,
    fips: Outcome,
    dual_stack: Outcome,
    fips_dual_stack: Outcome,
}

impl Variants {
    fn pick(&self, v: Variant) -> &Outcome {
        match (v.fips, v.dual_stack) {
            (false, false) => &self.plain,
            (true, false) => &self.fips,
            (false, true) => &self.dual_stack,
            (true, true) => &self.fips_dual_stack,
        }
    }
}

enum Outcome {
    Endpoint { url: String, signing_region: Option<String> },
    Error { error: String },
}

enum Alias {
    Variant { region: String, fips: bool },
    Fixed { url: String, signing_region: String },
}

struct Table {
    data: EndpointData,
    /// One per partition, in the same order.
    regexes: Vec<crate::validation::Engine>,
    default: usize,
}

impl Table {
    /// The partition that lists the region, else the first whose pattern matches it, else
    /// the default (`aws`), as the rule set's `aws.partition` function defines.
    fn partition_of(&self, region: &str) -> &PartitionData {
        let parts = &self.data.partitions;
        let listed = parts.iter().position(|p| p.regions.iter().any(|r| r == region));
        let matched = || self.regexes.iter().position(|re| re.is_match(region));
        &parts[listed.or_else(matched).unwrap_or(self.default)]
    }
}

fn table() -> Result<&'static Table, &'static String> {
    static TABLE: OnceLock<Result<Table, String>> = OnceLock::new();
    TABLE.get_or_init(|| load(include_str!("../../data/lambda-endpoints.json"))).as_ref()
}

/// Reads the table's JSON; each failure names the member at fault.
fn parse(text: &str) -> Result<EndpointData, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let doc = object(&doc, "the table")?;
    let partitions = member(doc, "partitions", "the table")?
        .as_array()
        .ok_or("partitions is not an array")?
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let at = format!("partitions[{i}]");
            let p = object(p, &at)?;
            let region_endpoints = object(member(p, "region_endpoints", &at)?, &format!("{at}.region_endpoints"))?
                .iter()
                .map(|(region, v)| Ok((region.clone(), variants(v, &format!("{at}.region_endpoints.{region}"))?)))
                .collect::<Result<_, String>>()?;
            Ok(PartitionData {
                id: string(p, "id", &at)?,
                region_regex: string(p, "region_regex", &at)?,
                regions: member(p, "regions", &at)?
                    .as_array()
                    .and_then(|r| r.iter().map(|v| v.as_str().map(String::from)).collect())
                    .ok_or(format!("{at}.regions is not an array of strings"))?,
                endpoints: variants(member(p, "endpoints", &at)?, &format!("{at}.endpoints"))?,
                region_endpoints,
            })
        })
        .collect::<Result<_, String>>()?;
    let aliases = object(member(doc, "aliases", "the table")?, "aliases")?
        .iter()
        .map(|(name, a)| {
            let at = format!("aliases.{name}");
            let a = object(a, &at)?;
            let alias = match a.get("fips") {
                Some(fips) => Alias::Variant {
                    region: string(a, "region", &at)?,
                    fips: fips.as_bool().ok_or(format!("{at}.fips is not a boolean"))?,
                },
                None => Alias::Fixed { url: string(a, "url", &at)?, signing_region: string(a, "signing_region", &at)? },
            };
            Ok((name.clone(), alias))
        })
        .collect::<Result<_, String>>()?;
    Ok(EndpointData {
        default_partition: string(doc, "default_partition", "the table")?,
        partitions,
        custom_endpoint: variants(member(doc, "custom_endpoint", "the table")?, "custom_endpoint")?,
        aliases,
    })
}

fn object<'a>(v: &'a Value, at: &str) -> Result<&'a Map<String, Value>, String> {
    v.as_object().ok_or_else(|| format!("{at} is not an object"))
}

fn member<'a>(o: &'a Map<String, Value>, name: &str, at: &str) -> Result<&'a Value, String> {
    o.get(name).ok_or_else(|| format!("{at} has no {name}"))
}

fn string(o: &Map<String, Value>, name: &str, at: &str) -> Result<String, String> {
    member(o, name, at)?.as_str().map(String::from).ok_or_else(|| format!("{at}.{name} is not a string"))
}

fn variants(v: &Value, at: &str) -> Result<Variants, String> {
    let o = object(v, at)?;
    let outcome = |name: &str| {
        let at = format!("{at}.{name}");
        let o = object(member(o, name, &at)?, &at)?;
        Ok::<_, String>(match o.get("error") {
            Some(_) => Outcome::Error { error: string(o, "error", &at)? },
            None => Outcome::Endpoint {
                url: string(o, "url", &at)?,
                signing_region: o.get("signing_region").map(|_| string(o, "signing_region", &at)).transpose()?,
            },
        })
    };
    Ok(Variants {
        plain: outcome("plain")?,
        fips: outcome("fips")?,
        dual_stack: outcome("dual_stack")?,
        fips_dual_stack: outcome("fips_dual_stack")?,
    })
}

fn load(text: &str) -> Result<Table, String> {
    let bad = |e: String| format!("the built-in endpoint table is unusable: {e}");
    let data = parse(text).map_err(bad)?;
    let regexes = data
        .partitions
        .iter()
        // botocore's `\d` and `\w` mean ASCII, as in the service's patterns; the engine is
        // built without the Unicode tables its own meaning of them needs.
        .map(|p| {
            crate::validation::Engine::new(&crate::validation::ascii_classes(&p.region_regex))
                .map_err(|e| bad(format!("partition {}: {e}", p.id)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let default = data
        .partitions
        .iter()
        .position(|p| p.id == data.default_partition)
        .ok_or_else(|| bad(format!("no default partition {}", data.default_partition)))?;
    Ok(Table { data, regexes, default })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_parsed_and_checked() {
        let e = Endpoint::parse("http://127.0.0.1:5000").unwrap();
        assert_eq!((e.scheme.as_str(), e.authority.as_str(), e.prefix.as_str()), ("http", "127.0.0.1:5000", ""));
        let e = Endpoint::parse("https://proxy.example/lambda/").unwrap();
        assert_eq!((e.authority.as_str(), e.prefix.as_str()), ("proxy.example", "/lambda"));
        for bad in ["127.0.0.1:5000", "ftp://x", "http://x/?a=b", "http://u:p@x", "not a uri"] {
            assert!(matches!(Endpoint::parse(bad), Err(ConfigError::InvalidEndpoint { .. })), "{bad}");
        }
    }

    #[test]
    fn the_built_in_table_loads() {
        let t = table().unwrap();
        assert_eq!(t.partition_of("cn-north-1").id, "aws-cn");
        assert_eq!(t.partition_of("us-gov-west-9").id, "aws-us-gov", "by pattern");
        assert_eq!(t.partition_of("mars-north-1").id, "aws", "the default");
    }

    #[test]
    fn a_malformed_table_is_refused_naming_the_member() {
        let base = r#"{"default_partition": "aws", "aliases": {"a": {"url": "u"}},
            "custom_endpoint": {"plain": {"url": "{Endpoint}"}, "fips": {"error": "e"},
                                "dual_stack": {"error": "e"}, "fips_dual_stack": {"error": 1}},
            "partitions": []}"#;
        let e = load(base).err().unwrap();
        assert_eq!(e, "the built-in endpoint table is unusable: aliases.a has no signing_region");
        let fixed = base.replace(r#""url": "u""#, r#""url": "u", "signing_region": "r""#);
        assert!(load(&fixed).err().unwrap().ends_with("custom_endpoint.fips_dual_stack.error is not a string"));
        assert!(load("[]").err().unwrap().ends_with("the table is not an object"));
    }

    /// A partition without FIPS (none has one in today's data) gets the rule set's error.
    #[test]
    fn a_variant_the_partition_lacks_is_an_error_naming_it() {
        let text = r#"{
            "default_partition": "aws",
            "custom_endpoint": {"plain": {"url": "{Endpoint}"}, "fips": {"error": "e"},
                                "dual_stack": {"error": "e"}, "fips_dual_stack": {"error": "e"}},
            "aliases": {},
            "partitions": [{"id": "aws", "region_regex": "^x-\\d$", "regions": [], "region_endpoints": {},
                "endpoints": {"plain": {"url": "https://lambda.{Region}.example"},
                              "fips": {"error": "FIPS is enabled but this partition does not support FIPS"},
                              "dual_stack": {"url": "https://lambda.{Region}.dual.example", "signing_region": "x-0"},
                              "fips_dual_stack": {"error": "no"}}}]
        }"#;
        let t = load(text).unwrap();
        let err = resolve_in(&t, "x-1", Variant { fips: true, dual_stack: false }).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no FIPS endpoint for region 'x-1': FIPS is enabled but this partition does not support FIPS \
             (partition aws)"
        );
        let r = resolve_in(&t, "x-1", Variant { fips: false, dual_stack: true }).unwrap();
        assert_eq!((r.endpoint.text.as_str(), r.signing_region.as_str()), ("https://lambda.x-1.dual.example", "x-0"));
        assert!(load("{}").err().is_some_and(|e| e.contains("unusable")));
    }
}
