//! What changed between two versions of the API, and whether each change breaks anyone.
//!
//! Both specs are lowered to the IR first, so names, bindings and constraints are compared
//! as resolved, not as written. Every change is classified twice:
//! - for **callers of the service**: does a request or response that worked before still
//!   work (an input limit tightened breaks callers, an output limit does not);
//! - for **Rust code using the generated crate**: does code written against the previous
//!   crate still compile (a new member of a `#[non_exhaustive]` structure does; a member that
//!   becomes required changes a field's type and does not). This is what `cargo
//!   semver-checks` judges, and what decides the crate's next version.

use crate::emit::rust::{has_default, is_eq};
use crate::error::Error;
use crate::ir::{Api, Constraints, EnumDef, Location, Member, Operation, Structure, Ty, TyKind};
use std::collections::BTreeSet;
use std::fmt;

/// Whether a change keeps working code working.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Compat {
    /// Nothing that worked stops working.
    Compatible,
    /// Something that worked may stop working.
    Breaking,
}

impl Compat {
    fn from_breaking(breaking: bool) -> Compat {
        if breaking {
            Compat::Breaking
        } else {
            Compat::Compatible
        }
    }

    /// `compatible` or `breaking`.
    pub fn word(self) -> &'static str {
        match self {
            Compat::Compatible => "compatible",
            Compat::Breaking => "breaking",
        }
    }
}

/// What kind of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// An operation was added.
    OperationAdded,
    /// An operation was removed.
    OperationRemoved,
    /// Method, path, status or where a member travels changed.
    BindingChanged,
    /// A data type was added.
    DataTypeAdded,
    /// A data type was removed.
    DataTypeRemoved,
    /// A member was added.
    MemberAdded,
    /// A member was removed.
    MemberRemoved,
    /// A member became required.
    MemberRequired,
    /// A member became optional.
    MemberOptional,
    /// A member's type changed.
    TypeChanged,
    /// A limit or pattern now accepts less.
    ConstraintTightened,
    /// A limit or pattern now accepts more.
    ConstraintRelaxed,
    /// A pattern changed in a way that neither clearly accepts more nor less.
    PatternChanged,
    /// An enum value was added.
    EnumValueAdded,
    /// An enum value was removed.
    EnumValueRemoved,
    /// An error was added to an operation.
    ErrorAdded,
    /// An error was removed from an operation.
    ErrorRemoved,
    /// A generated type lost or gained a derived trait, or changed form.
    RustShapeChanged,
    /// Paging was added to or removed from an operation.
    PaginationChanged,
    /// An operation or member became deprecated, or stopped being so.
    DeprecationChanged,
    /// A waiter was added.
    WaiterAdded,
    /// A waiter was removed.
    WaiterRemoved,
    /// A waiter polls differently: its operation, timing or acceptors changed.
    WaiterChanged,
}

