//! Walks the reference and the spec side by side and lists every difference as a [`Finding`].
//!
//! The direction is "what the reference states": a constraint the reference does not state is
//! not checked, except that a spec member, parameter, error or constraint with no counterpart
//! in the reference is reported as extra.

use super::model::{num, Bounds, Document, ErrorEntry, Member, Operation, Wire};
use indexmap::IndexMap;
use std::collections::HashSet;
use std::fmt;

/// Which part of a unit a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Operation,
    Request,
    Response,
    DataType,
    Common,
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    MissingOperation,
    ExtraOperation,
    UnparsedOperation,
    Method,
    Path,
    Query,
    QueryConstant,
    Header,
    ResponseHeader,
    SyntaxKey,
    SuccessStatus,
    StatusMember,
    StatusValues,
    MissingMember,
    ExtraMember,
    Required,
    Type,
    Length,
    Pattern,
    PatternWrapper,
    Values,
    Range,
    Items,
    Entries,
    KeyLength,
    KeyPattern,
    KeyValues,
    MissingError,
    ExtraError,
    ErrorStatus,
    MissingDataType,
    UnparsedDataType,
}

impl Topic {
    /// Findings about one member (or parameter) of a unit.
    pub fn is_member_level(self) -> bool {
        use Topic::*;
        matches!(
            self,
            Query
                | Header
                | ResponseHeader
                | Required
                | Type
                | Length
                | Pattern
                | PatternWrapper
                | Values
                | Range
                | Items
                | Entries
                | KeyLength
                | KeyPattern
                | KeyValues
        )
    }
}

/// One difference between the reference and the spec.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Operation or data type name (`common errors` for the common error list).
    pub target: String,
    pub side: Side,
    /// Member, parameter or error name the finding is about.
    pub member: Option<String>,
    pub topic: Topic,
    /// The reference's literal text, in the forms an ERRATA row may quote it (empty when the
    /// reference says nothing).
    pub reference: Vec<String>,
    /// The spec's value, in the forms an ERRATA row may quote it (empty when the spec says
    /// nothing).
    pub spec: Vec<String>,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A location inside a unit.
#[derive(Clone)]
struct Loc<'a> {
    target: &'a str,
    side: Side,
    member: Option<&'a str>,
    line: usize,
}

impl Loc<'_> {
    fn text(&self) -> String {
        let (unit, label) = match self.side {
            Side::Operation => (self.target.to_string(), "error"),
            Side::Request => (format!("{} request", self.target), "member"),
            Side::Response => (format!("{} response", self.target), "member"),
            Side::DataType => (format!("data type {}", self.target), "member"),
            Side::Common => ("common errors".to_string(), "error"),
        };
        match self.member {
            Some(m) => format!("{unit} {label} {m}"),
            None => unit,
        }
    }
}

/// A value as shown in a message, plus the literal forms it may be quoted in.
struct Said {
    shown: String,
    literals: Vec<String>,
}

impl Said {
    fn new(shown: impl Into<String>, literals: impl IntoIterator<Item = String>) -> Said {
        Said { shown: shown.into(), literals: literals.into_iter().filter(|l| !l.is_empty()).collect() }
    }
    fn code(value: &str) -> Said {
        Said::new(format!("`{value}`"), [value.to_string()])
    }
}

#[derive(Default)]
struct Out {
    findings: Vec<Finding>,
}

impl Out {
    fn push(&mut self, loc: &Loc, topic: Topic, what: &str, reference: Option<Said>, spec: Option<Said>) {
        let r = reference.as_ref().map(|s| s.shown.as_str()).unwrap_or("nothing");
        let s = spec.as_ref().map(|s| s.shown.as_str()).unwrap_or("nothing");
        let line = if loc.line > 0 { format!(" (reference line {})", loc.line) } else { String::new() };
        let message = format!("{}: {what}: reference says {r}; spec says {s}{line}", loc.text());
        self.findings.push(Finding {
            target: loc.target.to_string(),
            side: loc.side,
            member: loc.member.map(String::from),
            topic,
            reference: reference.map(|s| s.literals).unwrap_or_default(),
            spec: spec.map(|s| s.literals).unwrap_or_default(),
            message,
        });
    }
}

