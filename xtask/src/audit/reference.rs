//! Parser for the Chinese API reference text (converted from PDF).
//!
//! The text is damaged in predictable ways, and the parser tolerates them:
//! - headings appear bare (`FunctionName`) or as link markup (`[FunctionName](#)`), sometimes
//!   in italics (`*UUID*`);
//! - `：` and `:` are both used after a key, with or without spaces around them;
//! - the request line wraps before the query string or before `HTTP/1.1`;
//! - JSON syntax blocks are split by page breaks into several blocks with stray braces;
//! - valid-value lists (`有效值`) wrap over several lines, with `|` at the end of one line or the
//!   start of the next and blank lines in between;
//! - wording of a constraint varies (`长度限制`/`长度约束`, `最大长度为`/`长度上限为`, `最多 N 项`/
//!   `最多 N 个物品`).
//!
//! Damage *inside* a value (a mangled pattern, a misspelled error name) is kept literally: the
//! audit reports it, and `spec/ERRATA.md` is where such repairs are explained.

use super::model::{Bounds, DataType, Document, ErrorEntry, Member, Operation, Ty, Wire};
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// One line of the reference with its 1-based line number.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    no: usize,
    text: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sec {
    RequestSyntax,
    Uri,
    RequestBody,
    ResponseSyntax,
    ResponseElements,
    Errors,
    SeeAlso,
    Contents,
}

/// Words that stand alone on a line but head a note box, not a member.
const BOX_WORDS: &[&str] = &["Note", "Important", "Warning", "Tip", "Example", "Examples"];

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("built-in regex"))
}

fn link_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"\[([^\]]*)\]\(#\)")
}

fn ident_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^[A-Za-z][A-Za-z0-9_]*$")
}

fn key_value_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^(类型|必需|长度限制|长度约束|模式|有效值|有效范围|数组成员|映射条目|密钥长度限制|密钥长度约束|键长度限制|键长度约束|密钥模式|键模式|有效密钥|有效键)\s*[：:]\s*(.*)$",
    )
}

fn status_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^HTTP\s*状态代码\s*[：:]\s*(\d{3})")
}

fn request_line_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^(GET|POST|PUT|DELETE|PATCH|HEAD)\s+(/\S*)")
}

fn header_line_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(\S+)\s*$")
}

fn json_key_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r#""([^"]*)"\s*:"#)
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// Trims and folds the full-width forms the conversion mixes in.
fn norm(s: &str) -> String {
    s.trim().replace(['\u{3000}', '\u{a0}'], " ")
}

/// Removes link markup wrapping the whole line, and emphasis markers around a bare word.
fn strip_markup(s: &str) -> String {
    let t = norm(s);
    let t = t.trim_start_matches('#').trim();
    let t = if let Some(c) = link_re().captures(t) {
        if c.get(0).map(|m| m.as_str().len()) == Some(t.len()) {
            c[1].trim().to_string()
        } else {
            t.to_string()
        }
    } else {
        t.to_string()
    };
    t.trim_matches(|c| c == '*' || c == '`').trim().to_string()
}

/// A line that is only an identifier (possibly as link markup): a member, operation or data
/// type heading.
fn ident_heading(s: &str) -> Option<String> {
    let t = strip_markup(s);
    (ident_re().is_match(&t) && !BOX_WORDS.contains(&t.as_str())).then_some(t)
}

fn section_kind(s: &str) -> Option<Sec> {
    let t: String = strip_markup(s).chars().filter(|c| !c.is_whitespace()).collect();
    Some(match t.as_str() {
        "请求语法" => Sec::RequestSyntax,
        "URI请求参数" => Sec::Uri,
        "请求体" | "请求正文" => Sec::RequestBody,
        "响应语法" => Sec::ResponseSyntax,
        "响应元素" => Sec::ResponseElements,
        "错误" => Sec::Errors,
        "另请参阅" => Sec::SeeAlso,
        "内容" => Sec::Contents,
        _ => return None,
    })
}

