//! Emitters: each reads the IR and returns files; none reads the spec.

pub mod client;
pub mod errors;
pub mod features;
pub mod files;
pub mod format_cache;
pub mod http;
pub mod operations;
pub mod rust;
pub mod server;
pub mod types;
pub mod validation;
pub mod waiters;

use crate::error::Error;
use crate::ir::Api;
use indexmap::IndexMap;

/// Generated files by path relative to the crate root, in a fixed order.
pub type Files = IndexMap<String, String>;

/// Emits the whole crate.
pub fn crate_files(api: &Api, opts: &files::CrateOptions) -> Result<Files, Error> {
    let mut out = Files::new();
    files::emit(api, opts, &mut out)?;
    let structures = types::structures(api)?;
    out.insert(
        "src/types.rs".into(),
        rust::file(
            api,
            "Data types and string enums of the API.",
            quote::quote! {
                // Empty when no operation feature is enabled.
                #[allow(unused_imports)]
                pub use crate::enums::*;
                #structures
            },
        )?,
    );
    out.insert(
        "src/enums.rs".into(),
        rust::file(api, "String enums of the API. Unknown values are kept, not rejected.", types::enums(api))?,
    );
    out.insert(
        "src/errors.rs".into(),
        rust::file(api, "Error shapes: every error the service can return.", errors::shapes(api))?,
    );
    out.insert(
        "src/validation.rs".into(),
        rust::file(api, "Patterns that members' constraints refer to by index.", validation::emit(api))?,
    );
    for op in &api.operations {
        let tokens = operations::module(api, op)?;
        out.insert(
            format!("src/operations/{}.rs", op.snake),
            rust::file(api, &format!("The {} operation.", op.name), tokens)?,
        );
    }
    out.insert(
        "src/client.rs".into(),
        rust::file(api, "Async client for every operation (feature `client`).", client::module(api)?)?,
    );
    if !api.waiters.is_empty() {
        out.insert(
            "src/waiters.rs".into(),
            rust::file(
                api,
                "Waiters: poll an operation until a resource is ready (feature `client`).",
                waiters::module(api)?,
            )?,
        );
    }
    out.insert(
        "src/server.rs".into(),
        rust::file(api, "Server stubs for every operation (feature `server`).", server::module(api)?)?,
    );
    out.insert(
        "src/operations/mod.rs".into(),
        rust::file(api, "One module per operation: input, builder, output and error.", operations::index(api))?,
    );
    Ok(out)
}
