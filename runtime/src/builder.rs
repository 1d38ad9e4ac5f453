//! Builders for generated structures.
//!
//! Generated structures are `#[non_exhaustive]`, so that a member the service adds later is
//! not a breaking change; code outside the crate builds them through a builder (or takes
//! `Default::default()` and assigns fields). Every builder has the same shape, so one macro
//! writes them all: the generated code only lists the members.
//!
//! Each member is written `field set_field: Type = kind "Name" (placeholder)`, `Name` being the
//! model's member name:
//! - `opt` — optional member (`Option<Type>` in the structure);
//! - `req` — required member; for the `validated` form of [`crate::builder!`] the parenthesised
//!   expression is a stand-in value used while the other members are checked (empty `()`
//!   when the type has none).
//!
//! Forms:
//! - `validated` — operation inputs: `build` reports every missing member and every violated
//!   constraint at once, in the service's format;
//! - `checked` — structures with required members: `build` reports the missing ones;
//! - `infallible` — structures without required members: `build` cannot fail.

/// Writes the builder of a generated structure; see the [module docs](mod@crate::builder).
#[macro_export]
macro_rules! builder {
    (@setters $target:ident { $( $field:ident $set:ident : $ty:ty = $kind:ident $wire:literal $( ( $($ph:tt)* ) )? ),* $(,)? }) => {
        $(
            #[doc = concat!("Sets [`", stringify!($target), "::", stringify!($field), "`].")]
            #[doc = $crate::__builder_required_note!($kind)]
            pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                self.$field = Some(value.into());
                self
            }

            #[doc = concat!("Sets or clears [`", stringify!($target), "::", stringify!($field), "`].")]
            #[doc = $crate::__builder_required_note!($kind)]
            pub fn $set(mut self, value: Option<$ty>) -> Self {
                self.$field = value;
                self
            }
        )*
    };

    (@struct $(#[$meta:meta])* $builder:ident $target:ident { $( $field:ident $set:ident : $ty:ty = $kind:ident $wire:literal $( ( $($ph:tt)* ) )? ),* $(,)? }) => {
        #[doc = concat!("Builds a [`", stringify!($target), "`].")]
        $(#[$meta])*
        #[derive(Default)]
        #[non_exhaustive]
        pub struct $builder {
            $( $field: Option<$ty>, )*
        }

        impl $target {
            /// Starts a builder.
            pub fn builder() -> $builder {
                $builder::default()
            }
        }
    };

    (validated $(#[$meta:meta])* $builder:ident => $target:ident { $($body:tt)* }) => {
        $crate::builder!(@struct $(#[$meta])* $builder $target { $($body)* });
        $crate::__builder_validated!($builder $target { $($body)* });
    };

    (checked $(#[$meta:meta])* $builder:ident => $target:ident { $($body:tt)* }) => {
        $crate::builder!(@struct $(#[$meta])* $builder $target { $($body)* });
        $crate::__builder_checked!($builder $target { $($body)* });
    };

    (infallible $(#[$meta:meta])* $builder:ident => $target:ident { $($body:tt)* }) => {
        $crate::builder!(@struct $(#[$meta])* $builder $target { $($body)* });
        $crate::__builder_infallible!($builder $target { $($body)* });
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __builder_required_note {
    (req) => {
        "\n\nRequired."
    };
    (opt) => {
        ""
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __builder_validated {
    ($builder:ident $target:ident { $( $field:ident $set:ident : $ty:ty = $kind:ident $wire:literal $( ( $($ph:tt)* ) )? ),* $(,)? }) => {
        impl $builder {
            $crate::builder!(@setters $target { $( $field $set : $ty = $kind $wire $( ( $($ph)* ) )? ),* });

            /// Checks required members and every constraint; the error lists every violation
            /// in the service's format.
            pub fn build(self) -> Result<$target, $crate::ValidationError> {
                #[allow(unused_mut)]
                let mut missing = $crate::Violations::default();
                #[allow(unused_mut)]
                let mut absent: Vec<String> = Vec::new();
                $( $crate::__builder_note_missing!($kind self.$field, $wire, missing, absent); )*
                let value = $target {
                    $( $field: $crate::__builder_value!($kind ( $( $($ph)* )? ) self.$field, missing), )*
                };
                let mut found = $crate::Violations::default();
                $crate::Validate::validate_at(&value, &$crate::validation::Path::ROOT, &mut found);
                let absent: Vec<&str> = absent.iter().map(String::as_str).collect();
                missing.absorb_except(found, &absent);
                missing.into_result()?;
                Ok(value)
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __builder_checked {
    ($builder:ident $target:ident { $( $field:ident $set:ident : $ty:ty = $kind:ident $wire:literal $( ( $($ph:tt)* ) )? ),* $(,)? }) => {
        impl $builder {
            $crate::builder!(@setters $target { $( $field $set : $ty = $kind $wire $( ( $($ph)* ) )? ),* });

            /// Checks that every required member is set; the error names each missing one.
            pub fn build(self) -> Result<$target, $crate::ValidationError> {
                let mut missing = $crate::Violations::default();
                let mut absent: Vec<String> = Vec::new();
                $( $crate::__builder_note_missing!($kind self.$field, $wire, missing, absent); )*
                let this = self;
                let built = (move || Some($target { $( $field: $crate::__builder_take!($kind this.$field), )* }))();
                built.ok_or_else(|| missing.into_error())
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __builder_infallible {
    ($builder:ident $target:ident { $( $field:ident $set:ident : $ty:ty = $kind:ident $wire:literal $( ( $($ph:tt)* ) )? ),* $(,)? }) => {
        impl $builder {
            $crate::builder!(@setters $target { $( $field $set : $ty = $kind $wire $( ( $($ph)* ) )? ),* });

            /// The structure with the members set so far.
            pub fn build(self) -> $target {
                $target { $( $field: self.$field, )* }
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __builder_note_missing {
    (req $value:expr, $wire:literal, $missing:ident, $absent:ident) => {
        if $value.is_none() {
            $missing.null(&$crate::validation::Path::ROOT.named($wire));
            $absent.push($crate::validation::message_name($wire));
        }
    };
    (opt $value:expr, $wire:literal, $missing:ident, $absent:ident) => {};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __builder_value {
    (opt () $value:expr, $missing:ident) => {
        $value
    };
    // No stand-in for this type: report the missing members alone.
    (req () $value:expr, $missing:ident) => {
        match $value {
            Some(v) => v,
            None => return Err($missing.into_error()),
        }
    };
    (req ($($ph:tt)+) $value:expr, $missing:ident) => {
        match $value {
            Some(v) => v,
            None => $($ph)+,
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __builder_take {
    (req $value:expr) => {
        $value?
    };
    (opt $value:expr) => {
        $value
    };
}