fn key_value(s: &str) -> Option<(String, String)> {
    let t = norm(s);
    let c = key_value_re().captures(&t)?;
    Some((c[1].to_string(), c[2].trim().to_string()))
}

/// Parses the whole reference.
pub fn parse(text: &str) -> Result<Document, String> {
    let lines: Vec<Line> = text.lines().enumerate().map(|(i, t)| Line { no: i + 1, text: t }).collect();
    let find_last = |want: &str| lines.iter().rposition(|l| norm(l.text) == want);
    let dt_start =
        lines.iter().position(|l| norm(l.text) == "数据类型").ok_or("reference: no 数据类型 (data types) heading")?;
    let params_start = find_last("常见参数").filter(|&i| i > dt_start).unwrap_or(lines.len());
    let errors_start =
        find_last("常见错误").filter(|&i| i > dt_start).ok_or("reference: no 常见错误 (common errors) heading")?;
    let dt_end = params_start.min(errors_start);

    let mut doc = Document {
        operation_index: index_list(&lines[..dt_start], "支持以下操作"),
        data_type_index: index_list(&lines[dt_start..dt_end], "支持以下数据类型"),
        ..Document::default()
    };

    let ops_region = &lines[..dt_start];
    for (name, range) in headings(ops_region, Sec::RequestSyntax, &doc.operation_index) {
        let op = parse_operation(&name, ops_region[range.0].no, &ops_region[range.0 + 1..range.1]);
        doc.operations.entry(name).or_insert(op);
    }
    let dt_region = &lines[dt_start..dt_end];
    for (name, range) in headings(dt_region, Sec::Contents, &doc.data_type_index) {
        let body = &dt_region[range.0 + 1..range.1];
        let mut dt = DataType { line: dt_region[range.0].no, ..DataType::default() };
        for (sec, sec_lines) in sections(body) {
            if sec == Sec::Contents {
                for (m, _) in parse_members(&sec_lines, None) {
                    dt.members.entry(m.name.clone()).or_insert(m);
                }
            }
        }
        doc.data_types.entry(name).or_insert(dt);
    }
    doc.common_errors = parse_errors(&lines[errors_start + 1..]);
    Ok(doc)
}

/// Names in a bullet list (`- [Name](#)`) following the line that starts with `intro`.
fn index_list(lines: &[Line], intro: &str) -> Vec<String> {
    let Some(start) = lines.iter().position(|l| norm(l.text).starts_with(intro)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for l in &lines[start + 1..] {
        let t = norm(l.text);
        if t.is_empty() {
            continue;
        }
        let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix('-')) else {
            break;
        };
        match ident_heading(item) {
            Some(name) => out.push(name),
            None => break,
        }
    }
    out
}

/// Finds the headings of top-level units (operations or data types) in a region: an identifier
/// line whose next section heading is `first`. When several identifier lines lead to the same
/// section heading (a note box inside a description), the one listed in the index wins, else
/// the first. Returns each name with the line range (heading index, end index) it covers.
fn headings(region: &[Line], first: Sec, index: &[String]) -> Vec<(String, (usize, usize))> {
    let secs: Vec<(usize, Sec)> =
        region.iter().enumerate().filter_map(|(i, l)| section_kind(l.text).map(|s| (i, s))).collect();
    let index: HashSet<&str> = index.iter().map(String::as_str).collect();
    // For each target section heading, the candidates that lead to it.
    let mut by_target: Vec<(usize, Vec<(usize, String)>)> = Vec::new();
    for (i, l) in region.iter().enumerate() {
        let Some(name) = ident_heading(l.text) else {
            continue;
        };
        let next = secs.partition_point(|&(j, _)| j <= i);
        let Some(&(j, kind)) = secs.get(next) else {
            continue;
        };
        if kind != first {
            continue;
        }
        match by_target.last_mut() {
            Some((t, cands)) if *t == j => cands.push((i, name)),
            _ => by_target.push((j, vec![(i, name)])),
        }
    }
    let starts: Vec<(usize, String)> = by_target
        .into_iter()
        .filter_map(|(_, cands)| {
            let pick = cands.iter().find(|(_, n)| index.contains(n.as_str())).or_else(|| cands.first());
            pick.cloned()
        })
        .collect();
    let mut out = Vec::new();
    for (k, (i, name)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map(|s| s.0).unwrap_or(region.len());
        out.push((name.clone(), (*i, end)));
    }
    out
}

