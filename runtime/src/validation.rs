//! Constraint checks with the service's own message format.
//!
//! Generated validators walk a value and report every violation into a [`Violations`]
//! collector; [`ValidationError`] renders them the way Lambda does:
//! `2 validation errors detected: Value 'x' at 'functionName' failed to satisfy constraint: ...`.

use std::fmt;
use std::sync::OnceLock;

/// Shown instead of a secret value in a message.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Where a value sits in the input, as a chain of segments kept on the stack.
///
/// Rendering happens only when a violation is reported, so walking valid input allocates
/// nothing.
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    Root,
    Member(&'static str),
    Named(&'static str),
    Index(usize),
    Key(&'a str),
}

impl<'a> Path<'a> {
    /// The top of an operation's input.
    pub const ROOT: Path<'static> = Path { parent: None, segment: Segment::Root };

    /// A member of the structure at this path; `name` is already in message form
    /// (`functionName`, `kMSKeyArn`).
    pub fn member(&'a self, name: &'static str) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Member(name) }
    }

    /// A member of the structure at this path, by its model name (`KMSKeyArn`); messages
    /// show it with the first letter lower-cased (`kMSKeyArn`).
    pub fn named(&'a self, name: &'static str) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Named(name) }
    }

    /// The list item at zero-based `index`; rendered one-based as `.N.member`.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Index(index) }
    }

    /// The map entry under `key`.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path { parent: Some(self), segment: Segment::Key(key) }
    }

    /// The dotted form used in messages, e.g. `vpcConfig.subnetIds.1.member`.
    pub fn render(&self) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(self);
        while let Some(p) = cur {
            match p.segment {
                Segment::Root => {}
                Segment::Member(m) => parts.push(m.to_string()),
                Segment::Named(m) => parts.push(message_name(m)),
                Segment::Index(i) => parts.push(format!("{}.member", i + 1)),
                Segment::Key(k) => parts.push(k.to_string()),
            }
            cur = p.parent;
        }
        parts.reverse();
        parts.join(".")
    }
}

/// One failed constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The value as the message shows it; `None` renders as `null`.
    pub value: Option<String>,
    /// Dotted member path.
    pub path: String,
    /// The constraint phrase, e.g. `Member must not be null`.
    pub constraint: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.value {
            Some(v) => write!(f, "Value '{v}'")?,
            None => f.write_str("Value null")?,
        }
        write!(f, " at '{}' failed to satisfy constraint: {}", self.path, self.constraint)
    }
}

/// Collects violations while a validator walks a value.
///
/// By default a value an enum does not list passes: the service adds values (runtimes, states)
/// faster than a client is rebuilt, and the service judges them itself. [`Violations::strict`]
/// rejects them, as a server must.
#[derive(Clone, Debug, Default)]
pub struct Violations {
    items: Vec<Violation>,
    strict_enums: bool,
}

impl Violations {
    /// Collects violations, rejecting enum values the crate does not list.
    pub fn strict() -> Self {
        Violations { items: Vec::new(), strict_enums: true }
    }

    /// An empty collector with the same enum rule, for checks whose findings are reworded
    /// before they are kept (map keys).
    pub fn child(&self) -> Violations {
        Violations { items: Vec::new(), strict_enums: self.strict_enums }
    }

    /// Whether enum values the crate does not list are violations.
    pub fn strict_enums(&self) -> bool {
        self.strict_enums
    }

    /// Records a violation.
    pub fn push(&mut self, path: &Path<'_>, value: Option<String>, constraint: String) {
        self.items.push(Violation { value, path: path.render(), constraint });
    }

    /// Records a violation at an already rendered path.
    pub fn push_at(&mut self, path: String, value: Option<String>, constraint: String) {
        self.items.push(Violation { value, path, constraint });
    }

    /// A required member is absent.
    pub fn null(&mut self, path: &Path<'_>) {
        self.push(path, None, "Member must not be null".to_string());
    }

    /// Checks a string's length in characters.
    pub fn str_length(&mut self, path: &Path<'_>, value: &str, min: Option<u64>, max: Option<u64>, sensitive: bool) {
        // Byte length bounds the character count from above, so most values skip counting.
        let bytes = value.len() as u64;
        let fast_ok = min.is_none_or(|m| m == 0 || (bytes >= m && value.is_ascii())) && max.is_none_or(|m| bytes <= m);
        if fast_ok {
            return;
        }
        let n = value.chars().count() as u64;
        self.length(path, n, min, max, || shown(value, sensitive));
    }

