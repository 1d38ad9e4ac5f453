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
    /// A value the backtracking engine gives up on is not called a mismatch: it is refused
    /// with a violation that says the pattern could not be checked.
    pub fn pattern(&mut self, path: &Path<'_>, value: &str, pattern: &Pattern, sensitive: bool) {
        match pattern.check(value) {
            Ok(true) => {}
            Ok(false) => self.push(
                path,
                Some(shown(value, sensitive)),
                format!("Member must satisfy regular expression pattern: {}", pattern.display()),
            ),
            Err(PatternLimit) => self.push(
                path,
                Some(shown(value, sensitive)),
                format!(
                    "Member could not be checked against regular expression pattern: {} (the value exceeds the \
                     pattern engine's limits)",
                    pattern.display()
                ),
            ),
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

/// A whole-value regular expression, compiled on first use and then shared by the process.
pub struct Pattern {
    anchored: &'static str,
    display: &'static str,
    compiled: OnceLock<Compiled>,
}

enum Compiled {
    Plain(regex::Regex),
    // Only for the few service patterns that need look-around.
    Backtracking(fancy_regex::Regex),
    Invalid,
}

impl Pattern {
    /// `anchored` is the pattern as matched (`^(?:P)$`); `display` is `P`, as messages show it.
    pub const fn new(anchored: &'static str, display: &'static str) -> Self {
        Pattern { anchored, display, compiled: OnceLock::new() }
    }

    /// The service's form of the pattern, as messages show it.
    pub fn display(&self) -> &'static str {
        self.display
    }

    /// Whether the whole of `value` matches. A pattern that fails to compile matches nothing
    /// (the generator rejects such specs, so this is only a guard).
    /// A value the engine gives up on does not match.
    pub fn is_match(&self, value: &str) -> bool {
        self.check(value).unwrap_or(false)
    }

    /// Whether the whole of `value` matches, or [`PatternLimit`] when the backtracking engine
    /// (used only for patterns with look-around) gives up before it knows.
    pub fn check(&self, value: &str) -> Result<bool, PatternLimit> {
        self.compiled.get_or_init(|| compile(self.anchored)).check(value)
    }
}

impl Compiled {
    fn check(&self, value: &str) -> Result<bool, PatternLimit> {
        match self {
            Compiled::Plain(r) => Ok(r.is_match(value)),
            Compiled::Backtracking(r) => r.is_match(value).map_err(|_| PatternLimit),
            Compiled::Invalid => Ok(false),
        }
    }
}

/// The backtracking engine reached its limit before it could tell whether a value matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PatternLimit;

impl fmt::Display for PatternLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the value exceeds the pattern engine's backtracking limit")
    }
}

impl std::error::Error for PatternLimit {}

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

/// Compiles a pattern with the engine the runtime will use for it; the generator calls this
/// to reject specs whose patterns would not compile.
pub fn check_pattern(anchored: &str) -> Result<(), String> {
    pattern_engine(anchored)?;
    match compile(anchored) {
        Compiled::Invalid => Err(format!("{anchored} does not compile with the runtime's regex engines")),
        _ => Ok(()),
    }
}

/// Checks that a pattern compiles and tells which engine it needs: `Ok(false)` the linear-time
/// one, `Ok(true)` the backtracking one (look-around, backreferences). For the generator,
/// which checks every pattern of a spec on each run: it parses the pattern instead of
/// building a matcher, which costs far more.
pub fn pattern_engine(anchored: &str) -> Result<bool, String> {
    let anchored = ascii_classes(anchored);
    // Asked first, from the syntax alone, so the answer does not depend on whether this build
    // has the tables (the generator's does).
    if let Some(what) = needs_unicode_tables(&anchored) {
        return Err(format!(
            "it uses {what}, which needs the Unicode tables the runtime's regex engines are built without"
        ));
    }
    match regex_syntax::Parser::new().parse(&anchored) {
        Ok(_) => Ok(false),
        Err(plain) => {
            fancy_regex::Regex::new(&anchored).map(|_| true).map_err(|e| format!("{plain}; backtracking engine: {e}"))
        }
    }
}

