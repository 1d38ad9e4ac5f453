//! Lowers the spec's `x-aws-waiters` (the model's waiters) into [`crate::ir::waiter`].
//!
//! Runs after the rest of the lowering, on a resolved [`Api`]: a waiter names an operation and
//! output members, which must exist first. Every problem is reported with the JSON pointer of
//! the waiter's node at fault, all together.
//!
//! Paths use the subset of the model's expression language that waiters of AWS models use:
//! member names joined by `.`, and `[]` (or `[*]`) after a list member to read each element.

use crate::error::{escape, Problems, SpecErrors};
use crate::ir::waiter::{Acceptor, AcceptorState, Expected, Matcher, OutputPath, PathStep, ScalarKind, Waiter};
use crate::ir::{Api, Structure, Ty, TyKind};
use crate::model::Document;
use crate::naming;
use serde_json::{Map, Value};

const EXTENSION: &str = "x-aws-waiters";
const WAITER_KEYS: &[&str] = &["description", "operation", "delay", "maxAttempts", "acceptors"];
const ACCEPTOR_KEYS: &[&str] = &["state", "matcher", "argument", "expected"];
const MATCHERS: &str = "path, pathAll, pathAny, error, status";

/// The waiters of `doc`, resolved against `api` (the rest of the same document, lowered).
/// `descriptions`: whether a waiter without a description is a problem.
pub fn lower(doc: &Document, api: &Api, descriptions: bool) -> Result<Vec<Waiter>, SpecErrors> {
    let mut l = Lowering { api, problems: Problems::default(), descriptions };
    let waiters = match doc.extra.get(EXTENSION) {
        None => Vec::new(),
        Some(Value::Object(map)) => map.iter().filter_map(|(name, w)| l.waiter(name, w)).collect(),
        Some(_) => {
            l.err(format!("#/{EXTENSION}"), "must be an object of waiters by name");
            Vec::new()
        }
    };
    l.check_methods(&waiters);
    l.problems.into_result(waiters)
}

struct Lowering<'a> {
    api: &'a Api,
    problems: Problems,
    descriptions: bool,
}

/// One segment of a path: a member name, and whether `[]` follows it.
struct Segment<'s> {
    name: &'s str,
    each: bool,
}

impl<'a> Lowering<'a> {
    fn err(&mut self, ptr: impl Into<String>, msg: impl Into<String>) {
        self.problems.push(ptr, msg);
    }

