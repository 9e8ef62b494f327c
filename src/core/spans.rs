//! Where things stand in a RON file: a tree of byte spans addressed by field path.
//!
//! serde hands us typed values without positions, yet a trainer needs "line 42, column 17"
//! for a missing node id. This scanner reads the structure of a RON document (structs,
//! tuples, lists, maps, atoms) and records the span of every value, so validation can
//! name a path such as `nodes[3].choices[1].next` and get its position back.

use std::ops::Range;

/// One step of a path into the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    Field(&'a str),
    Index(usize),
}

/// A value in the document with its span and, for containers, its children.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned {
    pub span: Range<usize>,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `Name(a: 1, b: 2)` or `(a: 1)`; `name` is the span of the identifier, if any.
    Struct {
        name: Option<Range<usize>>,
        fields: Vec<Field>,
    },
    /// `Name(1, 2)`, `(1, 2)` and `Some(x)`.
    Tuple {
        name: Option<Range<usize>>,
        items: Vec<Spanned>,
    },
    List(Vec<Spanned>),
    Map(Vec<(Spanned, Spanned)>),
    /// A string, number, identifier or other leaf.
    Atom,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub name_span: Range<usize>,
    pub value: Spanned,
    /// From the field name to the end of its value, plus a trailing comma if present.
    pub entry_span: Range<usize>,
}

