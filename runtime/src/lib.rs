//! Runtime support for the generated AWS Lambda crate.
//!
//! Everything here is the same for every operation, so the generated code only has to
//! describe what differs: members, constraints and bindings.

#![deny(missing_docs)]

pub mod binding;
pub mod builder;
#[cfg(feature = "client")]
pub mod client;
pub mod error;
pub mod event_stream;
pub mod http;
#[cfg(feature = "server")]
pub mod server;
#[cfg(any(feature = "client", feature = "server"))]
mod sigv4;
pub mod string_enum;
pub mod structure;
pub mod validation;
pub mod wire;

pub use error::{ErrorCode, ErrorMetadata, ErrorShape, ServiceErrorKind};
pub use validation::{Path, Pattern, Validate, ValidationError, Violations};
pub use wire::{Blob, Redacted, Timestamp};

/// serde, for the impls the runtime's macros write in generated code.
#[doc(hidden)]
pub use serde as __serde;
