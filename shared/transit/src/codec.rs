//! Compact binary form of a [`Timetable`] (postcard), versioned, with a content hash.

use sha2::{Digest, Sha256};

use crate::error::CodecError;
use crate::model::Timetable;

const MAGIC: &[u8; 4] = b"RTTT";
/// Bump whenever the serialised layout of [`Timetable`] changes.
pub const FORMAT_VERSION: u16 = 1;

impl Timetable {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend(FORMAT_VERSION.to_le_bytes());
        // Serialising plain owned data into a Vec cannot fail.
        out.extend(postcard::to_stdvec(self).unwrap_or_default());
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Timetable, CodecError> {
        let (magic, rest) = bytes.split_at_checked(4).ok_or(CodecError::BadMagic)?;
        if magic != MAGIC {
            return Err(CodecError::BadMagic);
        }
        let (version, body) = rest.split_at_checked(2).ok_or(CodecError::BadMagic)?;
        let found = u16::from_le_bytes([version[0], version[1]]);
        if found != FORMAT_VERSION {
            return Err(CodecError::Version {
                found,
                expected: FORMAT_VERSION,
            });
        }
        let mut tt: Timetable = postcard::from_bytes(body)?;
        tt.rebuild_lookup();
        Ok(tt)
    }
}

/// Hash of everything but the version field itself: equal feeds get equal versions.
pub(crate) fn content_hash(tt: &Timetable) -> String {
    let mut unversioned = tt.clone();
    unversioned.feed.version.clear();
    let digest = Sha256::digest(postcard::to_stdvec(&unversioned).unwrap_or_default());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}
