//! Resource-based policies of functions, versions and aliases (AddPermission, GetPolicy,
//! RemovePermission). The policy shares its revision id with the function, version or alias it
//! belongs to, and changing it gives that resource a new revision id.

use crate::error::{check_revision, Fail, Res};
use crate::state::{qualifier_key, Function, Store, Target};
use crate::util::new_uuid;
use lambda_api::operations::add_permission::{AddPermissionInput, AddPermissionOutput};
use lambda_api::operations::get_policy::{GetPolicyInput, GetPolicyOutput};
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
    let size = policy_document(statements).len();
    if size > POLICY_LIMIT {
        return Err(Fail::PolicyLengthExceeded(format!(
            "The final policy size ({size}) is bigger than the limit ({POLICY_LIMIT})."
        )));
    }
    Ok(())
}

/// The revision id of a function, version or alias.
pub fn revision_of(f: &Function, target: &Target) -> Option<String> {
    match target {
        Target::Latest => f.latest.config.revision_id.clone(),
        Target::Version(v) => f.versions.get(v).and_then(|x| x.config.revision_id.clone()),
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
    let statements = f.policies.get(&key).cloned().unwrap_or_default();
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
    check_policy_length(&next)?;
    f.policies.insert(key, next);
    bump_revision(f, &target);
    Ok(AddPermissionOutput::builder().statement(statement.to_string()).build())
}

/// GetPolicy.
pub fn get_policy(store: &Store, input: GetPolicyInput) -> Res<GetPolicyOutput> {
    let r = store.scope.parse_function_with(&input.function_name, input.qualifier.as_deref())?;
    let target = store.target(&r.name, r.qualifier.as_deref())?;
    let f = store.function(&r.name)?;
    let statements = f
        .policies
        .get(&qualifier_key(r.qualifier.as_deref()))
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Fail::NotFound("The resource you requested does not exist.".into()))?;
    Ok(GetPolicyOutput::builder().policy(policy_document(statements)).set_revision_id(revision_of(f, &target)).build())
}

/// RemovePermission.
pub fn remove_permission(store: &mut Store, input: RemovePermissionInput) -> Res<()> {
    let r = store.scope.parse_function_with(&input.function_name, input.qualifier.as_deref())?;
    let target = store.target(&r.name, r.qualifier.as_deref())?;
    let key = qualifier_key(r.qualifier.as_deref());
    let f = store.function_mut(&r.name)?;
    check_revision(input.revision_id.as_deref(), revision_of(f, &target).as_deref(), "GetPolicy")?;
    let not_found = || Fail::NotFound(format!("Statement {} is not found in resource policy.", input.statement_id));
    let statements = f.policies.get_mut(&key).ok_or_else(not_found)?;
    let before = statements.len();
    statements.retain(|s| sid_of(s) != Some(input.statement_id.as_str()));
    if statements.len() == before {
        return Err(not_found());
    }
    if statements.is_empty() {
        f.policies.remove(&key);
    }
    bump_revision(f, &target);
    Ok(())
}
