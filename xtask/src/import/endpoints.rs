//! `cargo xtask import-endpoints`: turns botocore's partition data, its endpoint data and
//! Lambda's endpoint rule set into the compact table the client resolves endpoints from
//! (`runtime/data/lambda-endpoints.json`).
//!
//! The rule set is evaluated here, once per partition and variant (FIPS, dual-stack), with the
//! region left as a `{Region}` placeholder; the runtime then only picks the partition of a
//! region and fills the placeholder in. A rule set this cannot evaluate that way (one that
//! compares the region's value, calls a function not listed below, or sets endpoint headers)
//! is refused with the place it goes wrong, rather than compiled into something different.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The service the rule set is for; also the signing name the client uses.
const SERVICE: &str = "lambda";

/// The four variants, in the order the runtime table names them.
const VARIANTS: [(&str, bool, bool); 4] =
    [("plain", false, false), ("fips", true, false), ("dual_stack", false, true), ("fips_dual_stack", true, true)];

/// Reads `partitions.json`, `endpoints.json` and `endpoint-rule-set-1.json` from
/// `botocore_data` and writes the table to `out`. Returns a summary of what it holds.
pub fn refresh(botocore_data: &Path, out: &Path) -> Result<String, String> {
    let (text, summary) = table_text(botocore_data)?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(out, text).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(summary)
}

/// The endpoint table (file text) for the botocore files in `botocore_data` (plain or
/// gzipped, as botocore ships them), and a summary of it.
pub fn table_text(botocore_data: &Path) -> Result<(String, String), String> {
    let read = |name: &str| -> Result<Value, String> {
        let text = super::read_model_file(botocore_data, name)?;
        serde_json::from_str(&text).map_err(|e| format!("{}/{name}: not JSON: {e}", botocore_data.display()))
    };
    let partitions = read_partitions(&read("partitions.json")?)?;
    let rules = read("endpoint-rule-set-1.json")?;
    let legacy = read("endpoints.json")?;
    let table = build_table(&partitions, &rules, &legacy)?;
    let mut text = serde_json::to_string_pretty(&table.json).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok((text, table.summary))
}

/// The inputs of the endpoint table as the repository keeps them (`tests/data/botocore`):
/// `partitions.json` and Lambda's rule set as botocore ships them, and `endpoints.json` cut
/// down to Lambda (every partition keeps its own keys; `services` keeps only `lambda`).
pub fn kept_inputs(botocore_data: &Path) -> Result<Vec<(&'static str, String)>, String> {
    let legacy_text = super::read_model_file(botocore_data, "endpoints.json")?;
    let mut legacy: Value =
        serde_json::from_str(&legacy_text).map_err(|e| format!("{}/endpoints.json: {e}", botocore_data.display()))?;
    for partition in legacy.get_mut("partitions").and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(services) = partition.get_mut("services").and_then(Value::as_object_mut) {
            services.retain(|name, _| name == "lambda");
        }
    }
    let mut legacy = serde_json::to_string_pretty(&legacy).map_err(|e| e.to_string())?;
    legacy.push('\n');
    Ok(vec![
        ("partitions.json", super::read_model_file(botocore_data, "partitions.json")?),
        ("endpoint-rule-set-1.json", super::read_model_file(botocore_data, "endpoint-rule-set-1.json")?),
        ("endpoints.json", legacy),
    ])
}

/// One partition of `partitions.json`.
struct Partition {
    id: String,
    region_regex: String,
    /// Region name -> the outputs that differ from the partition's for it.
    regions: BTreeMap<String, Map<String, Value>>,
    outputs: Map<String, Value>,
}

impl Partition {
    fn outputs_for(&self, region: Option<&str>) -> Map<String, Value> {
        let mut outputs = self.outputs.clone();
        if let Some(overrides) = region.and_then(|r| self.regions.get(r)) {
            outputs.extend(overrides.clone());
        }
        outputs
    }
}