/// The first construct of a pattern (after [`ascii_classes`]) that needs Unicode tables:
/// Unicode classes, Perl classes left in Unicode mode, case-insensitive matching or word
/// boundaries. The runtime's engines are built without the tables to keep clients small, so a
/// pattern with one of these would fail to compile there, though a build with the tables (the
/// generator's) accepts it.
fn needs_unicode_tables(pattern: &str) -> Option<&'static str> {
    if let Ok(parsed) = regex_syntax::ast::parse::Parser::new().parse(pattern) {
        return ast_needs_unicode_tables(&parsed);
    }
    let tree = fancy_regex::Expr::parse_tree(pattern).ok()?;
    let mut pending = vec![&tree.expr];
    while let Some(expr) = pending.pop() {
        use fancy_regex::Expr;
        match expr {
            Expr::Literal { casei: true, .. } | Expr::Delegate { casei: true, .. } => {
                return Some("case-insensitive matching");
            }
            Expr::Delegate { inner, .. } => {
                let parsed = regex_syntax::ast::parse::Parser::new().parse(inner).ok();
                if let Some(what) = parsed.as_ref().and_then(ast_needs_unicode_tables) {
                    return Some(what);
                }
            }
            Expr::Assertion(
                fancy_regex::Assertion::WordBoundary
                | fancy_regex::Assertion::NotWordBoundary
                | fancy_regex::Assertion::LeftWordBoundary
                | fancy_regex::Assertion::RightWordBoundary,
            ) => {
                return Some("a word boundary");
            }
            Expr::Concat(items) | Expr::Alt(items) => pending.extend(items),
            Expr::Group(inner) | Expr::LookAround(inner, _) | Expr::AtomicGroup(inner) => pending.push(inner),
            Expr::Repeat { child, .. } => pending.push(child),
            Expr::Conditional { condition, true_branch, false_branch } => {
                pending.extend([&**condition, &**true_branch, &**false_branch])
            }
            _ => {}
        }
    }
    None
}

const OTHER_UNICODE_CLASS: &str = "a Unicode class other than a general category (`\\p{L}` and the like)";

/// General categories (`\p{L}`, `\p{Lu}`, ...) are the one kind of Unicode class the service's
/// patterns use (tag keys and values), so their table is the one the runtime builds.
fn is_general_category(kind: &regex_syntax::ast::ClassUnicodeKind) -> bool {
    const CATEGORIES: [&str; 38] = [
        "C", "Cc", "Cf", "Cn", "Co", "Cs", "L", "LC", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd",
        "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
    ];
    match kind {
        regex_syntax::ast::ClassUnicodeKind::OneLetter(c) => "CLMNPSZ".contains(*c),
        regex_syntax::ast::ClassUnicodeKind::Named(name) => CATEGORIES.contains(&name.as_str()),
        regex_syntax::ast::ClassUnicodeKind::NamedValue { .. } => false,
    }
}

