//! Structures for generated code.
//!
//! Every structure of the API has the same machinery: JSON (de)serialisation of its body
//! members under their model names, `Debug` that hides secrets, a builder, and a validator.
//! [`crate::structure!`] writes all of it from one member list, so the generated code only
//! states what is specific to each member.
//!
//! ```text
//! lambda_rt::structure! {
//!     /// Doc of the structure.
//!     #[derive(Clone, PartialEq, Default)]
//!     validated GetFunctionInput => GetFunctionInputBuilder {
//!         /// Doc of the member.
//!         function_name set_function_name: String = req "FunctionName" (Default::default()) [bound]
//!             check(len(1, 170), pattern(14)),
//!         qualifier set_qualifier: String = opt "Qualifier" [bound],
//!     }
//! }
//! ```
//!
//! Each member is `field set_field: Type = kind "Name" (placeholder) [flags] check(RULE)`:
//! - `kind` is `opt` (the field is `Option<Type>`) or `req`;
//! - `"Name"` is the model's member name: the JSON key, and (first letter lower-cased) the
//!   name validation messages use;
//! - `(placeholder)`, for required members of `validated` structures, stands in while the
//!   other members are checked (`()` when the type has none);
//! - flags: `bound` (travels in the path, query, headers, status or raw body, not in the JSON
//!   body) and `secret` (hidden from `Debug` and messages), in that order;
//! - `check(...)` is the member's [`Rule`](crate::validation::Rule), when it has one, written
//!   as for [`crate::rule!`].
//!
//! `=> Builder` names the builder, with its derives (`#[derive(Clone)]` unless a member cannot
//! be cloned). The form before the name picks the builder: `validated` (operation inputs: `build` reports
//! every missing member and violated constraint at once), `checked` (`build` reports missing
//! required members) or `infallible` (no required member).

use std::borrow::Cow;
use std::fmt;