    /// Checks a blob's length in bytes.
    pub fn blob_length(&mut self, path: &Path<'_>, value: &[u8], min: Option<u64>, max: Option<u64>) {
        self.length(path, value.len() as u64, min, max, || REDACTED.to_string());
    }

    /// Checks a list's item count or a map's entry count.
    pub fn count(&mut self, path: &Path<'_>, n: usize, min: Option<u64>, max: Option<u64>, show: impl Fn() -> String) {
        self.length(path, n as u64, min, max, show);
    }

    fn length(&mut self, path: &Path<'_>, n: u64, min: Option<u64>, max: Option<u64>, show: impl Fn() -> String) {
        if let Some(m) = min.filter(|m| n < *m) {
            self.push(path, Some(show()), format!("Member must have length greater than or equal to {m}"));
        }
        if let Some(m) = max.filter(|m| n > *m) {
            self.push(path, Some(show()), format!("Member must have length less than or equal to {m}"));
        }
    }

    /// Checks that the whole of `value` matches `pattern`.
    pub fn pattern(&mut self, path: &Path<'_>, value: &str, pattern: &Pattern, sensitive: bool) {
        if !pattern.is_match(value) {
            self.push(
                path,
                Some(shown(value, sensitive)),
                format!("Member must satisfy regular expression pattern: {}", pattern.display()),
            );
        }
    }

    /// Checks an integer against an inclusive range.
    pub fn int_range(&mut self, path: &Path<'_>, value: i64, min: Option<i64>, max: Option<i64>) {
        if let Some(m) = min.filter(|m| value < *m) {
            self.push(path, Some(value.to_string()), format!("Member must have value greater than or equal to {m}"));
        }
        if let Some(m) = max.filter(|m| value > *m) {
            self.push(path, Some(value.to_string()), format!("Member must have value less than or equal to {m}"));
        }
    }

    /// Checks a floating-point number against an inclusive range.
    pub fn float_range(&mut self, path: &Path<'_>, value: f64, min: Option<f64>, max: Option<f64>) {
        if let Some(m) = min.filter(|m| value < *m) {
            self.push(
                path,
                Some(format!("{value:?}")),
                format!("Member must have value greater than or equal to {m:?}"),
            );
        }
        if let Some(m) = max.filter(|m| value > *m) {
            self.push(path, Some(format!("{value:?}")), format!("Member must have value less than or equal to {m:?}"));
        }
    }

    /// Checks that an enum value is one the spec lists.
    pub fn enum_value(&mut self, path: &Path<'_>, value: &str, known: bool, allowed: &[&str]) {
        if !known && self.strict_enums {
            self.push(
                path,
                Some(value.to_string()),
                format!("Member must satisfy enum value set: [{}]", allowed.join(", ")),
            );
        }
    }

    /// A map key failed its own constraints; `inner` holds what the key violated.
    pub fn map_keys(&mut self, path: &Path<'_>, key: &str, inner: Violations) {
        for v in inner.items {
            self.push(path, Some(key.to_string()), format!("Map keys must satisfy constraint: [{}]", v.constraint));
        }
    }

    /// Takes over `other`'s violations except those at or below the `skipped` members
    /// (message names): used when placeholders stand in for absent required members.
    pub fn absorb_except(&mut self, other: Violations, skipped: &[&str]) {
        self.items.extend(other.items.into_iter().filter(|v| {
            !skipped.iter().any(|s| v.path == *s || v.path.strip_prefix(s).is_some_and(|rest| rest.starts_with('.')))
        }));
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The violations so far, in the order found.
    pub fn items(&self) -> &[Violation] {
        &self.items
    }

    /// The error listing what was reported so far; meant for callers that already know
    /// something was.
    pub fn into_error(self) -> ValidationError {
        ValidationError { violations: self.items }
    }

    /// `Ok` when nothing was reported, otherwise the error that lists every violation.
    pub fn into_result(self) -> Result<(), ValidationError> {
        if self.items.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations: self.items })
        }
    }
}