fn ast_needs_unicode_tables(parsed: &regex_syntax::ast::Ast) -> Option<&'static str> {
    use regex_syntax::ast::{self, Ast, ClassSetItem};
    struct Finder(Option<&'static str>);
    impl ast::Visitor for Finder {
        type Output = Option<&'static str>;
        type Err = ();
        fn finish(self) -> Result<Self::Output, ()> {
            Ok(self.0)
        }
        fn visit_pre(&mut self, node: &Ast) -> Result<(), ()> {
            let flags = match node {
                Ast::Flags(set) => Some(&set.flags),
                Ast::Group(g) => match &g.kind {
                    ast::GroupKind::NonCapturing(flags) => Some(flags),
                    _ => None,
                },
                _ => None,
            };
            let found = match node {
                Ast::ClassUnicode(c) if !is_general_category(&c.kind) => Some(OTHER_UNICODE_CLASS),
                Ast::ClassPerl(_) => Some("a Perl class"),
                Ast::Assertion(a)
                    if !matches!(
                        a.kind,
                        ast::AssertionKind::StartLine
                            | ast::AssertionKind::EndLine
                            | ast::AssertionKind::StartText
                            | ast::AssertionKind::EndText
                    ) =>
                {
                    Some("a word boundary")
                }
                _ if flags.and_then(|f| f.flag_state(ast::Flag::CaseInsensitive)) == Some(true) => {
                    Some("case-insensitive matching")
                }
                _ => None,
            };
            self.0 = self.0.or(found);
            Ok(())
        }
        fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), ()> {
            let found = match item {
                ClassSetItem::Unicode(c) if !is_general_category(&c.kind) => Some(OTHER_UNICODE_CLASS),
                ClassSetItem::Perl(_) => Some("a Perl class"),
                _ => None,
            };
            self.0 = self.0.or(found);
            Ok(())
        }
    }
    ast::visit(parsed, Finder(None)).ok().flatten()
}

