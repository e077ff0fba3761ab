//! `multipart/form-data` bodies (file uploads), read from a body already
//! buffered in memory: the CSRF check reads the `csrf` field from it, and the
//! handler its other fields. Only forms that upload a file use it.

use axum::body::{Body, Bytes};

/// Most parts one form may have; more is not a form of ours.
const MAX_PARTS: usize = 16;

/// The named parts of a multipart body, in order; `None` when the content
/// type or the body is not valid multipart.
pub async fn parts(content_type: &str, body: Bytes) -> Option<Vec<(String, Bytes)>> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let mut form = multer::Multipart::new(Body::from(body).into_data_stream(), boundary);
    let mut out = Vec::new();
    while let Some(field) = form.next_field().await.ok()? {
        if out.len() >= MAX_PARTS {
            return None;
        }
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.ok()?;
        out.push((name, bytes));
    }
    Some(out)
}

/// The first part called `name`.
pub fn field<'a>(parts: &'a [(String, Bytes)], name: &str) -> Option<&'a Bytes> {
    parts.iter().find(|(n, _)| n == name).map(|(_, b)| b)
}

/// The first part called `name` as text (empty when missing or not UTF-8).
pub fn text(parts: &[(String, Bytes)], name: &str) -> String {
    field(parts, name)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const CT: &str = "multipart/form-data; boundary=XyZ";

    fn body(parts: &[(&str, &[u8])]) -> Bytes {
        let mut b = Vec::new();
        for (name, value) in parts {
            b.extend_from_slice(
                format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"f\"\r\n\r\n").as_bytes(),
            );
            b.extend_from_slice(value);
            b.extend_from_slice(b"\r\n");
        }
        b.extend_from_slice(b"--XyZ--\r\n");
        Bytes::from(b)
    }

    #[tokio::test]
    async fn reads_fields_and_binary_files() {
        let p = parts(
            CT,
            body(&[("csrf", b"tok"), ("pakket", &[0, 255, 13, 10, 1])]),
        )
        .await
        .unwrap();
        assert_eq!(text(&p, "csrf"), "tok");
        assert_eq!(field(&p, "pakket").unwrap().as_ref(), &[0, 255, 13, 10, 1]);
        assert_eq!(text(&p, "absent"), "");
    }

    #[tokio::test]
    async fn refuses_what_is_not_multipart() {
        assert!(
            parts("application/x-www-form-urlencoded", Bytes::from("a=b"))
                .await
                .is_none()
        );
        assert!(parts(CT, Bytes::from("--XyZ\r\ngarbage")).await.is_none());
        let many: Vec<(&str, &[u8])> = (0..20).map(|_| ("x", b"y" as &[u8])).collect();
        assert!(parts(CT, body(&many)).await.is_none());
    }
}
