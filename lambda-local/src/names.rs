//! Names and ARNs: parsing the forms a caller may use for a function or layer, and building
//! ARNs for the account and Region of the store.

use crate::error::{Fail, Res};

/// A function reference as the caller wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FnRef {
    /// The bare function name.
    pub name: String,
    /// The qualifier (`$LATEST`, a version number or an alias name), if one was given.
    pub qualifier: Option<String>,
}

/// The ARN partition of a Region.
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The account and Region that ARNs are built for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// 12-digit account id.
    pub account: String,
    /// Region name.
    pub region: String,
}

impl Scope {
    /// A scope.
    pub fn new(account: impl Into<String>, region: impl Into<String>) -> Self {
        Scope { account: account.into(), region: region.into() }
    }

    /// `arn:aws:lambda:REGION:ACCOUNT:`
    fn prefix(&self) -> String {
        format!("arn:{}:lambda:{}:{}:", partition(&self.region), self.region, self.account)
    }

    /// Unqualified function ARN.
    pub fn function_arn(&self, name: &str) -> String {
        format!("{}function:{name}", self.prefix())
    }

    /// Function ARN with an optional qualifier.
    pub fn qualified_arn(&self, name: &str, qualifier: Option<&str>) -> String {
        match qualifier {
            Some(q) => format!("{}function:{name}:{q}", self.prefix()),
            None => self.function_arn(name),
        }
    }

    /// Layer ARN (without version).
    pub fn layer_arn(&self, name: &str) -> String {
        format!("{}layer:{name}", self.prefix())
    }

    /// Layer version ARN.
    pub fn layer_version_arn(&self, name: &str, version: i64) -> String {
        format!("{}layer:{name}:{version}", self.prefix())
    }

    /// Code signing configuration ARN.
    pub fn code_signing_config_arn(&self, id: &str) -> String {
        format!("{}code-signing-config:{id}", self.prefix())
    }

    /// Capacity provider ARN.
    pub fn capacity_provider_arn(&self, name: &str) -> String {
        format!("{}capacity-provider:{name}", self.prefix())
    }

    /// Event source mapping ARN.
    pub fn event_source_mapping_arn(&self, uuid: &str) -> String {
        format!("{}event-source-mapping:{uuid}", self.prefix())
    }

    /// Parses a function name in any documented form: `name`, `name:qualifier`, a full ARN
    /// (optionally qualified), or a partial ARN `ACCOUNT:function:name[:qualifier]`.
    /// An ARN for another account or Region names a function that does not exist here.
    pub fn parse_function(&self, raw: &str) -> Res<FnRef> {
        let invalid = || {
            Fail::InvalidParameter(format!(
                "1 validation error detected: Value '{raw}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{{2}}(-gov)?-[a-z]+-\\d{{1}}:)?(\\d{{12}}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"
            ))
        };
        let parts: Vec<&str> = raw.split(':').collect();
        let mut i = 0;
        let mut region: Option<&str> = None;
        let mut account: Option<&str> = None;
        if parts.first() == Some(&"arn") {
            if parts.len() < 7 || parts.get(2) != Some(&"lambda") {
                return Err(invalid());
            }
            region = parts.get(3).copied();
            account = parts.get(4).copied();
            if parts.get(5) != Some(&"function") {
                return Err(invalid());
            }
            i = 6;
        } else {
            // Optional Region, then optional account, then optional "function".
            if parts.len() >= 4 && is_region(parts[0]) && is_account(parts[1]) {
                region = Some(parts[0]);
                i = 1;
            }
            if parts.len() > i + 2 && is_account(parts[i]) && parts[i + 1] == "function" {
                account = Some(parts[i]);
                i += 2;
            } else if parts.len() > i + 1 && parts[i] == "function" && region.is_none() {
                i += 1;
            }
        }
        let name = parts.get(i).copied().unwrap_or_default();
        let qualifier = parts.get(i + 1).copied();
        if name.is_empty() || parts.len() > i + 2 || qualifier == Some("") {
            return Err(invalid());
        }
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(invalid());
        }
        let foreign = region.is_some_and(|r| r != self.region) || account.is_some_and(|a| a != self.account);
        if foreign {
            return Err(Fail::NotFound(format!("Function not found: {raw}")));
        }
        Ok(FnRef { name: name.to_string(), qualifier: qualifier.map(str::to_string) })
    }

    /// Parses a function name and merges the qualifier it carries with a separate `Qualifier`
    /// parameter; the two must agree when both are given.
    pub fn parse_function_with(&self, raw: &str, qualifier: Option<&str>) -> Res<FnRef> {
        let mut r = self.parse_function(raw)?;
        match (&r.qualifier, qualifier) {
            (Some(a), Some(b)) if a != b => {
                return Err(Fail::InvalidParameter(
                    "The derived qualifier from the function name does not match the specified qualifier.".into(),
                ))
            }
            (None, Some(b)) => r.qualifier = Some(b.to_string()),
            _ => {}
        }
        Ok(r)
    }

    /// Parses a function name that must not carry a qualifier.
    pub fn parse_unqualified(&self, raw: &str) -> Res<String> {
        let r = self.parse_function(raw)?;
        if r.qualifier.is_some() {
            return Err(Fail::InvalidParameter(format!("Qualifiers are not supported for this operation: {raw}")));
        }
        Ok(r.name)
    }

    /// Parses a layer name: a bare name or a layer ARN (without version).
    pub fn parse_layer(&self, raw: &str) -> Res<String> {
        if let Some(rest) = raw.strip_prefix("arn:") {
            let parts: Vec<&str> = rest.split(':').collect();
            // partition, lambda, region, account, layer, name
            if parts.len() != 6 || parts[1] != "lambda" || parts[4] != "layer" {
                return Err(Fail::InvalidParameter(format!("Invalid layer ARN: {raw}")));
            }
            if parts[2] != self.region || parts[3] != self.account {
                return Err(Fail::NotFound(format!("Layer not found: {raw}")));
            }
            return Ok(parts[5].to_string());
        }
        if raw.is_empty() || !raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(Fail::InvalidParameter(format!("Invalid layer name: {raw}")));
        }
        Ok(raw.to_string())
    }

    /// Parses a layer version ARN into its account, Region, name and version. Layers of other
    /// accounts parse too: a function may use them.
    pub fn parse_layer_version_arn(raw: &str) -> Res<LayerVersionRef> {
        let bad = || Fail::InvalidParameter(format!("Invalid layer version ARN: {raw}"));
        let parts: Vec<&str> = raw.split(':').collect();
        if parts.len() != 8 || parts[0] != "arn" || parts[2] != "lambda" || parts[5] != "layer" {
            return Err(bad());
        }
        let version: i64 = parts[7].parse().map_err(|_| bad())?;
        Ok(LayerVersionRef {
            region: parts[3].to_string(),
            account: parts[4].to_string(),
            name: parts[6].to_string(),
            version,
        })
    }
}

