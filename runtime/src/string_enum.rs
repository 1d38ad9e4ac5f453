//! String enums for generated code.
//!
//! Every string enum of the API has the same shape: one variant per value the spec lists, an
//! `Unknown(String)` variant that keeps any other value as sent, and conversions to and from
//! the wire text. One macro writes them all; the generated code only lists the values.

/// What every generated string enum offers beyond its variants; validation and HTTP binding
/// read enums through it.
pub trait StringEnum: Sized {
    /// Every value the spec lists, in spec order.
    const VALUES: &'static [&'static str];

    /// The value as sent on the wire.
    fn as_str(&self) -> &str;

    /// Whether the spec lists this value.
    fn is_known(&self) -> bool;
}

/// Writes a string enum: `Name { Variant = "wire", ... }`, with doc comments before the name.
///
/// The enum gets a variant per value plus `Unknown(String)`, `as_str`, `is_known`, `VALUES`,
/// `From<&str>`, `From<String>`, `FromStr`, `Display` and serde impls that read and write the
/// wire text. Unknown values are kept, never rejected, so a value the service adds later
/// passes through unchanged.
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $( $variant:ident = $wire:literal ),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $wire, "`")]
                $variant,
            )*
            /// A value this version of the crate does not list; kept as sent.
            Unknown(String),
        }

        impl $name {
            /// Every value the spec lists, in spec order.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(s) => s,
                }
            }

            /// Whether the spec lists this value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        #[doc(hidden)]
        impl $crate::string_enum::StringEnum for $name {
            const VALUES: &'static [&'static str] = $name::VALUES;

            fn as_str(&self) -> &str {
                $name::as_str(self)
            }

            fn is_known(&self) -> bool {
                $name::is_known(self)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match Self::from(s.as_str()) {
                    Self::Unknown(_) => Self::Unknown(s),
                    known => known,
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::string_enum::deserialize_text(d).map(|text| Self::from(&*text))
            }
        }

        #[doc(hidden)]
        impl $crate::validation::Check for $name {
            const SCALAR: bool = true;

            fn check(
                &self,
                _rule: &$crate::validation::Rule,
                path: &$crate::validation::Path<'_>,
                out: &mut $crate::validation::Violations,
                _sensitive: bool,
            ) {
                out.enum_value(path, self.as_str(), self.is_known(), Self::VALUES);
            }

            fn shown(&self) -> Option<String> {
                Some(self.as_str().to_string())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
    };
}

/// Reads a JSON string, borrowed when the input allows, for enum deserialisation.
pub fn deserialize_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<std::borrow::Cow<'de, str>, D::Error> {
    d.deserialize_str(crate::structure::TextVisitor)
}

#[cfg(test)]
mod tests {
    crate::string_enum! {
        /// A test enum.
        Arch { X8664 = "x86_64", Arm64 = "arm64" }
    }

    #[test]
    fn values_round_trip_and_unknown_values_are_kept() {
        assert_eq!(Arch::from("arm64"), Arch::Arm64);
        assert_eq!(Arch::from("risc-v"), Arch::Unknown("risc-v".into()));
        assert_eq!(Arch::X8664.to_string(), "x86_64");
        assert_eq!(serde_json::to_string(&Arch::Arm64).unwrap(), "\"arm64\"");
        assert_eq!(serde_json::from_str::<Arch>("\"x86_64\"").unwrap(), Arch::X8664);
        assert_eq!(serde_json::from_str::<Arch>("\"a\\u0062c\"").unwrap(), Arch::Unknown("abc".into()));
        assert!(serde_json::from_str::<Arch>("3").is_err());
        assert!(!Arch::Unknown("x".into()).is_known());
        assert_eq!(Arch::VALUES, ["x86_64", "arm64"]);
        assert_eq!("arm64".parse::<Arch>(), Ok(Arch::Arm64));
    }
}
