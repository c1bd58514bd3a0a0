//! Every entry is described twice: in the local header before its data, which a tool reading
//! the archive from the start (a streaming unzip) goes by, and in the central directory at the
//! end, which zip and we go by. An archive whose descriptions disagree unpacks to different
//! bytes depending on the tool, so a copy we keep could hold other bytes than those we checked.
//!
//! One check for every archive we read or keep: imports, repository archives and our backups.

use zip::ZipArchive;

use super::source::Source;

pub(crate) type Zip = ZipArchive<Source>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the local headers disagree with the central directory")]
pub(crate) struct HeadersDisagree;

/// Precedes a data descriptor, though APPNOTE 4.3.9.3 lets a writer leave it out.
const DESCRIPTOR_SIGNATURE: &[u8] = b"PK\x07\x08";
/// The longest reading: signature, CRC and two 8-byte sizes.
const DESCRIPTOR_MAX: usize = 4 + 4 + 8 + 8;

/// Refuses an archive whose local headers, or data descriptors, say anything about an entry
/// that its central directory record does not.
pub(crate) fn check_consistency(zip: &mut Zip, source: &Source) -> Result<(), HeadersDisagree> {
    // zip compares each local header with its record (name, Unicode path, method, flags, time,
    // CRC and sizes, which may be zero when a descriptor follows the data), and looks for local
    // headers that no record lists: entries only a streaming unzip would find.
    zip.validate_header_consistency()
        .map_err(|_| HeadersDisagree)?;
    (0..zip.len()).try_for_each(|index| check_descriptor(zip, source, index))
}

/// An entry streamed with a data descriptor has its CRC and sizes after its data, which is
/// where a streaming unzip reads them; zip never looks at them.
fn check_descriptor(zip: &mut Zip, source: &Source, index: usize) -> Result<(), HeadersDisagree> {
    let entry = zip.by_index_raw(index).map_err(|_| HeadersDisagree)?;
    if !entry.flags().is_using_data_descriptor() {
        return Ok(());
    }
    let end = entry
        .data_start()
        .and_then(|start| start.checked_add(entry.compressed_size()))
        .filter(|end| *end <= source.len())
        .ok_or(HeadersDisagree)?;
    let mut bytes = [0; DESCRIPTOR_MAX];
    let read = source
        .read_at(end, &mut bytes)
        .map_err(|_| HeadersDisagree)?;
    let descriptor = &bytes[..read];
    let expected = (entry.crc32(), entry.compressed_size(), entry.size());
    // Whether the signature is there, and whether the sizes take 4 or 8 bytes, is the writer's
    // choice; one reading of the bytes must agree.
    let readings = [
        Some(descriptor),
        descriptor.strip_prefix(DESCRIPTOR_SIGNATURE),
    ];
    let agrees = readings
        .into_iter()
        .flatten()
        .any(|body| narrow(body) == Some(expected) || wide(body) == Some(expected));
    if agrees { Ok(()) } else { Err(HeadersDisagree) }
}

/// CRC, then 4-byte compressed and uncompressed sizes.
fn narrow(body: &[u8]) -> Option<(u32, u64, u64)> {
    let field = |at: usize| -> Option<u32> {
        let bytes = body.get(at..at + 4)?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    };
    Some((field(0)?, field(4)?.into(), field(8)?.into()))
}

/// CRC, then 8-byte sizes (ZIP64).
fn wide(body: &[u8]) -> Option<(u32, u64, u64)> {
    let crc = u32::from_le_bytes(body.get(0..4)?.try_into().ok()?);
    let size = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(body.get(at..at + 8)?.try_into().ok()?))
    };
    Some((crc, size(4)?, size(12)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_narrow_and_wide_descriptors() {
        let crc = 0xCAFE_F00Du32.to_le_bytes();
        let narrow_body = [&crc[..], &7u32.to_le_bytes(), &9u32.to_le_bytes()].concat();
        assert_eq!(narrow(&narrow_body), Some((0xCAFE_F00D, 7, 9)));
        assert_eq!(narrow(&narrow_body[..11]), None);
        let big = 5u64 << 32;
        let wide_body = [&crc[..], &big.to_le_bytes(), &(big + 1).to_le_bytes()].concat();
        assert_eq!(wide(&wide_body), Some((0xCAFE_F00D, big, big + 1)));
        assert_eq!(wide(&wide_body[..19]), None);
    }
}
