//! Resource-based policies: of functions, versions and aliases, statement by statement
//! (AddPermission, GetPolicy, RemovePermission) or whole (Get/Put/DeleteResourcePolicy, which
//! also serve customer-managed runtimes). A function's policy shares its revision id with the
//! function, version or alias it belongs to, and changing it gives that resource a new
//! revision id; a runtime's policy has a revision id of its own.

use crate::error::{check_revision, Fail, Res};
use crate::state::{qualifier_key, Function, RuntimePolicy, Store, Target};
use crate::util::new_uuid;
use lambda_api::operations::add_permission::{AddPermissionInput, AddPermissionOutput};
use lambda_api::operations::get_policy::{GetPolicyInput, GetPolicyOutput};
use lambda_api::operations::get_resource_policy::GetResourcePolicyOutput;
use lambda_api::operations::put_resource_policy::{PutResourcePolicyInput, PutResourcePolicyOutput};
use lambda_api::operations::remove_permission::RemovePermissionInput;
use serde_json::{json, Value};

/// Largest policy document the service accepts, in bytes.
pub const POLICY_LIMIT: usize = 20_480;

/// The policy document for a list of statements.
pub fn policy_document(statements: &[Value]) -> String {
    json!({ "Version": "2012-10-17", "Id": "default", "Statement": statements }).to_string()
}

/// Refuses a policy larger than [`POLICY_LIMIT`].
pub fn check_policy_length(statements: &[Value]) -> Res<()> {
    check_text_length(&policy_document(statements))
}

/// Refuses a policy text longer than [`POLICY_LIMIT`] bytes (UTF-8).
fn check_text_length(text: &str) -> Res<()> {
    let size = text.len();
    if size > POLICY_LIMIT {
        return Err(Fail::PolicyLengthExceeded(format!(
            "The final policy size ({size}) is bigger than the limit ({POLICY_LIMIT})."
        )));
    }
    Ok(())
}