/// Compares the reference with the spec.
pub fn compare(reference: &Document, spec: &Document) -> Vec<Finding> {
    let mut out = Out::default();

    for name in &reference.operation_index {
        if !reference.operations.contains_key(name) {
            let loc = Loc { target: name, side: Side::Operation, member: None, line: 0 };
            out.push(
                &loc,
                Topic::UnparsedOperation,
                "listed in the reference's index, but no section for it was found (parser)",
                Some(Said::code(name)),
                None,
            );
        }
    }
    for name in &reference.data_type_index {
        if !reference.data_types.contains_key(name) {
            let loc = Loc { target: name, side: Side::DataType, member: None, line: 0 };
            out.push(
                &loc,
                Topic::UnparsedDataType,
                "listed in the reference's index, but no section for it was found (parser)",
                Some(Said::code(name)),
                None,
            );
        }
    }

    let known = known_names(reference, spec);
    for (name, r) in &reference.operations {
        let loc = Loc { target: name, side: Side::Operation, member: None, line: r.line };
        match spec.operations.get(name) {
            None => {
                out.push(&loc, Topic::MissingOperation, "operation missing from the spec", Some(Said::code(name)), None)
            }
            Some(s) => operation(&mut out, r, s, &known),
        }
    }
    for name in spec.operations.keys() {
        if !reference.operations.contains_key(name) {
            let loc = Loc { target: name, side: Side::Operation, member: None, line: 0 };
            out.push(&loc, Topic::ExtraOperation, "operation not in the reference", None, Some(Said::code(name)));
        }
    }

    for (name, r) in &reference.data_types {
        let loc = Loc { target: name, side: Side::DataType, member: None, line: r.line };
        match spec.data_types.get(name) {
            None => {
                out.push(&loc, Topic::MissingDataType, "data type missing from the spec", Some(Said::code(name)), None)
            }
            Some(s) => members(&mut out, name, Side::DataType, &r.members, &s.members),
        }
    }

    errors(&mut out, "common errors", Side::Common, &reference.common_errors, &spec.common_errors);
    out.findings
}

/// Member names of the reference's data types, on either side: a JSON syntax key at any depth
/// that is one of these (or a member of the operation itself) names something.
fn known_names(reference: &Document, spec: &Document) -> HashSet<String> {
    let mut known = HashSet::new();
    for (name, dt) in &reference.data_types {
        known.extend(dt.members.keys().cloned());
        if let Some(s) = spec.data_types.get(name) {
            known.extend(s.members.keys().cloned());
        }
    }
    known
}

