//! An in-place radix sort, most significant byte first (an "American flag" sort), for the
//! store's fixed-size keys: sort keys, 64-bit hashes and whole numbers. It reads each key a
//! few times instead of comparing it log n times, so sorting a million hits costs about ten
//! times what sorting a hundred thousand does, and it needs no second buffer.

/// A key that sorts as its bytes do, most significant first: `Ord` must agree with them.
pub(super) trait Radix: Copy + Ord {
    /// How many bytes order a key.
    const BYTES: usize;
    /// The key's byte `at`, 0 being the most significant.
    fn byte(self, at: usize) -> u8;
}

impl Radix for u64 {
    const BYTES: usize = 8;
    fn byte(self, at: usize) -> u8 {
        (self >> (56 - 8 * at)) as u8
    }
}

impl Radix for i64 {
    const BYTES: usize = 8;
    fn byte(self, at: usize) -> u8 {
        // With the sign bit flipped, negative numbers come first.
        ((self as u64 ^ 1 << 63) >> (56 - 8 * at)) as u8
    }
}

impl Radix for i32 {
    const BYTES: usize = 4;
    fn byte(self, at: usize) -> u8 {
        ((self as u32 ^ 1 << 31) >> (24 - 8 * at)) as u8
    }
}

/// Below this many keys a comparison sort is quicker than another pass.
const SMALL: usize = 48;

/// Sorts `keys` ascending.
pub(super) fn sort<K: Radix>(keys: &mut [K]) {
    // Values in load order often are in order already (times, counters): checked first.
    if keys.is_sorted() {
        return;
    }
    if keys.is_sorted_by(|a, b| a >= b) {
        keys.reverse();
        return;
    }
    sort_from(keys, shared(keys, 0));
}

/// How many bytes from `at` on every key shares: those the least and the greatest share.
fn shared<K: Radix>(keys: &[K], at: usize) -> usize {
    let (Some(&least), Some(&most)) = (keys.iter().min(), keys.iter().max()) else {
        return K::BYTES;
    };
    (at..K::BYTES)
        .take_while(|&at| least.byte(at) == most.byte(at))
        .count()
        + at
}

fn sort_from<K: Radix>(keys: &mut [K], mut at: usize) {
    // Bytes all keys share are skipped without moving any.
    let counts = loop {
        if keys.len() <= SMALL || at == K::BYTES {
            keys.sort_unstable();
            return;
        }
        let mut counts = [0u32; 256];
        for k in keys.iter() {
            counts[k.byte(at) as usize] += 1;
        }
        if counts.iter().all(|&c| c == 0 || c as usize == keys.len()) {
            at = shared(keys, at + 1);
        } else {
            break counts;
        }
    };
    let mut heads = [0usize; 256];
    let mut ends = [0usize; 256];
    let mut sum = 0;
    for b in 0..256 {
        heads[b] = sum;
        sum += counts[b] as usize;
        ends[b] = sum;
    }
    // Each key is swapped into the next free place of its bucket until the place being
    // filled gets a key of its own bucket.
    for b in 0..256 {
        while heads[b] < ends[b] {
            let mut key = keys[heads[b]];
            let mut to = key.byte(at) as usize;
            while to != b {
                std::mem::swap(&mut key, &mut keys[heads[to]]);
                heads[to] += 1;
                to = key.byte(at) as usize;
            }
            keys[heads[b]] = key;
            heads[b] += 1;
        }
    }
    if at + 1 < K::BYTES {
        let mut start = 0;
        for &end in &ends {
            if end - start > 1 {
                sort_from(&mut keys[start..end], at + 1);
            }
            start = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_a_comparison_sort_does(
            // Few distinct bytes and long runs of equal keys as well as spread ones.
            narrow in prop::collection::vec(0u64..600, 0..3000),
            wide in prop::collection::vec(any::<u64>(), 0..3000),
            signed in prop::collection::vec(any::<i64>(), 0..1000),
            offsets in prop::collection::vec(-70_000i32..70_000, 0..1000),
            shift in 0u32..56,
        ) {
            fn check<K: Radix + std::fmt::Debug>(mut keys: Vec<K>) -> Result<(), TestCaseError> {
                let mut expected = keys.clone();
                expected.sort_unstable();
                sort(&mut keys);
                prop_assert_eq!(keys, expected);
                Ok(())
            }
            check(narrow.iter().map(|k| k << shift).collect())?;
            check(wide)?;
            check(signed)?;
            check(offsets)?;
        }
    }

    #[test]
    fn signed_numbers_order_by_value() {
        let mut keys = vec![3i64, -1, i64::MIN, 0, i64::MAX, -200];
        keys.extend((0..100).map(|i| 50 - i));
        let mut expected = keys.clone();
        expected.sort_unstable();
        sort(&mut keys);
        assert_eq!(keys, expected);
    }
}