fn compile(anchored: &str) -> Compiled {
    let anchored = ascii_classes(anchored);
    match regex::Regex::new(&anchored) {
        Ok(r) => Compiled::Plain(r),
        Err(_) => match fancy_regex::Regex::new(&anchored) {
            Ok(r) => Compiled::Backtracking(r),
            Err(_) => Compiled::Invalid,
        },
    }
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
    fn a_value_the_backtracking_engine_gives_up_on_is_not_called_a_mismatch() {
        // S3Bucket's pattern needs look-behind; a megabyte of digits exhausts the backtracking
        // engine, yet every character is allowed and the value does not end in a dot.
        static BUCKET: Pattern = Pattern::new("^(?:[0-9A-Za-z\\.\\-_]*(?<!\\.))$", "[0-9A-Za-z\\.\\-_]*(?<!\\.)");
        assert_eq!(BUCKET.check("my-bucket"), Ok(true));
        assert_eq!(BUCKET.check("my-bucket."), Ok(false));
        let huge = "1".repeat(1 << 20);
        assert_eq!(BUCKET.check(&huge), Err(PatternLimit));
        let mut v = Violations::default();
        v.pattern(&Path::ROOT.member("s3Bucket"), &huge, &BUCKET, true);
        assert_eq!(v.items().len(), 1);
        let c = &v.items()[0].constraint;
        assert!(c.starts_with("Member could not be checked against regular expression pattern"), "{c}");
        assert!(!c.starts_with("Member must satisfy"), "{c}");
    }

    #[test]
    fn patterns_match_whole_value_and_support_lookaround() {
        static P: Pattern = Pattern::new("^(?:[a-z]+)$", "[a-z]+");
        assert!(P.is_match("abc"));
        assert!(!P.is_match("abc1"));
        static L: Pattern = Pattern::new("^(?:(?!^[0-9]+$)([a-zA-Z0-9-_]+))$", "(?!^[0-9]+$)([a-zA-Z0-9-_]+)");
        assert!(L.is_match("live"));
        assert!(!L.is_match("123"));
        let mut v = Violations::default();
        v.pattern(&Path::ROOT.member("name"), "123", &L, false);
        assert_eq!(
            v.items()[0].constraint,
            "Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)"
        );
        assert!(check_pattern("([a-z").is_err());
    }

    /// The runtime's regex engines are built without Unicode tables (see Cargo.toml); run alone
    /// (`cargo test -p lambda-rt`), so the workspace's other crates do not turn them back on,
    /// this shows every kind of construct the service's patterns use still compiles and matches
    /// any Unicode text where the service does.
    #[test]
    fn service_pattern_shapes_work_without_unicode_tables() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("(?![0-9]+$)([a-zA-Z0-9-_-]+)", &["live", "v2"], &["123", "a.b"]),
            ("(^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))", &["$LATEST", "prod"], &["42", "$LATE"]),
            ("(^(?!(system\\x2e)))(^[_a-zA-Z0-9])([^\\$]*)", &["x", "_é ü", "systems"], &["system.x", "a$", "-x"]),
            ("^[0-9A-Za-z\\.\\-_]*(?<!\\.)$", &["", "a.b", "x-1"], &["a."]),
            (".*", &["", "日本語"], &["a\nb"]),
            ("([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)", &["", "日本 語 ٣", "a=b"], &["a\tb", "é$"]),
            ("(?!aws:)[\\p{Lu}\\pN]+", &["ÉA1"], &["é", "aws:X"]),
            ("[^\\s]+", &["ab", "é"], &["a b", ""]),
            ("[\\s\\S]+", &["a\nb", "日本"], &[""]),
            ("[\\Da]", &["a", "é"], &["1"]),
            ("\\S+\\d{2}\\w", &["é12_"], &["é1٢_"]),
            ("[\\x20-\\x7E]{1,3}", &["a b"], &["é", "abcd"]),
        ];
        for (display, matching, other) in cases {
            let anchored = format!("^(?:{display})$");
            assert_eq!(check_pattern(&anchored), Ok(()), "{display}");
            assert_eq!(pattern_engine(&anchored), Ok(display.contains("(?")), "{display}");
            let compiled = compile(&anchored);
            assert!(!matches!(compiled, Compiled::Invalid), "{display} does not compile");
            let is_match = |v: &str| compiled.check(v).unwrap_or(false);
            for v in *matching {
                assert!(is_match(v), "{display} should match {v:?}");
            }
            for v in *other {
                assert!(!is_match(v), "{display} should not match {v:?}");
            }
        }
    }

    #[test]
    fn patterns_needing_unicode_tables_are_refused_with_the_construct() {
        for (pattern, what) in [
            (r"^(?:\p{Greek}+)$", "a Unicode class other"),
            (r"^(?:[\p{Alphabetic}_]+)$", "a Unicode class other"),
            (r"^(?:\p{sc=Latin})$", "a Unicode class other"),
            (r"^(?:(?i)abc)$", "case-insensitive matching"),
            (r"^(?:(?i:ab)c)$", "case-insensitive matching"),
            (r"^(?:\bword)$", "a word boundary"),
            (r"^(?:(?!x)\p{Greek})$", "a Unicode class other"),
            (r"^(?:(?!x)(?i)abc)$", "case-insensitive matching"),
        ] {
            let err = pattern_engine(pattern).expect_err(pattern);
            assert!(err.starts_with(&format!("it uses {what}")), "{pattern}: {err}");
            assert_eq!(check_pattern(pattern), Err(err), "{pattern}");
        }
        assert_eq!(pattern_engine(r"^(?:(?-i)a(?s:.)\d)$"), Ok(false));
    }

    #[test]
    fn shorthand_classes_are_ascii_as_in_java() {
        assert_eq!(ascii_classes(r"\d{12}"), "[0-9]{12}");
        assert_eq!(ascii_classes(r"[\d_]+\.x"), r"[0-9_]+\.x");
        assert_eq!(ascii_classes(r"[^\s]+"), "[^ \\t\\n\\x0B\\f\\r]+");
        assert_eq!(ascii_classes(r"\\d"), r"\\d");
        assert_eq!(ascii_classes(r"[\s\S]+"), "[ \\t\\n\\x0B\\f\\r[^ \\t\\n\\x0B\\f\\r]]+");
        static ACCOUNT: Pattern = Pattern::new("^(?:\\d{12})$", "\\d{12}");
        assert!(ACCOUNT.is_match("123456789012"));
        assert!(!ACCOUNT.is_match("١٢٣٤٥٦٧٨٩٠١٢"));
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
