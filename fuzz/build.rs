//! Lists the generated crate's operations (one module per operation, its marker type named
//! first in its `lambda_rt::operation!` call) so the targets cover every operation without a
//! hand-kept list.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/lambda/src/operations");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut ops = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("generated operations") {
        let path = entry.expect("directory entry").path();
        let module = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        if module == "mod" || path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("operation module");
        let marker = text
            .lines()
            .skip_while(|l| !l.starts_with("lambda_rt::operation! {"))
            .skip(1)
            .map(str::trim)
            .find(|l| !l.starts_with("///") && !l.starts_with("#["))
            .and_then(|l| l.split_once(':'))
            .map(|(name, _)| name.trim().to_string())
            .unwrap_or_else(|| panic!("{} has no lambda_rt::operation! call naming its marker type", path.display()));
        ops.push(format!("lambda_api::operations::{module}::{marker}"));
    }
    ops.sort();
    let mut out = String::new();
    writeln!(out, "/// How many operations the generated crate has.").unwrap();
    writeln!(out, "pub const OPERATION_COUNT: usize = {};", ops.len()).unwrap();
    writeln!(out, "/// Calls `visitor` with operation number `index` (modulo the count).").unwrap();
    writeln!(out, "#[allow(deprecated)]").unwrap();
    writeln!(out, "pub fn visit_operation<V: Visit>(index: usize, visitor: V) -> V::Out {{").unwrap();
    writeln!(out, "    match index % OPERATION_COUNT {{").unwrap();
    for (i, op) in ops.iter().enumerate() {
        let pat = if i + 1 == ops.len() { "_".to_string() } else { i.to_string() };
        writeln!(out, "        {pat} => visitor.visit::<{op}>(),").unwrap();
    }
    writeln!(out, "    }}\n}}").unwrap();
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("operations.rs");
    std::fs::write(dest, out).unwrap();
}