    fn waiter(&mut self, name: &str, value: &Value) -> Option<Waiter> {
        let ptr = format!("#/{EXTENSION}/{}", escape(name));
        let Some(w) = value.as_object() else {
            self.err(&ptr, "a waiter must be an object");
            return None;
        };
        self.unknown_keys(&ptr, w, WAITER_KEYS, "waiter");
        if !name.starts_with(|c: char| c.is_ascii_uppercase()) || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.err(&ptr, format!("waiter name {name:?} must be UpperCamelCase letters and digits"));
        }
        let doc = match w.get("description").and_then(Value::as_str).map(str::trim) {
            Some(d) if !d.is_empty() => d.to_string(),
            _ => {
                if self.descriptions {
                    self.err(format!("{ptr}/description"), "missing description");
                }
                String::new()
            }
        };
        let delay = self.positive(&ptr, w, "delay");
        let max_attempts = self.positive(&ptr, w, "maxAttempts").and_then(|n| {
            u32::try_from(n).ok().or_else(|| {
                self.err(format!("{ptr}/maxAttempts"), "must be at most 4294967295");
                None
            })
        });
        let operation = self.operation(&ptr, w);
        let acceptors = match w.get("acceptors") {
            Some(Value::Array(list)) if !list.is_empty() => {
                // Read from the spec, so that an acceptor with another problem does not add this one.
                if !list.iter().any(|a| a.get("state").and_then(Value::as_str) == Some("success")) {
                    self.err(
                        format!("{ptr}/acceptors"),
                        "no acceptor has state success, so the waiter could never succeed",
                    );
                }
                list.iter()
                    .enumerate()
                    .filter_map(|(i, a)| self.acceptor(&format!("{ptr}/acceptors/{i}"), a, operation))
                    .collect::<Vec<_>>()
            }
            _ => {
                self.err(format!("{ptr}/acceptors"), "must be a non-empty array of acceptors");
                Vec::new()
            }
        };
        Some(Waiter {
            name: name.to_string(),
            method: format!("wait_until_{}", naming::snake(name)),
            doc,
            operation: operation?.to_string(),
            delay: delay?,
            max_attempts: max_attempts?,
            acceptors,
            pointer: ptr,
        })
    }

    fn unknown_keys(&mut self, ptr: &str, obj: &Map<String, Value>, known: &[&str], what: &str) {
        for k in obj.keys() {
            if !known.contains(&k.as_str()) && !k.starts_with("x-") {
                self.err(format!("{ptr}/{}", escape(k)), format!("unsupported {what} key {k:?}"));
            }
        }
    }

    fn positive(&mut self, ptr: &str, w: &Map<String, Value>, key: &str) -> Option<u64> {
        match w.get(key).and_then(Value::as_u64) {
            Some(n) if n > 0 => Some(n),
            _ => {
                self.err(format!("{ptr}/{key}"), "must be a positive integer");
                None
            }
        }
    }

    /// The polled operation's name, if it exists and can be polled.
    fn operation(&mut self, ptr: &str, w: &Map<String, Value>) -> Option<&'a str> {
        let optr = format!("{ptr}/operation");
        let Some(name) = w.get("operation").and_then(Value::as_str) else {
            self.err(optr, "must name an operation");
            return None;
        };
        let api = self.api;
        match api.operations.iter().find(|o| o.name == name) {
            None => {
                self.err(optr, format!("unknown operation {name:?}"));
                None
            }
            Some(op) if op.event_stream.is_some() => {
                self.err(optr, format!("{name} answers with an event stream, which a waiter cannot poll"));
                None
            }
            Some(op) => Some(op.name.as_str()),
        }
    }

    fn acceptor(&mut self, ptr: &str, value: &Value, operation: Option<&str>) -> Option<Acceptor> {
        let Some(a) = value.as_object() else {
            self.err(ptr, "an acceptor must be an object");
            return None;
        };
        self.unknown_keys(ptr, a, ACCEPTOR_KEYS, "acceptor");
        let state = match a.get("state").and_then(Value::as_str) {
            Some("success") => Some(AcceptorState::Success),
            Some("failure") => Some(AcceptorState::Failure),
            Some("retry") => Some(AcceptorState::Retry),
            other => {
                self.err(format!("{ptr}/state"), format!("state must be success, failure or retry, not {other:?}"));
                None
            }
        };
        let expected = a.get("expected");
        let argument = a.get("argument");
        let matcher = a.get("matcher").and_then(Value::as_str);
        let is_path = matches!(matcher, Some("path" | "pathAll" | "pathAny"));
        if argument.is_some() && !is_path {
            self.err(format!("{ptr}/argument"), "only path, pathAll and pathAny matchers take an argument");
        }
        let Some(expected) = expected else {
            self.err(ptr, "an acceptor needs an expected value");
            return None;
        };
        let eptr = format!("{ptr}/expected");
        let matcher = match matcher {
            Some(kind @ ("path" | "pathAll" | "pathAny")) => {
                let path = self.output_path(ptr, kind, argument, operation?)?;
                let expected = self.expected(&eptr, &path, expected)?;
                match kind {
                    "path" => Matcher::Path(path, expected),
                    "pathAll" => Matcher::PathAll(path, expected),
                    _ => Matcher::PathAny(path, expected),
                }
            }
            Some("error") => match expected {
                Value::Bool(true) => Matcher::AnyError,
                Value::Bool(false) => Matcher::AnyOutput,
                Value::String(code) if self.api.errors.contains_key(code) => Matcher::ErrorCode(code.clone()),
                Value::String(code) => {
                    self.err(eptr, format!("error code {code:?} is not an error of the spec"));
                    return None;
                }
                _ => {
                    self.err(eptr, "an error matcher expects an error code, true (any error) or false (no error)");
                    return None;
                }
            },
            Some("status") => match expected.as_u64() {
                Some(s @ 100..=599) => Matcher::Status(s as u16),
                _ => {
                    self.err(eptr, "a status matcher expects an HTTP status code (100 to 599)");
                    return None;
                }
            },
            Some(other) => {
                self.err(format!("{ptr}/matcher"), format!("unsupported matcher {other:?}; supported: {MATCHERS}"));
                return None;
            }
            None => {
                self.err(format!("{ptr}/matcher"), format!("an acceptor needs a matcher ({MATCHERS})"));
                return None;
            }
        };
        let state = state?;
        if state == AcceptorState::Success && matcher.looks_at_errors() {
            self.err(
                ptr,
                "a success acceptor that matches an error is not supported: a waiter returns the output that \
                 satisfied it, and an error has none",
            );
            return None;
        }
        Some(Acceptor { state, matcher })
    }

    /// Resolves a path matcher's argument against the operation's output.
    fn output_path(&mut self, ptr: &str, kind: &str, argument: Option<&Value>, operation: &str) -> Option<OutputPath> {
        let aptr = format!("{ptr}/argument");
        let Some(text) = argument.and_then(Value::as_str) else {
            self.err(aptr, format!("a {kind} matcher needs an argument: a path into the output"));
            return None;
        };
        let segments = match parse_path(text) {
            Ok(s) => s,
            Err(reason) => {
                self.err(aptr, format!("unsupported path {text:?}: {reason}"));
                return None;
            }
        };
        let api = self.api;
        // The operation was resolved by `operation` and lowering proved its output exists; a
        // failure here is reported all the same, never a panic or a silently dropped acceptor.
        let resolved = api.operation(operation).and_then(|op| api.output(op));
        let mut structure: &Structure = match resolved {
            Ok(s) => s,
            Err(e) => {
                self.err(aptr, e.to_string());
                return None;
            }
        };
        let mut steps = Vec::new();
        let mut ty: Option<&Ty> = None;
        for (i, seg) in segments.iter().enumerate() {
            if let Some(prev) = ty {
                match &prev.kind {
                    TyKind::Struct(n) => match api.structure(n) {
                        Ok(s) => structure = s,
                        Err(e) => {
                            self.err(aptr, e.to_string());
                            return None;
                        }
                    },
                    other => {
                        let before = segments[i - 1].name;
                        self.err(
                            aptr,
                            format!("{text:?}: {before} is {}, so it has no member {}", describe(other), seg.name),
                        );
                        return None;
                    }
                }
            }
            let Some(member) = structure.members.iter().find(|m| m.name == seg.name) else {
                let names: Vec<&str> = structure.members.iter().map(|m| m.name.as_str()).collect();
                self.err(
                    aptr,
                    format!("{text:?}: {} has no member {} (members: {})", structure.name, seg.name, names.join(", ")),
                );
                return None;
            };
            let mut at = &member.ty;
            if seg.each {
                match &at.kind {
                    TyKind::List(inner) => at = inner,
                    other => {
                        self.err(
                            aptr,
                            format!(
                                "{text:?}: {} is {}, not a list, so [] cannot follow it",
                                seg.name,
                                describe(other)
                            ),
                        );
                        return None;
                    }
                }
            }
            steps.push(PathStep {
                member: member.name.clone(),
                field: member.field.clone(),
                required: member.required,
                each: seg.each,
            });
            ty = Some(at);
        }
        let mut end = ty?;
        // A list of values at the end: pathAll and pathAny compare its elements.
        if let TyKind::List(inner) = &end.kind {
            if steps.iter().any(|s| s.each) {
                self.err(
                    aptr,
                    format!("{text:?} selects a list of lists; flatten it with [] at the end (\"{text}[]\")"),
                );
                return None;
            }
            if kind == "path" {
                self.err(
                    aptr,
                    format!("{text:?} selects a list; a path matcher compares one value (use pathAll or pathAny)"),
                );
                return None;
            }
            if let Some(last) = steps.last_mut() {
                last.each = true;
            }
            end = inner;
        }
        let value = match &end.kind {
            TyKind::String => ScalarKind::String,
            TyKind::Enum(n) => ScalarKind::Enum(n.clone()),
            TyKind::Bool => ScalarKind::Bool,
            TyKind::Int32 | TyKind::Int64 => ScalarKind::Int,
            TyKind::Double => ScalarKind::Double,
            other => {
                self.err(
                    aptr,
                    format!(
                        "{text:?} ends at {}; a matcher compares a string, an enum, a number or a boolean",
                        describe(other)
                    ),
                );
                return None;
            }
        };
        let path = OutputPath { text: text.to_string(), steps, value };
        match (kind, path.is_projection()) {
            ("path", true) => {
                self.err(
                    aptr,
                    format!("{text:?} selects a list; a path matcher compares one value (use pathAll or pathAny)"),
                );
                None
            }
            ("pathAll" | "pathAny", false) => {
                self.err(aptr, format!("{text:?} selects one value; {kind} needs a list (such as Items[].Status)"));
                None
            }
            _ => Some(path),
        }
    }

    /// The expected value, which must be a value of the path's type.
    fn expected(&mut self, eptr: &str, path: &OutputPath, value: &Value) -> Option<Expected> {
        let got = match (&path.value, value) {
            (ScalarKind::Enum(e), Value::String(s)) => {
                let values = match self.api.enum_def(e) {
                    Ok(def) => &def.values,
                    Err(err) => {
                        self.err(eptr, err.to_string());
                        return None;
                    }
                };
                if values.iter().any(|(wire, _)| wire == s) {
                    return Some(Expected::String(s.clone()));
                }
                let list: Vec<&str> = values.iter().map(|(w, _)| w.as_str()).collect();
                self.err(eptr, format!("{s:?} is not a value of enum {e} ({})", list.join(", ")));
                return None;
            }
            (ScalarKind::String, Value::String(s)) => Some(Expected::String(s.clone())),
            (ScalarKind::Bool, Value::Bool(b)) => Some(Expected::Bool(*b)),
            (ScalarKind::Int, Value::Number(n)) => n.as_i64().map(Expected::Int),
            (ScalarKind::Double, Value::Number(n)) => n.as_f64().map(Expected::Double),
            _ => None,
        };
        if got.is_none() {
            let want = match &path.value {
                ScalarKind::String => "a string".to_string(),
                ScalarKind::Enum(e) => format!("a value of enum {e}"),
                ScalarKind::Bool => "a boolean".to_string(),
                ScalarKind::Int => "an integer".to_string(),
                ScalarKind::Double => "a number".to_string(),
            };
            self.err(eptr, format!("{} is {want}, so the expected value cannot be {value}", path.text));
        }
        got
    }

    /// Two waiters whose names give the same method.
    fn check_methods(&mut self, waiters: &[Waiter]) {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for w in waiters {
            if let Some((_, other)) = seen.iter().find(|(m, _)| *m == w.method) {
                self.err(&w.pointer, format!("waiters {other} and {} both become the method {}", w.name, w.method));
            }
            seen.push((&w.method, &w.name));
        }
    }
}