fn read_partitions(doc: &Value) -> Result<Vec<Partition>, String> {
    let list = doc["partitions"].as_array().ok_or("partitions.json: no `partitions` array")?;
    let mut partitions = Vec::new();
    for (i, p) in list.iter().enumerate() {
        let at = |what: &str| format!("partitions.json: partitions[{i}]: {what}");
        let id = p["id"].as_str().ok_or_else(|| at("no `id`"))?.to_string();
        let region_regex = p["regionRegex"].as_str().ok_or_else(|| at("no `regionRegex`"))?.to_string();
        // The client matches it as it is (after `\d` and the like become ASCII), with the
        // runtime's engine: it must need none of the generator's rewriting of patterns.
        match lambda_codegen::ir::pattern::lower(&region_regex) {
            Ok(lowered)
                if lowered.as_single() == Some(lambda_rt::validation::ascii_classes(&region_regex).as_str()) => {}
            Ok(_) => {
                return Err(at(
                    "regionRegex needs look-around or Unicode tables, which the client's region matcher lacks",
                ))
            }
            Err(e) => return Err(at(&format!("regionRegex cannot be matched: {e}"))),
        }
        let outputs = p["outputs"].as_object().ok_or_else(|| at("no `outputs` object"))?.clone();
        for key in ["dnsSuffix", "dualStackDnsSuffix"] {
            if !outputs.get(key).is_some_and(Value::is_string) {
                return Err(at(&format!("outputs.{key} is not a string")));
            }
        }
        let mut regions = BTreeMap::new();
        for (name, region) in p["regions"].as_object().ok_or_else(|| at("no `regions` object"))? {
            let mut overrides = region.as_object().cloned().unwrap_or_default();
            overrides.remove("description");
            regions.insert(name.clone(), overrides);
        }
        partitions.push(Partition { id, region_regex, regions, outputs });
    }
    if !partitions.iter().any(|p| p.id == "aws") {
        return Err("partitions.json: no `aws` partition (regions of no partition resolve in it)".into());
    }
    Ok(partitions)
}

struct Table {
    json: Value,
    summary: String,
}

fn build_table(partitions: &[Partition], rules: &Value, legacy: &Value) -> Result<Table, String> {
    let params = RuleParams::read(rules)?;
    let tree = rules["rules"].as_array().ok_or("endpoint-rule-set-1.json: no `rules` array")?;
    let mut out_partitions = Vec::new();
    let mut unsupported = Vec::new();
    let mut compiled: BTreeMap<&str, Value> = BTreeMap::new();
    for p in partitions {
        let endpoints = variants(tree, &params, p, None, Inputs::region)?;
        for (name, outcome) in endpoints.as_object().into_iter().flatten() {
            if outcome.get("error").is_some() {
                unsupported.push(format!("{}/{name}", p.id));
            }
        }
        let mut region_endpoints = Map::new();
        for (region, overrides) in &p.regions {
            if overrides.is_empty() {
                continue;
            }
            let own = variants(tree, &params, p, Some(region), Inputs::region)?;
            if own != endpoints {
                region_endpoints.insert(region.clone(), own);
            }
        }
        compiled.insert(&p.id, endpoints.clone());
        out_partitions.push(json!({
            "id": p.id,
            "region_regex": p.region_regex,
            "regions": p.regions.keys().collect::<Vec<_>>(),
            "endpoints": endpoints,
            "region_endpoints": region_endpoints,
        }));
    }
    let aws = partitions.iter().find(|p| p.id == "aws").ok_or("no aws partition")?;
    let custom = variants(tree, &params, aws, None, Inputs::custom)?;
    let (aliases, legacy_notes) = legacy_aliases(legacy, partitions, &compiled)?;
    let region_count: usize = partitions.iter().map(|p| p.regions.len()).sum();
    let mut summary = format!(
        "{} partitions ({}), {region_count} listed regions, {} FIPS pseudo-region aliases; \
         unsupported variants: {}",
        partitions.len(),
        partitions.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", "),
        aliases.len(),
        if unsupported.is_empty() { "none".to_string() } else { unsupported.join(", ") },
    );
    for note in legacy_notes {
        summary.push_str("\nnote: ");
        summary.push_str(&note);
    }
    let json = json!({
        "generated_by": "cargo xtask import-endpoints, from botocore's partitions.json, endpoints.json and \
                         lambda/2015-03-31/endpoint-rule-set-1.json; do not edit",
        "service": SERVICE,
        "default_partition": "aws",
        "partitions": out_partitions,
        "custom_endpoint": custom,
        "aliases": aliases,
    });
    Ok(Table { json, summary })
}

/// The outcome of each variant for a partition (or one region of it with its own outputs).
fn variants(
    tree: &[Value],
    params: &RuleParams,
    partition: &Partition,
    region: Option<&str>,
    inputs: impl Fn(bool, bool) -> Inputs,
) -> Result<Value, String> {
    let mut out = Map::new();
    for (name, fips, ds) in VARIANTS {
        let mut eval =
            Eval { params, inputs: inputs(fips, ds), outputs: partition.outputs_for(region), scopes: Vec::new() };
        let outcome = eval.rules(tree, "rules")?.ok_or_else(|| {
            format!("rule set: no rule matches partition {} with fips={fips}, dual_stack={ds}", partition.id)
        })?;
        out.insert(name.to_string(), outcome);
    }
    Ok(Value::Object(out))
}

