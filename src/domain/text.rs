//! Turning an uploaded document's bytes into text, or refusing it as binary.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Nothing but whitespace.
    Empty,
    /// Not text in any encoding we read.
    Binary,
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16_LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16_BE_BOM: &[u8] = &[0xFE, 0xFF];

/// Decodes UTF-8 (with or without BOM), UTF-16 with a BOM, or else Latin-1 — unless the bytes
/// look binary (NUL bytes, or many control characters), which no encoding makes into code.
pub fn decode_text(bytes: &[u8]) -> Result<String, DecodeError> {
    let text = if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        String::from_utf8(rest.to_vec()).map_err(|_| DecodeError::Binary)?
    } else if let Some(rest) = bytes.strip_prefix(UTF16_LE_BOM) {
        decode_utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(UTF16_BE_BOM) {
        decode_utf16(rest, u16::from_be_bytes)?
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) if looks_binary(bytes) => return Err(DecodeError::Binary),
            Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
        }
    };
    if text.chars().any(is_binary_control) || control_ratio_too_high(&text) {
        return Err(DecodeError::Binary);
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(text)
}

fn decode_utf16(bytes: &[u8], to_unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::Binary);
    }
    let units = bytes
        .chunks_exact(2)
        .map(|pair| to_unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| DecodeError::Binary)
}

fn looks_binary(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// NUL and the C0 controls that never appear in source text (tab, newlines, form feed and
/// escape do).
fn is_binary_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{E}'..='\u{1A}' | '\u{1C}'..='\u{1F}')
}

/// Latin-1 maps every byte to a character, so a binary file without NUL bytes is caught by the
/// share of C1 control characters it decodes to.
fn control_ratio_too_high(text: &str) -> bool {
    let total = text.chars().count();
    let controls = text
        .chars()
        .filter(|c| ('\u{80}'..='\u{9F}').contains(c))
        .count();
    total > 0 && controls * 10 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_supported_encoding() {
        assert_eq!(decode_text(b"print(1)\n").unwrap(), "print(1)\n");
        assert_eq!(decode_text(b"\xEF\xBB\xBFx = 1").unwrap(), "x = 1");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("שלום".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(&le).unwrap(), "שלום");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("код".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_text(&be).unwrap(), "код");
        assert_eq!(decode_text(b"caf\xE9 = 1").unwrap(), "café = 1");
    }

    #[test]
    fn refuses_binary_and_empty() {
        assert_eq!(
            decode_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary)
        );
        assert_eq!(
            decode_text(&[0x80, 0x81, 0x82, 0x83, b'a']),
            Err(DecodeError::Binary)
        );
        assert_eq!(decode_text(b"a\x01b"), Err(DecodeError::Binary));
        assert_eq!(decode_text(b" \n\t "), Err(DecodeError::Empty));
        assert_eq!(decode_text(b""), Err(DecodeError::Empty));
        assert_eq!(decode_text(&[0xFF, 0xFE, 0x41]), Err(DecodeError::Binary));
    }
}
