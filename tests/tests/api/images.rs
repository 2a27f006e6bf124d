use crate::harness::{Platform, platform};
use reqwest::Method;
use serde_json::{Value, json};
use std::io::Cursor;

/// A JPEG with an EXIF segment carrying a GPS marker, like a phone photo.
pub fn phone_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(1024, 768, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 80])
    });
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut plain), image::ImageFormat::Jpeg)
        .expect("encode");
    let payload = b"Exif\0\0MM\0*\0\0\0\x08GPSLatitude49.4431N";
    let len = (payload.len() + 2) as u16;
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&plain[2..]);
    out
}

/// Runs the browser's upload: ask, PUT the bytes, complete.
pub async fn upload(
    p: &Platform,
    token: &str,
    kind: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> crate::harness::Answer {
    let start = p
        .post(
            &format!("/api/v1/users/{kind}"),
            Some(token),
            json!({"content_type": content_type, "size": bytes.len()}),
        )
        .await;
    let ticket = start.ok().clone();
    assert_eq!(ticket["method"], "PUT");
    let mut put = p.http.put(ticket["url"].as_str().expect("url"));
    for (name, value) in ticket["headers"].as_object().expect("headers") {
        put = put.header(name.as_str(), value.as_str().unwrap_or_default());
    }
    let stored = put.body(bytes).send().await.expect("upload");
    assert!(
        stored.status().is_success(),
        "upload refused: {}",
        stored.status()
    );
    p.post(
        &format!("/api/v1/users/{kind}/complete"),
        Some(token),
        json!({"upload_id": ticket["upload_id"]}),
    )
    .await
}

async fn fetch(p: &Platform, url: &str) -> (String, Vec<u8>) {
    let response = p.http.get(url).send().await.expect("download");
    assert_eq!(response.status(), 200, "{url}");
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    (
        content_type,
        response.bytes().await.expect("bytes").to_vec(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn an_avatar_is_re_encoded_resized_and_stripped() {
    let p = platform().await;
    let s = p.resident("photo_fan").await;
    let me = upload(&p, &s.access, "avatar", "image/jpeg", phone_photo()).await;
    let avatar = me.ok()["avatar"].clone();
    for (variant, side) in [("small", 64), ("medium", 256), ("large", 512)] {
        let (content_type, bytes) = fetch(&p, avatar[variant].as_str().expect("url")).await;
        assert_eq!(content_type, "image/jpeg");
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "EXIF survived in {variant}"
        );
        assert!(!bytes.windows(11).any(|w| w == b"GPSLatitude"));
        let img = image::load_from_memory(&bytes).expect("a real image");
        assert_eq!((img.width(), img.height()), (side, side), "{variant}");
    }
    // Others see it on the profile.
    let profile = p.get("/api/v1/users/photo_fan", None).await;
    assert!(profile.ok()["avatar"]["medium"].as_str().is_some());

    // Replacing it removes the old files; removing it clears the profile.
    let old = avatar["small"].as_str().unwrap_or_default().to_owned();
    let png = {
        let mut out = Vec::new();
        image::DynamicImage::ImageRgba8(image::RgbaImage::new(300, 300))
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .expect("png");
        out
    };
    let replaced = upload(&p, &s.access, "avatar", "image/png", png).await;
    assert_ne!(
        replaced.ok()["avatar"]["small"]
            .as_str()
            .unwrap_or_default(),
        old
    );
    assert_eq!(p.http.get(&old).send().await.expect("sent").status(), 404);
    let removed = p
        .call(
            Method::DELETE,
            "/api/v1/users/avatar",
            Some(&s.access),
            None,
        )
        .await;
    assert_eq!(removed.ok()["avatar"], Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cover_is_a_banner() {
    let p = platform().await;
    let s = p.resident("cover_fan").await;
    let me = upload(&p, &s.access, "cover", "image/jpeg", phone_photo()).await;
    let (_, bytes) = fetch(&p, me.ok()["cover"]["small"].as_str().expect("url")).await;
    let img = image::load_from_memory(&bytes).expect("image");
    assert_eq!((img.width(), img.height()), (480, 160));
}

#[tokio::test(flavor = "multi_thread")]
async fn uploads_refuse_what_is_not_an_image() {
    let p = platform().await;
    let s = p.resident("sneaky").await;
    let pdf = upload(
        &p,
        &s.access,
        "avatar",
        "image/jpeg",
        b"%PDF-1.7 definitely not a photo".to_vec(),
    )
    .await;
    assert_eq!(pdf.field_codes(), ["body.upload_id:not_an_image"]);
    let tiny = {
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(8, 8))
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .expect("png");
        out
    };
    assert_eq!(
        upload(&p, &s.access, "avatar", "image/png", tiny)
            .await
            .field_codes(),
        ["body.upload_id:image_too_small"]
    );
    assert_eq!(
        p.post(
            "/api/v1/users/avatar",
            Some(&s.access),
            json!({"content_type": "image/svg+xml", "size": 1000})
        )
        .await
        .field_codes(),
        ["body.content_type:invalid"]
    );
    assert_eq!(
        p.post(
            "/api/v1/users/avatar",
            Some(&s.access),
            json!({"content_type": "image/png", "size": 99_999_999})
        )
        .await
        .field_codes(),
        ["body.size:image_too_large"]
    );
    assert_eq!(
        p.post(
            "/api/v1/users/avatar/complete",
            Some(&s.access),
            json!({"upload_id": "01JUNKUNKNOWN"})
        )
        .await
        .field_codes(),
        ["body.upload_id:unknown"]
    );
    // Asked for but never uploaded.
    let ticket = p
        .post(
            "/api/v1/users/avatar",
            Some(&s.access),
            json!({"content_type": "image/png", "size": 10}),
        )
        .await;
    assert_eq!(
        p.post(
            "/api/v1/users/avatar/complete",
            Some(&s.access),
            json!({"upload_id": ticket.ok()["upload_id"]})
        )
        .await
        .field_codes(),
        ["body.upload_id:not_uploaded"]
    );
    // An avatar upload cannot complete as a cover.
    let ticket = p
        .post(
            "/api/v1/users/avatar",
            Some(&s.access),
            json!({"content_type": "image/png", "size": 10}),
        )
        .await;
    assert_eq!(
        p.post(
            "/api/v1/users/cover/complete",
            Some(&s.access),
            json!({"upload_id": ticket.ok()["upload_id"]})
        )
        .await
        .field_codes(),
        ["body.upload_id:unknown"]
    );
    let me = p.get("/api/v1/users/me", Some(&s.access)).await;
    assert_eq!(me.ok()["avatar"], Value::Null);
}
