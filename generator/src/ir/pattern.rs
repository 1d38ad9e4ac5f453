//! The service's patterns, rewritten into what the runtime's engines match.
//!
//! The runtime matches with linear-time engines built without Unicode tables (`regex-lite` in a
//! client, `regex` in a server), so everything beyond them is settled here, once:
//! - `\d`, `\w` and `\s` become the ASCII classes Java means by them;
//! - Unicode classes and case-insensitive matching become explicit classes;
//! - a negative look-ahead at the start of a top-level alternative, or a negative look-behind
//!   at its end, becomes a second regex the value must not match;
//! - possessive repetition becomes plain repetition where the two match the same values.
//!
//! Anything else (other look-around, back-references, word boundaries) is refused with a
//! message naming the construct.

use fancy_regex::{Assertion, Expr, LookAround};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, HirKind};

/// A pattern as the runtime matches it: a value matches when one alternative accepts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoweredPattern {
    /// At least one.
    pub alternatives: Vec<LoweredAlternative>,
}

/// A value is accepted when it matches `regex` and none of `unless`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoweredAlternative {
    /// Anchored at both ends.
    pub regex: String,
    /// Anchored at both ends.
    pub unless: Vec<String>,
}

impl LoweredPattern {
    /// The one regex of a pattern that a single regex matches, with nothing to exclude.
    pub fn as_single(&self) -> Option<&str> {
        match self.alternatives.as_slice() {
            [only] if only.unless.is_empty() => Some(&only.regex),
            _ => None,
        }
    }

    /// Every regex the runtime compiles for this pattern.
    pub fn regexes(&self) -> impl Iterator<Item = &str> {
        self.alternatives
            .iter()
            .flat_map(|a| std::iter::once(a.regex.as_str()).chain(a.unless.iter().map(String::as_str)))
    }
}

/// Why a pattern cannot be matched by the runtime.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// Not a regex (the parser's message).
    #[error("it does not parse: {0}")]
    Syntax(String),
    /// A construct only a backtracking engine can match.
    #[error("it uses {0}, which no linear-time engine matches")]
    Unsupported(&'static str),
    /// Look-around the rewriting cannot express.
    #[error(
        "it uses {0}; look-around is supported only as a negative look-ahead at the start, or a \
         negative look-behind at the end, of a top-level alternative, or as `(?!C+$)` before a \
         final run of one character class"
    )]
    LookAround(&'static str),
    /// An atomic group that may match differently from plain repetition.
    #[error(
        "it uses possessive repetition or an atomic group where plain repetition could match \
         differently (supported: a repeated single character or class followed by a character it \
         cannot match, or by the end)"
    )]
    Atomic,
    /// `\b` and the like.
    #[error("it uses a word boundary, which the runtime's engines cannot match without Unicode tables")]
    WordBoundary,
    /// A runtime engine refuses the rewritten regex.
    #[error("its rewritten form {regex:?} does not compile with {engine}: {message}")]
    Engine {
        /// As rewritten.
        regex: String,
        /// `regex` or `regex-lite`.
        engine: &'static str,
        /// The engine's message.
        message: String,
    },
}

/// Rewrites `anchored` (`^(?:P)$`, in the service's dialect) for the runtime's engines, and
/// checks that both engines compile the result.
pub fn lower(anchored: &str) -> Result<LoweredPattern, PatternError> {
    let source = lambda_rt::validation::ascii_classes(anchored);
    let tree = Expr::parse_tree(&source).map_err(|e| PatternError::Syntax(e.to_string()))?;
    let lowered = if needs_rewriting(&tree.expr)? {
        let mut branches = Vec::new();
        whole_value_alternatives(&tree.expr, &mut branches);
        let alternatives = branches.into_iter().map(lower_alternative).collect::<Result<_, _>>()?;
        LoweredPattern { alternatives }
    } else {
        LoweredPattern { alternatives: vec![LoweredAlternative { regex: without_tables(source)?, unless: Vec::new() }] }
    };
    for regex in lowered.regexes() {
        compiles(regex)?;
    }
    Ok(lowered)
}

