//! Base64 (URL-safe alphabet, no padding) for the bytes the phone keeps in
//! localStorage, which takes only text. A crate would do the same; this is
//! small enough not to grow the phone's download.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, byte)| n | (u32::from(*byte) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
        }
    }
    out
}

/// `None` for anything that is not what [`encode`] writes.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, symbol) in chunk.iter().enumerate() {
            let value = ALPHABET.iter().position(|a| a == symbol)? as u32;
            n |= value << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
        // Bits beyond the last whole byte must be zero, or two texts would
        // decode to the same bytes.
        if chunk.len() < 4 && (n >> (24 - 8 * chunk.len())) & 0xff != 0 {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length_and_byte() {
        let bytes: Vec<u8> = (0..=255).collect();
        for len in 0..bytes.len() {
            let text = encode(&bytes[..len]);
            assert_eq!(
                decode(&text).as_deref(),
                Some(&bytes[..len]),
                "length {len}"
            );
        }
    }

    #[test]
    fn matches_the_standard_url_safe_alphabet() {
        assert_eq!(encode(b""), "");
        assert_eq!(encode(b"f"), "Zg");
        assert_eq!(encode(b"fo"), "Zm8");
        assert_eq!(encode(b"foo"), "Zm9v");
        assert_eq!(encode(b"foob"), "Zm9vYg");
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn refuses_what_it_would_never_write() {
        assert_eq!(decode("Z"), None);
        assert_eq!(decode("Zm9v="), None);
        assert_eq!(decode("Zm+v"), None);
        assert_eq!(decode("Zh"), None, "non-zero spare bits");
    }
}