/// The names the rule set gives the four built-in parameters this client sets.
struct RuleParams {
    region: String,
    fips: String,
    dual_stack: String,
    endpoint: String,
}

impl RuleParams {
    fn read(rules: &Value) -> Result<Self, String> {
        let params = rules["parameters"].as_object().ok_or("endpoint-rule-set-1.json: no `parameters`")?;
        let mut found: BTreeMap<&str, String> = BTreeMap::new();
        for (name, p) in params {
            match p["builtIn"].as_str() {
                Some(b @ ("AWS::Region" | "AWS::UseFIPS" | "AWS::UseDualStack" | "SDK::Endpoint")) => {
                    found.insert(b, name.clone());
                }
                other => {
                    let required = p["required"].as_bool().unwrap_or(false) && p.get("default").is_none();
                    if required {
                        return Err(format!(
                            "rule set parameter {name} (built-in {other:?}) is required and this client cannot set it"
                        ));
                    }
                }
            }
        }
        let mut take = |b: &str| found.remove(b).ok_or_else(|| format!("rule set has no {b} parameter"));
        Ok(RuleParams {
            region: take("AWS::Region")?,
            fips: take("AWS::UseFIPS")?,
            dual_stack: take("AWS::UseDualStack")?,
            endpoint: take("SDK::Endpoint")?,
        })
    }
}

/// The parameter values of one evaluation. Region and endpoint are placeholders: known to
/// be set, their values filled in by the runtime.
struct Inputs {
    fips: bool,
    dual_stack: bool,
    endpoint_set: bool,
}

impl Inputs {
    fn region(fips: bool, dual_stack: bool) -> Self {
        Inputs { fips, dual_stack, endpoint_set: false }
    }

    fn custom(fips: bool, dual_stack: bool) -> Self {
        Inputs { fips, dual_stack, endpoint_set: true }
    }
}

/// A value during evaluation.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Unset,
    Bool(bool),
    /// A string that may contain `{Region}` / `{Endpoint}` placeholders.
    Text(String),
    /// A placeholder whose value is not known here.
    Placeholder(&'static str),
    Partition,
}

struct Eval<'a> {
    params: &'a RuleParams,
    inputs: Inputs,
    outputs: Map<String, Value>,
    /// Variables of the enclosing trees, innermost last.
    scopes: Vec<BTreeMap<String, Val>>,
}