/// Whether the tree has look-around or atomic groups; refuses what cannot be rewritten at all.
fn needs_rewriting(expr: &Expr) -> Result<bool, PatternError> {
    let mut found = false;
    let mut pending = vec![expr];
    while let Some(e) = pending.pop() {
        match e {
            Expr::LookAround(inner, _) | Expr::AtomicGroup(inner) => {
                found = true;
                pending.push(inner);
            }
            Expr::Concat(items) | Expr::Alt(items) => pending.extend(items),
            Expr::Group(inner) | Expr::Repeat { child: inner, .. } => pending.push(inner),
            Expr::Backref(_) | Expr::BackrefExistsCondition(_) | Expr::Conditional { .. } => {
                return Err(PatternError::Unsupported("a back-reference"));
            }
            Expr::KeepOut => return Err(PatternError::Unsupported("`\\K`")),
            Expr::ContinueFromPreviousMatchEnd => return Err(PatternError::Unsupported("`\\G`")),
            _ => {}
        }
    }
    Ok(found)
}

/// The top-level alternatives of a whole-value pattern, each as its sequence of items. Groups
/// and the anchors around them are seen through: each alternative spans the whole value.
fn whole_value_alternatives<'a>(expr: &'a Expr, out: &mut Vec<Vec<&'a Expr>>) {
    match expr {
        Expr::Alt(items) => items.iter().for_each(|item| whole_value_alternatives(item, out)),
        Expr::Group(inner) => whole_value_alternatives(inner, out),
        Expr::Concat(items) => {
            let start = items.iter().take_while(|i| is_assertion(i, Assertion::StartText)).count();
            let end =
                items.len() - items[start..].iter().rev().take_while(|i| is_assertion(i, Assertion::EndText)).count();
            match &items[start..end] {
                [one @ (Expr::Alt(_) | Expr::Group(_) | Expr::Concat(_))] => whole_value_alternatives(one, out),
                _ => {
                    let mut flat = Vec::new();
                    flatten(expr, &mut flat);
                    out.push(flat);
                }
            }
        }
        other => out.push(vec![other]),
    }
}

/// A sequence with its nested sequences spliced in (capture groups do not matter to a match).
fn flatten<'a>(expr: &'a Expr, out: &mut Vec<&'a Expr>) {
    match expr {
        Expr::Concat(items) => items.iter().for_each(|item| flatten(item, out)),
        Expr::Group(inner) if !matches!(**inner, Expr::Alt(_)) => flatten(inner, out),
        other => out.push(other),
    }
}

fn is_assertion(expr: &Expr, which: Assertion) -> bool {
    matches!(expr, Expr::Assertion(a) if *a == which)
}

/// One alternative of the whole value, with its look-arounds rewritten.
fn lower_alternative(items: Vec<&Expr>) -> Result<LoweredAlternative, PatternError> {
    let mut unless = Vec::new();
    let mut regex = String::from("^(?:");
    print_sequence(&items, Follower::End, &mut regex, Some(&mut unless))?;
    regex.push_str(")$");
    let unless = unless.into_iter().map(without_tables).collect::<Result<_, _>>()?;
    Ok(LoweredAlternative { regex: without_tables(regex)?, unless })
}

fn is_zero_width(expr: &Expr) -> bool {
    matches!(expr, Expr::LookAround(..) | Expr::Assertion(Assertion::StartText | Assertion::EndText))
}