fn operation(out: &mut Out, r: &Operation, s: &Operation, known: &HashSet<String>) {
    let name = r.name.as_str();
    let at = |side: Side, member: Option<&'static str>| Loc { target: name, side, member, line: r.line };
    let request_line = r.request_line.clone().unwrap_or_default();

    if let (Some(rm), Some(sm)) = (&r.method, &s.method) {
        if rm != sm {
            out.push(
                &at(Side::Request, None),
                Topic::Method,
                "HTTP method differs",
                Some(Said::new(format!("`{rm}`"), [rm.clone(), request_line.clone()])),
                Some(Said::code(sm)),
            );
        }
    }
    if r.method.is_none() {
        out.push(
            &at(Side::Request, None),
            Topic::Method,
            "no request line found in the reference (parser)",
            None,
            s.method.as_deref().map(Said::code),
        );
    }
    if let (Some(rp), Some(sp)) = (&r.path, &s.path) {
        if rp != sp {
            let bare = rp.replace(['{', '}'], "");
            let literals = [
                rp.clone(),
                bare.clone(),
                format!("{} {bare}", r.method.clone().unwrap_or_default()),
                request_line.clone(),
            ];
            let spec_literals = [sp.clone(), format!("{} {sp}", s.method.clone().unwrap_or_default())];
            out.push(
                &at(Side::Request, None),
                Topic::Path,
                "path differs",
                Some(Said::new(format!("`{rp}`"), literals)),
                Some(Said::new(format!("`{sp}`"), spec_literals)),
            );
        }
    }

    let has_syntax = r.request_line.is_some();
    if has_syntax {
        wires(out, name, Side::Request, r.line, Topic::Query, "query parameter", &r.query, &s.query);
        wires(out, name, Side::Request, r.line, Topic::Header, "header", &r.headers, &s.headers);
        let rc: Vec<String> = r.query_constants.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let sc: Vec<String> = s.query_constants.iter().map(|(k, v)| format!("{k}={v}")).collect();
        for c in rc.iter().filter(|c| !sc.contains(c)) {
            out.push(
                &at(Side::Request, None),
                Topic::QueryConstant,
                "constant query pair missing from the path key",
                Some(Said::new(format!("`{c}`"), [c.clone(), request_line.clone()])),
                None,
            );
        }
        for c in sc.iter().filter(|c| !rc.contains(c)) {
            out.push(
                &at(Side::Request, None),
                Topic::QueryConstant,
                "constant query pair not in the reference's request line",
                None,
                Some(Said::code(c)),
            );
        }
    }
    if r.success_text.is_some() {
        wires(
            out,
            name,
            Side::Response,
            r.line,
            Topic::ResponseHeader,
            "response header",
            &r.response_headers,
            &s.response_headers,
        );
    }

    for (side, keys) in [(Side::Request, &r.request_syntax_keys), (Side::Response, &r.response_syntax_keys)] {
        for k in keys {
            let own = [r, s].iter().any(|o| o.request_members.contains_key(k) || o.response_members.contains_key(k));
            if !own && !known.contains(k.as_str()) {
                let loc = Loc { target: name, side, member: Some(k), line: r.line };
                out.push(
                    &loc,
                    Topic::SyntaxKey,
                    "JSON syntax key that names no member of the operation or of a data type",
                    Some(Said::new(format!("`\"{k}\"`"), [k.clone(), format!("\"{k}\"")])),
                    None,
                );
            }
        }
    }

    // Success status.
    let status_text = r.success_text.clone().unwrap_or_default();
    // The status line and the sentence under 响应元素 both state the code; check each once.
    let mut codes: Vec<u16> = r.success_code.into_iter().collect();
    codes.extend(r.success_sentence.filter(|c| r.success_code != Some(*c)));
    for code in &codes {
        if s.success_code != Some(*code) {
            out.push(
                &at(Side::Response, None),
                Topic::SuccessStatus,
                "success status differs",
                Some(Said::new(format!("`{code}`"), [code.to_string(), status_text.clone(), format!("HTTP {code}")])),
                Some(Said::new(
                    s.success_code.map(|c| format!("`{c}`")).unwrap_or_else(|| "no 2xx response".into()),
                    s.success_code.map(|c| c.to_string()),
                )),
            );
        }
    }
    if let Some(m) = &r.status_member {
        if s.status_member.as_deref() != Some(m.as_str()) {
            out.push(
                &at(Side::Response, None),
                Topic::StatusMember,
                "status member (the HTTP status as an output member) differs",
                Some(Said::new(format!("`{m}`"), [m.clone(), status_text.clone()])),
                s.status_member.as_deref().map(Said::code),
            );
        }
    }
    if !r.status_values.is_empty() {
        let mut rv = r.status_values.clone();
        let mut sv = s.status_values.clone();
        rv.sort_unstable();
        sv.sort_unstable();
        if rv != sv {
            let show = |v: &[u16]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ");
            out.push(
                &at(Side::Response, None),
                Topic::StatusValues,
                "status codes of the status member differ",
                Some(Said::new(show(&rv), [show(&rv)])),
                Some(Said::new(show(&sv), [show(&sv)])),
            );
        }
    }

    members(out, name, Side::Request, &r.request_members, &s.request_members);
    members(out, name, Side::Response, &r.response_members, &s.response_members);
    errors(out, name, Side::Operation, &r.errors, &s.errors);
}