impl Kind {
    /// A short label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Kind::OperationAdded => "operation added",
            Kind::OperationRemoved => "operation removed",
            Kind::BindingChanged => "binding changed",
            Kind::DataTypeAdded => "data type added",
            Kind::DataTypeRemoved => "data type removed",
            Kind::MemberAdded => "member added",
            Kind::MemberRemoved => "member removed",
            Kind::MemberRequired => "member now required",
            Kind::MemberOptional => "member now optional",
            Kind::TypeChanged => "type changed",
            Kind::ConstraintTightened => "constraint tightened",
            Kind::ConstraintRelaxed => "constraint relaxed",
            Kind::PatternChanged => "pattern changed",
            Kind::EnumValueAdded => "enum value added",
            Kind::EnumValueRemoved => "enum value removed",
            Kind::ErrorAdded => "error added",
            Kind::ErrorRemoved => "error removed",
            Kind::RustShapeChanged => "Rust type changed",
            Kind::PaginationChanged => "pagination changed",
            Kind::DeprecationChanged => "deprecation changed",
            Kind::WaiterAdded => "waiter added",
            Kind::WaiterRemoved => "waiter removed",
            Kind::WaiterChanged => "waiter changed",
        }
    }

    /// Whether the change is a difference of fact between two descriptions of the service
    /// (rather than an addition, or a consequence for the generated Rust).
    pub fn is_difference(self) -> bool {
        !self.is_addition()
            && !matches!(
                self,
                Kind::RustShapeChanged
                    | Kind::PaginationChanged
                    | Kind::WaiterAdded
                    | Kind::WaiterRemoved
                    | Kind::WaiterChanged
            )
    }

    /// Whether the change adds something that was not there (rather than altering it).
    pub fn is_addition(self) -> bool {
        matches!(
            self,
            Kind::OperationAdded | Kind::DataTypeAdded | Kind::MemberAdded | Kind::EnumValueAdded | Kind::ErrorAdded
        )
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What kind.
    pub kind: Kind,
    /// Where: `CreateFunction input, MemorySize`, `FunctionConfiguration, State`, ...
    pub location: String,
    /// The old value, where one applies.
    pub old: Option<String>,
    /// The new value, where one applies.
    pub new: Option<String>,
    /// For callers of the service.
    pub service: Compat,
    /// For Rust code using the generated crate.
    pub rust: Compat,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.label(), self.location)?;
        match (&self.old, &self.new) {
            (Some(o), Some(n)) => write!(f, " ({o} → {n})")?,
            (None, Some(n)) => write!(f, " ({n})")?,
            (Some(o), None) => write!(f, " (was {o})")?,
            (None, None) => {}
        }
        write!(f, " [service: {}, Rust: {}]", self.service.word(), self.rust.word())
    }
}

/// Every change from `old` to `new`, in a stable order.
pub fn diff(old: &Api, new: &Api) -> Result<Vec<Change>, Error> {
    let mut d = Differ { old, new, out: Vec::new() };
    d.operations()?;
    d.common_errors();
    d.data_types()?;
    d.enums()?;
    d.waiters();
    Ok(d.out)
}

/// The overall verdict: breaking if any change is.
pub fn verdict(changes: &[Change], side: impl Fn(&Change) -> Compat) -> Compat {
    changes.iter().map(side).max().unwrap_or(Compat::Compatible)
}

struct Differ<'a> {
    old: &'a Api,
    new: &'a Api,
    out: Vec<Change>,
}

/// Where a structure's members travel, for classifying constraint changes: limits on what
/// callers send break them when tightened; limits on what they receive do not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Input,
    Output,
    /// A data type can be both (FunctionCode is sent, FunctionConfiguration received).
    Both,
}