/// Prints a sequence, rewriting its negative look-arounds:
/// - `(?!C+$)` before a final `C'+` (or `C'*`), both one-character classes, becomes "`C'`
///   characters, at least one of them not in `C`", wherever the two end the value;
/// - otherwise, in a whole alternative (`unless` given), a negative look-ahead with only anchors
///   before it, or a negative look-behind with only anchors after it, becomes a regex the value
///   must not match.
fn print_sequence(
    items: &[&Expr],
    follower: Follower<'_>,
    buf: &mut String,
    mut unless: Option<&mut Vec<String>>,
) -> Result<(), PatternError> {
    let mut i = 0;
    while i < items.len() {
        let Expr::LookAround(inner, kind) = items[i] else {
            print(items[i], items.get(i + 1).map_or(follower, |next| Follower::Expr(next)), buf, 2)?;
            i += 1;
            continue;
        };
        let at_start = unless.is_some() && items[..i].iter().all(|e| is_zero_width(e));
        let at_end = matches!(follower, Follower::End) && items[i + 1..].iter().all(|e| is_zero_width(e));
        if *kind == LookAround::LookAheadNeg && i + 2 == items.len() && matches!(follower, Follower::End) {
            if let Some(run) = excluded_run(inner, items[i + 1], at_start)? {
                buf.push_str(&run);
                i += 2;
                continue;
            }
        }
        let mut text = String::new();
        match (kind, unless.as_deref_mut()) {
            (LookAround::LookAheadNeg, Some(unless)) if at_start => {
                text.push_str("^(?:");
                print(inner, Follower::Unknown, &mut text, 0)?;
                text.push_str(")(?s:.*)$");
                unless.push(text);
            }
            (LookAround::LookBehindNeg, Some(unless)) if at_end => {
                text.push_str("^(?s:.*)(?:");
                print(inner, Follower::End, &mut text, 0)?;
                text.push_str(")$");
                unless.push(text);
            }
            (LookAround::LookAhead | LookAround::LookBehind, _) => {
                return Err(PatternError::LookAround("a positive look-around"))
            }
            _ => return Err(PatternError::LookAround("a negative look-around away from the alternative's ends")),
        }
        i += 1;
    }
    Ok(())
}

/// `(?!C+$)` followed by `C'+` (or `C'*`) up to the end, as one regex: the `C'` characters with
/// at least one outside `C`. `None` when the two are not of that shape.
fn excluded_run(look: &Expr, next: &Expr, at_start: bool) -> Result<Option<String>, PatternError> {
    let mut inner = Vec::new();
    flatten(look, &mut inner);
    if at_start && inner.first().is_some_and(|e| is_assertion(e, Assertion::StartText)) {
        inner.remove(0);
    }
    let [Expr::Repeat { child: excluded, lo: 1, hi: usize::MAX, .. }, Expr::Assertion(Assertion::EndText)] = inner[..]
    else {
        return Ok(None);
    };
    let mut next = next;
    while let Expr::Group(inner) = next {
        next = inner;
    }
    let Expr::Repeat { child: allowed, lo: lo @ (0 | 1), hi: usize::MAX, greedy: true } = next else {
        return Ok(None);
    };
    let (Some(excluded), Some(allowed)) = (single_character_class(excluded)?, single_character_class(allowed)?) else {
        return Ok(None);
    };
    let mut required = allowed.clone();
    required.difference(&excluded);
    if required.ranges().is_empty() {
        return Ok(None);
    }
    let class = |c: ClassUnicode| regex_syntax::hir::Hir::class(Class::Unicode(c)).to_string();
    let allowed = class(allowed);
    let run = format!("(?:{allowed}*{}{allowed}*)", class(required));
    Ok(Some(if *lo == 0 { format!("(?:{run})?") } else { run }))
}

/// What comes right after an expression, as far as an atomic group's rewriting needs to know.
#[derive(Clone, Copy)]
enum Follower<'a> {
    End,
    Expr(&'a Expr),
    Unknown,
}

