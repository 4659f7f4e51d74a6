//! The HTML part of a reminder, made from its rendered plain text so the owner edits one text.
//!
//! Every character of the text is escaped (the owner's words and every placeholder value alike:
//! a `<script>` in a company name arrives as text). Blank lines become paragraphs, single line
//! breaks `<br>`, and the invoices' online links — and only those — become links.
//!
//! Owns: [`text_to_html`]. Must not: read templates or the context beyond the links it is given.

/// Wraps the escaped paragraphs of `text` in a small, mail-client-safe HTML document. `links` are
/// the web addresses (already checked to be `http(s)://`) that are turned into links where they
/// appear in the text.
pub(crate) fn text_to_html(text: &str, links: &[String]) -> String {
    let mut escaped_links: Vec<String> = links.iter().map(|link| escape(link)).collect();
    // The longest first, so `.../INV-10` is not cut short by `.../INV-1`.
    escaped_links.sort_by_key(|link| std::cmp::Reverse(link.len()));
    escaped_links.dedup();

    let mut html = String::with_capacity(text.len() * 5 / 4 + 400);
    html.push_str(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n</head>\n\
         <body style=\"margin:0;padding:16px;font-family:-apple-system,'Segoe UI',Helvetica,Arial,\
         sans-serif;font-size:15px;line-height:1.5;color:#1f2328;\">\n",
    );
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        html.push_str("<p style=\"margin:0 0 1em 0;\">");
        for (i, line) in paragraph.split('\n').enumerate() {
            if i > 0 {
                html.push_str("<br>\n");
            }
            push_linked(&mut html, &escape(line), &escaped_links);
        }
        html.push_str("</p>\n");
    }
    html.push_str("</body>\n</html>\n");
    html
}

/// Escapes the five characters that are special in HTML text and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Appends an escaped line, turning each occurrence of one of `links` (escaped, longest first)
/// into `<a href>`.
fn push_linked(html: &mut String, line: &str, links: &[String]) {
    let mut rest = line;
    while let Some(at) = rest.find("http") {
        let (before, candidate) = rest.split_at(at);
        html.push_str(before);
        match links
            .iter()
            .find(|link| candidate.starts_with(link.as_str()))
        {
            Some(link) => {
                html.push_str("<a href=\"");
                html.push_str(link);
                html.push_str("\" style=\"color:#0b63ce;\">");
                html.push_str(link);
                html.push_str("</a>");
                rest = &candidate[link.len()..];
            }
            None => {
                html.push_str("http");
                rest = &candidate[4..];
            }
        }
    }
    html.push_str(rest);
}