impl Spanned {
    /// The value at `path`.
    pub fn get(&self, path: &[Key<'_>]) -> Option<&Spanned> {
        let mut here = self;
        for key in path {
            here = match (key, &here.kind) {
                (Key::Field(f), Kind::Struct { fields, .. }) => {
                    &fields.iter().find(|x| x.name == *f)?.value
                }
                (Key::Index(i), Kind::List(items)) => items.get(*i)?,
                (Key::Index(i), Kind::Tuple { items, .. }) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(here)
    }

    /// The field entry named by the last key of `path`.
    pub fn field(&self, path: &[Key<'_>]) -> Option<&Field> {
        let (last, parent) = path.split_last()?;
        let Key::Field(name) = last else { return None };
        match &self.get(parent)?.kind {
            Kind::Struct { fields, .. } => fields.iter().find(|f| f.name == *name),
            _ => None,
        }
    }

    /// Every struct field in the tree, depth first, in document order.
    pub fn walk_fields<'a>(&'a self, out: &mut Vec<&'a Field>) {
        match &self.kind {
            Kind::Struct { fields, .. } => {
                for f in fields {
                    out.push(f);
                    f.value.walk_fields(out);
                }
            }
            Kind::Tuple { items, .. } | Kind::List(items) => {
                for i in items {
                    i.walk_fields(out);
                }
            }
            Kind::Map(entries) => {
                for (k, v) in entries {
                    k.walk_fields(out);
                    v.walk_fields(out);
                }
            }
            Kind::Atom => {}
        }
    }
}

/// Deeper nesting than this is refused rather than risking the stack.
pub const MAX_DEPTH: usize = 64;

/// Scan `src` into a span tree. Returns `None` when the text is not well-formed RON;
/// the caller already has ron's own error for that case.
pub fn scan(src: &str) -> Option<Spanned> {
    let mut s = Scanner {
        src: src.as_bytes(),
        pos: 0,
    };
    s.skip_trivia_and_attributes();
    let v = s.value(0)?;
    s.skip_trivia();
    (s.pos == s.src.len()).then_some(v)
}

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(b) if b.is_ascii_whitespace() => self.pos += 1,
                Some(b'/') if self.src.get(self.pos + 1) == Some(&b'/') => {
                    while let Some(b) = self.peek() {
                        self.pos += 1;
                        if b == b'\n' {
                            break;
                        }
                    }
                }
                Some(b'/') if self.src.get(self.pos + 1) == Some(&b'*') => {
                    self.pos += 2;
                    let mut depth = 1;
                    while depth > 0 && self.pos < self.src.len() {
                        if self.src[self.pos..].starts_with(b"/*") {
                            depth += 1;
                            self.pos += 2;
                        } else if self.src[self.pos..].starts_with(b"*/") {
                            depth -= 1;
                            self.pos += 2;
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_trivia_and_attributes(&mut self) {
        self.skip_trivia();
        while self.src[self.pos..].starts_with(b"#![") {
            while let Some(b) = self.peek() {
                self.pos += 1;
                if b == b']' {
                    break;
                }
            }
            self.skip_trivia();
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.skip_trivia();
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        if self.src[self.pos..].starts_with(b"r#") {
            self.pos += 2;
        }
        while let Some(b) = self.peek() {
            if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 {
                self.pos += 1;
            } else {
                break;
            }
        }
        (self.pos > start).then_some(start..self.pos)
    }

    fn value(&mut self, depth: usize) -> Option<Spanned> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_trivia();
        let start = self.pos;
        let b = self.peek()?;
        match b {
            b'"' => {
                self.string()?;
                Some(self.atom(start))
            }
            b'r' if self.src.get(self.pos + 1) == Some(&b'"')
                || (self.src.get(self.pos + 1) == Some(&b'#') && !self.is_raw_ident()) =>
            {
                self.raw_string()?;
                Some(self.atom(start))
            }
            b'b' if self.src.get(self.pos + 1) == Some(&b'"') => {
                self.pos += 1;
                self.string()?;
                Some(self.atom(start))
            }
            b'\'' => {
                self.pos += 1;
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == b'\\' {
                        self.pos += 1;
                    } else if c == b'\'' {
                        return Some(self.atom(start));
                    }
                }
                None
            }
            b'[' => {
                self.pos += 1;
                let items = self.seq(b']', depth)?;
                Some(Spanned {
                    span: start..self.pos,
                    kind: Kind::List(items),
                })
            }
            b'{' => {
                self.pos += 1;
                let mut entries = Vec::new();
                loop {
                    if self.eat(b'}') {
                        break;
                    }
                    let k = self.value(depth + 1)?;
                    if !self.eat(b':') {
                        return None;
                    }
                    let v = self.value(depth + 1)?;
                    entries.push((k, v));
                    if !self.eat(b',') {
                        if self.eat(b'}') {
                            break;
                        }
                        return None;
                    }
                }
                Some(Spanned {
                    span: start..self.pos,
                    kind: Kind::Map(entries),
                })
            }
            b'(' => self.struct_like(start, None, depth),
            b'+' | b'-' | b'.' | b'0'..=b'9' => {
                self.pos += 1;
                while let Some(c) = self.peek() {
                    if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'+' | b'-') {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                Some(self.atom(start))
            }
            _ => {
                let name = self.ident()?;
                let after = self.pos;
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    let is_some = &self.src[name.clone()] == b"Some";
                    let v = self.struct_like(start, Some(name), depth)?;
                    // `Some(x)` is seen through: paths address the value inside.
                    match v.kind {
                        Kind::Tuple { mut items, .. } if is_some && items.len() == 1 => items.pop(),
                        _ => Some(v),
                    }
                } else {
                    self.pos = after;
                    Some(self.atom(start))
                }
            }
        }
    }

    fn is_raw_ident(&self) -> bool {
        // `r#name` is an identifier; `r"..."` and `r#"..."#` are raw strings.
        self.src[self.pos..].starts_with(b"r#")
            && self
                .src
                .get(self.pos + 2)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    }

    fn atom(&self, start: usize) -> Spanned {
        Spanned {
            span: start..self.pos,
            kind: Kind::Atom,
        }
    }

    fn string(&mut self) -> Option<()> {
        self.pos += 1; // opening quote
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'"' => return Some(()),
                _ => {}
            }
        }
        None
    }

    fn raw_string(&mut self) -> Option<()> {
        self.pos += 1; // r
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek() != Some(b'"') {
            return None;
        }
        self.pos += 1;
        while self.pos < self.src.len() {
            if self.src[self.pos] == b'"'
                && self.src[self.pos + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|&&c| c == b'#')
                    .count()
                    == hashes
            {
                self.pos += 1 + hashes;
                return Some(());
            }
            self.pos += 1;
        }
        None
    }

    fn seq(&mut self, close: u8, depth: usize) -> Option<Vec<Spanned>> {
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                return Some(items);
            }
            items.push(self.value(depth + 1)?);
            if !self.eat(b',') {
                return self.eat(close).then_some(items);
            }
        }
    }

