//! The simple `where` filters NOTES.md §4.2 lists: `Type=="ACCREC"`, `Contact.ContactID==Guid("…")`,
//! `Date >= DateTime(2026, 01, 01)`, `AmountDue > 0`, `Name.Contains("x")`, `.StartsWith`,
//! `.EndsWith`, `!= null`, combined with `&&`/`AND`, `||`/`OR` and parentheses. String
//! comparisons ignore case. Anything else is refused with a QueryParseException so a client test
//! notices it asked for more than the fake models. Owns: parsing and evaluating filters.

use std::borrow::Cow;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use uuid::Uuid;

/// A field's value as a filter or sort sees it. Field order gives `order=` its ordering. Text
/// borrows from the record, so filtering a list call allocates nothing per record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldValue<'a> {
    Null,
    Bool(bool),
    Num(Decimal),
    Date(NaiveDate),
    Time(DateTime<Utc>),
    Guid(Uuid),
    Str(Cow<'a, str>),
}

impl<'a> FieldValue<'a> {
    pub fn text(s: &'a str) -> Self {
        Self::Str(Cow::Borrowed(s))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Contains,
    StartsWith,
    EndsWith,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Compare(String, Op, FieldValue<'static>),
    Call(String, Method, String),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Num(Decimal),
    Op(Op),
    And,
    Or,
    Open,
    Close,
    Comma,
}

/// A parsed `where` expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter(Node);

impl Filter {
    pub fn parse(text: &str) -> Result<Self, String> {
        let tokens = tokenize(text)?;
        let mut parser = Parser { tokens, at: 0 };
        let node = parser.or()?;
        if parser.at != parser.tokens.len() {
            return Err(format!(
                "unexpected text after position {} in where: {text}",
                parser.at
            ));
        }
        Ok(Self(node))
    }

    /// Evaluates against one record. `Err(field)` names a field the record does not have.
    pub fn matches<'r>(
        &self,
        lookup: &dyn Fn(&str) -> Option<FieldValue<'r>>,
    ) -> Result<bool, String> {
        eval(&self.0, lookup)
    }
}

fn eval<'r>(node: &Node, lookup: &dyn Fn(&str) -> Option<FieldValue<'r>>) -> Result<bool, String> {
    match node {
        Node::And(a, b) => Ok(eval(a, lookup)? && eval(b, lookup)?),
        Node::Or(a, b) => Ok(eval(a, lookup)? || eval(b, lookup)?),
        Node::Call(path, method, arg) => {
            let value = lookup(path).ok_or_else(|| path.clone())?;
            let FieldValue::Str(text) = value else {
                return Ok(false);
            };
            let (text, arg) = (text.to_lowercase(), arg.to_lowercase());
            Ok(match method {
                Method::Contains => text.contains(&arg),
                Method::StartsWith => text.starts_with(&arg),
                Method::EndsWith => text.ends_with(&arg),
            })
        }
        Node::Compare(path, op, literal) => {
            let value = lookup(path).ok_or_else(|| path.clone())?;
            Ok(compare(&value, *op, literal))
        }
    }
}

/// Compares as `to_lowercase` would, without allocating for ASCII text (every record of a list
/// call goes through this, e.g. `Type=="ACCREC"`).
fn cmp_ignoring_case(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        a.to_lowercase().cmp(&b.to_lowercase())
    }
}