/// Writes `expr` back as regex syntax (precedence as in fancy-regex: 0 alternation, 1 branch,
/// 2 sequence item, 3 repeated atom); refuses look-around, which only the ends may hold.
fn print(expr: &Expr, follower: Follower<'_>, buf: &mut String, precedence: u8) -> Result<(), PatternError> {
    match expr {
        Expr::Concat(items) => {
            let open = precedence > 1;
            if open {
                buf.push_str("(?:");
            }
            print_sequence(&items.iter().collect::<Vec<_>>(), follower, buf, None)?;
            if open {
                buf.push(')');
            }
        }
        Expr::Alt(items) => {
            let open = precedence > 0;
            if open {
                buf.push_str("(?:");
            }
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    buf.push('|');
                }
                print(item, follower, buf, 1)?;
            }
            if open {
                buf.push(')');
            }
        }
        Expr::Group(inner) => {
            buf.push_str("(?:");
            print(inner, follower, buf, 0)?;
            buf.push(')');
        }
        Expr::Repeat { child, lo, hi, greedy } => {
            let open = precedence > 2;
            if open {
                buf.push_str("(?:");
            }
            // An optional item is followed by what follows the repetition; a repeated one
            // possibly by itself.
            print(child, if *hi <= 1 { follower } else { Follower::Unknown }, buf, 3)?;
            match (*lo, *hi) {
                (0, 1) => buf.push('?'),
                (0, usize::MAX) => buf.push('*'),
                (1, usize::MAX) => buf.push('+'),
                (lo, usize::MAX) => buf.push_str(&format!("{{{lo},}}")),
                (lo, hi) if lo == hi => buf.push_str(&format!("{{{lo}}}")),
                (lo, hi) => buf.push_str(&format!("{{{lo},{hi}}}")),
            }
            if !greedy {
                buf.push('?');
            }
            if open {
                buf.push(')');
            }
        }
        Expr::AtomicGroup(inner) => {
            if !atomic_is_plain(inner, follower)? {
                return Err(PatternError::Atomic);
            }
            print(inner, follower, buf, precedence)?;
        }
        Expr::LookAround(..) => print_sequence(&[expr], follower, buf, None)?,
        Expr::Assertion(
            Assertion::WordBoundary
            | Assertion::NotWordBoundary
            | Assertion::LeftWordBoundary
            | Assertion::RightWordBoundary,
        ) => return Err(PatternError::WordBoundary),
        Expr::Empty | Expr::Any { .. } | Expr::Literal { .. } | Expr::Assertion(_) | Expr::Delegate { .. } => {
            expr.to_str(buf, precedence)
        }
        Expr::Backref(_)
        | Expr::BackrefExistsCondition(_)
        | Expr::Conditional { .. }
        | Expr::KeepOut
        | Expr::ContinueFromPreviousMatchEnd => {
            return Err(PatternError::Unsupported("a back-reference or `\\K`/`\\G`"))
        }
    }
    Ok(())
}

/// Whether an atomic group matches what its contents match without it: true for a greedy
/// repetition of one character (or class) when what follows cannot start with a character the
/// repetition takes, as giving back characters could then never help the rest match.
fn atomic_is_plain(inner: &Expr, follower: Follower<'_>) -> Result<bool, PatternError> {
    let Expr::Repeat { child, greedy: true, .. } = inner else {
        return Ok(false);
    };
    let Some(taken) = single_character_class(child)? else {
        return Ok(false);
    };
    let next = match follower {
        Follower::End | Follower::Expr(Expr::Assertion(Assertion::EndText)) => return Ok(true),
        Follower::Expr(next) => single_character_class(first_item(next))?,
        Follower::Unknown => None,
    };
    Ok(next.is_some_and(|mut next| {
        next.intersect(&taken);
        next.ranges().is_empty()
    }))
}

fn first_item(expr: &Expr) -> &Expr {
    match expr {
        Expr::Concat(items) if !items.is_empty() => first_item(&items[0]),
        Expr::Group(inner) => first_item(inner),
        other => other,
    }
}

/// The characters a one-character expression matches (the first character, for a literal).
fn single_character_class(expr: &Expr) -> Result<Option<ClassUnicode>, PatternError> {
    let text = match expr {
        Expr::Literal { val, casei: false } => match val.chars().next() {
            Some(c) => return Ok(Some(ClassUnicode::new([ClassUnicodeRange::new(c, c)]))),
            None => return Ok(None),
        },
        Expr::Any { newline } => (if *newline { "(?s:.)" } else { "." }).to_string(),
        Expr::Delegate { inner, size: 1, casei: false } => inner.clone(),
        _ => return Ok(None),
    };
    let hir = regex_syntax::Parser::new().parse(&text).map_err(|e| PatternError::Syntax(e.to_string()))?;
    Ok(match hir.into_kind() {
        HirKind::Class(Class::Unicode(class)) => Some(class),
        HirKind::Literal(literal) => std::str::from_utf8(&literal.0)
            .ok()
            .and_then(|s| s.chars().next())
            .map(|c| ClassUnicode::new([ClassUnicodeRange::new(c, c)])),
        _ => None,
    })
}

