//! Profile images: decoded from whatever the resident uploaded, checked, turned upright, cropped and
//! re-encoded as JPEG variants. Re-encoding is what strips EXIF (GPS position, camera serial): nothing
//! of the original file but its pixels reaches other residents.

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
const MAX_SIDE: u32 = 8_000;
const MIN_SIDE: u32 = 32;
const JPEG_QUALITY: u8 = 85;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// Square: 64, 256, 512 px.
    Avatar,
    /// 3:1 banner: 480, 960, 1,920 px wide.
    Cover,
    /// A photo in a post: its own proportions, 320, 960, 1,920 px wide.
    Photo,
}

impl ImageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Avatar => "avatar",
            Self::Cover => "cover",
            Self::Photo => "photo",
        }
    }

    fn widths(self) -> [u32; 3] {
        match self {
            Self::Avatar => [64, 256, 512],
            Self::Cover => [480, 960, 1920],
            Self::Photo => [320, 960, 1920],
        }
    }

    /// Width over height, when the kind imposes one.
    fn aspect(self) -> Option<(u32, u32)> {
        match self {
            Self::Avatar => Some((1, 1)),
            Self::Cover => Some((3, 1)),
            Self::Photo => None,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("the file is not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("the image is larger than {MAX_UPLOAD_BYTES} bytes or {MAX_SIDE} pixels a side")]
    TooLarge,
    #[error("the image is smaller than {MIN_SIDE} pixels a side")]
    TooSmall,
    #[error("encoding a variant failed: {0}")]
    Encode(String),
}

/// What processing made of an upload.
pub struct Processed {
    pub variants: Vec<Variant>,
    /// A tiny placeholder to paint while the image loads (blurhash).
    pub blurhash: String,
    /// The large variant's size, for layout before loading.
    pub width: u32,
    pub height: u32,
}

/// One encoded variant: its name (`small`, `medium`, `large`) and JPEG bytes.
pub struct Variant {
    pub name: &'static str,
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, ImageError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(ImageError::TooLarge);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ImageError::NotAnImage)?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) => {}
        _ => return Err(ImageError::NotAnImage),
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // A decompression bomb stops here rather than exhausting the function's memory.
    limits.max_alloc = Some(512 * 1024 * 1024);
    let mut decoder = {
        let mut reader = reader;
        reader.limits(limits);
        reader.into_decoder().map_err(classify)?
    };
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(classify)?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    if img.width() < MIN_SIDE || img.height() < MIN_SIDE {
        return Err(ImageError::TooSmall);
    }
    Ok(img)
}

fn classify(err: image::ImageError) -> ImageError {
    match err {
        image::ImageError::Limits(_) => ImageError::TooLarge,
        _ => ImageError::NotAnImage,
    }
}

/// The largest centred crop of `img` with the given aspect ratio.
fn crop_to(img: &DynamicImage, (aw, ah): (u32, u32)) -> DynamicImage {
    let (w, h) = (img.width(), img.height());
    let (cw, ch) = if u64::from(w) * u64::from(ah) > u64::from(h) * u64::from(aw) {
        ((u64::from(h) * u64::from(aw) / u64::from(ah)) as u32, h)
    } else {
        (w, (u64::from(w) * u64::from(ah) / u64::from(aw)) as u32)
    };
    img.crop_imm((w - cw) / 2, (h - ch) / 2, cw.max(1), ch.max(1))
}

/// Decodes, checks and re-encodes an upload into its three variants (never upscaled).
pub fn process(bytes: &[u8], kind: ImageKind) -> Result<Vec<Variant>, ImageError> {
    process_with_placeholder(bytes, kind).map(|p| p.variants)
}