/// A member name as messages show it: first letter lower-cased (`KMSKeyArn` → `kMSKeyArn`).
pub fn message_name(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn shown(value: &str, sensitive: bool) -> String {
    if sensitive {
        REDACTED.to_string()
    } else {
        value.to_string()
    }
}

/// Renders a list of displayable items as the service does: `[a, b]`.
pub fn show_list<T: fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    let parts: Vec<String> = items.into_iter().map(|i| i.to_string()).collect();
    format!("[{}]", parts.join(", "))
}

/// Renders a map as the service does: `{k=v, k2=v2}`, in key order so messages are stable.
pub fn show_map<K: fmt::Display + Ord, V: fmt::Display>(entries: impl IntoIterator<Item = (K, V)>) -> String {
    let mut parts: Vec<(K, V)> = entries.into_iter().collect();
    parts.sort_by(|a, b| a.0.cmp(&b.0));
    let shown: Vec<String> = parts.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{{{}}}", shown.join(", "))
}

/// Every constraint an input violates, rendered in the service's message format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The individual violations.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(f, "{n} validation error{} detected: ", if n == 1 { "" } else { "s" })?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// A value that can check its own constraints.
pub trait Validate {
    /// Reports every violation found under `path`.
    fn validate_at(&self, path: &Path<'_>, out: &mut Violations);

    /// Checks the whole value, reporting every violation at once. Enum values the crate does
    /// not list pass (see [`Violations`]).
    fn validate(&self) -> Result<(), ValidationError> {
        let mut out = Violations::default();
        self.validate_at(&Path::ROOT, &mut out);
        out.into_result()
    }

    /// [`Validate::validate`], rejecting enum values the crate does not list too.
    fn validate_strict(&self) -> Result<(), ValidationError> {
        let mut out = Violations::strict();
        self.validate_at(&Path::ROOT, &mut out);
        out.into_result()
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>, out: &mut Violations) {
        (**self).validate_at(path, out)
    }
}

/// The constraints at one level of a member's type, as data: generated code writes one per
/// constrained member (`Rule::new().len(1, 140).pattern(&PATTERN_14)`), and [`Check`] walks a
/// value against it. List items, map keys and map values have rules of their own.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rule {
    /// Minimum length: characters of a string, bytes of a blob, items of a list, entries of a map.
    pub min_len: Option<u64>,
    /// Maximum length, counted as `min_len`.
    pub max_len: Option<u64>,
    /// Whole-value pattern of a string.
    pub pattern: Option<&'static Pattern>,
    /// Inclusive minimum of a number.
    pub min: Option<f64>,
    /// Inclusive maximum of a number.
    pub max: Option<f64>,
    /// Rule of each list item.
    pub items: Option<&'static Rule>,
    /// Rule of each map key.
    pub keys: Option<&'static Rule>,
    /// Rule of each map value.
    pub values: Option<&'static Rule>,
}

impl Rule {
    /// No constraint at this level (a structure, an enum, or a list or map whose items have
    /// rules of their own).
    pub const NONE: Rule = Rule::new();

    /// No constraint yet.
    pub const fn new() -> Rule {
        Rule {
            min_len: None,
            max_len: None,
            pattern: None,
            min: None,
            max: None,
            items: None,
            keys: None,
            values: None,
        }
    }

    /// At least `min` long (characters, bytes, items or entries).
    pub const fn min_len(mut self, min: u64) -> Rule {
        self.min_len = Some(min);
        self
    }

    /// At most `max` long.
    pub const fn max_len(mut self, max: u64) -> Rule {
        self.max_len = Some(max);
        self
    }

    /// Between `min` and `max` long, inclusive.
    pub const fn len(self, min: u64, max: u64) -> Rule {
        self.min_len(min).max_len(max)
    }

    /// Matches `pattern` as a whole.
    pub const fn pattern(mut self, pattern: &'static Pattern) -> Rule {
        self.pattern = Some(pattern);
        self
    }

    /// At least `min`.
    pub const fn min(mut self, min: f64) -> Rule {
        self.min = Some(min);
        self
    }

    /// At most `max`.
    pub const fn max(mut self, max: f64) -> Rule {
        self.max = Some(max);
        self
    }

    /// Between `min` and `max`, inclusive.
    pub const fn range(self, min: f64, max: f64) -> Rule {
        self.min(min).max(max)
    }

