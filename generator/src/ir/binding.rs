//! How an operation is addressed over HTTP: its method and its path template, parsed once by
//! the lowering so that emitters never read the spec's text.

use std::fmt;
use std::str::FromStr;

/// The HTTP methods an operation can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `PATCH`.
    Patch,
    /// `HEAD`.
    Head,
}

impl HttpMethod {
    /// Every method, in the order above.
    pub const ALL: [HttpMethod; 6] =
        [HttpMethod::Get, HttpMethod::Put, HttpMethod::Post, HttpMethod::Delete, HttpMethod::Patch, HttpMethod::Head];

    /// The method as sent on the wire (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Head => "HEAD",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A path item key that is not a method this generator supports.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("unsupported path item key {0:?}")]
pub struct UnknownMethod(pub String);

impl FromStr for HttpMethod {
    type Err = UnknownMethod;

    /// Reads a path item key (`get`); case does not matter.
    fn from_str(key: &str) -> Result<HttpMethod, UnknownMethod> {
        HttpMethod::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(key))
            .ok_or_else(|| UnknownMethod(key.to_string()))
    }
}

/// A path template (`/2015-03-31/functions/{FunctionName}/aliases`), parsed into segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathTemplate {
    text: String,
    segments: Vec<Segment>,
}

/// One segment of a path template: the text between two slashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Literal text (empty after a trailing slash).
    Literal(String),
    /// A label, replaced by an input member's value.
    Label(Label),
}

/// A label of a path template (`{FunctionName}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The name between the braces: the path parameter's name.
    pub name: String,
    /// The input member bound to it (the parameter's `x-aws-member`); the name until the
    /// lowering binds it.
    pub member: String,
    /// `{Key+}`: the label takes the rest of the path, slashes included.
    pub greedy: bool,
}

/// Why a path template cannot be parsed.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// The template does not start with `/`.
    #[error("path {0:?} must start with /")]
    Relative(String),
    /// A `{` without its `}`, or the reverse, or a brace inside a label.
    #[error("path segment {0:?} has unbalanced braces")]
    UnbalancedBraces(String),
    /// `{A}{B}`: one label per segment.
    #[error("path segment {0:?} holds more than one label")]
    SeveralLabels(String),
    /// `{}` or `{+}`.
    #[error("path segment {0:?} is an empty label")]
    EmptyLabel(String),
    /// `a{b}`: a label must be a whole segment.
    #[error("path segment {0:?} mixes a label with literal text")]
    MixedSegment(String),
    /// The same label twice.
    #[error("path label {{{0}}} appears twice")]
    DuplicateLabel(String),
    /// `{Key+}` followed by more segments.
    #[error("greedy label {{{0}+}} must be the last segment")]
    GreedyNotLast(String),
}

impl PathTemplate {
    /// Parses a path template (without any constant query).
    pub fn parse(text: &str) -> Result<PathTemplate, TemplateError> {
        let Some(rest) = text.strip_prefix('/') else {
            return Err(TemplateError::Relative(text.to_string()));
        };
        let mut segments: Vec<Segment> = Vec::new();
        for seg in rest.split('/') {
            if let Some(Segment::Label(previous)) = segments.last() {
                if previous.greedy {
                    return Err(TemplateError::GreedyNotLast(previous.name.clone()));
                }
            }
            segments.push(Self::segment(seg)?);
            if let Some(Segment::Label(label)) = segments.last() {
                let twice = segments.iter().filter(|s| matches!(s, Segment::Label(l) if l.name == label.name)).count();
                if twice > 1 {
                    return Err(TemplateError::DuplicateLabel(label.name.clone()));
                }
            }
        }
        Ok(PathTemplate { text: text.to_string(), segments })
    }

