//! Durable executions: functions created with `DurableConfig` start one when invoked, and the
//! durable execution operations read and drive it.
//!
//! [`model`] is the state, [`machine`] the state machine (plain functions over one execution
//! and the time), [`view`] renders them as the API's types, [`api`] implements the operations
//! over a [`crate::state::Store`], and [`config`] holds the rules of a function's durable
//! settings. lambda-local/README.md documents the machine.

pub mod api;
pub mod config;
pub mod machine;
pub mod model;
pub mod view;

#[cfg(test)]
mod tests;
