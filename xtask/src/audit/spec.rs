//! Reads the OpenAPI spec into the audit's [`Document`] model, following the conventions of
//! `spec/README.md`: members by `x-aws-member`, JSON bodies by `$ref`, raw payloads by
//! `x-aws-payload`, errors as non-2xx responses, patterns written `^(?:P)$`.

use super::model::{num, Bounds, DataType, Document, ErrorEntry, Member, Operation, Ty, Wire};
use serde_json::{Map, Value};

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// The spec's pattern with the `^(?:...)$` wrapper removed, and whether the wrapper was there.
pub fn unwrap_pattern(p: &str) -> (String, bool) {
    match p.strip_prefix("^(?:").and_then(|r| r.strip_suffix(")$")) {
        Some(inner) => (inner.to_string(), true),
        None => (p.to_string(), false),
    }
}

struct Reader<'a> {
    schemas: &'a Map<String, Value>,
    parameters: Option<&'a Map<String, Value>>,
    headers: Option<&'a Map<String, Value>>,
}

/// Reads the spec text.
pub fn read(text: &str) -> Result<Document, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("spec: not JSON: {e}"))?;
    let empty = Map::new();
    let components = root.get("components").and_then(Value::as_object).unwrap_or(&empty);
    let r = Reader {
        schemas: components.get("schemas").and_then(Value::as_object).unwrap_or(&empty),
        parameters: components.get("parameters").and_then(Value::as_object),
        headers: components.get("headers").and_then(Value::as_object),
    };
    let mut doc = Document::default();

    let paths = root.get("paths").and_then(Value::as_object).ok_or("spec: no paths")?;
    for (key, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let Some(op) = op.as_object() else { continue };
            let read = r.operation(key, method, op);
            doc.operations.entry(read.name.clone()).or_insert(read);
        }
    }

    for (name, schema) in r.schemas {
        let is_struct = schema.get("type").and_then(Value::as_str) == Some("object")
            && schema.get("properties").is_some()
            && schema.get("x-aws-error").is_none();
        if is_struct {
            let members = r.object_members(schema);
            doc.data_types.insert(name.clone(), DataType { line: 0, members });
        }
    }

    if let Some(common) = root.get("x-aws-common-errors").and_then(Value::as_array) {
        for name in common.iter().filter_map(Value::as_str) {
            let status = r.error_status(name);
            doc.common_errors.push(ErrorEntry { name: name.to_string(), status, listed_under: None, line: 0 });
        }
    }
    Ok(doc)
}

