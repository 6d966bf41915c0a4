//! Glacier's payload checksums: the SHA-256 of a body, and its tree hash,
//! the SHA-256 digests of each MiB combined pairwise up to one, as
//! Glacier's documentation defines it.

use sha2::{Digest, Sha256};

use crate::sigv4::hex;

/// The size of the leaves of a tree hash.
const CHUNK: usize = 1024 * 1024;

/// The SHA-256 of `body`, in lower-case hex.
pub(crate) fn sha256_hex(body: &[u8]) -> String {
    hex(&Sha256::digest(body))
}

/// The tree hash of `body`, in lower-case hex: the digest of each MiB,
/// then of each pair of digests, level by level, an odd one carried up.
pub(crate) fn tree_hash_hex(body: &[u8]) -> String {
    let mut level: Vec<[u8; 32]> = if body.is_empty() {
        vec![Sha256::digest(body).into()]
    } else {
        body.chunks(CHUNK)
            .map(|chunk| Sha256::digest(chunk).into())
            .collect()
    };
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [left, right] => {
                    let mut hasher = Sha256::new();
                    hasher.update(left);
                    hasher.update(right);
                    hasher.finalize().into()
                }
                [single] => *single,
                _ => unreachable!("chunks of two"),
            })
            .collect();
    }
    hex(&level[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_of_one_mib_or_less_is_its_own_tree_hash() {
        let hello = sha256_hex(b"hello world");
        assert_eq!(
            hello,
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        assert_eq!(tree_hash_hex(b"hello world"), hello);
    }

    /// Three MiB and one byte: four leaves, combined as Glacier's
    /// documentation draws it ((1 2) (3 4)), computed here by hand from
    /// the leaves' digests.
    #[test]
    fn larger_bodies_combine_their_leaves_pairwise() {
        let body: Vec<u8> = (0..3 * CHUNK + 1).map(|i| (i % 251) as u8).collect();
        let leaves: Vec<[u8; 32]> = body
            .chunks(CHUNK)
            .map(|c| Sha256::digest(c).into())
            .collect();
        assert_eq!(leaves.len(), 4);
        let pair = |a: &[u8; 32], b: &[u8; 32]| -> [u8; 32] {
            let mut hasher = Sha256::new();
            hasher.update(a);
            hasher.update(b);
            hasher.finalize().into()
        };
        let top = pair(&pair(&leaves[0], &leaves[1]), &pair(&leaves[2], &leaves[3]));
        assert_eq!(tree_hash_hex(&body), hex(&top));
        // Three leaves: the third is carried up to pair with the first two's.
        let three = &body[..2 * CHUNK + 1];
        let top = pair(
            &pair(&leaves[0], &leaves[1]),
            &Sha256::digest(&three[2 * CHUNK..]).into(),
        );
        assert_eq!(tree_hash_hex(three), hex(&top));
    }
}