/// `regex` without constructs that need Unicode tables at match time: Unicode classes and
/// case-insensitive matching are spelled out as explicit classes, as are nested classes and
/// class operations, which `regex-lite` lacks (by printing the parsed pattern, which resolves
/// them all); a word boundary is refused.
fn without_tables(regex: String) -> Result<String, PatternError> {
    let ast = regex_syntax::ast::parse::Parser::new().parse(&regex).map_err(|e| PatternError::Syntax(e.to_string()))?;
    match tables_needed(&ast) {
        None => Ok(regex),
        Some(Tables::WordBoundary) => Err(PatternError::WordBoundary),
        Some(Tables::Classes) => {
            let hir = regex_syntax::hir::translate::Translator::new()
                .translate(&regex, &ast)
                .map_err(|e| PatternError::Syntax(e.to_string()))?;
            Ok(hir.to_string())
        }
    }
}

enum Tables {
    Classes,
    WordBoundary,
}

/// What in a parsed pattern would need Unicode tables at match time.
fn tables_needed(ast: &regex_syntax::ast::Ast) -> Option<Tables> {
    use regex_syntax::ast::{self, Ast, ClassSetItem};
    struct Finder(Option<Tables>);
    impl ast::Visitor for Finder {
        type Output = Option<Tables>;
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
            match node {
                Ast::Assertion(a)
                    if !matches!(
                        a.kind,
                        ast::AssertionKind::StartLine
                            | ast::AssertionKind::EndLine
                            | ast::AssertionKind::StartText
                            | ast::AssertionKind::EndText
                    ) =>
                {
                    self.0 = Some(Tables::WordBoundary)
                }
                Ast::ClassUnicode(_) | Ast::ClassPerl(_) => {
                    self.0.get_or_insert(Tables::Classes);
                }
                _ if flags.and_then(|f| f.flag_state(ast::Flag::CaseInsensitive)) == Some(true) => {
                    self.0.get_or_insert(Tables::Classes);
                }
                _ => {}
            }
            Ok(())
        }
        fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), ()> {
            // regex-lite has no nested classes either, which `ascii_classes` makes of `[\S]`.
            if matches!(item, ClassSetItem::Unicode(_) | ClassSetItem::Perl(_) | ClassSetItem::Bracketed(_)) {
                self.0.get_or_insert(Tables::Classes);
            }
            Ok(())
        }
        fn visit_class_set_binary_op_pre(&mut self, _: &ast::ClassSetBinaryOp) -> Result<(), ()> {
            self.0.get_or_insert(Tables::Classes);
            Ok(())
        }
    }
    ast::visit(ast, Finder(None)).ok().flatten()
}