/// The parts of a layer version ARN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerVersionRef {
    /// Region.
    pub region: String,
    /// Account.
    pub account: String,
    /// Layer name.
    pub name: String,
    /// Version number.
    pub version: i64,
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_region(s: &str) -> bool {
    // like us-east-1, us-gov-west-1, cn-north-1
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts.last().is_some_and(|p| p.len() == 1 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a qualifier is a version number.
pub fn as_version(q: &str) -> Option<u64> {
    if q.is_empty() || !q.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    q.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope {
        Scope::new("123456789012", "us-east-1")
    }

    fn f(name: &str, q: Option<&str>) -> FnRef {
        FnRef { name: name.into(), qualifier: q.map(Into::into) }
    }

    #[test]
    fn every_documented_form_parses() {
        let s = scope();
        assert_eq!(s.parse_function("my-fn").unwrap(), f("my-fn", None));
        assert_eq!(s.parse_function("my-fn:3").unwrap(), f("my-fn", Some("3")));
        assert_eq!(s.parse_function("my-fn:$LATEST").unwrap(), f("my-fn", Some("$LATEST")));
        assert_eq!(s.parse_function("arn:aws:lambda:us-east-1:123456789012:function:my-fn").unwrap(), f("my-fn", None));
        assert_eq!(
            s.parse_function("arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod").unwrap(),
            f("my-fn", Some("prod"))
        );
        assert_eq!(s.parse_function("123456789012:function:my-fn").unwrap(), f("my-fn", None));
        assert_eq!(s.parse_function("123456789012:function:my-fn:7").unwrap(), f("my-fn", Some("7")));
        assert_eq!(s.parse_function("us-east-1:123456789012:function:my-fn").unwrap(), f("my-fn", None));
    }

    #[test]
    fn malformed_and_foreign_names_are_rejected() {
        let s = scope();
        for bad in ["", ":", "a:b:c:d:e", "arn:aws:s3:::bucket", "my fn", "fn:"] {
            assert_eq!(s.parse_function(bad).unwrap_err().code(), "InvalidParameterValueException", "{bad}");
        }
        let e = s.parse_function("arn:aws:lambda:eu-west-1:123456789012:function:x").unwrap_err();
        assert_eq!(e.code(), "ResourceNotFoundException");
        let e = s.parse_function("999999999999:function:x").unwrap_err();
        assert_eq!(e.code(), "ResourceNotFoundException");
    }

    #[test]
    fn qualifier_parameter_must_agree_with_the_name() {
        let s = scope();
        assert_eq!(s.parse_function_with("fn", Some("2")).unwrap(), f("fn", Some("2")));
        assert_eq!(s.parse_function_with("fn:2", Some("2")).unwrap(), f("fn", Some("2")));
        assert!(s.parse_function_with("fn:2", Some("3")).is_err());
        assert!(s.parse_unqualified("fn:2").is_err());
        assert_eq!(s.parse_unqualified("fn").unwrap(), "fn");
    }

    #[test]
    fn arns_are_built_for_the_scope() {
        let s = scope();
        assert_eq!(s.qualified_arn("f", Some("1")), "arn:aws:lambda:us-east-1:123456789012:function:f:1");
        assert_eq!(
            Scope::new("123456789012", "cn-north-1").function_arn("f"),
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:f"
        );
        assert_eq!(s.layer_version_arn("l", 2), "arn:aws:lambda:us-east-1:123456789012:layer:l:2");
    }

    #[test]
    fn layer_names_and_arns() {
        let s = scope();
        assert_eq!(s.parse_layer("my-layer").unwrap(), "my-layer");
        assert_eq!(s.parse_layer("arn:aws:lambda:us-east-1:123456789012:layer:my-layer").unwrap(), "my-layer");
        assert!(s.parse_layer("bad name").is_err());
        let r = Scope::parse_layer_version_arn("arn:aws:lambda:us-east-1:123456789012:layer:my-layer:4").unwrap();
        assert_eq!((r.name.as_str(), r.version), ("my-layer", 4));
        assert!(Scope::parse_layer_version_arn("arn:aws:lambda:us-east-1:1:layer:x:y").is_err());
    }

    #[test]
    fn versions_are_digits_only() {
        assert_eq!(as_version("12"), Some(12));
        assert_eq!(as_version("$LATEST"), None);
        assert_eq!(as_version("prod"), None);
        assert_eq!(as_version(""), None);
        assert_eq!(as_version("99999999999999999999999"), None);
    }
}