impl Differ<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: Kind,
        location: String,
        old: Option<String>,
        new: Option<String>,
        service: bool,
        rust: bool,
    ) {
        self.out.push(Change {
            kind,
            location,
            old,
            new,
            service: Compat::from_breaking(service),
            rust: Compat::from_breaking(rust),
        });
    }

    fn operations(&mut self) -> Result<(), Error> {
        let (old, new) = (self.old, self.new);
        for o in &old.operations {
            match new.operations.iter().find(|n| n.name == o.name) {
                None => self.push(Kind::OperationRemoved, o.name.clone(), None, None, true, true),
                Some(n) => self.operation(o, n)?,
            }
        }
        for n in &new.operations {
            if !old.operations.iter().any(|o| o.name == n.name) {
                self.push(
                    Kind::OperationAdded,
                    n.name.clone(),
                    None,
                    Some(format!("{} {}", n.method, n.path)),
                    false,
                    false,
                );
            }
        }
        Ok(())
    }

    /// Common errors have a type each in the generated crate: dropping one breaks Rust code
    /// naming it; callers of the service only learn of one more or one fewer code.
    fn common_errors(&mut self) {
        let (old, new) = (self.old, self.new);
        self.error_lists("common errors", &old.common_errors, &new.common_errors);
    }

    /// Errors dropped from a list break Rust code matching them; added ones break nothing.
    fn error_lists(&mut self, place: &str, old: &[String], new: &[String]) {
        for e in old.iter().filter(|e| !new.contains(e)) {
            self.push(Kind::ErrorRemoved, format!("{place}, {e}"), None, None, false, true);
        }
        for e in new.iter().filter(|e| !old.contains(e)) {
            self.push(Kind::ErrorAdded, format!("{place}, {e}"), None, None, false, false);
        }
    }

    fn operation(&mut self, o: &Operation, n: &Operation) -> Result<(), Error> {
        let name = &n.name;
        // Label names are not sent, and one trailing slash is not significant to the service.
        let binding = |op: &Operation, normalized: bool| {
            let q: Vec<String> = op.query_literals.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let q = if q.is_empty() { String::new() } else { format!("?{}", q.join("&")) };
            let path = if normalized {
                let segments: Vec<&str> = op
                    .path
                    .as_str()
                    .trim_end_matches('/')
                    .split('/')
                    .map(|s| if s.starts_with('{') { "{}" } else { s })
                    .collect();
                segments.join("/")
            } else {
                op.path.to_string()
            };
            format!("{} {path}{q} → {}", op.method, op.success_status)
        };
        if binding(o, false) != binding(n, false) {
            let service = binding(o, true) != binding(n, true);
            self.push(
                Kind::BindingChanged,
                name.clone(),
                Some(binding(o, false)),
                Some(binding(n, false)),
                service,
                false,
            );
        }
        if o.deprecated.is_some() != n.deprecated.is_some() {
            let state = |d: bool| Some(if d { "deprecated" } else { "not deprecated" }.to_string());
            self.push(
                Kind::DeprecationChanged,
                name.clone(),
                state(o.deprecated.is_some()),
                state(n.deprecated.is_some()),
                false,
                false,
            );
        }
        match (&o.pagination, &n.pagination) {
            (None, Some(_)) => {
                self.push(Kind::PaginationChanged, name.clone(), None, Some("pages".into()), false, false)
            }
            (Some(_), None) => {
                self.push(Kind::PaginationChanged, name.clone(), Some("pages".into()), None, false, true)
            }
            _ => {}
        }
        self.error_lists(name, &o.errors, &n.errors);
        let (oi, ni) = (self.old.input(o)?, self.new.input(n)?);
        self.members(&format!("{name} input"), oi, ni, Direction::Input, true);
        let (oo, no) = (self.old.output(o)?, self.new.output(n)?);
        if o.shared_output != n.shared_output || (n.shared_output && oo.name != no.name) {
            let form = |op: &Operation, s: &Structure| {
                if op.shared_output {
                    format!("the data type {}", s.name)
                } else {
                    "its own structure".to_string()
                }
            };
            // A struct becoming an alias of another type (or the reverse) changes the type's
            // identity: trait impls written for both collide.
            self.push(
                Kind::RustShapeChanged,
                format!("{name} output type"),
                Some(form(o, oo)),
                Some(form(n, no)),
                false,
                true,
            );
        }
        // A shared data type's own members are compared once, under its own name.
        if !(o.shared_output && n.shared_output && oo.name == no.name) {
            self.members(&format!("{name} output"), oo, no, Direction::Output, !n.shared_output);
        }
        Ok(())
    }

    /// Waiters are client conveniences: the service never sees them, and removing one removes
    /// a client method. A changed waiter keeps its method but decides differently.
    fn waiters(&mut self) {
        let (old, new) = (self.old, self.new);
        for o in &old.waiters {
            match new.waiters.iter().find(|n| n.name == o.name) {
                None => self.push(Kind::WaiterRemoved, o.name.clone(), None, None, false, true),
                Some(n) => {
                    let timing = |w: &crate::ir::waiter::Waiter| {
                        format!("{} every {} s, {} attempts", w.operation, w.delay, w.max_attempts)
                    };
                    if timing(o) != timing(n) {
                        self.push(Kind::WaiterChanged, o.name.clone(), Some(timing(o)), Some(timing(n)), false, false);
                    }
                    if o.acceptors != n.acceptors {
                        let count = |w: &crate::ir::waiter::Waiter| format!("{} acceptors", w.acceptors.len());
                        self.push(Kind::WaiterChanged, o.name.clone(), Some(count(o)), Some(count(n)), false, false);
                    }
                }
            }
        }
        for n in &new.waiters {
            if !old.waiters.iter().any(|o| o.name == n.name) {
                self.push(Kind::WaiterAdded, n.name.clone(), None, Some(n.operation.clone()), false, false);
            }
        }
    }

    fn data_types(&mut self) -> Result<(), Error> {
        let is_data = |s: &Structure| s.origin == crate::ir::Origin::DataType;
        for o in self.old.structures.values().filter(|s| is_data(s)) {
            match self.new.structures.get(&o.name).filter(|s| is_data(s)) {
                None => {
                    // An output structure that the model now names as a data type is compared
                    // under its operation; only a type that is gone is a removal.
                    self.push(Kind::DataTypeRemoved, o.name.clone(), None, None, true, true);
                }
                Some(n) => {
                    let dir = self.direction(&n.name)?;
                    self.members(&n.name, o, n, dir, true);
                }
            }
        }
        for n in self.new.structures.values().filter(|s| is_data(s)) {
            if !self.old.structures.get(&n.name).is_some_and(is_data) {
                self.push(Kind::DataTypeAdded, n.name.clone(), None, None, false, false);
            }
        }
        Ok(())
    }

    fn enums(&mut self) -> Result<(), Error> {
        for o in self.old.enums.values() {
            let Some(n) = self.new.enums.get(&o.name) else {
                self.push(Kind::DataTypeRemoved, o.name.clone(), None, None, true, true);
                continue;
            };
            let dir = self.direction(&n.name)?;
            let values = |e: &EnumDef| e.values.iter().map(|(w, _)| w.clone()).collect::<BTreeSet<_>>();
            let (ov, nv) = (values(o), values(n));
            for v in ov.difference(&nv) {
                self.push(
                    Kind::EnumValueRemoved,
                    format!("{}, {v}", n.name),
                    None,
                    None,
                    dir != Direction::Output,
                    true,
                );
            }
            for v in nv.difference(&ov) {
                self.push(Kind::EnumValueAdded, format!("{}, {v}", n.name), None, None, false, false);
            }
        }
        for n in self.new.enums.values() {
            if !self.old.enums.contains_key(&n.name) {
                self.push(Kind::DataTypeAdded, n.name.clone(), None, None, false, false);
            }
        }
        Ok(())
    }

    /// Whether callers send, receive, or both, values of a named type.
    fn direction(&self, name: &str) -> Result<Direction, Error> {
        let api = self.new;
        let mut input = false;
        let mut output = false;
        for op in &api.operations {
            if reaches(api, api.input(op)?, name, &mut BTreeSet::new()) {
                input = true;
            }
            let out = api.output(op)?;
            if out.name == name || reaches(api, out, name, &mut BTreeSet::new()) {
                output = true;
            }
        }
        Ok(match (input, output) {
            (true, false) => Direction::Input,
            (false, true) => Direction::Output,
            _ => Direction::Both,
        })
    }

    fn members(&mut self, at: &str, o: &Structure, n: &Structure, dir: Direction, compare_shape: bool) {
        for om in &o.members {
            let Some(nm) = n.members.iter().find(|m| m.name == om.name) else {
                self.push(Kind::MemberRemoved, format!("{at}, {}", om.name), None, None, true, true);
                continue;
            };
            self.member(&format!("{at}, {}", nm.name), om, nm, dir);
        }
        for nm in &n.members {
            if !o.members.iter().any(|m| m.name == nm.name) {
                // A new required input member breaks callers that do not send it.
                let service = nm.required && dir != Direction::Output;
                self.push(
                    Kind::MemberAdded,
                    format!("{at}, {}", nm.name),
                    None,
                    Some(requiredness(nm)),
                    service,
                    false,
                );
            }
        }
        if compare_shape {
            self.rust_shape(at, o, n);
        }
    }

    fn member(&mut self, at: &str, o: &Member, n: &Member, dir: Direction) {
        if o.location != n.location {
            self.push(
                Kind::BindingChanged,
                at.to_string(),
                Some(location(&o.location)),
                Some(location(&n.location)),
                true,
                false,
            );
        }
        match (o.required, n.required) {
            (false, true) => {
                self.push(Kind::MemberRequired, at.to_string(), None, None, dir != Direction::Output, true)
            }
            (true, false) => self.push(Kind::MemberOptional, at.to_string(), None, None, dir != Direction::Input, true),
            _ => {}
        }
        self.ty(at, &o.ty, &n.ty, dir);
    }

    fn ty(&mut self, at: &str, o: &Ty, n: &Ty, dir: Direction) {
        if !same_kind(&o.kind, &n.kind) {
            self.push(
                Kind::TypeChanged,
                at.to_string(),
                Some(kind_text(&o.kind)),
                Some(kind_text(&n.kind)),
                true,
                true,
            );
            return;
        }
        self.constraints(at, &o.constraints, &n.constraints, dir);
        match (&o.kind, &n.kind) {
            (TyKind::List(a), TyKind::List(b)) => self.ty(&format!("{at} (items)"), a, b, dir),
            (TyKind::Map(ak, av), TyKind::Map(bk, bv)) => {
                self.ty(&format!("{at} (keys)"), ak, bk, dir);
                self.ty(&format!("{at} (values)"), av, bv, dir);
            }
            _ => {}
        }
    }

    fn constraints(&mut self, at: &str, o: &Constraints, n: &Constraints, dir: Direction) {
        // Tightening what callers send breaks them; what they receive is not checked by them.
        let tight_breaks = dir != Direction::Output;
        let bound = |d: &mut Self, what: &str, old: Option<String>, new: Option<String>, tighter: Option<bool>| {
            if old == new {
                return;
            }
            let location = format!("{at} ({what})");
            let shown = |v: Option<String>| Some(v.unwrap_or_else(|| "none".into()));
            match tighter {
                Some(true) => d.push(Kind::ConstraintTightened, location, shown(old), shown(new), tight_breaks, false),
                Some(false) => d.push(Kind::ConstraintRelaxed, location, shown(old), shown(new), false, false),
                None => d.push(Kind::PatternChanged, location, shown(old), shown(new), tight_breaks, false),
            }
        };
        let lower = |old: Option<f64>, new: Option<f64>| match (old, new) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b > a,
            _ => false,
        };
        let upper = |old: Option<f64>, new: Option<f64>| match (old, new) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => b < a,
            _ => false,
        };
        let num = |v: Option<f64>| v.map(crate::diff::number);
        // A minimum length of 0 says nothing; the model writes it, the reference did not.
        let len = |v: Option<u64>| v.filter(|x| *x > 0).map(|x| x.to_string());
        let f = |v: Option<u64>| v.map(|x| x as f64);
        let nonzero = |v: Option<u64>| v.filter(|x| *x > 0);
        bound(
            self,
            "minimum length",
            len(o.min_len),
            len(n.min_len),
            Some(lower(f(nonzero(o.min_len)), f(nonzero(n.min_len)))),
        );
        bound(self, "maximum length", len(o.max_len), len(n.max_len), Some(upper(f(o.max_len), f(n.max_len))));
        bound(self, "minimum", num(o.min), num(n.min), Some(lower(o.min, n.min)));
        bound(self, "maximum", num(o.max), num(n.max), Some(upper(o.max, n.max)));
        let pattern = |api: &Api, c: &Constraints| c.pattern.map(|i| api.patterns[i].display.clone());
        let (op, np) = (pattern(self.old, o), pattern(self.new, n));
        let tighter = match (&op, &np) {
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            _ => None,
        };
        bound(self, "pattern", op, np, tighter);
    }

    /// Derived traits and builder form of a generated structure: losing `Default`, `Eq` or a
    /// fallible/infallible `build` is visible to Rust code.
    fn rust_shape(&mut self, at: &str, o: &Structure, n: &Structure) {
        let traits = |api: &Api, s: &Structure| {
            let mut t = Vec::new();
            if s.members.iter().all(|m| !m.required || has_default(api, &m.ty)) {
                t.push("Default");
            }
            if s.members.iter().all(|m| is_eq(api, &m.ty)) {
                t.push("Eq");
            }
            if !s.has_sensitive() {
                t.push("Debug");
            }
            t
        };
        let (ot, nt) = (traits(self.old, o), traits(self.new, n));
        let lost: Vec<&str> = ot.iter().filter(|t| !nt.contains(t)).copied().collect();
        if !lost.is_empty() {
            self.push(
                Kind::RustShapeChanged,
                format!("{at} (derives)"),
                Some(ot.join(", ")),
                Some(nt.join(", ")),
                false,
                true,
            );
        }
        let fallible =
            |s: &Structure| matches!(s.origin, crate::ir::Origin::Input(_)) || s.members.iter().any(|m| m.required);
        if fallible(o) != fallible(n) {
            let form = |b: bool| Some(if b { "build() returns Result" } else { "build() cannot fail" }.to_string());
            self.push(
                Kind::RustShapeChanged,
                format!("{at} (builder)"),
                form(fallible(o)),
                form(fallible(n)),
                false,
                true,
            );
        }
    }
}

