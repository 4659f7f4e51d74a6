//! Lines that hold nothing but a block tag (`{% for ... %}`, `{% endif %}`) leave no blank line
//! behind, while a tag inside a line of text keeps that line's line break.
//!
//! Jinja's own `trim_blocks` removes the line break after *every* block tag, so an owner who ends
//! a sentence with `{% endif %}` would see it glued to the next one; without it, every loop leaves
//! blank lines. Owners write plain text, so the rule they expect is Mustache's: a line that is only
//! a tag disappears. It is done here by moving that line's break into a comment (`{#\n#}`), which
//! keeps every line number the same for error messages.
//!
//! Owns: [`strip_standalone_tags`]. Must not: change anything outside such lines.

/// `source` with each standalone block-tag line's indentation removed and its line break turned
/// into a comment. Lines inside a multi-line comment or a `{% raw %}` block are left alone.
pub(crate) fn strip_standalone_tags(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 64);
    let mut in_comment = false;
    let mut in_raw = false;
    for line in source.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let tag = content.trim();
        if in_raw {
            in_raw = !line.contains("endraw");
            out.push_str(line);
            continue;
        }
        // Inside `{% raw %}` a comment would be printed as text, so raw blocks are left alone.
        in_raw = opens_raw(line);
        if !in_comment && !in_raw && line.ends_with('\n') && is_single_tag(tag) {
            out.push_str(tag);
            out.push_str("{#\n#}");
        } else {
            out.push_str(line);
        }
        in_comment = comment_open_after(line, in_comment);
    }
    out
}

/// `{% ... %}` and nothing else (its only `%}` is the closing one).
fn is_single_tag(text: &str) -> bool {
    text.len() >= 4
        && text.starts_with("{%")
        && text.ends_with("%}")
        && text.find("%}") == Some(text.len() - 2)
        && !text[2..].contains("{%")
}

/// Whether `line` starts a `{% raw %}` block that it does not also end.
fn opens_raw(line: &str) -> bool {
    let Some(at) = line.find("{%") else {
        return false;
    };
    let after = line[at + 2..]
        .trim_start_matches(['-', '+', '~'])
        .trim_start();
    (after.starts_with("raw ") || after.starts_with("raw%") || after.starts_with("raw-"))
        && !line.contains("endraw")
}

/// Whether a `{# ... #}` comment is still open at the end of `line`.
fn comment_open_after(line: &str, mut open: bool) -> bool {
    let mut rest = line;
    loop {
        let marker = if open { "#}" } else { "{#" };
        match rest.find(marker) {
            Some(at) => {
                open = !open;
                rest = &rest[at + 2..];
            }
            None => return open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::strip_standalone_tags;

    #[test]
    fn standalone_tags_keep_line_numbers_and_leave_no_blank_lines() {
        let source = "A\n  {% for i in x %}\n- {{ i }}\n{% endfor %}\nB {% if y %}z{% endif %}\nC";
        let out = strip_standalone_tags(source);
        assert_eq!(out.lines().count(), source.lines().count());
        assert_eq!(
            out,
            "A\n{% for i in x %}{#\n#}- {{ i }}\n{% endfor %}{#\n#}B {% if y %}z{% endif %}\nC"
        );
    }

    #[test]
    fn comments_raw_blocks_and_text_are_untouched() {
        for source in [
            "{# a\n{% if x %}\n#}\n",
            "{% raw %}\n{% if x %}\n{% endraw %}\n",
            "text {% if x %}\n",
            "{% if x %}{% endif %}\n",
            "{% if x %}",
        ] {
            assert_eq!(strip_standalone_tags(source), source);
        }
    }
}