impl Eval<'_> {
    /// The first matching rule's outcome (`{"url": …}` or `{"error": …}`), or `None`.
    fn rules(&mut self, rules: &[Value], at: &str) -> Result<Option<Value>, String> {
        for (i, rule) in rules.iter().enumerate() {
            let at = format!("{at}[{i}]");
            let mut vars = BTreeMap::new();
            if !self.conditions(rule, &mut vars, &at)? {
                continue;
            }
            let found = match rule["type"].as_str() {
                Some("tree") => {
                    let inner = rule["rules"].as_array().ok_or_else(|| format!("{at}: tree without rules"))?;
                    // Variables assigned by a tree's conditions stay visible inside it.
                    self.scopes.push(vars);
                    let found = self.rules(inner, &format!("{at}.rules"));
                    self.scopes.pop();
                    found?
                }
                Some("error") => {
                    let text = self.template(&rule["error"], &vars, &format!("{at}.error"))?;
                    Some(json!({ "error": text }))
                }
                Some("endpoint") => Some(self.endpoint(&rule["endpoint"], &vars, &format!("{at}.endpoint"))?),
                other => return Err(format!("{at}: unknown rule type {other:?}")),
            };
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    fn conditions(&self, rule: &Value, vars: &mut BTreeMap<String, Val>, at: &str) -> Result<bool, String> {
        for (j, c) in rule["conditions"].as_array().into_iter().flatten().enumerate() {
            let at = format!("{at}.conditions[{j}]");
            let value = self.expr(c, vars, &at)?;
            let holds = !matches!(value, Val::Unset | Val::Bool(false));
            if let Some(name) = c["assign"].as_str() {
                vars.insert(name.to_string(), value);
            }
            if !holds {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn lookup(&self, name: &str, vars: &BTreeMap<String, Val>, at: &str) -> Result<Val, String> {
        let p = self.params;
        if name == p.region {
            return Ok(Val::Placeholder("{Region}"));
        }
        if name == p.endpoint {
            return Ok(if self.inputs.endpoint_set { Val::Placeholder("{Endpoint}") } else { Val::Unset });
        }
        if name == p.fips {
            return Ok(Val::Bool(self.inputs.fips));
        }
        if name == p.dual_stack {
            return Ok(Val::Bool(self.inputs.dual_stack));
        }
        if let Some(v) = vars.get(name) {
            return Ok(v.clone());
        }
        if let Some(v) = self.scopes.iter().rev().find_map(|scope| scope.get(name)) {
            return Ok(v.clone());
        }
        Err(format!("{at}: unknown reference {name}"))
    }

    fn expr(&self, e: &Value, vars: &BTreeMap<String, Val>, at: &str) -> Result<Val, String> {
        match e {
            Value::Bool(b) => Ok(Val::Bool(*b)),
            Value::String(_) => Ok(Val::Text(self.template(e, vars, at)?)),
            Value::Object(o) if o.contains_key("ref") => {
                self.lookup(o["ref"].as_str().ok_or_else(|| format!("{at}: ref is not a string"))?, vars, at)
            }
            Value::Object(o) if o.contains_key("fn") => {
                let name = o["fn"].as_str().unwrap_or_default();
                let argv = o["argv"].as_array().ok_or_else(|| format!("{at}: {name} without argv"))?;
                let args = argv
                    .iter()
                    .enumerate()
                    .map(|(k, a)| self.expr(a, vars, &format!("{at}.argv[{k}]")))
                    .collect::<Result<Vec<_>, _>>()?;
                self.call(name, &args, at)
            }
            other => Err(format!("{at}: unsupported expression {other}")),
        }
    }

    fn call(&self, name: &str, args: &[Val], at: &str) -> Result<Val, String> {
        let arity = |n: usize| {
            if args.len() == n {
                Ok(())
            } else {
                Err(format!("{at}: {name} takes {n} arguments"))
            }
        };
        match name {
            "isSet" => {
                arity(1)?;
                Ok(Val::Bool(args[0] != Val::Unset))
            }
            "not" => {
                arity(1)?;
                match args[0] {
                    Val::Bool(b) => Ok(Val::Bool(!b)),
                    _ => Err(format!("{at}: not() of a non-boolean")),
                }
            }
            "booleanEquals" => {
                arity(2)?;
                match (&args[0], &args[1]) {
                    (Val::Bool(a), Val::Bool(b)) => Ok(Val::Bool(a == b)),
                    _ => Err(format!("{at}: booleanEquals of values not known before the region is")),
                }
            }
            "stringEquals" => {
                arity(2)?;
                match (&args[0], &args[1]) {
                    (Val::Text(a), Val::Text(b)) if !a.contains('{') && !b.contains('{') => Ok(Val::Bool(a == b)),
                    _ => Err(format!(
                        "{at}: stringEquals compares the region or endpoint by value; the per-partition table \
                         cannot express that"
                    )),
                }
            }
            "aws.partition" => {
                arity(1)?;
                match args[0] {
                    Val::Placeholder("{Region}") => Ok(Val::Partition),
                    _ => Err(format!("{at}: aws.partition of something other than the region")),
                }
            }
            "getAttr" => {
                arity(2)?;
                let (Val::Partition, Val::Text(path)) = (&args[0], &args[1]) else {
                    return Err(format!("{at}: getAttr is only supported on the partition"));
                };
                match self.outputs.get(path) {
                    Some(Value::Bool(b)) => Ok(Val::Bool(*b)),
                    Some(Value::String(s)) => Ok(Val::Text(s.clone())),
                    _ => Err(format!("{at}: the partition has no attribute {path}")),
                }
            }
            other => Err(format!("{at}: function {other} is not supported by import-endpoints")),
        }
    }

    /// Fills `{Name}` and `{Name#attr}` in a template string; the region and endpoint stay
    /// placeholders.
    fn template(&self, e: &Value, vars: &BTreeMap<String, Val>, at: &str) -> Result<String, String> {
        let text = match e {
            Value::String(s) => s.as_str(),
            Value::Object(_) => {
                return match self.expr(e, vars, at)? {
                    Val::Text(t) => Ok(t),
                    Val::Placeholder(p) => Ok(p.to_string()),
                    other => Err(format!("{at}: {other:?} is not a string")),
                }
            }
            _ => return Err(format!("{at}: not a string")),
        };
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').ok_or_else(|| format!("{at}: unclosed {{ in {text}"))? + open;
            let inner = &rest[open + 1..close];
            let value = match inner.split_once('#') {
                Some((name, attr)) => match self.lookup(name, vars, at)? {
                    Val::Partition => match self.outputs.get(attr) {
                        Some(Value::String(s)) => Val::Text(s.clone()),
                        _ => return Err(format!("{at}: the partition has no string attribute {attr}")),
                    },
                    _ => return Err(format!("{at}: {name}#{attr} is not a partition attribute")),
                },
                None => self.lookup(inner, vars, at)?,
            };
            match value {
                Val::Text(t) => out.push_str(&t),
                Val::Placeholder(p) => out.push_str(p),
                other => return Err(format!("{at}: {{{inner}}} is {other:?}, not a string")),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn endpoint(&self, e: &Value, vars: &BTreeMap<String, Val>, at: &str) -> Result<Value, String> {
        let url = self.template(&e["url"], vars, &format!("{at}.url"))?;
        if e["headers"].as_object().is_some_and(|h| !h.is_empty()) {
            return Err(format!("{at}: endpoint headers are not supported"));
        }
        let mut out = json!({ "url": url });
        for (key, value) in e["properties"].as_object().into_iter().flatten() {
            if key != "authSchemes" {
                return Err(format!("{at}: endpoint property {key} is not supported"));
            }
            for (k, scheme) in value.as_array().into_iter().flatten().enumerate() {
                let at = format!("{at}.properties.authSchemes[{k}]");
                if scheme["name"].as_str() != Some("sigv4") {
                    return Err(format!("{at}: only sigv4 is supported"));
                }
                if let Some(name) = scheme.get("signingName") {
                    if self.template(name, vars, &at)? != SERVICE {
                        return Err(format!("{at}: signing name other than {SERVICE}"));
                    }
                }
                if let Some(region) = scheme.get("signingRegion") {
                    out["signing_region"] = json!(self.template(region, vars, &at)?);
                }
            }
        }
        Ok(out)
    }
}

/// The legacy pseudo-regions of `endpoints.json` (`fips-us-east-1`: a region name that means
/// "us-east-1 with FIPS", signed for us-east-1), and notes where that file's Lambda hostnames
/// differ from what the rule set gives.
fn legacy_aliases(
    legacy: &Value,
    partitions: &[Partition],
    compiled: &BTreeMap<&str, Value>,
) -> Result<(Map<String, Value>, Vec<String>), String> {
    let mut aliases = Map::new();
    let mut notes = Vec::new();
    let list = legacy["partitions"].as_array().ok_or("endpoints.json: no `partitions` array")?;
    for p in list {
        let id = p["partition"].as_str().ok_or("endpoints.json: a partition without `partition`")?;
        let Some(endpoints) = p["services"][SERVICE]["endpoints"].as_object() else { continue };
        let Some(table) = compiled.get(id) else {
            notes.push(format!("endpoints.json partition {id} is not in partitions.json; its entries are skipped"));
            continue;
        };
        let known = partitions.iter().find(|q| q.id == id).map(|q| &q.regions);
        for (name, entry) in endpoints {
            let url_of =
                |variant: &str, region: &str| table[variant]["url"].as_str().map(|u| u.replace("{Region}", region));
            if let Some(scope) = entry["credentialScope"]["region"].as_str() {
                if known.is_some_and(|k| k.contains_key(name)) {
                    notes
                        .push(format!("{id}/{name}: a listed region with its own credential scope ({scope}); ignored"));
                    continue;
                }
                let host = entry["hostname"].as_str().ok_or_else(|| {
                    format!("endpoints.json: {id}/{SERVICE}/{name} has a credential scope but no hostname")
                })?;
                let url = format!("https://{host}");
                let alias = if url_of("fips", scope).as_deref() == Some(url.as_str()) {
                    json!({ "region": scope, "fips": true })
                } else if url_of("plain", scope).as_deref() == Some(url.as_str()) {
                    json!({ "region": scope, "fips": false })
                } else {
                    json!({ "url": url, "signing_region": scope })
                };
                aliases.insert(name.clone(), alias);
                continue;
            }
            for variant in entry["variants"].as_array().into_iter().flatten() {
                let mut tags: Vec<&str> =
                    variant["tags"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                tags.sort_unstable();
                let key = match tags.as_slice() {
                    ["fips"] => "fips",
                    ["dualstack"] => "dual_stack",
                    ["dualstack", "fips"] => "fips_dual_stack",
                    _ => continue,
                };
                let Some(host) = variant["hostname"].as_str() else { continue };
                let want = format!("https://{host}");
                if url_of(key, name).as_deref() != Some(want.as_str()) {
                    notes.push(format!(
                        "{id}/{name} {key}: endpoints.json says {want}, the rule set gives {}",
                        url_of(key, name).unwrap_or_else(|| table[key]["error"].to_string())
                    ));
                }
            }
        }
    }
    Ok((aliases, notes))
}
