//! Image rules without IO: what an upload may be, and how it is re-encoded and resized.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits, imageops::FilterType};

/// Largest upload, in bytes.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Longest side, in pixels.
pub const MAX_SIDE: u32 = 8000;
/// Most pixels in all (40 megapixels).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Widths of the resized copies served with `srcset` (only those narrower than the original).
pub const RENDITION_WIDTHS: [u32; 3] = [480, 960, 1600];

/// Why an upload was refused; each says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("This file is not a JPEG, PNG or WebP image. Upload a photo or graphic in one of those formats.")]
    Unsupported,
    #[error(
        "This image is {0}×{1} pixels; the most is {MAX_SIDE} on a side and 40 megapixels in all. Resize it and upload again."
    )]
    TooLarge(u32, u32),
    #[error("This image could not be read; the file may be damaged. Export it again and upload the new file.")]
    Corrupt,
    #[error("The file is larger than 10 MB. Upload a smaller one.")]
    TooManyBytes,
}

/// An image ready to store: the re-encoded original and its renditions.
#[derive(Debug)]
pub struct Processed {
    pub ext: &'static str,
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    pub original: Vec<u8>,
    pub renditions: Vec<(u32, Vec<u8>)>,
}

fn encode(img: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    let result = match format {
        ImageFormat::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82).encode_image(&rgb)
        }
        ImageFormat::WebP => DynamicImage::ImageRgba8(img.to_rgba8()).write_to(&mut Cursor::new(&mut out), format),
        _ => img.write_to(&mut Cursor::new(&mut out), format),
    };
    result.map_err(|_| MediaError::Corrupt)?;
    Ok(out)
}

/// Sniffs the type from the bytes (never the name), checks the limits before decoding the
/// pixels, re-encodes (which drops EXIF and other metadata) and makes the renditions.
pub fn process(bytes: &[u8]) -> Result<Processed, MediaError> {
    if bytes.len() > MAX_BYTES {
        return Err(MediaError::TooManyBytes);
    }
    let format = image::guess_format(bytes).map_err(|_| MediaError::Unsupported)?;
    let (ext, mime) = match format {
        ImageFormat::Jpeg => ("jpg", "image/jpeg"),
        ImageFormat::Png => ("png", "image/png"),
        ImageFormat::WebP => ("webp", "image/webp"),
        _ => return Err(MediaError::Unsupported),
    };
    // Dimensions come from the header alone, before any pixel is decoded.
    let (width, height) =
        ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().map_err(|_| MediaError::Corrupt)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(MediaError::TooLarge(width, height));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| MediaError::Corrupt)?;
    let original = encode(&img, format)?;
    let mut renditions = Vec::new();
    for w in RENDITION_WIDTHS.into_iter().filter(|w| *w < width) {
        let h = ((u64::from(height) * u64::from(w)) / u64::from(width)).max(1) as u32;
        renditions.push((w, encode(&img.resize_exact(w, h, FilterType::Triangle), format)?));
    }
    Ok(Processed { ext, mime, width, height, original, renditions })
}

/// The public URL path of a stored file (`path` below the media root).
pub fn url_path(path: &str) -> String {
    format!("/media/{path}")
}

/// The path of a rendition beside its original.
pub fn rendition_path(path: &str, width: i64) -> String {
    match path.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}-{width}.{ext}"),
        None => format!("{path}-{width}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = DynamicImage::new_rgb8(width, height);
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn a_png_is_reencoded_with_narrower_renditions() {
        let p = process(&png(1000, 500)).unwrap();
        assert_eq!((p.ext, p.width, p.height), ("png", 1000, 500));
        let widths: Vec<u32> = p.renditions.iter().map(|r| r.0).collect();
        assert_eq!(widths, [480, 960]);
        assert_eq!(image::load_from_memory(&p.renditions[0].1).unwrap().height(), 240);
    }

    #[test]
    fn text_and_damaged_files_are_refused() {
        assert_eq!(process(b"hello, not an image").unwrap_err(), MediaError::Unsupported);
        let mut broken = png(10, 10);
        broken.truncate(40);
        assert!(matches!(process(&broken), Err(MediaError::Corrupt)));
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn huge_images_are_refused_before_decoding() {
        // A valid PNG header claiming 20000×20000 pixels, with no pixel data behind it.
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(20_000u32.to_be_bytes());
        ihdr.extend(20_000u32.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        let mut file = b"\x89PNG\r\n\x1a\n".to_vec();
        file.extend(13u32.to_be_bytes());
        file.extend(&ihdr);
        file.extend(crc32(&ihdr).to_be_bytes());
        for chunk in [&b"IDAT"[..], &b"IEND"[..]] {
            file.extend(0u32.to_be_bytes());
            file.extend(chunk);
            file.extend(crc32(chunk).to_be_bytes());
        }
        assert_eq!(process(&file).unwrap_err(), MediaError::TooLarge(20_000, 20_000));
    }
}
