//! CSV for the audit export: RFC 4180 quoting, and cells that a spreadsheet
//! would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR)
//! neutralised with a leading apostrophe (OWASP "CSV injection").

/// One cell, safe for spreadsheets and quoted when needed.
pub fn cell(value: &str) -> String {
    let neutral = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// One line (CRLF-terminated, as RFC 4180 says).
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = cells
        .iter()
        .map(|c| cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+32"), "'+32");
        assert_eq!(cell("-5"), "'-5");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(cell("a=b"), "a=b");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn quoting() {
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("zeg \"ja\""), "\"zeg \"\"ja\"\"\"");
        assert_eq!(cell("a\nb"), "\"a\nb\"");
        assert_eq!(
            cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(line(&["1", "a,b", "=x"]), "1,\"a,b\",'=x\r\n");
    }
}
