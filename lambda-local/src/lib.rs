//! An in-memory AWS Lambda control plane.
//!
//! The operations of the Lambda API (2015-03-31) are served from memory, on top of the router
//! and trait generated in `lambda-api`: functions with `$LATEST` and published versions,
//! aliases with weighted routing, resource policies, layers, event source mappings, function
//! URLs, concurrency, code signing, asynchronous invocation settings, capacity providers and
//! the scaling of the versions on them, recursion settings, resource-based policies, tags,
//! account settings and durable executions. Invoke answers with the payload it was given.
//!
//! The logic lives in plain functions over a [`state::Store`] (one per account and Region),
//! one module per resource; [`service::LocalLambda`] implements the generated trait by
//! calling them under a lock.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod account;
pub mod aliases;
pub mod capacity_providers;
pub mod code_signing;
pub mod concurrency;
pub mod durable;
pub mod error;
pub mod esm;
pub mod event_invoke;
pub mod functions;
pub mod invoke;
pub mod layers;
pub mod log;
pub mod names;
pub mod outputs;
pub mod package;
pub mod policies;
pub mod recursion;
pub mod scaling;
pub mod service;
pub mod state;
pub mod tags;
pub mod urls;
pub mod util;

#[cfg(test)]
mod logic_tests;
#[cfg(test)]
mod model_additions_tests;
#[cfg(test)]
mod test_support;

pub use error::Fail;
pub use service::{LocalLambda, Settings};
