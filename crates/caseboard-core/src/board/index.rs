//! The board's lookups by id. Ids are short (`P0123`, `O00456`) and every
//! event looks one or two up, so they are hashed a word at a time with a
//! multiply (the "Fx" hash rustc uses) instead of SipHash, which costs
//! several times more per lookup. The ids come from the session's own
//! pack and log, not from a network peer, so collision-resistance buys
//! nothing here.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub(super) type Index<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

pub(super) fn index_with_capacity<K, V>(n: usize) -> Index<K, V> {
    Index::with_capacity_and_hasher(n, Default::default())
}

#[derive(Default, Clone, Copy)]
pub(super) struct IdHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The table picks buckets from the low bits and tags from the high
        // ones; the multiply mixes upwards, so bring well-mixed bits down.
        self.hash.rotate_left(26)
    }
}