    /// Each list item follows `rule`.
    pub const fn items(mut self, rule: &'static Rule) -> Rule {
        self.items = Some(rule);
        self
    }

    /// Each map key follows `rule`.
    pub const fn keys(mut self, rule: &'static Rule) -> Rule {
        self.keys = Some(rule);
        self
    }

    /// Each map value follows `rule`.
    pub const fn values(mut self, rule: &'static Rule) -> Rule {
        self.values = Some(rule);
        self
    }
}

/// A member value that can be checked against a [`Rule`]: the scalars, lists, maps, enums and
/// structures of the API. Structures check their own members and ignore the rule.
pub trait Check {
    /// Reports every violation of `rule` (and of what the value holds) under `path`;
    /// `sensitive` values are redacted in messages.
    fn check(&self, rule: &Rule, path: &Path<'_>, out: &mut Violations, sensitive: bool);

    /// Whether the type is a scalar (string, number, boolean, enum), which [`Check::shown`]
    /// writes out; lists and maps of anything else are shown by their size.
    const SCALAR: bool = false;

    /// How the value shows inside a list or map in a message, if it is a scalar.
    fn shown(&self) -> Option<String> {
        None
    }
}

impl Check for String {
    const SCALAR: bool = true;

    fn check(&self, rule: &Rule, path: &Path<'_>, out: &mut Violations, sensitive: bool) {
        if rule.min_len.is_some() || rule.max_len.is_some() {
            out.str_length(path, self, rule.min_len, rule.max_len, sensitive);
        }
        if let Some(p) = rule.pattern {
            out.pattern(path, self, p, sensitive);
        }
    }

    fn shown(&self) -> Option<String> {
        Some(self.clone())
    }
}

impl Check for crate::Blob {
    fn check(&self, rule: &Rule, path: &Path<'_>, out: &mut Violations, _sensitive: bool) {
        if rule.min_len.is_some() || rule.max_len.is_some() {
            out.blob_length(path, self.as_bytes(), rule.min_len, rule.max_len);
        }
    }
}

macro_rules! check_integer {
    ($($t:ty),*) => {$(
        impl Check for $t {
            const SCALAR: bool = true;

            fn check(&self, rule: &Rule, path: &Path<'_>, out: &mut Violations, _sensitive: bool) {
                if rule.min.is_some() || rule.max.is_some() {
                    // Integer bounds are written as whole numbers, so the conversion is exact.
                    out.int_range(path, i64::from(*self), rule.min.map(|m| m as i64), rule.max.map(|m| m as i64));
                }
            }

            fn shown(&self) -> Option<String> {
                Some(self.to_string())
            }
        }
    )*};
}
check_integer!(i32, i64);

impl Check for f64 {
    const SCALAR: bool = true;

    fn check(&self, rule: &Rule, path: &Path<'_>, out: &mut Violations, _sensitive: bool) {
        if rule.min.is_some() || rule.max.is_some() {
            out.float_range(path, *self, rule.min, rule.max);
        }
    }

    fn shown(&self) -> Option<String> {
        Some(self.to_string())
    }
}

impl Check for bool {
    const SCALAR: bool = true;

    fn check(&self, _rule: &Rule, _path: &Path<'_>, _out: &mut Violations, _sensitive: bool) {}

    fn shown(&self) -> Option<String> {
        Some(self.to_string())
    }
}

impl Check for crate::Timestamp {
    fn check(&self, _rule: &Rule, _path: &Path<'_>, _out: &mut Violations, _sensitive: bool) {}
}

impl<T: Check> Check for Option<T> {
    fn check(&self, rule: &Rule, path: &Path<'_>, out: &mut Violations, sensitive: bool) {
        if let Some(v) = self {
            v.check(rule, path, out, sensitive);
        }
    }
}

impl<T: Check> Check for Box<T> {
    const SCALAR: bool = T::SCALAR;

