//! Spec names to Rust names.

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "static",
    "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do",
    "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

// Acronyms that heck would split in the wrong place.
fn normalize(name: &str) -> String {
    name.replace("IPv6", "Ipv6")
}

/// snake_case, for modules and methods.
pub fn snake(name: &str) -> String {
    normalize(name).to_snake_case()
}

/// A field name; keywords become raw identifiers (`r#type`).
pub fn field_name(name: &str) -> String {
    let s = snake(name);
    if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// UpperCamelCase type name.
pub fn type_name(name: &str) -> String {
    normalize(name).to_upper_camel_case()
}

/// An enum variant for a wire value; values starting with a digit get a prefix.
pub fn variant_name(value: &str) -> String {
    let v = value.to_upper_camel_case();
    if v.is_empty() || v.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{v}")
    } else if v == "Unknown" {
        "UnknownValue".into()
    } else {
        v
    }
}

/// The member name as validation messages show it: first letter lower-cased.
pub fn message_name(name: &str) -> String {
    lambda_rt::validation::message_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(field_name("KMSKeyArn"), "kms_key_arn");
        assert_eq!(field_name("Type"), "r#type");
        assert_eq!(field_name("IPv6AllowedForDualStack"), "ipv6_allowed_for_dual_stack");
        assert_eq!(message_name("KMSKeyArn"), "kMSKeyArn");
        assert_eq!(variant_name("nodejs4.3-edge"), "Nodejs43Edge");
        assert_eq!(variant_name("x86_64"), "X8664");
        assert_eq!(type_name("ENILimitReachedException"), "EniLimitReachedException");
    }
}
