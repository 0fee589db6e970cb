//! The perfect hash by which a generated enum finds a value in its `VALUES`: which two
//! vertices of its graph a key joins. The generator computes each enum's seed and graph with
//! these same functions (it includes this file), so that it and the runtime agree by
//! construction.

/// The hash of `key` under `seed`, eight bytes at a time; the last eight bytes of a key longer
/// than eight are read as one word even where they overlap the word before (the length tells
/// such keys apart), so that no byte is copied.
pub fn hash(seed: u64, key: &[u8]) -> u64 {
    let word = |at: usize| u64::from_le_bytes(key[at..at + 8].try_into().expect("eight bytes"));
    let half = |at: usize| u32::from_le_bytes(key[at..at + 4].try_into().expect("four bytes"));
    let length = key.len();
    let mut state = mix(seed, length as u64);
    if length >= 8 {
        let mut at = 0;
        while at + 8 < length {
            state = mix(state, word(at));
            at += 8;
        }
        state = mix(state, word(length - 8));
    } else if length >= 4 {
        state = mix(
            state,
            u64::from(half(0)) << 32 | u64::from(half(length - 4)),
        );
    } else if length > 0 {
        let byte = |at: usize| u64::from(key[at]);
        state = mix(
            state,
            byte(0) << 16 | byte(length / 2) << 8 | byte(length - 1),
        );
    }
    state
}

/// What a key is hashed from when its enum's keys are told apart by it (see [`sampled`]):
/// its length and its first and last eight bytes (four, or three single bytes, for shorter
/// keys), in one word. Distinct keys may have the same sample (an eight-byte key's two
/// words are the same word); the generator uses [`hash`] for an enum where two have one.
pub fn sample(key: &[u8]) -> u64 {
    let word = |at: usize| u64::from_le_bytes(key[at..at + 8].try_into().expect("eight bytes"));
    let half = |at: usize| u32::from_le_bytes(key[at..at + 4].try_into().expect("four bytes"));
    let length = key.len();
    let body = if length >= 8 {
        word(0) ^ word(length - 8).rotate_left(29)
    } else if length >= 4 {
        u64::from(half(0)) << 32 | u64::from(half(length - 4))
    } else if length > 0 {
        let byte = |at: usize| u64::from(key[at]);
        byte(0) << 16 | byte(length / 2) << 8 | byte(length - 1)
    } else {
        0
    };
    body ^ (length as u64).wrapping_mul(0xA24B_AED4_963E_E407)
}

/// The hash of `key` under `seed` from its [`sample`] alone: one multiplication, where
/// [`hash`] makes one per eight bytes.
pub fn sampled(seed: u64, key: &[u8]) -> u64 {
    mix(seed, sample(key))
}

/// `state` and `word` mixed: the halves of a full product, folded, so that each bit of the
/// result depends on every bit of `state ^ word`.
fn mix(state: u64, word: u64) -> u64 {
    let product = u128::from(state ^ word) * 0x9E37_79B9_7F4A_7C15;
    product as u64 ^ (product >> 64) as u64
}

/// The two vertices, out of `vertices`, of the graph's edge for a key whose hash is `hash`:
/// from its high and its low half, which the hash's final fold makes independent.
pub fn vertices(hash: u64, vertices: usize) -> (usize, usize) {
    (
        reduce((hash >> 32) as u32, vertices),
        reduce(hash as u32, vertices),
    )
}

/// `value` scaled from the range of `u32` to `0..count`, without a division.
fn reduce(value: u32, count: usize) -> usize {
    ((u64::from(value) * count as u64) >> 32) as usize
}