fn requiredness(m: &Member) -> String {
    if m.required {
        "required".into()
    } else {
        "optional".into()
    }
}

fn location(l: &Location) -> String {
    match l {
        Location::Body => "body".into(),
        Location::Path => "path".into(),
        Location::Query(q) => format!("query {q}"),
        Location::Header(h) => format!("header {h}"),
        Location::Payload => "payload".into(),
        Location::StatusCode => "status".into(),
        Location::EventStream => "event stream".into(),
    }
}

/// A number as the spec writes it: integers without a fraction.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn same_kind(a: &TyKind, b: &TyKind) -> bool {
    match (a, b) {
        (TyKind::List(x), TyKind::List(y)) => same_kind(&x.kind, &y.kind),
        (TyKind::Map(xk, xv), TyKind::Map(yk, yv)) => same_kind(&xk.kind, &yk.kind) && same_kind(&xv.kind, &yv.kind),
        (TyKind::Struct(x), TyKind::Struct(y)) | (TyKind::Enum(x), TyKind::Enum(y)) => x == y,
        (TyKind::EventStream(x), TyKind::EventStream(y)) => x == y,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// A type in the spec's words.
pub fn kind_text(k: &TyKind) -> String {
    match k {
        TyKind::String => "string".into(),
        TyKind::Int32 => "integer".into(),
        TyKind::Int64 => "long".into(),
        TyKind::Double => "double".into(),
        TyKind::Bool => "boolean".into(),
        TyKind::Timestamp => "timestamp".into(),
        TyKind::Blob => "blob".into(),
        TyKind::Struct(n) | TyKind::Enum(n) => n.clone(),
        TyKind::List(i) => format!("list of {}", kind_text(&i.kind)),
        TyKind::Map(k, v) => format!("map of {} to {}", kind_text(&k.kind), kind_text(&v.kind)),
        TyKind::EventStream(u) => format!("event stream of {u}"),
    }
}

/// Whether `s` (transitively) has a member of the named structure or enum.
fn reaches(api: &Api, s: &Structure, target: &str, seen: &mut BTreeSet<String>) -> bool {
    fn in_ty(api: &Api, t: &Ty, target: &str, seen: &mut BTreeSet<String>) -> bool {
        match &t.kind {
            TyKind::Struct(n) | TyKind::EventStream(n) => {
                n == target
                    || (seen.insert(n.clone()) && api.structures.get(n).is_some_and(|s| reaches(api, s, target, seen)))
            }
            TyKind::Enum(n) => n == target,
            TyKind::List(i) => in_ty(api, i, target, seen),
            TyKind::Map(k, v) => in_ty(api, k, target, seen) || in_ty(api, v, target, seen),
            _ => false,
        }
    }
    s.members.iter().any(|m| in_ty(api, &m.ty, target, seen))
}