/// Splits `A.B[].C` into segments; anything else of the expression language (filters,
/// indexes, functions, comparisons, quoted names) is refused with the reason.
fn parse_path(text: &str) -> Result<Vec<Segment<'_>>, String> {
    if text.is_empty() {
        return Err("it is empty".into());
    }
    text.split('.')
        .map(|part| {
            let (name, each) = match part.find('[') {
                Some(i) if matches!(&part[i..], "[]" | "[*]") => (&part[..i], true),
                Some(_) => return Err(format!("{part:?}: only [] and [*] (each element of a list) are supported")),
                None => (part, false),
            };
            let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if valid {
                Ok(Segment { name, each })
            } else {
                Err(format!("{part:?} is not a member name"))
            }
        })
        .collect()
}

fn describe(kind: &TyKind) -> String {
    match kind {
        TyKind::String => "a string".into(),
        TyKind::Int32 | TyKind::Int64 => "an integer".into(),
        TyKind::Double => "a number".into(),
        TyKind::Bool => "a boolean".into(),
        TyKind::Timestamp => "a timestamp".into(),
        TyKind::Blob => "a blob".into(),
        TyKind::Struct(n) => format!("the structure {n}"),
        TyKind::Enum(n) => format!("the enum {n}"),
        TyKind::List(_) => "a list".into(),
        TyKind::Map(..) => "a map".into(),
        TyKind::EventStream(_) => "an event stream".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_member_names_with_optional_projections() {
        let names = |t: &str| -> Vec<(String, bool)> {
            parse_path(t).unwrap().into_iter().map(|s| (s.name.to_string(), s.each)).collect()
        };
        assert_eq!(names("State"), [("State".to_string(), false)]);
        assert_eq!(names("Functions[].State"), [("Functions".to_string(), true), ("State".to_string(), false)]);
        assert_eq!(names("A[*].B_c"), [("A".to_string(), true), ("B_c".to_string(), false)]);
        for (bad, why) in [
            ("", "empty"),
            ("A[0].B", "only [] and [*]"),
            ("A[?x==`1`]", "only [] and [*]"),
            ("length(A)", "not a member name"),
            ("A == 'x'", "not a member name"),
            ("A..B", "not a member name"),
            ("\"quoted\"", "not a member name"),
        ] {
            let e = parse_path(bad).err().unwrap_or_else(|| panic!("{bad:?} parsed"));
            assert!(e.contains(why), "{bad:?}: {e}");
        }
    }
}