/// Compares query parameters or headers: wire name to member.
#[allow(clippy::too_many_arguments)]
fn wires(out: &mut Out, target: &str, side: Side, line: usize, topic: Topic, what: &str, r: &[Wire], s: &[Wire]) {
    for rw in r {
        let loc = Loc { target, side, member: Some(&rw.member), line };
        match s.iter().find(|sw| sw.member == rw.member) {
            None => out.push(&loc, topic, &format!("{what} missing from the spec"), Some(Said::code(&rw.wire)), None),
            Some(sw) if sw.wire != rw.wire => out.push(
                &loc,
                topic,
                &format!("{what} has a different wire name"),
                Some(Said::code(&rw.wire)),
                Some(Said::code(&sw.wire)),
            ),
            Some(_) => {}
        }
    }
    for sw in s {
        if !r.iter().any(|rw| rw.member == sw.member) {
            let loc = Loc { target, side, member: Some(&sw.member), line };
            out.push(
                &loc,
                topic,
                &format!("{what} not in the reference's syntax"),
                None,
                Some(Said::new(format!("`{}`", sw.wire), [sw.wire.clone(), sw.member.clone()])),
            );
        }
    }
}

fn members(out: &mut Out, target: &str, side: Side, r: &IndexMap<String, Member>, s: &IndexMap<String, Member>) {
    for (name, rm) in r {
        let loc = Loc { target, side, member: Some(name), line: rm.line };
        match s.get(name) {
            None => out.push(&loc, Topic::MissingMember, "member missing from the spec", Some(Said::code(name)), None),
            Some(sm) => member(out, &loc, rm, sm),
        }
    }
    for name in s.keys() {
        if !r.contains_key(name) {
            let loc = Loc { target, side, member: Some(name), line: 0 };
            out.push(&loc, Topic::ExtraMember, "member not in the reference", None, Some(Said::code(name)));
        }
    }
}

fn member(out: &mut Out, loc: &Loc, r: &Member, s: &Member) {
    if let (Some(rr), Some(sr)) = (r.required, s.required) {
        if rr != sr {
            let (rt, st) = if rr { ("是", "optional") } else { ("否", "required") };
            out.push(
                loc,
                Topic::Required,
                "required flag differs",
                Some(Said::new(format!("必需：{rt}"), [format!("必需：{rt}"), rt.to_string()])),
                Some(Said::new(st, [st.to_string(), format!("required: {sr}")])),
            );
        }
    }
    if let Some(rt) = &r.ty {
        if s.ty.as_ref() != Some(rt) {
            let raw = r.ty_raw.clone().unwrap_or_default();
            let st = s.ty.as_ref().map(|t| t.to_string()).unwrap_or_else(|| "no type".into());
            out.push(
                loc,
                Topic::Type,
                "type differs",
                Some(Said::new(format!("{rt} (`{raw}`)"), [raw.clone(), rt.to_string()])),
                Some(Said::new(st.clone(), [st])),
            );
        }
    }
    bounds(out, loc, Topic::Length, "length", ("minLength", "maxLength"), &r.length, &s.length);
    bounds(out, loc, Topic::Range, "range", ("minimum", "maximum"), &r.range, &s.range);
    bounds(out, loc, Topic::Items, "list size", ("minItems", "maxItems"), &r.items, &s.items);
    bounds(out, loc, Topic::Entries, "map size", ("minProperties", "maxProperties"), &r.entries, &s.entries);
    bounds(
        out,
        loc,
        Topic::KeyLength,
        "map key length",
        ("propertyNames.minLength", "propertyNames.maxLength"),
        &r.key_length,
        &s.key_length,
    );
    pattern(out, loc, Topic::Pattern, "pattern", (&r.pattern, &r.pattern_raw), (&s.pattern, &s.pattern_raw));
    pattern(
        out,
        loc,
        Topic::KeyPattern,
        "map key pattern",
        (&r.key_pattern, &r.key_pattern_raw),
        (&s.key_pattern, &s.key_pattern_raw),
    );
    values(out, loc, Topic::Values, "valid values", &r.values, &s.values, r.values_raw.as_deref());
    values(out, loc, Topic::KeyValues, "valid map keys", &r.key_values, &s.key_values, None);
}

