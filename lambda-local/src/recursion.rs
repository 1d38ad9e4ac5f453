//! Recursive loop detection settings of functions (Get/PutFunctionRecursionConfig).
//!
//! Nothing runs here, so no loop is ever detected; the setting is kept and reported.

use crate::error::{Fail, Res};
use crate::state::Store;
use lambda_api::enums::RecursiveLoop;

/// GetFunctionRecursionConfig: `Terminate` until set otherwise.
pub fn get_function_recursion_config(store: &Store, function_name: &str) -> Res<RecursiveLoop> {
    let name = store.scope.parse_unqualified(function_name)?;
    Ok(store.function(&name)?.recursive_loop.clone().unwrap_or(RecursiveLoop::Terminate))
}

/// PutFunctionRecursionConfig. Returns the setting now in force.
pub fn put_function_recursion_config(
    store: &mut Store,
    function_name: &str,
    value: RecursiveLoop,
) -> Res<RecursiveLoop> {
    let name = store.scope.parse_unqualified(function_name)?;
    store.function(&name)?;
    if !matches!(value, RecursiveLoop::Allow | RecursiveLoop::Terminate) {
        return Err(Fail::InvalidParameter(format!("Invalid RecursiveLoop: {value}; use Allow or Terminate")));
    }
    store.function_mut(&name)?.recursive_loop = Some(value.clone());
    Ok(value)
}