    fn check(&self, rule: &Rule, path: &Path<'_>, out: &mut Violations, sensitive: bool) {
        (**self).check(rule, path, out, sensitive);
    }
}

impl<T: Check> Check for Vec<T> {
    fn check(&self, rule: &Rule, path: &Path<'_>, out: &mut Violations, sensitive: bool) {
        if rule.min_len.is_some() || rule.max_len.is_some() {
            out.count(path, self.len(), rule.min_len, rule.max_len, || {
                if sensitive {
                    return REDACTED.to_string();
                }
                if T::SCALAR {
                    show_list(self.iter().filter_map(Check::shown))
                } else {
                    format!("[{} items]", self.len())
                }
            });
        }
        let item_rule = rule.items.unwrap_or(&Rule::NONE);
        for (i, item) in self.iter().enumerate() {
            item.check(item_rule, &path.index(i), out, sensitive);
        }
    }
}

impl<K: Check + AsRef<str> + Ord + fmt::Display, V: Check> Check for std::collections::HashMap<K, V> {
    fn check(&self, rule: &Rule, path: &Path<'_>, out: &mut Violations, sensitive: bool) {
        if rule.min_len.is_some() || rule.max_len.is_some() {
            out.count(path, self.len(), rule.min_len, rule.max_len, || {
                if sensitive {
                    return REDACTED.to_string();
                }
                if V::SCALAR {
                    show_map(self.iter().filter_map(|(k, v)| v.shown().map(|v| (k, v))))
                } else {
                    format!("{{{} entries}}", self.len())
                }
            });
        }
        let key_rule = rule.keys.unwrap_or(&Rule::NONE);
        let value_rule = rule.values.unwrap_or(&Rule::NONE);
        for (key, value) in self {
            // Enum keys are checked even without a rule: their value set is their constraint.
            let mut key_out = out.child();
            key.check(key_rule, path, &mut key_out, false);
            out.map_keys(path, key.as_ref(), key_out);
            value.check(value_rule, &path.key(key.as_ref()), out, sensitive);
        }
    }
}

/// The patterns the unit tests' structures refer to by index, as generated crates do.
#[cfg(test)]
pub(crate) static PATTERNS: [Pattern; 1] = [Pattern::new("^(?:[0-9]+)$", "[0-9]+")];

/// The engine patterns are matched with; both are linear-time and built without Unicode
/// tables, which the generator's rewriting of the patterns makes unnecessary. A server checks
/// every request it serves and gets `regex`, with its speed-ups (a function name in about
/// 0.03 µs); a client checks one request per call and gets `regex-lite`, which takes about
/// 1.2 µs for the same match (examples/pattern_speed.rs) but builds in a fraction of the time
/// and adds about a tenth of the code.
#[cfg(feature = "server")]
pub(crate) type Engine = regex::Regex;
#[cfg(not(feature = "server"))]
pub(crate) type Engine = regex_lite::Regex;

/// A whole-value pattern, as the generator rewrote it for the runtime's engines (no
/// look-around, no Unicode tables), compiled on first use and then shared by the process.
pub struct Pattern {
    source: Source,
    display: &'static str,
    compiled: OnceLock<Option<Vec<CompiledAlternative>>>,
}

enum Source {
    Regex(&'static str),
    AnyOf(&'static [Alternative]),
}

/// One way for a value to match a [`Pattern`]: it matches `regex` and none of `unless`. The
/// generator writes a look-ahead at the start of the service's pattern, or a look-behind at
/// its end, this way.
#[derive(Debug)]
pub struct Alternative {
    /// Anchored at both ends.
    pub regex: &'static str,
    /// Anchored at both ends.
    pub unless: &'static [&'static str],
}

struct CompiledAlternative {
    regex: Engine,
    unless: Vec<Engine>,
}

impl Pattern {
    /// A pattern matched by one regex, anchored at both ends (`^(?:P)$`); `display` is the
    /// service's form `P`, as messages show it.
    pub const fn new(regex: &'static str, display: &'static str) -> Self {
        Pattern { source: Source::Regex(regex), display, compiled: OnceLock::new() }
    }

    /// A pattern a value matches when one of `alternatives` accepts it.
    pub const fn any_of(alternatives: &'static [Alternative], display: &'static str) -> Self {
        Pattern { source: Source::AnyOf(alternatives), display, compiled: OnceLock::new() }
    }

    /// The service's form of the pattern, as messages show it.
    pub fn display(&self) -> &'static str {
        self.display
    }