/// Writes a structure with its serde, `Debug`, builder and validation impls; see the
/// [module docs](mod@crate::structure).
#[macro_export]
macro_rules! structure {
    (
        $(#[$meta:meta])*
        $form:ident $name:ident => $(#[$builder_meta:meta])* $builder:ident {
            $(
                $(#[$attr:meta])*
                $field:ident $set:ident : $ty:ty = $kind:ident $wire:literal $( ( $($ph:tt)* ) )?
                    $( [ $($flag:ident)* ] )? $( check ( $($rule:tt)* ) )?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$attr])*
                pub $field: $crate::__field_type!($kind $ty),
            )*
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(
                        .field(
                            $crate::structure::field_name(stringify!($field)),
                            &$crate::__debug_value!($kind [$($($flag)*)?] self.$field),
                        )
                    )*
                    .finish()
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use $crate::__serde::ser::SerializeMap as _;
                #[allow(unused_mut)]
                let mut map = serializer.serialize_map(None)?;
                $( $crate::__serialize_member!(map $kind [$($($flag)*)?] $wire, self.$field); )*
                map.end()
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> $crate::__serde::de::Visitor<'de> for Fields {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }

                    #[allow(unused_mut)]
                    fn visit_map<A: $crate::__serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        $( let mut $field: Option<$ty> = None; )*
                        while let Some(key) = map.next_key::<$crate::structure::Key<'de>>()? {
                            let key = key.as_str();
                            $( $crate::__deserialize_member!([$($($flag)*)?] $kind map key $field $wire $ty); )*
                            map.next_value::<$crate::__serde::de::IgnoredAny>()?;
                        }
                        Ok($name {
                            $( $field: $crate::__deserialized_field!($kind [$($($flag)*)?] $field $wire), )*
                        })
                    }
                }
                deserializer.deserialize_map(Fields)
            }
        }

        impl $crate::Validate for $name {
            #[allow(unused_variables)]
            fn validate_at(&self, path: &$crate::validation::Path<'_>, out: &mut $crate::Violations) {
                $(
                    $crate::validation::Check::check(
                        &self.$field,
                        $crate::__member_rule!($($($rule)*)?),
                        &path.named($wire),
                        out,
                        $crate::__is_secret!([$($($flag)*)?]),
                    );
                )*
            }
        }

        #[doc(hidden)]
        impl $crate::validation::Check for $name {
            fn check(
                &self,
                _rule: &$crate::validation::Rule,
                path: &$crate::validation::Path<'_>,
                out: &mut $crate::Violations,
                _sensitive: bool,
            ) {
                $crate::Validate::validate_at(self, path, out)
            }
        }

        impl std::fmt::Debug for $builder {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($builder))
                    $(
                        .field(
                            $crate::structure::field_name(stringify!($field)),
                            &$crate::__debug_value!(opt [$($($flag)*)?] self.$field),
                        )
                    )*
                    .finish()
            }
        }

        $crate::builder!(
            $form $(#[$builder_meta])* $builder => $name { $( $field $set : $ty = $kind $wire $( ( $($ph)* ) )? ),* }
        );
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __field_type {
    (opt $ty:ty) => { Option<$ty> };
    (req $ty:ty) => { $ty };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __debug_value {
    ($kind:ident [$($flag:ident)*] $value:expr) => {
        $crate::__debug_value!(@ $kind [$($flag)*] $value)
    };
    (@ opt [secret] $value:expr) => { $value.as_ref().map(|_| $crate::Redacted) };
    (@ opt [bound secret] $value:expr) => { $value.as_ref().map(|_| $crate::Redacted) };
    (@ req [secret] $value:expr) => { $crate::Redacted };
    (@ req [bound secret] $value:expr) => { $crate::Redacted };
    (@ $kind:ident [$($flag:ident)*] $value:expr) => { $value };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __is_secret {
    ([secret]) => {
        true
    };
    ([bound secret]) => {
        true
    };
    ([$($flag:ident)*]) => {
        false
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __deserialize_member {
    // Bound members are not in the JSON body.
    ([bound $($flag:ident)*] $kind:ident $map:ident $key:ident $field:ident $wire:literal $ty:ty) => {};
    ([$($flag:ident)*] $kind:ident $map:ident $key:ident $field:ident $wire:literal $ty:ty) => {
        if $key == $wire {
            $field = $crate::__deserialize_value!($kind $map $ty);
            continue;
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __member_rule {
    () => { &$crate::validation::Rule::NONE };
    ($($rule:tt)+) => {{
        static RULE: $crate::validation::Rule = $crate::rule!($($rule)+);
        &RULE
    }};
}

/// A [`Rule`](crate::validation::Rule) from a list of its builder calls:
/// `rule!(len(1, 140), pattern(14))`, `rule!(len(1, 5), items(pattern(3)))`. `pattern(N)` is
/// entry `N` of the invoking crate's `validation::PATTERNS`; numbers may be written as
/// integers. The result is a constant expression, for a `static`.
#[macro_export]
macro_rules! rule {
    (@ $acc:tt) => { $acc };
    (@ $acc:tt , $($rest:tt)*) => { $crate::rule!(@ $acc $($rest)*) };
    (@ $acc:tt $method:ident($($args:tt)*) $($rest:tt)*) => {
        $crate::rule!(@ ($crate::__rule_step!($acc $method($($args)*))) $($rest)*)
    };
    ($($rule:tt)*) => { $crate::rule!(@ ($crate::validation::Rule::new()) $($rule)*) };
}

#[doc(hidden)]
// `crate::` names the invoking (generated) crate's modules on purpose.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! __rule_step {
    ($acc:tt pattern($index:literal)) => { $acc.pattern(&crate::validation::PATTERNS[$index]) };
    ($acc:tt items($($inner:tt)*)) => {
        $acc.items({
            static NESTED: $crate::validation::Rule = $crate::rule!($($inner)*);
            &NESTED
        })
    };
    ($acc:tt keys($($inner:tt)*)) => {
        $acc.keys({
            static NESTED: $crate::validation::Rule = $crate::rule!($($inner)*);
            &NESTED
        })
    };
    ($acc:tt values($($inner:tt)*)) => {
        $acc.values({
            static NESTED: $crate::validation::Rule = $crate::rule!($($inner)*);
            &NESTED
        })
    };
    ($acc:tt range($min:literal, $max:literal)) => { $acc.range($min as f64, $max as f64) };
    ($acc:tt min($min:literal)) => { $acc.min($min as f64) };
    ($acc:tt max($max:literal)) => { $acc.max($max as f64) };
    ($acc:tt $method:ident($($args:tt)*)) => { $acc.$method($($args)*) };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __serialize_member {
    ($map:ident $kind:ident [bound $($flag:ident)*] $wire:literal, $value:expr) => {};
    ($map:ident opt [$($flag:ident)*] $wire:literal, $value:expr) => {
        if let Some(v) = &$value {
            $map.serialize_entry($wire, v)?;
        }
    };
    ($map:ident req [$($flag:ident)*] $wire:literal, $value:expr) => {
        $map.serialize_entry($wire, &$value)?;
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __deserialize_value {
    // `null` reads as absent for an optional member, and fails for a required one.
    (opt $map:ident $ty:ty) => {
        $map.next_value::<Option<$ty>>()?
    };
    (req $map:ident $ty:ty) => {
        Some($map.next_value::<$ty>()?)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __deserialized_field {
    (opt [$($flag:ident)*] $field:ident $wire:literal) => {
        $field
    };
    (req [bound $($flag:ident)*] $field:ident $wire:literal) => {
        $field.unwrap_or_default()
    };
    (req [$($flag:ident)*] $field:ident $wire:literal) => {
        match $field {
            Some(v) => v,
            None => return Err(<A::Error as $crate::__serde::de::Error>::missing_field($wire)),
        }
    };
}

/// A member's field name as `Debug` shows it: without the `r#` of a raw identifier.
pub fn field_name(ident: &'static str) -> &'static str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Writes serde for a union: an enum of newtype variants, one per member, each written as an
/// object with the member's wire name as its only key (serde's external tagging):
///
/// ```text
/// lambda_rt::union_serde!(Event { PayloadChunk = "PayloadChunk", InvokeComplete = "InvokeComplete" });
/// ```
#[macro_export]
macro_rules! union_serde {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                const WIRE: &[&str] = &[$($wire),*];
                match self {
                    $( Self::$variant(v) => serializer.serialize_newtype_variant(
                        stringify!($name),
                        const { $crate::structure::variant_index(WIRE, $wire) },
                        $wire,
                        v,
                    ), )*
                }
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const WIRE: &[&str] = &[$($wire),*];
                struct Variants;
                impl<'de> $crate::__serde::de::Visitor<'de> for Variants {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object with one member"))
                    }

                    fn visit_enum<A: $crate::__serde::de::EnumAccess<'de>>(self, data: A) -> Result<$name, A::Error> {
                        use $crate::__serde::de::VariantAccess as _;
                        let (key, variant) = data.variant::<$crate::structure::Key<'de>>()?;
                        match key.as_str() {
                            $( $wire => variant.newtype_variant().map($name::$variant), )*
                            other => Err($crate::__serde::de::Error::unknown_variant(other, WIRE)),
                        }
                    }
                }
                deserializer.deserialize_enum(stringify!($name), WIRE, Variants)
            }
        }
    };
}

/// The position of `wire` among a union's wire names (serde's variant index).
#[doc(hidden)]
pub const fn variant_index(wire: &[&str], name: &str) -> u32 {
    let mut i = 0;
    while i < wire.len() {
        if str_eq(wire[i], name) {
            return i as u32;
        }
        i += 1;
    }
    0
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A JSON object key, borrowed from the input when it has no escapes.
#[doc(hidden)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor).map(Key)
    }
}

/// Reads a string, borrowed when the input allows.
pub(crate) struct TextVisitor;

impl<'de> serde::de::Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
#[allow(dead_code)]
mod tests {
    use crate::validation::Validate;

    crate::structure! {
        /// An inner structure.
        #[derive(Clone, PartialEq, Default)]
        checked Inner => #[derive(Clone)] InnerBuilder {
            /// A required count.
            count set_count: i32 = req "Count" check(range(1, 5)),
        }
    }

    crate::structure! {
        /// A test input.
        #[derive(Clone, PartialEq, Default)]
        validated Input => #[derive(Clone)] InputBuilder {
            /// Bound to the path.
            name set_name: String = req "FunctionName" (Default::default()) [bound] check(len(1, 4)),
            /// A secret with digits only.
            code set_code: String = req "KMSKeyArn" (Default::default()) [secret] check(pattern(0)),
            /// A list of inner structures.
            inners set_inners: Vec<Inner> = opt "Inners" check(max_len(1)),
            /// A keyword field.
            r#type set_type: String = opt "Type",
        }
    }

    #[derive(Debug, PartialEq)]
    enum Event {
        Chunk(Inner),
        Done(String),
    }
    crate::union_serde!(Event { Chunk = "PayloadChunk", Done = "InvokeComplete" });

    #[test]
    fn unions_are_objects_keyed_by_the_member_wire_name() {
        let chunk = Event::Chunk(Inner { count: 2 });
        assert_eq!(serde_json::to_string(&chunk).unwrap(), r#"{"PayloadChunk":{"Count":2}}"#);
        assert_eq!(serde_json::to_string(&Event::Done("x".into())).unwrap(), r#"{"InvokeComplete":"x"}"#);
        assert_eq!(serde_json::from_str::<Event>(r#"{"PayloadChunk":{"Count":2}}"#).unwrap(), chunk);
        assert_eq!(serde_json::from_str::<Event>(r#"{"InvokeComplete":"y"}"#).unwrap(), Event::Done("y".into()));
        let e = serde_json::from_str::<Event>(r#"{"Other":1}"#).unwrap_err().to_string();
        assert!(e.contains("unknown variant `Other`, expected `PayloadChunk` or `InvokeComplete`"), "{e}");
        assert!(serde_json::from_str::<Event>(r#"{"InvokeComplete":1}"#).is_err());
        assert!(serde_json::from_str::<Event>(r#"{"InvokeComplete":"a","PayloadChunk":{}}"#).is_err());
        assert_eq!(crate::structure::variant_index(&["A", "B"], "B"), 1);
    }

    #[test]
    fn body_members_round_trip_under_their_model_names() {
        let input = Input::builder().name("f").code("12").r#type("x").build().unwrap();
        let json = serde_json::to_string(&input).unwrap();
        assert_eq!(json, r#"{"KMSKeyArn":"12","Type":"x"}"#);
        let back: Input =
            serde_json::from_str(r#"{"KMSKeyArn":"12","Type":"x","FunctionName":"ignored","New":[1]}"#).unwrap();
        assert_eq!(back.name, "", "bound members are not read from the body");
        assert_eq!((back.code.as_str(), back.r#type.as_deref()), ("12", Some("x")));
        let e = serde_json::from_str::<Input>(r#"{"Type":null}"#).unwrap_err().to_string();
        assert!(e.contains("missing field `KMSKeyArn`"), "{e}");
        assert!(serde_json::from_str::<Input>(r#"{"KMSKeyArn":null}"#).is_err());
        assert!(serde_json::from_str::<Input>(r#"{"KMSKeyArn":"1","Type":null}"#).unwrap().r#type.is_none());
    }

    #[test]
    fn builders_report_every_violation_in_the_services_words() {
        let e = Input::builder()
            .name("toolong")
            .inners(vec![Inner { count: 0 }, Inner { count: 9 }])
            .build()
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "5 validation errors detected: \
             Value null at 'kMSKeyArn' failed to satisfy constraint: Member must not be null; \
             Value 'toolong' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 4; \
             Value '[2 items]' at 'inners' failed to satisfy constraint: Member must have length less than or equal to 1; \
             Value '0' at 'inners.1.member.count' failed to satisfy constraint: Member must have value greater than or equal to 1; \
             Value '9' at 'inners.2.member.count' failed to satisfy constraint: Member must have value less than or equal to 5"
        );
        assert!(Inner::builder().build().is_err());
        let secret = Input::builder().name("f").code("abc").build().unwrap_err().to_string();
        assert!(secret.contains("Value '*** Sensitive Data Redacted ***' at 'kMSKeyArn'"), "{secret}");
        let ok = Input { name: "f".into(), code: "1".into(), ..Default::default() };
        assert!(ok.validate().is_ok());
    }

    #[test]
    fn debug_hides_secrets() {
        let input = Input { name: "f".into(), code: "12".into(), ..Default::default() };
        let shown = format!("{input:?}");
        assert!(shown.contains("code: *** Sensitive Data Redacted ***"), "{shown}");
        assert!(shown.contains("type: None"), "{shown}");
        assert!(!shown.contains("12"), "{shown}");
    }
}
