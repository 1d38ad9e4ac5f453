//! Reads `spec/ERRATA.md` and decides which findings a row explains.
//!
//! A row explains a finding when all of these hold:
//! 1. **Unit**: the finding's operation or data type is named in the row's first column
//!    (before the first comma, or any operation name after it: `A and B, Member`, `A / B, M`,
//!    `A, B, Member` all name two units).
//! 2. **Place**: for a finding about a member, the member is named in the first column after the
//!    unit (`FunctionName`, `Topics items`, `SigningJobArn and SigningProfileVersionArn`); a
//!    missing or extra member, error or JSON key may instead be quoted exactly in the
//!    'Reference says' / 'Spec says' column (rows that rename a member). Findings about the
//!    request line need `request line`/`request syntax`/`path`, status findings `status`,
//!    error findings `error`.
//! 3. **Side**: when the first column says `response`, only response findings match; when it
//!    says `request`, `path`, `query` or `header` (and not `response`), only request findings.
//! 4. **Reference text**: when the reference states something, one of the row's code spans in
//!    'Reference says' is that literal text (`\|` read as `|`; whitespace runs and backticks
//!    are not significant; a long literal may also be part of a longer span, as for a request
//!    line quoted with `HTTP/1.1`).
//! 5. **Spec text**: when the spec states something, one of the code spans in 'Spec says' is
//!    the spec's value. A row therefore stops explaining a difference as soon as the spec
//!    changes to something the row does not describe.

use super::compare::{Finding, Side, Topic};
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// One row of the errata table.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line in ERRATA.md and the first column as written (for diagnostics).
    #[allow(dead_code)]
    pub line: usize,
    #[allow(dead_code)]
    pub location: String,
    pub targets: Vec<String>,
    pub members: Vec<String>,
    /// Lower-cased first column, for keyword checks.
    words: String,
    pub reference_spans: Vec<String>,
    pub spec_spans: Vec<String>,
}

/// Reads the table rows. `operations` and `data_types` are the unit names a row may name.
pub fn parse(text: &str, operations: &HashSet<String>, data_types: &HashSet<String>) -> Vec<Row> {
    static IDENT: OnceLock<Regex> = OnceLock::new();
    let ident = IDENT.get_or_init(|| Regex::new(r"[A-Za-z][A-Za-z0-9_]*").expect("regex"));
    let mut rows = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if !t.starts_with('|') || is_separator(t) {
            continue;
        }
        // The header row is the one followed by the separator.
        if lines.get(i + 1).is_some_and(|n| is_separator(n.trim())) {
            continue;
        }
        let cells = split_cells(t);
        if cells.len() < 3 {
            continue;
        }
        let location = cells[0].clone();
        // Code spans in the location column (`tagKeys`) are no member names.
        let plain_location = code_spans(&location).iter().fold(location.clone(), |acc, s| acc.replace(s.as_str(), " "));
        let (left, right) = plain_location.split_once(',').unwrap_or((plain_location.as_str(), ""));
        let mut targets = Vec::new();
        let mut members = Vec::new();
        for m in ident.find_iter(left) {
            let w = m.as_str();
            if operations.contains(w) || data_types.contains(w) {
                targets.push(w.to_string());
            }
        }
        for m in ident.find_iter(right) {
            let w = m.as_str();
            if operations.contains(w) {
                targets.push(w.to_string());
            } else if w.starts_with(|c: char| c.is_ascii_uppercase()) {
                members.push(w.to_string());
            }
        }
        let spans = |cell: &str| {
            let s = code_spans(cell);
            if s.is_empty() {
                vec![unescape(cell)]
            } else {
                s
            }
        };
        rows.push(Row {
            line: i + 1,
            words: location.to_lowercase(),
            location,
            targets,
            members,
            reference_spans: spans(&cells[1]),
            spec_spans: spans(&cells[2]),
        });
    }
    rows
}

fn is_separator(t: &str) -> bool {
    t.starts_with('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Splits a table row on `|` not escaped as `\|`.
fn split_cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('\\');
                cur.push('|');
                chars.next();
            }
            '|' => {
                cells.push(cur.trim().to_string());
                cur.clear();
            }
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        cells.push(cur.trim().to_string());
    }
    // Drop the empty cell before the leading `|`.
    if cells.first().is_some_and(|c| c.is_empty()) {
        cells.remove(0);
    }
    cells
}

fn unescape(s: &str) -> String {
    s.replace("\\|", "|")
}

