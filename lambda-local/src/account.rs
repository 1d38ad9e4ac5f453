//! Account settings: the fixed limits, and usage computed from what exists.

use crate::concurrency::{unreserved, ACCOUNT_CONCURRENCY};
use crate::layers::layers_code_size;
use crate::state::Store;
use lambda_api::operations::get_account_settings::GetAccountSettingsOutput;
use lambda_api::types::{AccountLimit, AccountUsage};

/// Code storage of the account (75 GB).
pub const TOTAL_CODE_SIZE: i64 = 80_530_636_800;
/// Largest unzipped deployment package with layers (250 MB).
pub const CODE_SIZE_UNZIPPED: i64 = 262_144_000;
/// Largest zipped deployment package uploaded directly (50 MB).
pub const CODE_SIZE_ZIPPED: i64 = 52_428_800;

/// GetAccountSettings: limits, unreserved concurrency after reservations, the number of
/// functions and the code storage of every function version and layer version.
pub fn get_account_settings(store: &Store) -> GetAccountSettingsOutput {
    let functions_size: i64 = store.functions.values().map(|f| f.code_size()).sum();
    let limit = AccountLimit::builder()
        .total_code_size(TOTAL_CODE_SIZE)
        .code_size_unzipped(CODE_SIZE_UNZIPPED)
        .code_size_zipped(CODE_SIZE_ZIPPED)
        .concurrent_executions(ACCOUNT_CONCURRENCY)
        .unreserved_concurrent_executions(unreserved(store))
        .build();
    let usage = AccountUsage::builder()
        .total_code_size(functions_size + layers_code_size(store))
        .function_count(store.functions.len() as i64)
        .build();
    GetAccountSettingsOutput::builder().account_limit(limit).account_usage(usage).build()
}