fn bounds(
    out: &mut Out,
    loc: &Loc,
    topic: Topic,
    what: &str,
    keys: (&str, &str),
    r: &Option<Bounds>,
    s: &Option<Bounds>,
) {
    match (r, s) {
        (None, None) => {}
        (None, Some(sb)) => out.push(
            loc,
            topic,
            &format!("{what} not stated in the reference"),
            None,
            Some(Said::new(format!("`{}`", sb.raw), spec_literals(sb))),
        ),
        (Some(rb), _) if rb.min.is_none() && rb.max.is_none() => out.push(
            loc,
            topic,
            &format!("{what} could not be read from the reference (parser)"),
            Some(Said::new(format!("`{}`", rb.raw), [rb.raw.clone()])),
            None,
        ),
        (Some(rb), sb) => {
            let sides = [
                ("lower", keys.0, rb.min, sb.as_ref().and_then(|b| b.min)),
                ("upper", keys.1, rb.max, sb.as_ref().and_then(|b| b.max)),
            ];
            for (end, key, rv, sv) in sides {
                if rv == sv {
                    continue;
                }
                let reference = rv.map(|v| Said::new(format!("{} (`{}`)", num(v), rb.raw), [num(v), rb.raw.clone()]));
                let spec = sv.map(|v| {
                    Said::new(
                        format!("{key} {}", num(v)),
                        [num(v), format!("{key} {}", num(v)), format!("{key}: {}", num(v))],
                    )
                });
                let what = match (rv, sv) {
                    (Some(_), None) => format!("{what} {end} bound missing from the spec"),
                    (None, Some(_)) => format!("{what} {end} bound not stated in the reference"),
                    _ => format!("{what} {end} bound differs"),
                };
                let reference =
                    reference.or_else(|| Some(Said::new(format!("no {end} bound (`{}`)", rb.raw), [rb.raw.clone()])));
                out.push(loc, topic, &what, reference, spec);
            }
        }
    }
}

fn spec_literals(b: &Bounds) -> Vec<String> {
    let mut v = vec![b.raw.clone()];
    v.extend(b.min.map(num));
    v.extend(b.max.map(num));
    v
}

type PatternPair<'a> = (&'a Option<String>, &'a Option<String>);

fn pattern(out: &mut Out, loc: &Loc, topic: Topic, what: &str, r: PatternPair, s: PatternPair) {
    let (rp, rraw) = r;
    let (sp, sraw) = s;
    if let Some(raw) = sraw {
        if !(raw.starts_with("^(?:") && raw.ends_with(")$")) {
            out.push(
                loc,
                Topic::PatternWrapper,
                &format!("spec {what} is not written `^(?:P)$`"),
                None,
                Some(Said::code(raw)),
            );
        }
    }
    let rlits = |p: &String| {
        let mut v = vec![p.clone()];
        v.extend(rraw.clone());
        Said::new(format!("`{p}`"), v)
    };
    match (rp, sp) {
        (Some(a), Some(b)) if a != b => {
            out.push(loc, topic, &format!("{what} differs"), Some(rlits(a)), Some(Said::code(b)))
        }
        (Some(a), None) => out.push(loc, topic, &format!("{what} missing from the spec"), Some(rlits(a)), None),
        (None, Some(b)) => {
            out.push(loc, topic, &format!("{what} not stated in the reference"), None, Some(Said::code(b)))
        }
        _ => {}
    }
}

fn values(
    out: &mut Out,
    loc: &Loc,
    topic: Topic,
    what: &str,
    r: &Option<Vec<String>>,
    s: &Option<Vec<String>>,
    raw: Option<&str>,
) {
    match (r, s) {
        (Some(rv), Some(sv)) => {
            for v in rv.iter().filter(|v| !sv.contains(v)) {
                out.push(loc, topic, &format!("{what}: value missing from the spec"), Some(Said::code(v)), None);
            }
            for v in sv.iter().filter(|v| !rv.contains(v)) {
                out.push(loc, topic, &format!("{what}: value not in the reference"), None, Some(Said::code(v)));
            }
        }
        (Some(rv), None) => {
            let joined = rv.join(" | ");
            let mut lits = vec![joined.clone()];
            lits.extend(raw.map(String::from));
            out.push(
                loc,
                topic,
                &format!("{what} missing from the spec"),
                Some(Said::new(format!("`{joined}`"), lits)),
                None,
            );
        }
        (None, Some(sv)) => {
            let joined = sv.join(" | ");
            out.push(
                loc,
                topic,
                &format!("{what} not stated in the reference"),
                None,
                Some(Said::new(format!("`{joined}`"), [joined.clone()])),
            );
        }
        (None, None) => {}
    }
}