/// As [`process`], with a blurhash placeholder and the large variant's size.
pub fn process_with_placeholder(bytes: &[u8], kind: ImageKind) -> Result<Processed, ImageError> {
    let img = decode(bytes)?;
    let (aw, ah) = kind.aspect().unwrap_or((img.width(), img.height()));
    let cropped = crop_to(&img, (aw, ah));
    // JPEG has no alpha: transparent pixels become white rather than black.
    let rgba = cropped.to_rgba8();
    let mut flat = image::RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        flat.put_pixel(x, y, image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])]));
    }
    let flat = DynamicImage::ImageRgb8(flat);
    let names = ["small", "medium", "large"];
    let mut out = Vec::with_capacity(3);
    for (name, target) in names.into_iter().zip(kind.widths()) {
        let width = target.min(flat.width());
        // A fixed aspect gives exact banners (480 × 160); photos keep their own, rounded.
        let (num, den) = kind
            .aspect()
            .map_or((flat.height(), flat.width().max(1)), |(aw, ah)| (ah, aw));
        let height = ((u64::from(width) * u64::from(num) + u64::from(den) / 2) / u64::from(den))
            .max(1) as u32;
        let resized = flat.resize_exact(width, height, FilterType::Lanczos3);
        let mut jpeg = Vec::new();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY);
        resized
            .write_with_encoder(encoder)
            .map_err(|e| ImageError::Encode(e.to_string()))?;
        out.push(Variant {
            name,
            jpeg,
            width,
            height,
        });
    }
    let thumb = flat.thumbnail(32, 32).to_rgba8();
    let blurhash = blurhash::encode(4, 3, thumb.width(), thumb.height(), thumb.as_raw())
        .map_err(|e| ImageError::Encode(format!("blurhash: {e}")))?;
    let (width, height) = out.last().map_or((0, 0), |v| (v.width, v.height));
    Ok(Processed {
        variants: out,
        blurhash,
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, y| {
            image::Rgba([
                (x % 256) as u8,
                (y % 256) as u8,
                128,
                if x < 5 { 0 } else { 255 },
            ])
        });
        let mut out = Vec::new();
        let _ =
            DynamicImage::ImageRgba8(img).write_to(&mut Cursor::new(&mut out), ImageFormat::Png);
        out
    }

    /// A JPEG with an APP1 EXIF segment carrying a GPS tag marker, inserted after SOI.
    fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, _| image::Rgb([(x % 256) as u8, 90, 30]));
        let mut plain = Vec::new();
        let _ =
            DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut plain), ImageFormat::Jpeg);
        let payload = b"Exif\0\0MM\0*\0\0\0\x08GPSLatitude49.4431N-secret";
        let len = (payload.len() + 2) as u16;
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(payload);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[test]
    fn avatars_are_square_variants_without_metadata() {
        let source = jpeg_with_exif(900, 600);
        assert!(source.windows(4).any(|w| w == b"Exif"));
        let variants = process(&source, ImageKind::Avatar).unwrap_or_default();
        let sizes: Vec<(u32, u32)> = variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(64, 64), (256, 256), (512, 512)]);
        for v in &variants {
            assert!(!v.jpeg.windows(4).any(|w| w == b"Exif"), "EXIF survived");
            assert!(!v.jpeg.windows(11).any(|w| w == b"GPSLatitude"));
            let back = image::load_from_memory(&v.jpeg).map(|i| (i.width(), i.height()));
            assert_eq!(back.ok(), Some((v.width, v.height)));
        }
    }

    #[test]
    fn photos_keep_their_proportions_and_get_a_placeholder() {
        let processed = process_with_placeholder(&jpeg_with_exif(1200, 800), ImageKind::Photo);
        let Ok(p) = processed else {
            panic!("a photo processes");
        };
        let sizes: Vec<(u32, u32)> = p.variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(320, 213), (960, 640), (1200, 800)]);
        assert_eq!((p.width, p.height), (1200, 800));
        assert!((6..=40).contains(&p.blurhash.len()), "{}", p.blurhash);
    }

    #[test]
    fn covers_are_banners_and_small_images_are_not_upscaled() {
        let variants = process(&png(600, 600), ImageKind::Cover).unwrap_or_default();
        let sizes: Vec<(u32, u32)> = variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(480, 160), (600, 200), (600, 200)]);
    }

    #[test]
    fn non_images_and_oddities_get_clear_errors() {
        assert_eq!(
            process(b"%PDF-1.7 not an image", ImageKind::Avatar).err(),
            Some(ImageError::NotAnImage)
        );
        assert_eq!(
            process(b"", ImageKind::Avatar).err(),
            Some(ImageError::NotAnImage)
        );
        let mut truncated = png(200, 200);
        truncated.truncate(100);
        assert_eq!(
            process(&truncated, ImageKind::Avatar).err(),
            Some(ImageError::NotAnImage)
        );
        assert_eq!(
            process(&png(10, 10), ImageKind::Avatar).err(),
            Some(ImageError::TooSmall)
        );
        assert_eq!(
            process(&vec![0u8; MAX_UPLOAD_BYTES + 1], ImageKind::Avatar).err(),
            Some(ImageError::TooLarge)
        );
        // A GIF is an image, but not one we accept.
        let mut gif = Vec::new();
        let _ = DynamicImage::ImageRgb8(image::RgbImage::new(40, 40))
            .write_to(&mut Cursor::new(&mut gif), ImageFormat::Gif);
        assert_eq!(
            process(&gif, ImageKind::Avatar).err(),
            Some(ImageError::NotAnImage)
        );
    }

    #[test]
    fn a_decompression_bomb_is_refused_before_decoding() {
        // A PNG header claiming 20,000 × 20,000 pixels.
        let mut bomb = png(40, 40);
        bomb[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        assert!(matches!(
            process(&bomb, ImageKind::Avatar).err(),
            Some(ImageError::TooLarge | ImageError::NotAnImage)
        ));
    }
}