/// Both of the runtime's engines compile `regex`. `regex-lite` has no Unicode tables in any
/// build, so it also proves none are needed.
fn compiles(regex: &str) -> Result<(), PatternError> {
    let failed = |engine, message: String| PatternError::Engine { regex: regex.to_string(), engine, message };
    regex_lite::Regex::new(regex).map_err(|e| failed("regex-lite", e.to_string()))?;
    regex::Regex::new(regex).map_err(|e| failed("regex", e.to_string()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lowered pattern compiled by both runtime engines.
    struct Both(Vec<(regex_lite::Regex, Vec<regex_lite::Regex>, regex::Regex, Vec<regex::Regex>)>);

    impl Both {
        fn new(lowered: &LoweredPattern) -> Both {
            let lite = |r: &str| regex_lite::Regex::new(r).unwrap();
            let full = |r: &str| regex::Regex::new(r).unwrap();
            Both(
                lowered
                    .alternatives
                    .iter()
                    .map(|a| {
                        let lite_unless = a.unless.iter().map(|u| lite(u)).collect();
                        (lite(&a.regex), lite_unless, full(&a.regex), a.unless.iter().map(|u| full(u)).collect())
                    })
                    .collect(),
            )
        }

        /// Whether the pattern accepts `value`, by each engine (which must agree).
        fn accepts(&self, value: &str) -> bool {
            let by_lite =
                self.0.iter().any(|(r, unless, ..)| r.is_match(value) && !unless.iter().any(|u| u.is_match(value)));
            let by_regex =
                self.0.iter().any(|(.., r, unless)| r.is_match(value) && !unless.iter().any(|u| u.is_match(value)));
            assert_eq!(by_lite, by_regex, "the engines disagree on {value:?}");
            by_lite
        }
    }

    fn accepts(lowered: &LoweredPattern, value: &str) -> bool {
        Both::new(lowered).accepts(value)
    }

    /// The service's reading of the pattern: a backtracking engine with look-around, on the
    /// pattern with Java's ASCII classes.
    fn oracle(anchored: &str) -> fancy_regex::Regex {
        fancy_regex::Regex::new(&lambda_rt::validation::ascii_classes(anchored)).unwrap()
    }

    #[test]
    fn rewritten_patterns_match_what_the_service_patterns_match() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            ("(?![0-9]+$)([a-zA-Z0-9-_-]+)", &["live", "v2"], &["123", "a.b"]),
            ("(^\\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))", &["$LATEST", "prod"], &["42", "$LATE"]),
            ("(^(?!(system\\x2e)))(^[_a-zA-Z0-9])([^\\$]*)", &["x", "_é ü", "systems"], &["system.x", "a$", "-x"]),
            ("^[0-9A-Za-z\\.\\-_]*(?<!\\.)$", &["", "a.b", "x-1"], &["a."]),
            ("arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]++:.*", &["arn:aws:s3:x", "arn::a.b:"], &["arn:aws:S3:x", "arn:aws::"]),
            (".*", &["", "日本語"], &["a\nb"]),
            ("([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)", &["", "日本 語 ٣", "a=b"], &["a\tb", "é$"]),
            ("(?!aws:)[\\p{Lu}\\pN]+", &["ÉA1"], &["é", "aws:X"]),
            ("(?i:abc)|x", &["aBc", "x"], &["X", "ab"]),
            ("[^\\s]+", &["ab", "é"], &["a b", ""]),
            ("[\\s\\S]+", &["a\nb", "日本"], &[""]),
            ("[\\Da]", &["a", "é"], &["1"]),
            ("\\S+\\d{2}\\w", &["é12_"], &["é1٢_"]),
            ("[\\x20-\\x7E]{1,3}", &["a b"], &["é", "abcd"]),
        ];
        for (display, matching, other) in cases {
            let anchored = format!("^(?:{display})$");
            let lowered = lower(&anchored).unwrap_or_else(|e| panic!("{display}: {e}"));
            let oracle = oracle(&anchored);
            for v in *matching {
                assert!(oracle.is_match(v).unwrap(), "case error: {display} should match {v:?}");
                assert!(accepts(&lowered, v), "{display} should match {v:?}: {lowered:?}");
            }
            for v in *other {
                assert!(!oracle.is_match(v).unwrap(), "case error: {display} should not match {v:?}");
                assert!(!accepts(&lowered, v), "{display} should not match {v:?}: {lowered:?}");
            }
        }
    }

    #[test]
    fn plain_patterns_are_kept_as_written_once_shorthand_classes_are_ascii() {
        let lowered = lower(r"^(?:\d{12}|\*)$").unwrap();
        assert_eq!(lowered.as_single(), Some(r"^(?:[0-9]{12}|\*)$"));
        let lowered = lower(r"^(?:(?!^[0-9]+$)([a-zA-Z0-9-_]+))$").unwrap();
        // "Not all digits" becomes "at least one character that is not a digit".
        assert_eq!(lowered.as_single(), Some(r"^(?:(?:[\-0-9A-Z_a-z]*[\-A-Z_a-z][\-0-9A-Z_a-z]*))$"));
        let lowered = lower(r"^(?:(^(?!(system\x2e)))(^[_a-zA-Z0-9])([^\$]*))$").unwrap();
        assert_eq!(
            lowered.alternatives,
            [LoweredAlternative {
                regex: r"^(?:^^[_a-zA-Z0-9][^\$]*)$".to_string(),
                unless: vec![r"^(?:(?:system\.))(?s:.*)$".to_string()]
            }]
        );
    }

    #[test]
    fn what_cannot_be_rewritten_is_refused_with_the_construct() {
        for (pattern, expected) in [
            (r"^(?:a(?!b)c)$", PatternError::LookAround("a negative look-around away from the alternative's ends")),
            (r"^(?:(?=a)\w+)$", PatternError::LookAround("a positive look-around")),
            (r"^(?:x(a(?!b))*)$", PatternError::LookAround("a negative look-around away from the alternative's ends")),
            (r"^(?:(a)\1)$", PatternError::Unsupported("a back-reference")),
            (r"^(?:[a-z]++[a-c])$", PatternError::Atomic),
            (r"^(?:(?>ab|a)b)$", PatternError::Atomic),
            (r"^(?:\bword)$", PatternError::WordBoundary),
            (r"^(?:(?!x)\bword)$", PatternError::WordBoundary),
        ] {
            assert_eq!(lower(pattern), Err(expected), "{pattern}");
        }
        assert!(matches!(lower("^(?:([a-z)$"), Err(PatternError::Syntax(_))));
        let message = lower(r"^(?:[a-z]++[a-c])$").unwrap_err().to_string();
        assert!(message.starts_with("it uses possessive repetition"), "{message}");
    }

    /// Every pattern of the spec, on values made of its own characters and a few others: the
    /// rewritten form (by both engines) says what the service's form says.
    #[test]
    fn every_spec_pattern_agrees_with_its_service_form_on_many_values() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/lambda-2015-03-31.openapi.json");
        let spec: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut patterns = std::collections::BTreeSet::new();
        let mut pending = vec![&spec];
        while let Some(node) = pending.pop() {
            match node {
                serde_json::Value::Object(map) => {
                    patterns.extend(map.get("pattern").and_then(|p| p.as_str()));
                    pending.extend(map.values());
                }
                serde_json::Value::Array(items) => pending.extend(items),
                _ => {}
            }
        }
        assert!(patterns.len() > 50, "{} patterns", patterns.len());
        // A small deterministic generator (xorshift), so failures repeat.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut accepted, mut refused) = (0, 0);
        for anchored in &patterns {
            let lowered = lower(anchored).unwrap_or_else(|e| panic!("{anchored}: {e}"));
            let both = Both::new(&lowered);
            let oracle = oracle(anchored);
            let mut alphabet: Vec<char> = anchored.chars().filter(|c| !"^()?:$|".contains(*c)).collect();
            alphabet.extend(['0', '9', 'a', 'Z', '.', ':', '-', '_', '$', ' ', '\n', 'é']);
            let mut values: Vec<String> = vec![String::new()];
            // Values the pattern accepts are rare among random ones: start from its literal
            // skeleton (the pattern with its syntax removed) and mutate it.
            let skeleton: String =
                anchored.chars().filter(|c| c.is_ascii_alphanumeric() || ":-/".contains(*c)).collect();
            for _ in 0..400 {
                let mut v: Vec<char> = if next(2) == 0 { skeleton.chars().collect() } else { Vec::new() };
                for _ in 0..next(24) {
                    let c = alphabet[next(alphabet.len())];
                    if v.is_empty() || next(3) > 0 {
                        v.push(c);
                    } else {
                        let at = next(v.len());
                        v[at] = c;
                    }
                }
                values.push(v.into_iter().collect());
            }
            values.extend(
                ["my-function", "123", "$LATEST", "arn:aws:lambda:us-east-1:123456789012:function:f:1"]
                    .map(String::from),
            );
            for v in &values {
                let expected = oracle.is_match(v).unwrap();
                assert_eq!(both.accepts(v), expected, "{anchored} on {v:?}: {lowered:?}");
                if expected {
                    accepted += 1;
                } else {
                    refused += 1;
                }
            }
        }
        // The values exercise both answers, or the agreement says little.
        assert!(accepted > 1000 && refused > 1000, "{accepted} accepted, {refused} refused");
        eprintln!("{} patterns: {accepted} values accepted, {refused} refused", patterns.len());
    }
}