/// Splits a unit's lines into its sections (lines before the first heading are dropped).
fn sections<'a>(lines: &[Line<'a>]) -> Vec<(Sec, Vec<Line<'a>>)> {
    let mut out: Vec<(Sec, Vec<Line<'a>>)> = Vec::new();
    for l in lines {
        if let Some(s) = section_kind(l.text) {
            out.push((s, Vec::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push(*l);
        }
    }
    out
}

fn parse_operation(name: &str, line: usize, body: &[Line]) -> Operation {
    let mut op = Operation { name: name.to_string(), line, ..Operation::default() };
    let secs = sections(body);
    let lines_of = |want: Sec| -> Vec<Line> {
        secs.iter().filter(|(s, _)| *s == want).flat_map(|(_, ls)| ls.iter().copied()).collect()
    };

    // URI parameters and body members.
    let mut uri_names = Vec::new();
    for (m, _) in parse_members(&lines_of(Sec::Uri), None) {
        uri_names.push(m.name.clone());
        op.request_members.entry(m.name.clone()).or_insert(m);
    }
    for (m, _) in parse_members(&lines_of(Sec::RequestBody), None) {
        op.request_members.entry(m.name.clone()).or_insert(m);
    }

    // Request syntax: request line, headers, JSON keys.
    let req = lines_of(Sec::RequestSyntax);
    if let Some((method, target, raw)) = request_line(&req) {
        op.method = Some(method);
        op.request_line = Some(raw);
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (target.clone(), String::new()),
        };
        let path = path
            .split('/')
            .map(|seg| if uri_names.iter().any(|n| n == seg) { format!("{{{seg}}}") } else { seg.to_string() })
            .collect::<Vec<_>>()
            .join("/");
        op.path = Some(path);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            if uri_names.iter().any(|n| n == v) || k.eq_ignore_ascii_case(v) {
                op.query.push(Wire { wire: k.to_string(), member: v.to_string() });
            } else {
                op.query_constants.push((k.to_string(), v.to_string()));
            }
        }
    }
    op.headers = header_lines(&req);
    op.request_syntax_keys = json_keys(&req);

    // Response syntax: status line, headers, JSON keys.
    let resp = lines_of(Sec::ResponseSyntax);
    for l in &resp {
        let t = norm(l.text);
        if let Some(rest) = t.strip_prefix("HTTP/1.1") {
            let rest = rest.trim();
            op.success_text = Some(t.clone());
            if !rest.is_empty() {
                match rest.parse::<u16>() {
                    Ok(code) => op.success_code = Some(code),
                    Err(_) => {
                        op.status_member = Some(rest.chars().filter(|c| !c.is_whitespace() && *c != '*').collect())
                    }
                }
            }
            break;
        }
    }
    op.response_headers = header_lines(&resp);
    op.response_syntax_keys = json_keys(&resp);

    // Response elements.
    let elems = lines_of(Sec::ResponseElements);
    static SENT: OnceLock<Regex> = OnceLock::new();
    let sentence = re(&SENT, r"发送回\s*HTTP\s*(\d{3})\s*响应");
    op.success_sentence = elems.iter().find_map(|l| sentence.captures(l.text).and_then(|c| c[1].parse::<u16>().ok()));
    let status_member = op.status_member.clone();
    static CODE: OnceLock<Regex> = OnceLock::new();
    let code = re(&CODE, r"状态代码为\s*(\d{3})");
    for (m, block) in parse_members(&elems, status_member.as_deref()) {
        if status_member.as_deref() == Some(m.name.as_str()) {
            for l in &block {
                for c in code.captures_iter(l.text) {
                    if let Ok(v) = c[1].parse::<u16>() {
                        if !op.status_values.contains(&v) {
                            op.status_values.push(v);
                        }
                    }
                }
            }
        }
        op.response_members.entry(m.name.clone()).or_insert(m);
    }

    op.errors = parse_errors(&lines_of(Sec::Errors));
    op
}

/// The request line, joined when it wraps: method, target (path and query) and the joined text.
fn request_line(lines: &[Line]) -> Option<(String, String, String)> {
    let start = lines.iter().position(|l| request_line_re().is_match(norm(l.text).as_str()))?;
    let mut joined = norm(lines[start].text);
    let mut i = start + 1;
    while !joined.contains("HTTP/") && i < lines.len() && i <= start + 3 {
        let next = norm(lines[i].text);
        i += 1;
        if next.is_empty() {
            continue;
        }
        if next.starts_with("```") || next.starts_with('{') || header_line_re().is_match(&next) {
            break;
        }
        if next.starts_with("HTTP/") {
            joined.push(' ');
        }
        joined.push_str(&next);
    }
    let c = request_line_re().captures(&joined)?;
    let method = c[1].to_string();
    let rest = joined[c.get(1)?.end()..].trim();
    let target = rest.split(" HTTP/").next().unwrap_or(rest).split_whitespace().collect::<String>();
    Some((method, target, joined.clone()))
}

/// `Name: Member` lines of a syntax block whose value is a member name (not `application/json`).
fn header_lines(lines: &[Line]) -> Vec<Wire> {
    let mut out = Vec::new();
    for l in lines {
        let t = norm(l.text);
        if t.starts_with('"') {
            continue;
        }
        if let Some(c) = header_line_re().captures(&t) {
            let value = c[2].trim_matches('*');
            if ident_re().is_match(value) && !c[1].eq_ignore_ascii_case("HTTP") {
                out.push(Wire { wire: c[1].to_string(), member: value.to_string() });
            }
        }
    }
    out
}

/// Every key of the JSON syntax blocks, at any depth (the blocks are split by page breaks, so
/// nesting cannot be trusted). Map placeholders (`"string"`) are skipped.
fn json_keys(lines: &[Line]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let t = l.text.trim();
        if !t.starts_with('"') {
            continue;
        }
        for c in json_key_re().captures_iter(t) {
            let k = c[1].to_string();
            if k != "string" && !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// Parses a list of members: each heading line followed by its description and property lines.
/// `extra_heading` is a heading that is not an identifier (`Status Code`), compared with spaces
/// and emphasis removed. Returns each member with the lines of its block.
fn parse_members<'a>(lines: &[Line<'a>], extra_heading: Option<&str>) -> Vec<(Member, Vec<Line<'a>>)> {
    let mut out: Vec<(Member, Vec<Line<'a>>)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        i += 1;
        let squeezed: String = l.text.chars().filter(|c| !c.is_whitespace() && *c != '*').collect();
        let heading = match extra_heading {
            Some(h) if !squeezed.is_empty() && squeezed == h => Some(h.to_string()),
            _ => ident_heading(l.text),
        };
        if let Some(name) = heading {
            out.push((Member::new(&name, l.no), Vec::new()));
            continue;
        }
        let Some((member, block)) = out.last_mut() else {
            continue;
        };
        block.push(l);
        let Some((key, value)) = key_value(l.text) else {
            continue;
        };
        match key.as_str() {
            "类型" => {
                member.ty = Some(parse_type(&value));
                member.ty_raw = Some(value);
            }
            "必需" => {
                member.required = match value.trim_end_matches('。').trim() {
                    "是" => Some(true),
                    "否" => Some(false),
                    _ => None,
                }
            }
            "长度限制" | "长度约束" => member.length = Some(parse_bounds(&value, BoundKind::Length)),
            "模式" => {
                member.pattern = Some(clean_code(&value));
                member.pattern_raw = Some(value);
            }
            "有效值" => {
                let (text, used) = continued_values(&value, &lines[i..]);
                i += used;
                member.values = Some(split_values(&text));
                member.values_raw = Some(text);
            }
            "有效范围" => member.range = Some(parse_bounds(&value, BoundKind::Range)),
            "数组成员" => member.items = Some(parse_bounds(&value, BoundKind::Items)),
            "映射条目" => member.entries = Some(parse_bounds(&value, BoundKind::Items)),
            "密钥长度限制" | "密钥长度约束" | "键长度限制" | "键长度约束" => {
                member.key_length = Some(parse_bounds(&value, BoundKind::Length))
            }
            "密钥模式" | "键模式" => {
                member.key_pattern = Some(clean_code(&value));
                member.key_pattern_raw = Some(value);
            }
            "有效密钥" | "有效键" => {
                let (text, used) = continued_values(&value, &lines[i..]);
                i += used;
                member.key_values = Some(split_values(&text));
            }
            _ => {}
        }
    }
    out
}

/// Removes backticks wrapping the whole value (only when they are the only ones).
fn clean_code(value: &str) -> String {
    let v = value.trim();
    if v.len() >= 2 && v.starts_with('`') && v.ends_with('`') && v[1..v.len() - 1].find('`').is_none() {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}

/// Joins the lines a valid-value list wraps onto. A following line continues the list when the
/// text so far ends with `|`, when it starts with `|`, or when it is only value tokens and `|`.
/// Returns the joined text and how many lines were consumed.
fn continued_values(first: &str, rest: &[Line]) -> (String, usize) {
    static TOKENS: OnceLock<Regex> = OnceLock::new();
    let tokens = re(&TOKENS, r"^[`A-Za-z0-9_.\- ]*(\|[`A-Za-z0-9_.\- ]*)+$");
    let mut text = first.trim().to_string();
    let mut used = 0;
    let mut k = 0;
    while k < rest.len() {
        let t = norm(rest[k].text);
        k += 1;
        if t.is_empty() {
            continue;
        }
        let continues = text.ends_with('|') || t.starts_with('|') || tokens.is_match(&t);
        if !continues || key_value(&t).is_some() {
            break;
        }
        text.push(' ');
        text.push_str(&t);
        used = k;
    }
    (text, used)
}

fn split_values(text: &str) -> Vec<String> {
    text.split('|').map(|v| v.trim().trim_matches('`').trim().to_string()).filter(|v| !v.is_empty()).collect()
}

#[derive(Clone, Copy)]
enum BoundKind {
    Length,
    Range,
    Items,
}

fn parse_bounds(value: &str, kind: BoundKind) -> Bounds {
    static LEN_MIN: OnceLock<Regex> = OnceLock::new();
    static LEN_MAX: OnceLock<Regex> = OnceLock::new();
    static LEN_FIX: OnceLock<Regex> = OnceLock::new();
    static RANGE_MIN: OnceLock<Regex> = OnceLock::new();
    static RANGE_MAX: OnceLock<Regex> = OnceLock::new();
    static ITEMS_MIN: OnceLock<Regex> = OnceLock::new();
    static ITEMS_MAX: OnceLock<Regex> = OnceLock::new();
    static ITEMS_FIX: OnceLock<Regex> = OnceLock::new();
    let (min, max, fixed) = match kind {
        BoundKind::Length => (
            re(&LEN_MIN, r"(?:最小长度为|长度下限为|最小长度)\s*(\d+)"),
            re(&LEN_MAX, r"(?:最大长度为|长度上限为|最大长度)\s*(\d+)"),
            Some(re(&LEN_FIX, r"固定长度为\s*(\d+)")),
        ),
        BoundKind::Range => {
            (re(&RANGE_MIN, r"最小值为\s*(-?\d+(?:\.\d+)?)"), re(&RANGE_MAX, r"最大值为\s*(-?\d+(?:\.\d+)?)"), None)
        }
        BoundKind::Items => (
            re(&ITEMS_MIN, r"最少\s*(\d+)"),
            re(&ITEMS_MAX, r"最多\s*(\d+)"),
            Some(re(&ITEMS_FIX, r"固定数量为\s*(\d+)")),
        ),
    };
    let get = |r: &Regex| r.captures(value).and_then(|c| c[1].parse::<f64>().ok());
    let mut b = Bounds { min: get(min), max: get(max), raw: value.trim().to_string() };
    if let Some(v) = fixed.and_then(get) {
        b.min = Some(v);
        b.max = Some(v);
    }
    b
}

/// Reads a type line: `字符串`, `[X](#) 对象`, `字符串数组`, `字符串到字符串映射`, ...
pub fn parse_type(raw: &str) -> Ty {
    let squeezed: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let t = link_re().replace_all(&squeezed, "$1").trim_end_matches('。').to_string();
    type_text(&t).unwrap_or_else(|| Ty::Other(raw.trim().to_string()))
}

fn type_text(t: &str) -> Option<Ty> {
    let scalar = match t {
        "字符串" | "String" | "string" => Some(Ty::String),
        "整数" | "Integer" | "integer" => Some(Ty::Integer),
        "长整型" | "Long" | "long" => Some(Ty::Long),
        "布尔值" | "Boolean" | "boolean" => Some(Ty::Boolean),
        "时间戳" | "Timestamp" | "timestamp" => Some(Ty::Timestamp),
        "双" | "双精度" | "Double" | "double" | "浮点数" => Some(Ty::Double),
        "Base64编码的二进制数据对象" | "二进制数据对象" | "Blob" | "blob" => Some(Ty::Blob),
        _ => None,
    };
    if scalar.is_some() {
        return scalar;
    }
    if let Some(body) = t.strip_suffix("映射") {
        let (k, v) = body.split_once('到')?;
        return Some(Ty::Map(Box::new(type_text(k)?), Box::new(type_text(v)?)));
    }
    if let Some(body) = t.strip_suffix("数组") {
        return Some(Ty::List(Box::new(type_text(body)?)));
    }
    if let Some(body) = t.strip_suffix("对象") {
        if ident_re().is_match(body) {
            return Some(Ty::Struct(body.to_string()));
        }
    }
    None
}

/// Reads an error list: a heading (the error code, possibly damaged) followed by a description
/// and `HTTP 状态代码：N`.
fn parse_errors(lines: &[Line]) -> Vec<ErrorEntry> {
    let mut out = Vec::new();
    let mut pending: Option<(String, usize)> = None;
    let looks_like_error = |n: &str| n.contains("Exception") || n.contains("Excep") || n.contains("Error");
    for l in lines {
        let t = norm(l.text);
        if let Some(c) = status_re().captures(&t) {
            if let Some((name, line)) = pending.take() {
                out.push(ErrorEntry { name, status: c[1].parse().ok(), listed_under: None, line });
            }
            continue;
        }
        let h = strip_markup(&t);
        let heading = !h.is_empty()
            && !h.chars().any(|c| is_cjk(c) || c.is_whitespace())
            && !h.starts_with(['-', '[', '(', '|', '{', '}', '"', '`'])
            && h.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if heading {
            if let Some((name, line)) = pending.take() {
                if looks_like_error(&name) {
                    out.push(ErrorEntry { name, status: None, listed_under: None, line });
                }
            }
            pending = Some((h, l.no));
        }
    }
    if let Some((name, line)) = pending {
        if looks_like_error(&name) {
            out.push(ErrorEntry { name, status: None, listed_under: None, line });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXCERPT: &str = "\
Table of Contents

| | |
|---|---|
| 数据类型 | 3 |

支持以下操作：

- [DoThing](#)

DoThing

做一件事。

Note

这是一个说明框。

请求语法

```
POST /2020-01-01/things/ThingName/items?
Qualifier=Qualifier&find=Everything HTTP/1.1
X-Amz-Mode: Mode
Content-type: application/json

{
  \"Names\": [ \"string\" ],
  \"Settings\": {
    \"string\" : \"string\"
  },
```

```
\"Size\": number,
\" tumble\": number
}
```

URI 请求参数

请求使用以下 URI 参数。

[ThingName](#)

事物的名称。

长度约束仅适用于完整 ARN。如果您仅指定函数名称，它的长度限制为 64 个字符。

长度限制：最小长度为 1。长度上限为 140。

模式：`[a-zA-Z0-9-_]+`

必需：是

[Qualifier](#)

限定符。

[Mode](#)

模式。

有效值：`Fast` | `Slow`

请求体

请求接受采用 JSON 格式的以下数据。

Names

名称列表。

类型：字符串数组

数组成员：最少 1 项。最多 5 个物品。

长度约束：最大长度为 64。

模式 : (?!^[0-9]+\\$)([a-z] +)

必需：否

Runtime

运行时。

类型：字符串

有效值：nodejs | nodejs4.3 | java8 |
java8.al2 | python3.9

| provided.al2 | go1.x

必需: 是

Settings

设置。

类型：字符串到字符串映射

映射条目：最多 2 项。

密钥长度限制：最小长度为 1。长度上限为 128。

密钥模式：`[a-z]+`

必需：否

Size

大小。

类型 : 整数

有效范围：最小值为 -1。最大值为 900。

必需：否

响应语法

```
HTTP/1.1 202
X-Amz-Version: Version
```

响应元素

如果此操作成功，则该服务将会发送回 HTTP 202 响应。

响应将返回以下 HTTP 标头。

Version

版本。

错误

有关所有操作返回的常见错误的信息，请参阅 [常见错误](#)。

BadThingException

坏事。

HTTP 状态代码 : 400

MangledExcep^{tion}

损坏。

HTTP 状态代码：404

另请参阅

- [AWS 命令行界面](#)

数据类型

支持以下数据类型：

- [Thing](#)

Thing

一个事物。

内容

Weight

权重。

类型：[Weight](#) 对象

必需：否

Ratios

比例。

类型：字符串到双映射

有效范围：最小值为 0.0。最大值为 1.0。

必需：否

另请参阅

- [适用于 Go 的 AWS SDK](#)

常见参数

Action

类型：字符串

常见错误

AccessDeniedException

拒绝。

HTTP 状态代码：403
";

    fn doc() -> Document {
        parse(EXCERPT).expect("excerpt parses")
    }

    #[test]
    fn finds_operation_and_request_line() {
        let d = doc();
        assert_eq!(d.operations.keys().collect::<Vec<_>>(), vec!["DoThing"]);
        let op = &d.operations["DoThing"];
        assert_eq!(op.method.as_deref(), Some("POST"));
        assert_eq!(op.path.as_deref(), Some("/2020-01-01/things/{ThingName}/items"));
        assert_eq!(op.query, vec![Wire { wire: "Qualifier".into(), member: "Qualifier".into() }]);
        assert_eq!(op.query_constants, vec![("find".to_string(), "Everything".to_string())]);
        assert_eq!(op.headers, vec![Wire { wire: "X-Amz-Mode".into(), member: "Mode".into() }]);
        assert!(op.request_syntax_keys.contains(&" tumble".to_string()));
        assert!(op.request_syntax_keys.contains(&"Size".to_string()));
        assert!(!op.request_syntax_keys.contains(&"string".to_string()));
    }

    #[test]
    fn reads_every_constraint_kind() {
        let d = doc();
        let op = &d.operations["DoThing"];
        let names: Vec<_> = op.request_members.keys().cloned().collect();
        assert_eq!(names, ["ThingName", "Qualifier", "Mode", "Names", "Runtime", "Settings", "Size"]);

        let t = &op.request_members["ThingName"];
        assert_eq!(t.required, Some(true));
        let len = t.length.as_ref().unwrap();
        assert_eq!((len.min, len.max), (Some(1.0), Some(140.0)));
        assert_eq!(t.pattern.as_deref(), Some("[a-zA-Z0-9-_]+"));
        assert_eq!(t.ty, None);

        assert_eq!(op.request_members["Mode"].values, Some(vec!["Fast".to_string(), "Slow".to_string()]));

        let n = &op.request_members["Names"];
        assert_eq!(n.ty, Some(Ty::List(Box::new(Ty::String))));
        let items = n.items.as_ref().unwrap();
        assert_eq!((items.min, items.max), (Some(1.0), Some(5.0)));
        assert_eq!(n.length.as_ref().unwrap().max, Some(64.0));
        assert_eq!(n.length.as_ref().unwrap().min, None);
        assert_eq!(n.pattern.as_deref(), Some("(?!^[0-9]+\\$)([a-z] +)"));
        assert_eq!(n.required, Some(false));

        let r = &op.request_members["Runtime"];
        assert_eq!(
            r.values.as_deref().unwrap(),
            ["nodejs", "nodejs4.3", "java8", "java8.al2", "python3.9", "provided.al2", "go1.x"]
        );
        assert_eq!(r.required, Some(true));

        let s = &op.request_members["Settings"];
        assert_eq!(s.ty, Some(Ty::Map(Box::new(Ty::String), Box::new(Ty::String))));
        assert_eq!(s.entries.as_ref().unwrap().max, Some(2.0));
        let kl = s.key_length.as_ref().unwrap();
        assert_eq!((kl.min, kl.max), (Some(1.0), Some(128.0)));
        assert_eq!(s.key_pattern.as_deref(), Some("[a-z]+"));

        let z = &op.request_members["Size"];
        assert_eq!(z.ty, Some(Ty::Integer));
        let r = z.range.as_ref().unwrap();
        assert_eq!((r.min, r.max), (Some(-1.0), Some(900.0)));
    }

    #[test]
    fn reads_response_and_errors() {
        let d = doc();
        let op = &d.operations["DoThing"];
        assert_eq!(op.success_code, Some(202));
        assert_eq!(op.success_sentence, Some(202));
        assert_eq!(op.response_headers, vec![Wire { wire: "X-Amz-Version".into(), member: "Version".into() }]);
        assert!(op.response_members.contains_key("Version"));
        let errs: Vec<_> = op.errors.iter().map(|e| (e.name.as_str(), e.status)).collect();
        assert_eq!(errs, [("BadThingException", Some(400)), ("MangledExcep^{tion}", Some(404))]);
    }

    #[test]
    fn reads_data_types_and_common_errors() {
        let d = doc();
        assert_eq!(d.data_types.keys().collect::<Vec<_>>(), vec!["Thing"]);
        assert_eq!(d.data_type_index, ["Thing"]);
        assert_eq!(d.operation_index, ["DoThing"]);
        let t = &d.data_types["Thing"];
        assert_eq!(t.members["Weight"].ty, Some(Ty::Struct("Weight".into())));
        assert_eq!(t.members["Ratios"].ty, Some(Ty::Map(Box::new(Ty::String), Box::new(Ty::Double))));
        assert_eq!(t.members["Ratios"].range.as_ref().unwrap().max, Some(1.0));
        assert_eq!(d.common_errors.len(), 1);
        assert_eq!(d.common_errors[0].name, "AccessDeniedException");
        assert_eq!(d.common_errors[0].status, Some(403));
    }

    #[test]
    fn type_texts() {
        assert_eq!(parse_type("长整型"), Ty::Long);
        assert_eq!(parse_type("[Layer](#) 对象数组"), Ty::List(Box::new(Ty::Struct("Layer".into()))));
        assert_eq!(parse_type("Base64 编码的二进制数据对象"), Ty::Blob);
        assert_eq!(
            parse_type("字符串到字符串数组映射"),
            Ty::Map(Box::new(Ty::String), Box::new(Ty::List(Box::new(Ty::String))))
        );
        assert!(matches!(parse_type("奇怪"), Ty::Other(_)));
    }
}