impl<'a> Reader<'a> {
    fn schema(&self, reference: &str) -> Option<(&'a str, &'a Value)> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        self.schemas.get_key_value(name).map(|(k, v)| (k.as_str(), v))
    }

    fn error_status(&self, name: &str) -> Option<u16> {
        self.schemas.get(name)?.get("x-aws-error")?.get("httpStatus")?.as_u64().and_then(|v| u16::try_from(v).ok())
    }

    fn operation(&self, key: &str, method: &str, op: &Map<String, Value>) -> Operation {
        let name = op.get("operationId").and_then(Value::as_str).unwrap_or(key).to_string();
        let (path, query) = key.split_once('?').unwrap_or((key, ""));
        let mut out = Operation {
            name,
            method: Some(method.to_ascii_uppercase()),
            path: Some(path.to_string()),
            ..Operation::default()
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            out.query_constants.push((k.to_string(), v.to_string()));
        }

        for p in op.get("parameters").and_then(Value::as_array).into_iter().flatten() {
            let p = match p.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    let n = r.rsplit('/').next().unwrap_or(r);
                    match self.parameters.and_then(|ps| ps.get(n)) {
                        Some(p) => p,
                        None => continue,
                    }
                }
                None => p,
            };
            let wire = p.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
            let member = p.get("x-aws-member").and_then(Value::as_str).unwrap_or(&wire).to_string();
            let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
            let schema = p.get("schema").cloned().unwrap_or(Value::Null);
            match p.get("in").and_then(Value::as_str) {
                Some("query") => out.query.push(Wire { wire: wire.clone(), member: member.clone() }),
                Some("header") => out.headers.push(Wire { wire: wire.clone(), member: member.clone() }),
                _ => {}
            }
            let m = self.member(&member, &schema, Some(required));
            out.request_members.entry(member).or_insert(m);
        }

        if let Some(body) = op.get("requestBody") {
            let required = body.get("required").and_then(Value::as_bool).unwrap_or(false);
            let content = body.get("content").and_then(Value::as_object);
            if let Some(payload) = body.get("x-aws-payload").and_then(Value::as_str) {
                let schema = content.and_then(|c| c.values().next()).and_then(|m| m.get("schema"));
                let mut m = self.member(payload, schema.unwrap_or(&Value::Null), Some(required));
                m.ty = Some(Ty::Blob);
                out.request_members.insert(payload.to_string(), m);
            } else if let Some(schema) = content.and_then(|c| c.get("application/json")).and_then(|m| m.get("schema")) {
                let target = schema.get("$ref").and_then(Value::as_str).and_then(|r| self.schema(r));
                let shape = target.map(|t| t.1).unwrap_or(schema);
                for (n, m) in self.object_members(shape) {
                    out.request_members.entry(n).or_insert(m);
                }
            }
        }

        if let Some(sm) = op.get("x-aws-status-member") {
            if let Some(member) = sm.get("member").and_then(Value::as_str) {
                out.status_member = Some(member.to_string());
                let mut m = Member::new(member, 0);
                m.ty = Some(Ty::Integer);
                out.response_members.insert(member.to_string(), m);
            }
            out.status_values = sm
                .get("values")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_u64().and_then(|v| u16::try_from(v).ok()))
                .collect();
        }

        let responses = op.get("responses").and_then(Value::as_object);
        for (code, resp) in responses.into_iter().flatten() {
            let status = code.parse::<u16>().ok();
            if code.starts_with('2') {
                if out.success_code.is_none() {
                    out.success_code = status;
                }
                self.success_response(resp, &mut out);
            } else {
                let schema = resp.pointer("/content/application~1json/schema");
                let refs: Vec<&str> = match schema {
                    Some(s) => match s.get("oneOf").and_then(Value::as_array) {
                        Some(list) => list.iter().filter_map(|x| x.get("$ref").and_then(Value::as_str)).collect(),
                        None => s.get("$ref").and_then(Value::as_str).into_iter().collect(),
                    },
                    None => Vec::new(),
                };
                for r in refs {
                    let name = r.rsplit('/').next().unwrap_or(r).to_string();
                    let own = self.error_status(&name);
                    out.errors.push(ErrorEntry { name, status: own, listed_under: status, line: 0 });
                }
            }
        }
        out
    }

    fn success_response(&self, resp: &Value, out: &mut Operation) {
        for (wire, h) in resp.get("headers").and_then(Value::as_object).into_iter().flatten() {
            let h = match h.get("$ref").and_then(Value::as_str) {
                Some(r) => match self.headers.and_then(|hs| hs.get(r.rsplit('/').next().unwrap_or(r))) {
                    Some(h) => h,
                    None => continue,
                },
                None => h,
            };
            let member = h.get("x-aws-member").and_then(Value::as_str).unwrap_or(wire).to_string();
            out.response_headers.push(Wire { wire: wire.clone(), member: member.clone() });
            let m = self.member(&member, h.get("schema").unwrap_or(&Value::Null), None);
            out.response_members.entry(member).or_insert(m);
        }
        let content = resp.get("content").and_then(Value::as_object);
        if let Some(payload) = resp.get("x-aws-payload").and_then(Value::as_str) {
            let schema = content.and_then(|c| c.values().next()).and_then(|m| m.get("schema"));
            let mut m = self.member(payload, schema.unwrap_or(&Value::Null), None);
            m.ty = Some(Ty::Blob);
            out.response_members.insert(payload.to_string(), m);
            return;
        }
        // A JSON body, or an event stream whose events are the union's members.
        for media in content.into_iter().flatten().map(|(_, m)| m) {
            let Some(schema) = media.get("schema") else {
                continue;
            };
            let target = schema.get("$ref").and_then(Value::as_str).and_then(|r| self.schema(r));
            let shape = target.map(|t| t.1).unwrap_or(schema);
            for (n, mut m) in self.object_members(shape) {
                m.required = None;
                out.response_members.entry(n).or_insert(m);
            }
        }
    }

    /// Members of an object schema, with `required` from its `required` list.
    fn object_members(&self, schema: &Value) -> indexmap::IndexMap<String, Member> {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = indexmap::IndexMap::new();
        for (name, s) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            out.insert(name.clone(), self.member(name, s, Some(required.contains(&name.as_str()))));
        }
        out
    }

    /// Follows a `$ref` to a named scalar (an enum or a constrained string); structures stay
    /// references.
    fn deref<'b>(&'b self, schema: &'b Value) -> &'b Value {
        let mut s = schema;
        for _ in 0..8 {
            let Some((_, target)) = s.get("$ref").and_then(Value::as_str).and_then(|r| self.schema(r)) else {
                break;
            };
            if is_object(target) {
                break;
            }
            s = target;
        }
        s
    }

    fn ty(&self, schema: &Value) -> Ty {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            return match self.schema(r) {
                Some((name, target)) if is_object(target) => Ty::Struct(name.to_string()),
                Some((_, target)) => self.ty(target),
                None => Ty::Other(format!("unresolved {r}")),
            };
        }
        let format = schema.get("format").and_then(Value::as_str);
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => {
                if schema.get("contentEncoding").is_some() || schema.get("contentMediaType").is_some() {
                    Ty::Blob
                } else {
                    Ty::String
                }
            }
            Some("integer") => {
                if format == Some("int64") {
                    Ty::Long
                } else {
                    Ty::Integer
                }
            }
            Some("number") => {
                if format == Some("epoch-seconds") {
                    Ty::Timestamp
                } else {
                    Ty::Double
                }
            }
            Some("boolean") => Ty::Boolean,
            Some("array") => {
                Ty::List(Box::new(schema.get("items").map(|i| self.ty(i)).unwrap_or(Ty::Other("?".into()))))
            }
            Some("object") => match schema.get("additionalProperties") {
                Some(v) if v.is_object() => {
                    let key = schema.get("propertyNames").map(|k| self.ty(k)).unwrap_or(Ty::String);
                    Ty::Map(Box::new(key), Box::new(self.ty(v)))
                }
                _ => Ty::Struct("(inline object)".into()),
            },
            other => Ty::Other(format!("{other:?}")),
        }
    }

    /// A member from its schema; constraints of map values and list items are lifted onto the
    /// member, as the reference states them.
    fn member(&self, name: &str, schema: &Value, required: Option<bool>) -> Member {
        let mut m = Member::new(name, 0);
        m.required = required;
        m.ty = Some(self.ty(schema));
        let mut level = self.deref(schema);
        if is_map(level) {
            m.entries = bounds(level, "minProperties", "maxProperties");
            if let Some(keys) = level.get("propertyNames") {
                let keys = self.deref(keys);
                m.key_length = bounds(keys, "minLength", "maxLength");
                m.key_pattern_raw = keys.get("pattern").and_then(Value::as_str).map(String::from);
                m.key_pattern = m.key_pattern_raw.as_deref().map(|p| unwrap_pattern(p).0);
                m.key_values = strings(keys.get("enum"));
            }
            level = self.deref(&level["additionalProperties"]);
        }
        if level.get("type").and_then(Value::as_str) == Some("array") {
            m.items = bounds(level, "minItems", "maxItems");
            if let Some(items) = level.get("items") {
                level = self.deref(items);
            }
        }
        m.length = bounds(level, "minLength", "maxLength");
        m.range = bounds(level, "minimum", "maximum");
        m.pattern_raw = level.get("pattern").and_then(Value::as_str).map(String::from);
        m.pattern = m.pattern_raw.as_deref().map(|p| unwrap_pattern(p).0);
        m.values = strings(level.get("enum"));
        m
    }
}