    /// Whether the whole of `value` matches. A pattern that fails to compile matches nothing
    /// (the generator checks that both engines compile every pattern, so this is only a guard).
    pub fn is_match(&self, value: &str) -> bool {
        let Some(alternatives) = self.compiled.get_or_init(|| self.compile()) else {
            return false;
        };
        alternatives.iter().any(|a| a.regex.is_match(value) && !a.unless.iter().any(|u| u.is_match(value)))
    }

    fn compile(&self) -> Option<Vec<CompiledAlternative>> {
        let one = |regex: &str, unless: &[&str]| {
            Some(CompiledAlternative {
                regex: Engine::new(regex).ok()?,
                unless: unless.iter().map(|u| Engine::new(u).ok()).collect::<Option<_>>()?,
            })
        };
        match self.source {
            Source::Regex(regex) => Some(vec![one(regex, &[])?]),
            Source::AnyOf(alternatives) => alternatives.iter().map(|a| one(a.regex, a.unless)).collect(),
        }
    }
}

/// Rewrites the service's (Java) shorthand classes to their ASCII meaning: in Java `\d`, `\w`
/// and `\s` are ASCII-only, while Rust's regex engines make them Unicode-aware.
pub fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut in_class = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('d' | 'w' | 's')) => {
                    let body = match e {
                        'd' => "0-9",
                        'w' => "a-zA-Z_0-9",
                        _ => " \\t\\n\\x0B\\f\\r",
                    };
                    if in_class {
                        out.push_str(body);
                    } else {
                        out.push('[');
                        out.push_str(body);
                        out.push(']');
                    }
                }
                // Inside a class this is a nested class, which both Java and Rust's engines read
                // as a union.
                Some(e @ ('D' | 'W' | 'S')) => {
                    let body = match e {
                        'D' => "0-9",
                        'W' => "a-zA-Z_0-9",
                        _ => " \\t\\n\\x0B\\f\\r",
                    };
                    out.push_str("[^");
                    out.push_str(body);
                    out.push(']');
                }
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A leading `^` or `]` belongs to the class syntax, not its end.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.display).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_service_message() {
        let mut v = Violations::default();
        let root = Path::ROOT;
        v.str_length(&root.member("functionName"), &"x".repeat(141), Some(1), Some(140), false);
        v.null(&root.member("role"));
        let msg = v.into_result().unwrap_err().to_string();
        assert_eq!(
            msg,
            format!(
                "2 validation errors detected: Value '{}' at 'functionName' failed to satisfy constraint: \
                 Member must have length less than or equal to 140; Value null at 'role' failed to satisfy \
                 constraint: Member must not be null",
                "x".repeat(141)
            )
        );
    }

