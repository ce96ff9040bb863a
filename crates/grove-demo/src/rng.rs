//! A small deterministic PRNG (xoshiro256**, seeded through splitmix64), so output depends only
//! on the seed, never on a crate version or the platform. Only integer arithmetic.

/// One step of splitmix64; also used to mix seeds.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Rng { s }
    }

    /// An independent generator for one purpose (`stream`) and one item (`index`), so that
    /// per-member draws do not depend on the order anything else was drawn in.
    pub fn derive(seed: u64, stream: u64, index: u64) -> Self {
        let mut sm = seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let a = splitmix64(&mut sm);
        let mut sm2 = a ^ index.wrapping_mul(0x8CB9_2BA7_2F3D_8DD7);
        Rng::new(splitmix64(&mut sm2))
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..n` (multiply-shift; the bias is negligible for our small `n`). `n > 0`.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        debug_assert!(lo <= hi);
        lo + self.below((hi - lo) as usize + 1) as u32
    }

    /// True with probability `percent`/100.
    pub fn percent(&mut self, percent: u32) -> bool {
        (self.below(100) as u32) < percent
    }

    /// True with probability `per_mille`/1000.
    pub fn per_mille(&mut self, per_mille: u32) -> bool {
        (self.below(1000) as u32) < per_mille
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Index chosen with probability proportional to `weight(item)`; total must be positive.
    pub fn weighted<T>(&mut self, items: &[T], weight: impl Fn(&T) -> u32) -> usize {
        let total: u64 = items.iter().map(|i| weight(i) as u64).sum();
        debug_assert!(total > 0);
        let mut r = ((self.next_u64() as u128 * total as u128) >> 64) as u64;
        for (i, item) in items.iter().enumerate() {
            let w = weight(item) as u64;
            if r < w {
                return i;
            }
            r -= w;
        }
        items.len() - 1
    }

    /// `k` distinct items of `items` (all of them if fewer), in random order.
    pub fn sample<T: Copy>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let k = k.min(items.len());
        if k * 4 <= items.len() {
            // Few out of many: draw positions and skip repeats, no copy of the pool.
            let mut picked: Vec<usize> = Vec::with_capacity(k);
            while picked.len() < k {
                let i = self.below(items.len());
                if !picked.contains(&i) {
                    picked.push(i);
                }
            }
            return picked.into_iter().map(|i| items[i]).collect();
        }
        let mut pool: Vec<T> = items.to_vec();
        for i in 0..k {
            let j = i + self.below(pool.len() - i);
            pool.swap(i, j);
        }
        pool.truncate(k);
        pool
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(
            Rng::derive(1, 2, 3).next_u64(),
            Rng::derive(1, 2, 4).next_u64()
        );
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = Rng::new(1);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            let x = r.below(7);
            seen[x] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn sample_is_distinct() {
        let mut r = Rng::new(3);
        let s = r.sample(&[1, 2, 3, 4, 5, 6], 4);
        let mut d = s.clone();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 4);
    }
}
