//! Turns a file's bytes into text: detects binary content and picks the encoding
//! (UTF-8 with or without BOM, UTF-16 with a BOM or by its zero-byte pattern,
//! UTF-8 with a few damaged bytes, otherwise Windows-1252).

use std::borrow::Cow;

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Why a file's bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file ({0})")]
    Binary(&'static str),
}

/// The encoding a text was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

/// Magic numbers of common binary formats found in article folders.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"\x1F\x8B", "gzip archive"),
    (b"\x7FELF", "executable"),
    (b"MZ", "executable"),
    (b"\xD0\xCF\x11\xE0", "legacy office document"),
    (b"RIFF", "audio or video"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg audio"),
    (b"\x00\x00\x00", "binary data"),
];

/// How many leading bytes are inspected to tell text from binary.
const SNIFF_LEN: usize = 8192;

/// Decodes `bytes` to text, or says why they are not text. Bytes passed
/// by value that are UTF-8 already become the text without a copy.
pub fn decode<'a>(bytes: impl Into<Cow<'a, [u8]>>) -> Result<(String, Encoding), DecodeError> {
    let bytes: Cow<[u8]> = bytes.into();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (decode_utf16(rest, Encoding::Utf16Le), Encoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (decode_utf16(rest, Encoding::Utf16Be), Encoding::Utf16Be)
    } else if let Some(encoding) = utf16_without_bom(&bytes) {
        (decode_utf16(&bytes, encoding), encoding)
    } else {
        sniff_binary(&bytes)?;
        match String::from_utf8(bytes.into_owned()) {
            Ok(text) => (text, Encoding::Utf8),
            Err(e) if mostly_utf8(e.as_bytes()) => (
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Encoding::Utf8,
            ),
            Err(e) => {
                let (text, _, _) = WINDOWS_1252.decode(e.as_bytes());
                (text.into_owned(), Encoding::Windows1252)
            }
        }
    };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok((text, encoding))
}

/// UTF-8 with a few damaged spots: more well-formed multi-byte characters
/// than runs of invalid bytes. (Windows-1252 text almost never forms a valid
/// multi-byte sequence by accident.) Such text is decoded as UTF-8 with each
/// invalid sequence replaced by U+FFFD, so the good parts stay intact.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut damaged_runs) = (0usize, 0usize);
    let mut in_run = false;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.valid().is_empty() {
            in_run = false;
        }
        if !chunk.invalid().is_empty() && !in_run {
            damaged_runs += 1;
            in_run = true;
        }
    }
    multibyte > damaged_runs
}

fn decode_utf16(bytes: &[u8], encoding: Encoding) -> String {
    let codec = if encoding == Encoding::Utf16Be {
        UTF_16BE
    } else {
        UTF_16LE
    };
    let (text, _) = codec.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// Recognises UTF-16 text without a BOM: most characters of Latin-script text
/// have a zero high byte, so one of the two byte lanes is nearly all zeros
/// while the other has almost none.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    // Text without NUL bytes (found fast) cannot be UTF-16.
    if sample.len() < 8 || !sample.contains(&0) {
        return None;
    }
    let pairs = sample.len() / 2;
    let zeros_at = |lane: usize| {
        sample
            .chunks_exact(2)
            .filter(|pair| pair[lane] == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let hardly = |n: usize| n * 20 <= pairs;
    if mostly(odd) && hardly(even) {
        Some(Encoding::Utf16Le)
    } else if mostly(even) && hardly(odd) {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Rejects bytes that start like a known binary format or hold NUL bytes or
/// many control characters.
fn sniff_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(DecodeError::Binary(what));
    }
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    if sample.contains(&0) {
        return Err(DecodeError::Binary("contains NUL bytes"));
    }
    let control = count_control(sample);
    if control * 10 > sample.len() {
        return Err(DecodeError::Binary("too many control characters"));
    }
    Ok(())
}

/// The control bytes of `bytes` other than line breaks, tabs and form
/// feeds. Counted in byte-sized sums over short chunks, without branches,
/// so that the compiler vectorises the loop.
fn count_control(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let each = chunk.iter().map(|&b| {
                let layout = (b == b'\n') | (b == b'\r') | (b == b'\t') | (b == 0x0C);
                u8::from((b < 0x20) & !layout)
            });
            usize::from(each.sum::<u8>())
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bytes_are_counted_as_one_by_one() {
        let bytes: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 256) as u8).collect();
        for len in [0, 1, 254, 255, 256, 511, 3000] {
            let sample = &bytes[..len];
            let plain = sample
                .iter()
                .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
                .count();
            assert_eq!(count_control(sample), plain, "{len} bytes");
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("Kyiv – Київ".as_bytes()).unwrap(),
            ("Kyiv – Київ".to_owned(), Encoding::Utf8)
        );
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice("Café".as_bytes());
        assert_eq!(decode(&with_bom).unwrap().0, "Café");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Zürich".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap(), ("Zürich".into(), Encoding::Utf16Le));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Zürich".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be).unwrap(), ("Zürich".into(), Encoding::Utf16Be));
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let text = "NATO foreign ministers met in Riga on Tuesday.";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&le).unwrap(), (text.into(), Encoding::Utf16Le));
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be).unwrap(), (text.into(), Encoding::Utf16Be));
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let bytes = b"Fran\xE7ois Hollande met the \x93Quai d\x92Orsay\x94 staff";
        let (text, encoding) = decode(bytes).unwrap();
        assert_eq!(encoding, Encoding::Windows1252);
        assert_eq!(text, "François Hollande met the “Quai d’Orsay” staff");
    }

    #[test]
    fn utf8_with_a_damaged_byte_keeps_its_good_parts() {
        let bytes = "Chile’s minister met Peru’s in Lima \u{2013} ".as_bytes();
        let damaged = [bytes, b"\xFF\xFE", "Brazil’s too.".as_bytes()].concat();
        let (text, encoding) = decode(&damaged).unwrap();
        assert_eq!(encoding, Encoding::Utf8);
        assert!(text.starts_with("Chile’s minister met Peru’s"), "{text}");
        assert!(text.ends_with("\u{FFFD}Brazil’s too."), "{text}");
    }

    #[test]
    fn binary_and_empty_inputs_are_refused() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t \r\n"), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"%PDF-1.7 ..."),
            Err(DecodeError::Binary("PDF document"))
        );
        assert_eq!(
            decode(b"abc\x00def\x01\x02"),
            Err(DecodeError::Binary("contains NUL bytes"))
        );
        let noise: Vec<u8> = (0..200u8).map(|i| i % 31).collect();
        assert!(matches!(decode(&noise), Err(DecodeError::Binary(_))));
    }
}
