//! The perfect hash by which a generated enum finds a value in its `VALUES`: which slot a key
//! goes to. The generator computes each enum's seed and displacements with these same
//! functions (it includes this file), so that it and the runtime agree by construction.

/// The hash of `key` under `seed`, eight bytes at a time; the last eight bytes of a key longer
/// than eight are read as one word even where they overlap the word before (the length tells
/// such keys apart), so that no byte is copied.
pub fn hash(seed: u64, key: &[u8]) -> u64 {
    // The halves of a full product, folded: each bit of the result depends on every bit of
    // `state ^ word`.
    let mix = |state: u64, word: u64| {
        let product = u128::from(state ^ word) * 0x9E37_79B9_7F4A_7C15;
        product as u64 ^ (product >> 64) as u64
    };
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
    let product = u128::from(seed ^ sample(key)) * 0x9E37_79B9_7F4A_7C15;
    product as u64 ^ (product >> 64) as u64
}

/// The bucket, out of `buckets`, of a key whose hash is `hash`: the keys of a bucket share
/// one displacement.
pub fn bucket(hash: u64, buckets: usize) -> usize {
    reduce((hash >> 32) as u32, buckets)
}

/// The slot, out of `slots`, of a key whose hash is `hash`: its bucket's displacement moves it
/// from where its hash alone would put it (CHD, "hash, displace and compress").
pub fn slot(hash: u64, displacements: &[u32], slots: usize) -> usize {
    let displacement = u64::from(displacements[bucket(hash, displacements.len())]);
    let moved = (hash ^ displacement.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_mul(0xD6E8_FEB8_6659_FD93);
    reduce((moved >> 32) as u32, slots)
}

/// `value` scaled from the range of `u32` to `0..count`, without a division.
fn reduce(value: u32, count: usize) -> usize {
    ((u64::from(value) * count as u64) >> 32) as usize
}