fn compare(value: &FieldValue<'_>, op: Op, literal: &FieldValue<'_>) -> bool {
    use std::cmp::Ordering;
    let ordering: Option<Ordering> = match (value, literal) {
        (FieldValue::Null, FieldValue::Null) => Some(Ordering::Equal),
        (_, FieldValue::Null) | (FieldValue::Null, _) => None,
        (FieldValue::Str(a), FieldValue::Str(b)) => Some(cmp_ignoring_case(a, b)),
        (FieldValue::Guid(a), FieldValue::Guid(b)) => Some(a.cmp(b)),
        (FieldValue::Guid(a), FieldValue::Str(b)) => Uuid::parse_str(b).ok().map(|b| a.cmp(&b)),
        (FieldValue::Num(a), FieldValue::Num(b)) => Some(a.cmp(b)),
        (FieldValue::Bool(a), FieldValue::Bool(b)) => Some(a.cmp(b)),
        (FieldValue::Date(a), FieldValue::Time(b)) => Some(a.cmp(&b.date_naive())),
        (FieldValue::Time(a), FieldValue::Time(b)) => Some(a.cmp(b)),
        _ => None,
    };
    match (op, ordering) {
        (Op::Ne, None) => true,
        (_, None) => false,
        (Op::Eq, Some(o)) => o == Ordering::Equal,
        (Op::Ne, Some(o)) => o != Ordering::Equal,
        (Op::Gt, Some(o)) => o == Ordering::Greater,
        (Op::Ge, Some(o)) => o != Ordering::Less,
        (Op::Lt, Some(o)) => o == Ordering::Less,
        (Op::Le, Some(o)) => o != Ordering::Greater,
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let two = |a: char, b: char| c == a && next == Some(b);
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            let end = chars[i + 1..]
                .iter()
                .position(|&ch| ch == '"')
                .ok_or("unterminated string in where")?;
            tokens.push(Token::Str(chars[i + 1..i + 1 + end].iter().collect()));
            i += end + 2;
        } else if c.is_ascii_digit() || (c == '-' && next.is_some_and(|n| n.is_ascii_digit())) {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let literal: String = chars[start..i].iter().collect();
            let number =
                Decimal::from_str(&literal).map_err(|_| format!("bad number {literal}"))?;
            tokens.push(Token::Num(number));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || "_.".contains(chars[i])) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            tokens.push(match word.to_ascii_uppercase().as_str() {
                "AND" => Token::And,
                "OR" => Token::Or,
                _ => Token::Ident(word),
            });
        } else {
            let (token, width) = if two('&', '&') {
                (Token::And, 2)
            } else if two('|', '|') {
                (Token::Or, 2)
            } else if two('=', '=') {
                (Token::Op(Op::Eq), 2)
            } else if two('!', '=') {
                (Token::Op(Op::Ne), 2)
            } else if two('>', '=') {
                (Token::Op(Op::Ge), 2)
            } else if two('<', '=') {
                (Token::Op(Op::Le), 2)
            } else {
                match c {
                    '=' => (Token::Op(Op::Eq), 1),
                    '>' => (Token::Op(Op::Gt), 1),
                    '<' => (Token::Op(Op::Lt), 1),
                    '(' => (Token::Open, 1),
                    ')' => (Token::Close, 1),
                    ',' => (Token::Comma, 1),
                    other => return Err(format!("unexpected '{other}' in where")),
                }
            };
            tokens.push(token);
            i += width;
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn take(&mut self) -> Result<Token, String> {
        let token = self
            .tokens
            .get(self.at)
            .cloned()
            .ok_or("where ends too early")?;
        self.at += 1;
        Ok(token)
    }

    fn expect(&mut self, expected: &Token) -> Result<(), String> {
        let token = self.take()?;
        if &token == expected {
            Ok(())
        } else {
            Err(format!("expected {expected:?}, found {token:?} in where"))
        }
    }

    fn or(&mut self) -> Result<Node, String> {
        let mut node = self.and()?;
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            node = Node::Or(Box::new(node), Box::new(self.and()?));
        }
        Ok(node)
    }

    fn and(&mut self) -> Result<Node, String> {
        let mut node = self.primary()?;
        while self.peek() == Some(&Token::And) {
            self.at += 1;
            node = Node::And(Box::new(node), Box::new(self.primary()?));
        }
        Ok(node)
    }

    fn primary(&mut self) -> Result<Node, String> {
        match self.take()? {
            Token::Open => {
                let node = self.or()?;
                self.expect(&Token::Close)?;
                Ok(node)
            }
            Token::Ident(path) => {
                for (suffix, method) in [
                    (".Contains", Method::Contains),
                    (".StartsWith", Method::StartsWith),
                    (".EndsWith", Method::EndsWith),
                ] {
                    if let Some(field) = path.strip_suffix(suffix) {
                        self.expect(&Token::Open)?;
                        let Token::Str(arg) = self.take()? else {
                            return Err(format!("{suffix} takes a string"));
                        };
                        self.expect(&Token::Close)?;
                        return Ok(Node::Call(field.to_owned(), method, arg));
                    }
                }
                let Token::Op(op) = self.take()? else {
                    return Err(format!("expected a comparison after {path}"));
                };
                Ok(Node::Compare(path, op, self.value()?))
            }
            other => Err(format!("unexpected {other:?} in where")),
        }
    }

    fn value(&mut self) -> Result<FieldValue<'static>, String> {
        match self.take()? {
            Token::Str(s) => Ok(FieldValue::Str(Cow::Owned(s))),
            Token::Num(n) => Ok(FieldValue::Num(n)),
            Token::Ident(word) => match word.to_ascii_lowercase().as_str() {
                "true" => Ok(FieldValue::Bool(true)),
                "false" => Ok(FieldValue::Bool(false)),
                "null" => Ok(FieldValue::Null),
                "guid" => {
                    self.expect(&Token::Open)?;
                    let Token::Str(text) = self.take()? else {
                        return Err("Guid takes a string".into());
                    };
                    self.expect(&Token::Close)?;
                    Uuid::parse_str(&text)
                        .map(FieldValue::Guid)
                        .map_err(|_| format!("bad Guid {text}"))
                }
                "datetime" => self.date_time(),
                _ => Err(format!(
                    "fake-xero does not understand the value {word} in where"
                )),
            },
            other => Err(format!("expected a value, found {other:?} in where")),
        }
    }

    /// `DateTime(2026, 01, 01)` or with hours, minutes, seconds; taken as UTC.
    fn date_time(&mut self) -> Result<FieldValue<'static>, String> {
        self.expect(&Token::Open)?;
        let mut parts = Vec::new();
        loop {
            match self.take()? {
                Token::Num(n) => parts.push(n.to_u32().ok_or("bad number in DateTime")?),
                Token::Comma => {}
                Token::Close => break,
                other => return Err(format!("unexpected {other:?} in DateTime")),
            }
        }
        let get = |i: usize| parts.get(i).copied().unwrap_or(0);
        let year = i32::try_from(get(0)).map_err(|_| "bad year")?;
        NaiveDate::from_ymd_opt(year, get(1), get(2))
            .and_then(|d| d.and_hms_opt(get(3), get(4), get(5)))
            .map(|t| FieldValue::Time(t.and_utc()))
            .ok_or_else(|| "bad DateTime in where".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str) -> Option<FieldValue<'static>> {
        match path {
            "Type" => Some(FieldValue::Str("ACCREC".into())),
            "Status" => Some(FieldValue::Str("AUTHORISED".into())),
            "AmountDue" => Some(FieldValue::Num(Decimal::new(11500, 2))),
            "Date" => Some(FieldValue::Date(
                NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
            )),
            "Reference" => Some(FieldValue::Null),
            "Contact.Name" => Some(FieldValue::Str("Barney Rubble".into())),
            "Contact.ContactID" => Some(FieldValue::Guid(Uuid::nil())),
            _ => None,
        }
    }

    fn check(expr: &str) -> Result<bool, String> {
        Filter::parse(expr)?.matches(&record)
    }

    #[test]
    fn the_filters_notes_md_lists() {
        assert_eq!(check(r#"Type=="ACCREC""#), Ok(true));
        assert_eq!(check(r#"Type=="ACCPAY""#), Ok(false));
        assert_eq!(check(r#"Status=="AUTHORISED" && Type=="ACCREC""#), Ok(true));
        assert_eq!(check(r#"Status=="PAID" OR AmountDue > 100"#), Ok(true));
        assert_eq!(check("AmountDue > 115"), Ok(false));
        assert_eq!(check("Date >= DateTime(2026, 01, 01)"), Ok(true));
        assert_eq!(check("Date < DateTime(2026,02,01)"), Ok(false));
        assert_eq!(check(r#"Contact.Name.Contains("rubble")"#), Ok(true));
        assert_eq!(check(r#"Contact.Name.StartsWith("Fred")"#), Ok(false));
        let nil = r#"Contact.ContactID==Guid("00000000-0000-0000-0000-000000000000")"#;
        assert_eq!(check(nil), Ok(true));
        assert_eq!(
            check(r#"Reference!=null && (Type=="X" || Type=="ACCREC")"#),
            Ok(false)
        );
        assert_eq!(check("Reference==null"), Ok(true));
    }

    #[test]
    fn unknown_fields_and_bad_syntax_are_errors() {
        assert_eq!(check(r#"Colour=="red""#), Err("Colour".to_owned()));
        assert!(Filter::parse(r#"Type=="ACCREC" &&"#).is_err());
        assert!(Filter::parse("Type ~ 3").is_err());
    }
}