    /// After an optional name, at `(`: a struct when the first item is `ident:`.
    fn struct_like(
        &mut self,
        start: usize,
        name: Option<Range<usize>>,
        depth: usize,
    ) -> Option<Spanned> {
        self.skip_trivia();
        self.pos += 1; // (
        self.skip_trivia();
        let save = self.pos;
        let is_struct = self.ident().is_some() && {
            self.skip_trivia();
            self.peek() == Some(b':')
        };
        self.pos = save;
        if !is_struct {
            let items = self.seq(b')', depth)?;
            return Some(Spanned {
                span: start..self.pos,
                kind: Kind::Tuple { name, items },
            });
        }
        let mut fields = Vec::new();
        loop {
            if self.eat(b')') {
                break;
            }
            self.skip_trivia();
            let name_span = self.ident()?;
            if !self.eat(b':') {
                return None;
            }
            let value = self.value(depth + 1)?;
            let had_comma = self.eat(b',');
            let field_name = String::from_utf8_lossy(&self.src[name_span.clone()])
                .trim_start_matches("r#")
                .to_string();
            fields.push(Field {
                name: field_name,
                entry_span: name_span.start..self.pos,
                name_span,
                value,
            });
            if !had_comma {
                if self.eat(b')') {
                    break;
                }
                return None;
            }
        }
        Some(Spanned {
            span: start..self.pos,
            kind: Kind::Struct { name, fields },
        })
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..floor_char_boundary(src, offset)];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Byte offset of a 1-based line and character column.
pub fn offset_of(src: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in src.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset
                + l.char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    src.len()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r##"#![enable(implicit_some)]
// a comment
Scenario(
    id: "x", /* block /* nested */ */
    nodes: [
        Node(id: "a", next: Some("b")),
        Node(id: "b", pair: (1, -2.5), map: {"k": r#"raw "q""#}),
    ],
)"##;

    fn text<'a>(src: &'a str, s: &Spanned) -> &'a str {
        &src[s.span.clone()]
    }

    #[test]
    fn finds_nested_fields_by_path() {
        let tree = scan(DOC).expect("well-formed");
        let id = tree
            .get(&[Key::Field("nodes"), Key::Index(1), Key::Field("id")])
            .unwrap();
        assert_eq!(text(DOC, id), "\"b\"");
        let next = tree
            .get(&[Key::Field("nodes"), Key::Index(0), Key::Field("next")])
            .unwrap();
        assert_eq!(text(DOC, next), "\"b\"", "Some(..) is seen through");
        let (line, col) = line_col(DOC, id.span.start);
        assert_eq!((line, col), (7, 18));
    }

    #[test]
    fn entry_span_covers_name_value_and_comma() {
        let tree = scan(DOC).unwrap();
        let f = tree.field(&[Key::Field("id")]).unwrap();
        assert_eq!(&DOC[f.entry_span.clone()], "id: \"x\",");
    }

    #[test]
    fn malformed_text_gives_none() {
        assert!(scan("Scenario(id: ").is_none());
        assert!(scan("(a: 1) trailing").is_none());
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(scan(&deep).is_none(), "nesting past the limit is refused");
    }

    #[test]
    fn offsets_and_positions_round_trip() {
        let src = "ab\nçd\nef";
        for off in [0, 1, 3, 5, 6, 7] {
            let (l, c) = line_col(src, off);
            assert_eq!(offset_of(src, l, c), off);
        }
    }
}