/// Contents of the Markdown code spans in a cell (single or multiple backtick delimiters),
/// with `\|` read as `|`.
pub fn code_spans(cell: &str) -> Vec<String> {
    let b: Vec<char> = cell.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != '`' {
            i += 1;
            continue;
        }
        let mut n = 0;
        while i + n < b.len() && b[i + n] == '`' {
            n += 1;
        }
        let start = i + n;
        // Find a closing run of exactly n backticks.
        let mut j = start;
        let mut close = None;
        while j < b.len() {
            if b[j] == '`' {
                let mut m = 0;
                while j + m < b.len() && b[j + m] == '`' {
                    m += 1;
                }
                if m == n {
                    close = Some(j);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                let mut content: String = b[start..end].iter().collect();
                if content.len() >= 2
                    && content.starts_with(' ')
                    && content.ends_with(' ')
                    && !content.trim().is_empty()
                {
                    content = content[1..content.len() - 1].to_string();
                }
                out.push(unescape(&content));
                i = end + n;
            }
            None => i = start,
        }
    }
    out
}

/// Whitespace runs and backticks are not significant when comparing quoted text.
fn norm(s: &str) -> String {
    s.replace('`', "").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn literal_matches(spans: &[String], literals: &[String]) -> bool {
    spans.iter().any(|span| {
        let span = norm(span);
        literals.iter().any(|lit| {
            let lit = norm(lit);
            !lit.is_empty() && (span == lit || (lit.chars().count() >= 16 && span.contains(&lit)))
        })
    })
}

impl Row {
    fn names_member(&self, member: &str) -> bool {
        self.members.iter().any(|m| m == member)
    }

    fn has(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Whether this row explains the finding (see the module documentation).
    pub fn explains(&self, f: &Finding) -> bool {
        if !self.targets.contains(&f.target) {
            return false;
        }
        let member = f.member.as_deref().unwrap_or("");
        let quoted_ref = |m: &str| self.reference_spans.iter().any(|s| norm(s) == m || norm(s) == format!("\"{m}\""));
        let quoted_spec = |m: &str| self.spec_spans.iter().any(|s| norm(s) == m);
        let place = match f.topic {
            t if t.is_member_level() => self.names_member(member),
            Topic::MissingMember | Topic::SyntaxKey => self.names_member(member) || quoted_ref(member),
            Topic::ExtraMember => self.names_member(member) || quoted_spec(member),
            Topic::MissingError | Topic::ExtraError | Topic::ErrorStatus => {
                self.has("error") || self.names_member(member) || quoted_ref(member) || quoted_spec(member)
            }
            Topic::Method | Topic::Path | Topic::QueryConstant => {
                self.has("request line") || self.has("request syntax") || self.has("path")
            }
            Topic::SuccessStatus | Topic::StatusMember | Topic::StatusValues => self.has("status"),
            Topic::MissingOperation | Topic::ExtraOperation | Topic::UnparsedOperation => {
                self.members.is_empty() && self.has("operation")
            }
            Topic::MissingDataType | Topic::UnparsedDataType => self.members.is_empty() && self.has("data type"),
            _ => false,
        };
        if !place {
            return false;
        }
        let says_response = self.has("response");
        let says_request = self.has("request") || self.has("path") || self.has("query") || self.has("header");
        let side_ok = match f.side {
            Side::Request => !says_response || says_request,
            Side::Response => says_response || !says_request,
            _ => true,
        };
        if !side_ok {
            return false;
        }
        if !f.reference.is_empty() && !literal_matches(&self.reference_spans, &f.reference) {
            return false;
        }
        if !f.spec.is_empty() && !literal_matches(&self.spec_spans, &f.spec) {
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ERRATA: &str = r#"# Errata

| Where (operation or data type, member) | Reference says | Spec says | Why |
|---|---|---|---|
| CreateAlias, FunctionName (path) | `a\|b+` | `a\|[bc]+` | damage |
| GetThing response, Name | `` (`x`)+ `` | `(x)+` | backticks |
| CreateFunction, errors | `FooExcep^{tion}` | `FooException` (404) | superscript |
| GetLayer, response member CreatedDate | `CreateDate` (JSON block and member list) | `CreatedDate` | typo |
| ListLayers, MaxItems | request line `...&Marker=Marker` (no MaxItems) | query parameter `MaxItems` (1-50) | wrap |
| UpdateMapping, request line | `PUT /2015-03-31/x/*UUID* HTTP/1.1` | `PUT /2015-03-31/x/{UUID}` | italics |
"#;

    fn rows() -> Vec<Row> {
        let ops: HashSet<String> =
            ["CreateAlias", "Invoke", "GetThing", "CreateFunction", "GetLayer", "ListLayers", "UpdateMapping"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        parse(ERRATA, &ops, &HashSet::new())
    }

    fn finding(target: &str, side: Side, member: &str, topic: Topic, reference: &[&str], spec: &[&str]) -> Finding {
        Finding {
            target: target.into(),
            side,
            member: (!member.is_empty()).then(|| member.to_string()),
            topic,
            reference: reference.iter().map(|s| s.to_string()).collect(),
            spec: spec.iter().map(|s| s.to_string()).collect(),
            message: String::new(),
        }
    }

    fn explained(f: &Finding) -> bool {
        rows().iter().any(|r| r.explains(f))
    }

    #[test]
    fn parses_rows() {
        let r = rows();
        assert_eq!(r.len(), 6);
        assert_eq!(r[0].targets, ["CreateAlias"]);
        assert_eq!(r[0].members, ["FunctionName"]);
        assert_eq!(r[0].reference_spans, ["a|b+"]);
        assert_eq!(r[1].reference_spans, ["(`x`)+"]);
        assert_eq!(code_spans("`a` and `` b`c ``"), ["a", "b`c"]);
    }

    #[test]
    fn matches_by_unit_member_and_both_texts() {
        let ok = finding("CreateAlias", Side::Request, "FunctionName", Topic::Pattern, &["a|b+"], &["a|[bc]+"]);
        assert!(explained(&ok));
        // Same member, other operation.
        let other_op = finding("Invoke", Side::Request, "FunctionName", Topic::Pattern, &["a|b+"], &["a|[bc]+"]);
        assert!(!explained(&other_op));
        // Same place, but the spec now says something else.
        let changed = finding("CreateAlias", Side::Request, "FunctionName", Topic::Pattern, &["a|b+"], &["a|[bd]+"]);
        assert!(!explained(&changed));
        // Same place, but the reference text differs.
        let other_ref = finding("CreateAlias", Side::Request, "FunctionName", Topic::Pattern, &["a|b"], &["a|[bc]+"]);
        assert!(!explained(&other_ref));
        // A different constraint of the same member.
        let length = finding("CreateAlias", Side::Request, "FunctionName", Topic::Length, &["140"], &["64"]);
        assert!(!explained(&length));
        // Backticks inside the literal.
        let ticks = finding("GetThing", Side::Response, "Name", Topic::Pattern, &["(`x`)+"], &["(x)+"]);
        assert!(explained(&ticks));
        // Side: the row says response.
        let req = finding("GetThing", Side::Request, "Name", Topic::Pattern, &["(`x`)+"], &["(x)+"]);
        assert!(!explained(&req));
    }

    #[test]
    fn matches_renamed_members_errors_and_request_lines() {
        assert!(explained(&finding(
            "CreateFunction",
            Side::Operation,
            "FooExcep^{tion}",
            Topic::MissingError,
            &["FooExcep^{tion}"],
            &[]
        )));
        assert!(explained(&finding(
            "CreateFunction",
            Side::Operation,
            "FooException",
            Topic::ExtraError,
            &[],
            &["FooException"]
        )));
        assert!(!explained(&finding(
            "CreateFunction",
            Side::Operation,
            "BarException",
            Topic::ExtraError,
            &[],
            &["BarException"]
        )));
        assert!(explained(&finding(
            "GetLayer",
            Side::Response,
            "CreateDate",
            Topic::MissingMember,
            &["CreateDate"],
            &[]
        )));
        assert!(explained(&finding(
            "GetLayer",
            Side::Response,
            "CreatedDate",
            Topic::ExtraMember,
            &[],
            &["CreatedDate"]
        )));
        assert!(!explained(&finding("GetLayer", Side::Response, "Version", Topic::ExtraMember, &[], &["Version"])));
        assert!(explained(&finding("ListLayers", Side::Request, "MaxItems", Topic::Query, &[], &["MaxItems"])));
        assert!(explained(&finding(
            "UpdateMapping",
            Side::Request,
            "",
            Topic::Path,
            &["/2015-03-31/x/*UUID*", "PUT /2015-03-31/x/*UUID*"],
            &["/2015-03-31/x/{UUID}", "PUT /2015-03-31/x/{UUID}"]
        )));
        assert!(!explained(&finding("UpdateMapping", Side::Request, "", Topic::Path, &["/y/*UUID*"], &["/y/{UUID}"])));
    }
}