    #[test]
    fn singular_and_nested_paths() {
        let mut v = Violations::default();
        let root = Path::ROOT;
        let vpc = root.member("vpcConfig");
        let subnets = vpc.member("subnetIds");
        v.str_length(&subnets.index(0), "", Some(1), None, false);
        assert_eq!(
            v.into_result().unwrap_err().to_string(),
            "1 validation error detected: Value '' at 'vpcConfig.subnetIds.1.member' failed to satisfy constraint: \
             Member must have length greater than or equal to 1"
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let mut v = Violations::default();
        v.str_length(&Path::ROOT.member("a"), "ééé", Some(1), Some(3), false);
        assert!(v.is_empty());
        v.str_length(&Path::ROOT.member("a"), "éééé", Some(1), Some(3), false);
        assert_eq!(v.items().len(), 1);
        v.str_length(&Path::ROOT.member("a"), "", Some(1), Some(3), false);
        assert_eq!(v.items().len(), 2);
    }

    #[test]
    fn patterns_match_whole_value_and_alternatives_honour_their_exclusions() {
        static P: Pattern = Pattern::new("^(?:[a-z]+)$", "[a-z]+");
        assert!(P.is_match("abc"));
        assert!(!P.is_match("abc1"));
        // What the generator makes of `(^\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))`.
        static ALIAS: Pattern = Pattern::any_of(
            &[
                Alternative { regex: "^(?:^\\$LATEST$)$", unless: &[] },
                Alternative { regex: "^(?:[a-zA-Z0-9-_]+)$", unless: &["^(?:^[0-9]+$)(?s:.*)$"] },
            ],
            "(^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))",
        );
        for (value, expected) in
            [("$LATEST", true), ("live", true), ("v2", true), ("42", false), ("$LATE", false), ("", false)]
        {
            assert_eq!(ALIAS.is_match(value), expected, "{value:?}");
        }
        let mut v = Violations::default();
        v.pattern(&Path::ROOT.member("name"), "123", &ALIAS, false);
        assert_eq!(
            v.items()[0].constraint,
            "Member must satisfy regular expression pattern: (^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))"
        );
        // Not expected from the generator; a pattern that does not compile matches nothing.
        static BROKEN: Pattern = Pattern::new("^(?:([a-z)$", "([a-z");
        assert!(!BROKEN.is_match("a"));
        assert!(!BROKEN.is_match("([a-z"));
    }

    /// Run alone (`cargo test -p lambda-rt`) this uses `regex-lite`, with `--features server`
    /// `regex`; neither has Unicode tables here, and non-ASCII text still matches by code point.
    #[test]
    fn explicit_classes_match_any_text_without_tables() {
        static ANY: Pattern = Pattern::new("^(?:.*)$", ".*");
        assert!(ANY.is_match("日本語"));
        assert!(!ANY.is_match("a\nb"));
        static RANGE: Pattern = Pattern::new("^(?:[a-z\u{e0}-\u{ff}\u{4e00}-\u{9fff}]+)$", "[a-zà-ÿ一-鿿]+");
        assert!(RANGE.is_match("éa日"));
        assert!(!RANGE.is_match("Ā"));
    }

    #[test]
    fn shorthand_classes_are_ascii_as_in_java() {
        assert_eq!(ascii_classes(r"\d{12}"), "[0-9]{12}");
        assert_eq!(ascii_classes(r"[\d_]+\.x"), r"[0-9_]+\.x");
        assert_eq!(ascii_classes(r"[^\s]+"), "[^ \\t\\n\\x0B\\f\\r]+");
        assert_eq!(ascii_classes(r"\\d"), r"\\d");
        assert_eq!(ascii_classes(r"[\s\S]+"), "[ \\t\\n\\x0B\\f\\r[^ \\t\\n\\x0B\\f\\r]]+");
        assert_eq!(show_map([("b", 2), ("a", 1)]), "{a=1, b=2}");
    }

    #[test]
    fn absorbing_skips_placeholder_members() {
        let mut inner = Violations::default();
        inner.push_at("role".into(), Some(String::new()), "x".into());
        inner.push_at("roleArn".into(), Some(String::new()), "y".into());
        inner.push_at("code.zipFile".into(), Some(String::new()), "z".into());
        let mut out = Violations::default();
        out.absorb_except(inner, &["role", "code"]);
        assert_eq!(out.items().len(), 1);
        assert_eq!(out.items()[0].path, "roleArn");
    }

    #[test]
    fn ranges_enums_and_redaction() {
        let mut v = Violations::strict();
        let root = Path::ROOT;
        v.int_range(&root.member("timeout"), 901, Some(1), Some(900));
        v.float_range(&root.member("weight"), 1.5, Some(0.0), Some(1.0));
        v.enum_value(&root.member("packageType"), "Tar", false, &["Zip", "Image"]);
        v.str_length(&root.member("secret"), "", Some(1), None, true);
        let items = v.items();
        assert_eq!(
            items[0].to_string(),
            "Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900"
        );
        assert_eq!(
            items[1].to_string(),
            "Value '1.5' at 'weight' failed to satisfy constraint: Member must have value less than or equal to 1.0"
        );
        assert_eq!(items[2].to_string(), "Value 'Tar' at 'packageType' failed to satisfy constraint: Member must satisfy enum value set: [Zip, Image]");
        assert_eq!(items[3].value.as_deref(), Some(REDACTED));
    }

    #[test]
    fn unknown_enum_values_pass_unless_strict() {
        let root = Path::ROOT;
        let mut lenient = Violations::default();
        lenient.enum_value(&root.member("runtime"), "python9.9", false, &["python3.13"]);
        assert!(lenient.items().is_empty(), "a client sends values it does not know as they are");
        let strict = Violations::strict();
        let mut key_checks = strict.child();
        key_checks.enum_value(&root.member("runtime"), "python9.9", false, &["python3.13"]);
        assert_eq!(key_checks.items().len(), 1, "a server rejects them, in nested checks too");
    }
}