fn errors(out: &mut Out, target: &str, side: Side, r: &[ErrorEntry], s: &[ErrorEntry]) {
    let status = |c: Option<u16>| c.map(|c| c.to_string()).unwrap_or_else(|| "no status".into());
    for re in r {
        let loc = Loc { target, side, member: Some(&re.name), line: re.line };
        match s.iter().find(|se| se.name == re.name) {
            None => {
                out.push(&loc, Topic::MissingError, "error missing from the spec", Some(Said::code(&re.name)), None)
            }
            Some(se) => {
                let listed = se.listed_under.or(se.status);
                if re.status.is_some() && (se.status != re.status || listed != re.status) {
                    let shown = if listed != se.status {
                        format!("httpStatus {}, listed under response {}", status(se.status), status(listed))
                    } else {
                        format!("httpStatus {}", status(se.status))
                    };
                    out.push(
                        &loc,
                        Topic::ErrorStatus,
                        "error status differs",
                        Some(Said::new(
                            status(re.status),
                            [status(re.status), format!("HTTP 状态代码：{}", status(re.status))],
                        )),
                        Some(Said::new(shown, [status(se.status), status(listed)])),
                    );
                }
            }
        }
    }
    for se in s {
        if !r.iter().any(|re| re.name == se.name) {
            let loc = Loc { target, side, member: Some(&se.name), line: 0 };
            out.push(&loc, Topic::ExtraError, "error not in the reference", None, Some(Said::code(&se.name)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::model::{DataType, Ty};

    fn member(name: &str) -> Member {
        let mut m = Member::new(name, 7);
        m.ty = Some(Ty::String);
        m.ty_raw = Some("字符串".into());
        m.required = Some(true);
        m.length =
            Some(Bounds { min: Some(1.0), max: Some(140.0), raw: "最小长度为 1。长度上限为 140。".into() });
        m.pattern = Some("[a-z]+".into());
        m.values = Some(vec!["A".into(), "B".into()]);
        m
    }

    fn docs() -> (Document, Document) {
        let mut r = Document::default();
        let mut dt = DataType { line: 3, ..DataType::default() };
        dt.members.insert("Name".into(), member("Name"));
        r.data_types.insert("Thing".into(), dt);
        let mut s = r.clone();
        let sm = s.data_types["Thing"].members.get_mut("Name").unwrap();
        sm.pattern_raw = Some("^(?:[a-z]+)$".into());
        (r, s)
    }

    #[test]
    fn equal_documents_have_no_findings() {
        let (r, s) = docs();
        assert!(compare(&r, &s).is_empty());
    }

    #[test]
    fn reports_each_difference() {
        let (r, mut s) = docs();
        let m = s.data_types["Thing"].members.get_mut("Name").unwrap();
        m.required = Some(false);
        m.ty = Some(Ty::Integer);
        m.length = Some(Bounds { min: Some(1.0), max: Some(64.0), raw: String::new() });
        m.pattern = Some("[a-z]*".into());
        m.pattern_raw = Some("[a-z]*".into());
        m.values = Some(vec!["A".into(), "C".into()]);
        let topics: Vec<Topic> = compare(&r, &s).iter().map(|f| f.topic).collect();
        for t in [Topic::Required, Topic::Type, Topic::Length, Topic::Pattern, Topic::PatternWrapper, Topic::Values] {
            assert!(topics.contains(&t), "{t:?} not reported: {topics:?}");
        }
        // B missing, C extra.
        assert_eq!(topics.iter().filter(|t| **t == Topic::Values).count(), 2);
    }

    #[test]
    fn reports_missing_and_extra_members() {
        let (r, mut s) = docs();
        let members = &mut s.data_types.get_mut("Thing").unwrap().members;
        members.clear();
        members.insert("Other".into(), Member::new("Other", 0));
        let f = compare(&r, &s);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].topic, Topic::MissingMember);
        assert_eq!(f[0].reference, ["Name"]);
        assert!(f[0].message.contains("data type Thing member Name"), "{}", f[0].message);
        assert_eq!(f[1].topic, Topic::ExtraMember);
    }
}
