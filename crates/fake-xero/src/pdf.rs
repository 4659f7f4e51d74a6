//! A small, valid one-page PDF for `GET /Invoices/{id}` with `Accept: application/pdf`: the
//! invoice number, contact and amounts in Helvetica, with a correct xref table so real PDF
//! readers (and pdftoppm) open it. Owns: PDF bytes. Must not: decide who may fetch them.

use crate::model::Invoice;
use crate::world::Tenant;

pub fn render(tenant: &Tenant, invoice: &Invoice) -> Vec<u8> {
    let contact = tenant
        .contact(invoice.contact_id)
        .map_or("", |c| c.name.as_str());
    let lines = [
        format!("{} - Tax invoice {}", tenant.org.name, invoice.number),
        format!("To: {contact}"),
        format!("Date: {}   Due: {}", invoice.date, invoice.due_date),
        format!("Total: {} {:.2}", invoice.currency, invoice.total()),
        format!(
            "Amount due: {} {:.2}",
            invoice.currency,
            invoice.amount_due()
        ),
        format!("Status: {}", invoice.status.as_str()),
    ];
    let mut text = String::from("BT /F1 14 Tf 72 760 Td 18 TL\n");
    for line in &lines {
        text.push_str(&format!("({}) Tj T*\n", escape(line)));
    }
    text.push_str("ET\n");

    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{text}endstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (n, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{body}\nendobj\n", n + 1));
    }
    let xref_at = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

/// PDF string escaping; non-ASCII is replaced, since the built-in font is Latin-only.
fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '(' | ')' | '\\' => format!("\\{c}"),
            c if c.is_ascii() && !c.is_ascii_control() => c.to_string(),
            _ => "?".to_owned(),
        })
        .collect()
}