fn is_object(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object") && !is_map(schema)
}

fn is_map(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("object")
        && schema.get("additionalProperties").is_some_and(Value::is_object)
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().map(|x| x.as_str().map(String::from).unwrap_or_else(|| x.to_string())).collect())
}

fn bounds(schema: &Value, min: &str, max: &str) -> Option<Bounds> {
    let lo = schema.get(min).and_then(Value::as_f64);
    let hi = schema.get(max).and_then(Value::as_f64);
    if lo.is_none() && hi.is_none() {
        return None;
    }
    let raw = [lo.map(|v| format!("{min} {}", num(v))), hi.map(|v| format!("{max} {}", num(v)))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    Some(Bounds { min: lo, max: hi, raw })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"{
      "openapi": "3.1.0",
      "x-aws-common-errors": ["AccessDeniedException"],
      "paths": {
        "/2020-01-01/things/{ThingName}/items?find=Everything": {
          "post": {
            "operationId": "DoThing",
            "parameters": [
              {"name": "ThingName", "in": "path", "required": true, "x-aws-member": "ThingName",
               "schema": {"type": "string", "minLength": 1, "maxLength": 140, "pattern": "^(?:[a-z]+)$"}},
              {"name": "X-Amz-Mode", "in": "header", "x-aws-member": "Mode",
               "schema": {"$ref": "#/components/schemas/Mode"}}
            ],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DoThingRequest"}}}},
            "responses": {
              "202": {"headers": {"X-Amz-Version": {"x-aws-member": "Version", "schema": {"type": "string"}}}},
              "400": {"content": {"application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/BadThingException"}]}}}}
            }
          }
        }
      },
      "components": {"schemas": {
        "Mode": {"type": "string", "enum": ["Fast", "Slow"]},
        "DoThingRequest": {"type": "object", "required": ["Names"], "properties": {
          "Names": {"type": "array", "minItems": 1, "maxItems": 5, "items": {"type": "string", "maxLength": 64}},
          "Settings": {"type": "object", "maxProperties": 2, "additionalProperties": {"type": "string"},
                       "propertyNames": {"type": "string", "minLength": 1, "pattern": "^(?:[a-z]+)$"}},
          "Size": {"type": "integer", "format": "int32", "minimum": -1, "maximum": 900}
        }},
        "BadThingException": {"type": "object", "properties": {"Message": {"type": "string"}}, "x-aws-error": {"httpStatus": 400}},
        "AccessDeniedException": {"type": "object", "properties": {}, "x-aws-error": {"httpStatus": 403}}
      }}
    }"##;

    #[test]
    fn reads_operation() {
        let d = read(SPEC).unwrap();
        let op = &d.operations["DoThing"];
        assert_eq!(op.method.as_deref(), Some("POST"));
        assert_eq!(op.path.as_deref(), Some("/2020-01-01/things/{ThingName}/items"));
        assert_eq!(op.query_constants, vec![("find".to_string(), "Everything".to_string())]);
        assert_eq!(op.headers, vec![Wire { wire: "X-Amz-Mode".into(), member: "Mode".into() }]);
        assert_eq!(op.success_code, Some(202));
        assert_eq!(op.errors[0].name, "BadThingException");
        assert_eq!(op.errors[0].status, Some(400));
        assert_eq!(op.errors[0].listed_under, Some(400));
        assert!(op.response_members.contains_key("Version"));
        assert_eq!(d.common_errors[0].status, Some(403));
    }

    #[test]
    fn lifts_constraints_onto_members() {
        let d = read(SPEC).unwrap();
        let op = &d.operations["DoThing"];
        let t = &op.request_members["ThingName"];
        assert_eq!(t.pattern.as_deref(), Some("[a-z]+"));
        assert_eq!(t.required, Some(true));
        assert_eq!(op.request_members["Mode"].values.as_deref().unwrap(), ["Fast", "Slow"]);
        assert_eq!(op.request_members["Mode"].ty, Some(Ty::String));
        let n = &op.request_members["Names"];
        assert_eq!(n.required, Some(true));
        assert_eq!(n.items.as_ref().unwrap().max, Some(5.0));
        assert_eq!(n.length.as_ref().unwrap().max, Some(64.0));
        let s = &op.request_members["Settings"];
        assert_eq!(s.required, Some(false));
        assert_eq!(s.entries.as_ref().unwrap().max, Some(2.0));
        assert_eq!(s.key_pattern.as_deref(), Some("[a-z]+"));
        assert_eq!(s.ty, Some(Ty::Map(Box::new(Ty::String), Box::new(Ty::String))));
        assert_eq!(op.request_members["Size"].range.as_ref().unwrap().min, Some(-1.0));
    }

    #[test]
    fn unwraps_patterns() {
        assert_eq!(unwrap_pattern("^(?:a|b)$"), ("a|b".to_string(), true));
        assert_eq!(unwrap_pattern("a|b"), ("a|b".to_string(), false));
    }
}