    fn segment(seg: &str) -> Result<Segment, TemplateError> {
        // Braces must alternate `{` `}` without nesting.
        let mut open = false;
        let mut labels = 0;
        for c in seg.chars() {
            match (c, open) {
                ('{', false) => open = true,
                ('}', true) => {
                    open = false;
                    labels += 1;
                }
                ('{' | '}', _) => return Err(TemplateError::UnbalancedBraces(seg.to_string())),
                _ => {}
            }
        }
        match (open, labels) {
            (true, _) => return Err(TemplateError::UnbalancedBraces(seg.to_string())),
            (false, 0) => return Ok(Segment::Literal(seg.to_string())),
            (false, 1) => {}
            (false, _) => return Err(TemplateError::SeveralLabels(seg.to_string())),
        }
        let Some(inner) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            return Err(TemplateError::MixedSegment(seg.to_string()));
        };
        let (name, greedy) = match inner.strip_suffix('+') {
            Some(name) => (name, true),
            None => (inner, false),
        };
        if name.is_empty() {
            return Err(TemplateError::EmptyLabel(seg.to_string()));
        }
        Ok(Segment::Label(Label { name: name.to_string(), member: name.to_string(), greedy }))
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The segments, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The labels, in order.
    pub fn labels(&self) -> impl Iterator<Item = &Label> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Label(l) => Some(l),
            Segment::Literal(_) => None,
        })
    }

    /// The label named `name` (as written between the braces).
    pub fn label(&self, name: &str) -> Option<&Label> {
        self.labels().find(|l| l.name == name)
    }

    /// Binds each label to an input member: `member_of` gives the member for a label's name.
    pub fn bind(&mut self, member_of: impl Fn(&str) -> Option<String>) {
        for seg in &mut self.segments {
            if let Segment::Label(l) = seg {
                if let Some(member) = member_of(&l.name) {
                    l.member = member;
                }
            }
        }
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(name: &str, greedy: bool) -> Segment {
        Segment::Label(Label { name: name.into(), member: name.into(), greedy })
    }

    fn literal(text: &str) -> Segment {
        Segment::Literal(text.into())
    }

    #[test]
    fn methods_parse_from_path_item_keys_in_any_case() {
        for m in HttpMethod::ALL {
            assert_eq!(m.as_str().to_ascii_lowercase().parse::<HttpMethod>(), Ok(m));
            assert_eq!(m.as_str().parse::<HttpMethod>(), Ok(m));
            assert_eq!(m.to_string(), m.as_str());
        }
        assert_eq!("Delete".parse::<HttpMethod>(), Ok(HttpMethod::Delete));
    }

    #[test]
    fn other_path_item_keys_are_not_methods() {
        for key in ["trace", "options", "parameters", "summary", "", "get "] {
            let err = key.parse::<HttpMethod>().unwrap_err();
            assert_eq!(err, UnknownMethod(key.to_string()));
            assert_eq!(err.to_string(), format!("unsupported path item key {key:?}"));
        }
    }

    #[test]
    fn templates_parse_into_literals_and_labels() {
        let t = PathTemplate::parse("/2015-03-31/functions/{FunctionName}/aliases/{Name}").unwrap();
        assert_eq!(t.as_str(), "/2015-03-31/functions/{FunctionName}/aliases/{Name}");
        assert_eq!(t.to_string(), t.as_str());
        assert_eq!(
            t.segments(),
            [
                literal("2015-03-31"),
                literal("functions"),
                label("FunctionName", false),
                literal("aliases"),
                label("Name", false)
            ]
        );
        assert_eq!(t.labels().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["FunctionName", "Name"]);
        assert!(t.label("Name").is_some() && t.label("Nom").is_none());
    }

    #[test]
    fn a_trailing_slash_is_an_empty_literal_and_the_root_is_one() {
        assert_eq!(PathTemplate::parse("/2015-03-31/functions/").unwrap().segments().last(), Some(&literal("")));
        assert_eq!(PathTemplate::parse("/").unwrap().segments(), [literal("")]);
    }

    #[test]
    fn a_greedy_label_takes_the_rest_of_the_path() {
        let t = PathTemplate::parse("/buckets/{Bucket}/{Key+}").unwrap();
        assert_eq!(t.segments(), [literal("buckets"), label("Bucket", false), label("Key", true)]);
    }

    #[test]
    fn malformed_templates_are_refused_with_the_reason() {
        for (text, err, message) in [
            (
                "functions/{F}",
                TemplateError::Relative("functions/{F}".into()),
                "path \"functions/{F}\" must start with /",
            ),
            ("/f/{F", TemplateError::UnbalancedBraces("{F".into()), "path segment \"{F\" has unbalanced braces"),
            ("/f/F}", TemplateError::UnbalancedBraces("F}".into()), "path segment \"F}\" has unbalanced braces"),
            ("/f/}F{", TemplateError::UnbalancedBraces("}F{".into()), "path segment \"}F{\" has unbalanced braces"),
            (
                "/f/{{F}}",
                TemplateError::UnbalancedBraces("{{F}}".into()),
                "path segment \"{{F}}\" has unbalanced braces",
            ),
            (
                "/f/{A}{B}",
                TemplateError::SeveralLabels("{A}{B}".into()),
                "path segment \"{A}{B}\" holds more than one label",
            ),
            ("/f/{}", TemplateError::EmptyLabel("{}".into()), "path segment \"{}\" is an empty label"),
            ("/f/{+}", TemplateError::EmptyLabel("{+}".into()), "path segment \"{+}\" is an empty label"),
            (
                "/f/x{F}",
                TemplateError::MixedSegment("x{F}".into()),
                "path segment \"x{F}\" mixes a label with literal text",
            ),
            ("/f/{F}/g/{F}", TemplateError::DuplicateLabel("F".into()), "path label {F} appears twice"),
            ("/f/{K+}/g", TemplateError::GreedyNotLast("K".into()), "greedy label {K+} must be the last segment"),
        ] {
            let got = PathTemplate::parse(text).unwrap_err();
            assert_eq!(got, err, "{text}");
            assert_eq!(got.to_string(), message, "{text}");
        }
    }

    #[test]
    fn binding_sets_members_by_label_name() {
        let mut t = PathTemplate::parse("/f/{FunctionName}/{Other}").unwrap();
        t.bind(|name| (name == "FunctionName").then(|| "Function".to_string()));
        let members: Vec<(&str, &str)> = t.labels().map(|l| (l.name.as_str(), l.member.as_str())).collect();
        assert_eq!(members, [("FunctionName", "Function"), ("Other", "Other")]);
        assert_eq!(t.as_str(), "/f/{FunctionName}/{Other}");
    }
}
