//! Deployment packages: a `ZipFile` must be a zip archive within the sizes the service allows,
//! and a package that stays in S3 (`S3ObjectStorageMode` `REFERENCE`) must be given as an S3
//! object.
//!
//! Everything is checked in memory: the archive's own size, then the uncompressed sizes its
//! central directory declares, then the bytes each entry really inflates to (counted while
//! they are thrown away, and stopped as soon as the total passes the limit), so an archive
//! that understates its sizes is caught as well as one that states them.

use crate::account::{CODE_SIZE_UNZIPPED, CODE_SIZE_ZIPPED};
use crate::error::{Fail, Res};
use lambda_api::enums::S3ObjectStorageMode;
use lambda_api::types::ResolvedS3Object;
use std::io::{Cursor, Read};

/// The service's message for an archive it cannot read.
pub const NOT_A_ZIP: &str = "Could not unzip uploaded file. Please check your file, then try to upload again.";

/// Checks a deployment package against the service's limits: 52,428,800 bytes zipped (413
/// `RequestEntityTooLargeException`), a readable zip archive and 262,144,000 bytes unzipped
/// (400 `InvalidParameterValueException`).
pub fn check_package(zip: &[u8]) -> Res<()> {
    check_package_within(zip, CODE_SIZE_ZIPPED as u64, CODE_SIZE_UNZIPPED as u64)
}

/// [`check_package`] with other limits.
pub fn check_package_within(zip: &[u8], zipped_limit: u64, unzipped_limit: u64) -> Res<()> {
    if zip.len() as u64 > zipped_limit {
        return Err(Fail::RequestEntityTooLarge(format!("Zipped size must be smaller than {zipped_limit} bytes")));
    }
    fn unreadable(_: impl std::error::Error) -> Fail {
        Fail::InvalidParameter(NOT_A_ZIP.into())
    }
    let too_big = || Fail::InvalidParameter(format!("Unzipped size must be smaller than {unzipped_limit} bytes"));
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).map_err(unreadable)?;
    let mut declared: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(unreadable)?;
        declared = declared.saturating_add(entry.size());
        if declared > unzipped_limit {
            return Err(too_big());
        }
    }
    let mut inflated: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(unreadable)?;
        // One byte past what is left tells an entry that goes over.
        let room = unzipped_limit - inflated;
        let read = std::io::copy(&mut entry.take(room + 1), &mut std::io::sink()).map_err(unreadable)?;
        if read > room {
            return Err(too_big());
        }
        inflated += read;
    }
    Ok(())
}

/// Checks the storage mode of a package: `REFERENCE` (the object stays in S3) needs an S3
/// location; `COPY` is what happens to every package anyway.
pub fn s3_reference(
    mode: Option<&S3ObjectStorageMode>,
    s3: (Option<&str>, Option<&str>, Option<&str>),
) -> Res<Option<ResolvedS3Object>> {
    match (mode, s3) {
        (None | Some(S3ObjectStorageMode::Copy), _) => Ok(None),
        (Some(S3ObjectStorageMode::Reference), (Some(bucket), Some(key), version)) => Ok(Some(
            ResolvedS3Object::builder()
                .s3_bucket(bucket)
                .s3_key(key)
                .set_s3_object_version(version.map(str::to_string))
                .build(),
        )),
        (Some(S3ObjectStorageMode::Reference), _) => Err(Fail::InvalidParameter(
            "S3ObjectStorageMode REFERENCE needs the package in S3: give S3Bucket and S3Key.".into(),
        )),
        (Some(other), _) => Err(Fail::InvalidParameter(format!("Invalid S3ObjectStorageMode: {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;

    fn archive(files: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in files {
            out.start_file(*name, SimpleFileOptions::default().compression_method(method)).unwrap();
            out.write_all(content).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn code(r: Res<()>) -> Option<(&'static str, String)> {
        r.err().map(|e| (e.code(), e.message().to_string()))
    }

    #[test]
    fn real_archives_within_the_limits_pass() {
        let zip = archive(
            &[("index.py", b"def handler(e, c):\n    return e\n"), ("lib/x.py", b"")],
            CompressionMethod::Deflated,
        );
        check_package(&zip).unwrap();
        let empty = archive(&[], CompressionMethod::Stored);
        check_package(&empty).unwrap();
    }

    #[test]
    fn what_is_not_a_zip_is_refused() {
        for bad in [&b""[..], b"PK\x03\x04 pretend zip", b"{\"not\": \"a zip\"}"] {
            assert_eq!(
                code(check_package(bad)),
                Some(("InvalidParameterValueException", NOT_A_ZIP.to_string())),
                "{bad:?}"
            );
        }
        // A zip whose entry data is corrupt (CRC mismatch).
        let mut zip = archive(&[("a.txt", b"hello hello hello")], CompressionMethod::Stored);
        let at = zip.windows(5).position(|w| w == b"hello").unwrap();
        zip[at] = b'j';
        assert_eq!(code(check_package(&zip)).map(|c| c.0), Some("InvalidParameterValueException"));
    }

    #[test]
    fn sizes_are_limited_zipped_and_unzipped() {
        let zip = archive(&[("a", &[0u8; 600]), ("b", &[0u8; 600])], CompressionMethod::Deflated);
        assert!(zip.len() < 400, "{}", zip.len());
        check_package_within(&zip, 400, 1200).unwrap();
        assert_eq!(
            code(check_package_within(&zip, 400, 1199)),
            Some(("InvalidParameterValueException", "Unzipped size must be smaller than 1199 bytes".to_string()))
        );
        assert_eq!(
            code(check_package_within(&zip, zip.len() as u64 - 1, 10_000)),
            Some((
                "RequestEntityTooLargeException",
                format!("Zipped size must be smaller than {} bytes", zip.len() - 1)
            ))
        );
    }

    #[test]
    fn an_archive_that_understates_its_size_is_caught_while_inflating() {
        let mut zip = archive(&[("bomb", &[0u8; 5000])], CompressionMethod::Deflated);
        // Rewrite the declared uncompressed size (local header at 22, central directory at 24
        // past its signature) to 10 bytes.
        let local = 22;
        zip[local..local + 4].copy_from_slice(&10u32.to_le_bytes());
        let central = zip.windows(4).position(|w| w == b"PK\x01\x02").unwrap() + 24;
        zip[central..central + 4].copy_from_slice(&10u32.to_le_bytes());
        let err = code(check_package_within(&zip, 10_000, 1000)).expect("refused");
        assert_eq!(err.0, "InvalidParameterValueException");
    }
}