/// The statements of a policy document: its `Statement` list, or the one statement it holds.
pub fn statements_of(document: &Value) -> Vec<Value> {
    match document.get("Statement") {
        Some(Value::Array(list)) => list.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

/// A document with its statements replaced (a new default document when there was none).
fn with_statements(document: Option<&Value>, statements: Vec<Value>) -> Value {
    let mut doc = document.cloned().unwrap_or_else(|| json!({ "Version": "2012-10-17", "Id": "default" }));
    doc["Statement"] = Value::Array(statements);
    doc
}

/// The revision id of a function, version or alias.
pub fn revision_of(f: &Function, target: &Target) -> Option<String> {
    match target {
        Target::Latest => f.latest.config.revision_id.clone(),
        Target::Version(v) => f.versions.get(v).and_then(|x| x.config.revision_id.clone()),
        Target::LatestPublished => f.latest_published.as_ref().and_then(|x| x.config.revision_id.clone()),
        Target::Alias(a) => f.aliases.get(a).and_then(|x| x.revision_id.clone()),
    }
}

/// Gives a function, version or alias a new revision id and returns it.
pub fn bump_revision(f: &mut Function, target: &Target) -> String {
    let id = new_uuid();
    match target {
        Target::Latest => f.latest.config.revision_id = Some(id.clone()),
        Target::Version(v) => {
            if let Some(x) = f.versions.get_mut(v) {
                x.config.revision_id = Some(id.clone());
            }
        }
        Target::LatestPublished => {
            if let Some(x) = f.latest_published.as_mut() {
                x.config.revision_id = Some(id.clone());
            }
        }
        Target::Alias(a) => {
            if let Some(x) = f.aliases.get_mut(a) {
                x.revision_id = Some(id.clone());
            }
        }
    }
    id
}

fn principal(p: &str) -> Value {
    if p == "*" {
        json!("*")
    } else if p.len() == 12 && p.bytes().all(|b| b.is_ascii_digit()) {
        json!({ "AWS": format!("arn:aws:iam::{p}:root") })
    } else if p.starts_with("arn:") {
        json!({ "AWS": p })
    } else {
        json!({ "Service": p })
    }
}

fn sid_of(s: &Value) -> Option<&str> {
    s.get("Sid").and_then(Value::as_str)
}

/// AddPermission.
pub fn add_permission(store: &mut Store, input: AddPermissionInput) -> Res<AddPermissionOutput> {
    let r = store.scope.parse_function_with(&input.function_name, input.qualifier.as_deref())?;
    if r.qualifier.as_deref() == Some("$LATEST") {
        return Err(Fail::InvalidParameter("We currently do not support adding policies for $LATEST.".into()));
    }
    let target = store.target(&r.name, r.qualifier.as_deref())?;
    let resource = store.scope.qualified_arn(&r.name, r.qualifier.as_deref());
    let key = qualifier_key(r.qualifier.as_deref());
    let f = store.function_mut(&r.name)?;
    check_revision(input.revision_id.as_deref(), revision_of(f, &target).as_deref(), "GetPolicy")?;
    let statements = f.policies.get(&key).map(statements_of).unwrap_or_default();
    if statements.iter().any(|s| sid_of(s) == Some(input.statement_id.as_str())) {
        return Err(Fail::Conflict(
            "The statement id (sid) provided already exists. Please choose a new statement id, or remove the existing statement."
                .into(),
        ));
    }
    let mut condition = serde_json::Map::new();
    let mut string_equals = serde_json::Map::new();
    if let Some(a) = &input.source_account {
        string_equals.insert("AWS:SourceAccount".into(), json!(a));
    }
    if let Some(t) = &input.event_source_token {
        string_equals.insert("lambda:EventSourceToken".into(), json!(t));
    }
    if let Some(o) = &input.principal_org_id {
        string_equals.insert("aws:PrincipalOrgID".into(), json!(o));
    }
    if let Some(t) = &input.function_url_auth_type {
        string_equals.insert("lambda:FunctionUrlAuthType".into(), json!(t.as_str()));
    }
    if !string_equals.is_empty() {
        condition.insert("StringEquals".into(), Value::Object(string_equals));
    }
    if let Some(arn) = &input.source_arn {
        condition.insert("ArnLike".into(), json!({ "AWS:SourceArn": arn }));
    }
    if let Some(via_url) = input.invoked_via_function_url {
        if input.action != "lambda:InvokeFunction" {
            return Err(Fail::InvalidParameter(
                "InvokedViaFunctionUrl can only be set with the action lambda:InvokeFunction.".into(),
            ));
        }
        condition.insert("Bool".into(), json!({ "lambda:InvokedViaFunctionUrl": via_url.to_string() }));
    }
    let mut statement = json!({
        "Sid": input.statement_id,
        "Effect": "Allow",
        "Principal": principal(&input.principal),
        "Action": input.action,
        "Resource": resource,
    });
    if !condition.is_empty() {
        statement["Condition"] = Value::Object(condition);
    }
    let mut next = statements;
    next.push(statement.clone());
    let document = with_statements(f.policies.get(&key), next);
    check_text_length(&document.to_string())?;
    f.policies.insert(key, document);
    bump_revision(f, &target);
    Ok(AddPermissionOutput::builder().statement(statement.to_string()).build())
}

/// GetPolicy.
pub fn get_policy(store: &Store, input: GetPolicyInput) -> Res<GetPolicyOutput> {
    let r = store.scope.parse_function_with(&input.function_name, input.qualifier.as_deref())?;
    let target = store.target(&r.name, r.qualifier.as_deref())?;
    let f = store.function(&r.name)?;
    let document = f
        .policies
        .get(&qualifier_key(r.qualifier.as_deref()))
        .filter(|d| !statements_of(d).is_empty())
        .ok_or_else(no_policy)?;
    Ok(GetPolicyOutput::builder().policy(document.to_string()).set_revision_id(revision_of(f, &target)).build())
}

fn no_policy() -> Fail {
    Fail::NotFound("The resource you requested does not exist.".into())
}

/// RemovePermission.
pub fn remove_permission(store: &mut Store, input: RemovePermissionInput) -> Res<()> {
    let r = store.scope.parse_function_with(&input.function_name, input.qualifier.as_deref())?;
    let target = store.target(&r.name, r.qualifier.as_deref())?;
    let key = qualifier_key(r.qualifier.as_deref());
    let f = store.function_mut(&r.name)?;
    check_revision(input.revision_id.as_deref(), revision_of(f, &target).as_deref(), "GetPolicy")?;
    let not_found = || Fail::NotFound(format!("Statement {} is not found in resource policy.", input.statement_id));
    let mut statements = f.policies.get(&key).map(statements_of).ok_or_else(not_found)?;
    let before = statements.len();
    statements.retain(|s| sid_of(s) != Some(input.statement_id.as_str()));
    if statements.len() == before {
        return Err(not_found());
    }
    if statements.is_empty() {
        f.policies.remove(&key);
    } else {
        let document = with_statements(f.policies.get(&key), statements);
        f.policies.insert(key, document);
    }
    bump_revision(f, &target);
    Ok(())
}

/// What a `ResourceArn` of the resource policy operations names.
enum PolicyResource {
    /// A function, version or alias: its name, the key its policy is kept under, and target.
    Function { name: String, key: String, target: Target },
    /// A customer-managed runtime, by ARN.
    Runtime(String),
}

/// Resolves a `ResourceArn`: a function, version or alias that exists here, or a runtime ARN
/// of this account and Region. Other accounts and Regions have nothing here.
fn policy_resource(store: &Store, arn: &str) -> Res<PolicyResource> {
    let invalid = || Fail::InvalidParameter(format!("Invalid resource ARN: {arn}"));
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() != 6 || parts[0] != "arn" || parts[2] != "lambda" {
        return Err(invalid());
    }
    if parts[3] != store.scope.region || parts[4] != store.scope.account {
        return Err(Fail::NotFound(format!("Resource not found: {arn}")));
    }
    if let Some(path) = parts[5].strip_prefix("runtime/") {
        if path.is_empty() {
            return Err(invalid());
        }
        return Ok(PolicyResource::Runtime(arn.to_string()));
    }
    if !parts[5].starts_with("function:") {
        return Err(invalid());
    }
    let r = store.scope.parse_function(arn)?;
    if r.qualifier.as_deref() == Some("$LATEST") {
        return Err(Fail::InvalidParameter("We currently do not support adding policies for $LATEST.".into()));
    }
    let target = store.target(&r.name, r.qualifier.as_deref())?;
    Ok(PolicyResource::Function { key: qualifier_key(r.qualifier.as_deref()), name: r.name, target })
}

/// Checks a policy document given whole: a JSON object with at least one statement, each an
/// object with an `Effect` of `Allow` or `Deny`, an `Action` and a principal, and no two with
/// the same `Sid`.
fn parse_policy(text: &str) -> Res<Value> {
    let invalid = |why: &str| Fail::InvalidParameter(format!("The policy is not valid: {why}"));
    let document: Value = serde_json::from_str(text).map_err(|e| invalid(&format!("it is not JSON ({e})")))?;
    if !document.is_object() {
        return Err(invalid("it must be a JSON object"));
    }
    let statements = statements_of(&document);
    if statements.is_empty() {
        return Err(invalid("it has no Statement"));
    }
    let mut sids = std::collections::BTreeSet::new();
    for (i, s) in statements.iter().enumerate() {
        if !s.is_object() {
            return Err(invalid(&format!("statement {i} is not an object")));
        }
        if !matches!(s.get("Effect").and_then(Value::as_str), Some("Allow" | "Deny")) {
            return Err(invalid(&format!("statement {i} needs an Effect of Allow or Deny")));
        }
        if s.get("Action").is_none() && s.get("NotAction").is_none() {
            return Err(invalid(&format!("statement {i} has no Action")));
        }
        if s.get("Principal").is_none() && s.get("NotPrincipal").is_none() {
            return Err(invalid(&format!("statement {i} has no Principal")));
        }
        if let Some(sid) = sid_of(s) {
            if !sids.insert(sid) {
                return Err(invalid(&format!("the statement id {sid} is used twice")));
            }
        }
    }
    Ok(document)
}

/// GetResourcePolicy.
pub fn get_resource_policy(store: &Store, arn: &str) -> Res<GetResourcePolicyOutput> {
    let (document, revision) = match policy_resource(store, arn)? {
        PolicyResource::Function { name, key, target } => {
            let f = store.function(&name)?;
            let doc = f.policies.get(&key).filter(|d| !statements_of(d).is_empty()).ok_or_else(no_policy)?;
            (doc.to_string(), revision_of(f, &target))
        }
        PolicyResource::Runtime(arn) => {
            let p = store.runtime_policies.get(&arn).ok_or_else(no_policy)?;
            (p.document.to_string(), Some(p.revision_id.clone()))
        }
    };
    Ok(GetResourcePolicyOutput::builder().policy(document).set_revision_id(revision).build())
}

/// PutResourcePolicy: replaces the whole policy (statements added with AddPermission
/// included).
pub fn put_resource_policy(store: &mut Store, input: PutResourcePolicyInput) -> Res<PutResourcePolicyOutput> {
    let resource = policy_resource(store, &input.resource_arn)?;
    let document = parse_policy(&input.policy)?;
    let text = document.to_string();
    let revision = match resource {
        PolicyResource::Function { name, key, target } => {
            let f = store.function_mut(&name)?;
            check_revision(input.revision_id.as_deref(), revision_of(f, &target).as_deref(), "GetResourcePolicy")?;
            check_text_length(&text)?;
            f.policies.insert(key, document);
            bump_revision(f, &target)
        }
        PolicyResource::Runtime(arn) => {
            let current = store.runtime_policies.get(&arn).map(|p| p.revision_id.as_str());
            check_revision(input.revision_id.as_deref(), current, "GetResourcePolicy")?;
            check_text_length(&text)?;
            let revision_id = new_uuid();
            store.runtime_policies.insert(arn, RuntimePolicy { document, revision_id: revision_id.clone() });
            revision_id
        }
    };
    Ok(PutResourcePolicyOutput::builder().policy(text).revision_id(revision).build())
}

/// DeleteResourcePolicy.
pub fn delete_resource_policy(store: &mut Store, arn: &str, revision_id: Option<&str>) -> Res<()> {
    match policy_resource(store, arn)? {
        PolicyResource::Function { name, key, target } => {
            let f = store.function_mut(&name)?;
            if !f.policies.contains_key(&key) {
                return Err(no_policy());
            }
            check_revision(revision_id, revision_of(f, &target).as_deref(), "GetResourcePolicy")?;
            f.policies.remove(&key);
            bump_revision(f, &target);
        }
        PolicyResource::Runtime(arn) => {
            let current = store.runtime_policies.get(&arn).ok_or_else(no_policy)?;
            check_revision(revision_id, Some(current.revision_id.as_str()), "GetResourcePolicy")?;
            store.runtime_policies.remove(&arn);
        }
    }
    Ok(())
}
