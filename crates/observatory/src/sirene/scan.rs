//! A CSV record scanner for the stock files, faster than a general CSV reader and giving the
//! very same records and line numbers as the `csv` crate configured as the import used it
//! (comma, `"` quotes with `""` escapes, CR, LF or CRLF line ends, blank lines skipped, a
//! leading UTF-8 byte-order mark dropped, any number of fields per line).
//!
//! How: each buffer of input is first turned into bitmaps, one bit per byte, of commas, line
//! feeds and "special" bytes (quotes and carriage returns), 64 bytes at a time with SIMD
//! compares. A line without special bytes (nearly all INSEE lines) is then one record whose
//! fields are cut at the commas of its bitmap, without looking at its bytes one by one. A line
//! with a quote or a stray carriage return goes through a byte-by-byte copy of `csv-core`'s
//! state machine, which may run over several lines (a quoted field may hold line ends).
//!
//! Line numbers follow `csv`'s `Position::line`: one more than the line feeds read before the
//! record was asked for. A record ended by a lone CR leaves the LF of a CRLF for the next call,
//! so in CRLF files a record's number is one less than in LF files, as with `csv`.
//!
//! Memory: one buffer (1 MiB, grown only for a single record larger than that) and its bitmaps.

use std::io::Read;

/// The buffer's usual size: a little over the 1 MiB of the `BufReader` of plain files, whose
/// reads at least that large go straight to the file instead of through its own buffer.
const BUF: usize = (1 << 20) + (64 << 10);

/// One record and where its fields are cut.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// `csv`'s line number for this record.
    pub line: u64,
    bytes: &'a [u8],
    cuts: Cuts<'a>,
    fields: usize,
}

#[derive(Debug, Clone, Copy)]
enum Cuts<'a> {
    /// Fields are `bytes[..seps[0]]`, `bytes[seps[0] + 1..seps[1]]`, …, `bytes[last + 1..]`
    /// (unquoted records are copied with a separator byte between fields).
    Seps(&'a [u32]),
    /// A line read in place: its commas are the set bits of the buffer's comma bitmap from
    /// bit `start`. Found only when a field is asked for: most lines need two or three.
    Bits { commas: &'a [u64], start: usize },
}

impl<'a> Record<'a> {
    /// A record from its bytes and the positions of the separators between its fields.
    pub fn new(line: u64, bytes: &'a [u8], seps: &'a [u32]) -> Self {
        Record {
            line,
            bytes,
            cuts: Cuts::Seps(seps),
            fields: seps.len() + 1,
        }
    }

    /// Number of fields (at least 1).
    pub fn len(&self) -> usize {
        self.fields
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// Field `i`, `None` past the last one.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        if i >= self.fields {
            return None;
        }
        let (start, end) = match self.cuts {
            Cuts::Seps(seps) => (
                if i == 0 { 0 } else { seps[i - 1] as usize + 1 },
                seps.get(i).map_or(self.bytes.len(), |&e| e as usize),
            ),
            Cuts::Bits { commas, start } => {
                let end = start + self.bytes.len();
                let from = match i {
                    0 => start,
                    _ => nth_bit(commas, start, end, i - 1).unwrap_or(end) + 1,
                };
                let to = next_bit(commas, from, end);
                (from - start, to - start)
            }
        };
        Some(&self.bytes[start..end])
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or(b""))
    }
}

/// Bitmaps of a buffer: bit `i % 64` of word `i / 64` stands for byte `i`.
#[derive(Default)]
struct Bitmaps {
    comma: Vec<u64>,
    newline: Vec<u64>,
    /// `"` or `\r`: the line needs the byte-by-byte path.
    special: Vec<u64>,
}

impl Bitmaps {
    fn compute(&mut self, data: &[u8]) {
        let words = data.len().div_ceil(64);
        self.comma.resize(words, 0);
        self.newline.resize(words, 0);
        self.special.resize(words, 0);
        let full = data.len() / 64;
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, just checked.
            unsafe { self.compute_avx2(&data[..full * 64]) };
        } else {
            self.compute_words(&data[..full * 64]);
        }
        #[cfg(not(target_arch = "x86_64"))]
        self.compute_words(&data[..full * 64]);
        let rest = &data[full * 64..];
        if !rest.is_empty() {
            // The tail, padded with zeros (which match none of the bytes looked for).
            let mut last = [0u8; 64];
            last[..rest.len()].copy_from_slice(rest);
            let [c, n, s] = classify(&last);
            self.comma[words - 1] = c;
            self.newline[words - 1] = n;
            self.special[words - 1] = s;
        }
    }
}

impl Bitmaps {
    /// Words for `data` (a multiple of 64 bytes), 64 bytes at a time.
    fn compute_words(&mut self, data: &[u8]) {
        for (w, chunk) in data.chunks_exact(64).enumerate() {
            let [c, n, s] = classify(chunk.try_into().expect("64 bytes"));
            self.comma[w] = c;
            self.newline[w] = n;
            self.special[w] = s;
        }
    }

    /// The same with 32-byte compares: about twice as fast where the processor has them.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn compute_avx2(&mut self, data: &[u8]) {
        use std::arch::x86_64::*;
        let (comma, lf, quote, cr) = (
            _mm256_set1_epi8(b',' as i8),
            _mm256_set1_epi8(b'\n' as i8),
            _mm256_set1_epi8(b'"' as i8),
            _mm256_set1_epi8(b'\r' as i8),
        );
        for (w, chunk) in data.chunks_exact(64).enumerate() {
            // SAFETY: two unaligned 32-byte loads inside the 64-byte chunk.
            let (lo, hi) = unsafe {
                let p = chunk.as_ptr() as *const __m256i;
                (_mm256_loadu_si256(p), _mm256_loadu_si256(p.add(1)))
            };
            let bits = |x: __m256i, y: __m256i| {
                _mm256_movemask_epi8(x) as u32 as u64
                    | (_mm256_movemask_epi8(y) as u32 as u64) << 32
            };
            self.comma[w] = bits(_mm256_cmpeq_epi8(lo, comma), _mm256_cmpeq_epi8(hi, comma));
            self.newline[w] = bits(_mm256_cmpeq_epi8(lo, lf), _mm256_cmpeq_epi8(hi, lf));
            self.special[w] = bits(
                _mm256_or_si256(_mm256_cmpeq_epi8(lo, quote), _mm256_cmpeq_epi8(lo, cr)),
                _mm256_or_si256(_mm256_cmpeq_epi8(hi, quote), _mm256_cmpeq_epi8(hi, cr)),
            );
        }
    }
}

/// The masks of commas, line feeds and special bytes of 64 bytes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn classify(chunk: &[u8; 64]) -> [u64; 3] {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of every x86_64 target; the four unaligned 16-byte loads read
    // inside the 64-byte array.
    unsafe {
        let p = chunk.as_ptr() as *const __m128i;
        let v = [
            _mm_loadu_si128(p),
            _mm_loadu_si128(p.add(1)),
            _mm_loadu_si128(p.add(2)),
            _mm_loadu_si128(p.add(3)),
        ];
        let mask = |b: u8| {
            let s = _mm_set1_epi8(b as i8);
            let mut m = 0u64;
            for (k, v) in v.iter().enumerate() {
                m |= (_mm_movemask_epi8(_mm_cmpeq_epi8(*v, s)) as u32 as u64) << (16 * k);
            }
            m
        };
        [mask(b','), mask(b'\n'), mask(b'"') | mask(b'\r')]
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn classify(chunk: &[u8; 64]) -> [u64; 3] {
    classify_scalar(chunk)
}

/// The same masks byte by byte: the fallback on other processors, and the reference the SIMD
/// version is tested against.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn classify_scalar(chunk: &[u8; 64]) -> [u64; 3] {
    let mut out = [0u64; 3];
    for (i, &b) in chunk.iter().enumerate() {
        out[0] |= ((b == b',') as u64) << i;
        out[1] |= ((b == b'\n') as u64) << i;
        out[2] |= ((b == b'"' || b == b'\r') as u64) << i;
    }
    out
}

/// Bits of `words` for bytes `from..to`, word by word: `(word index, bits)`.
#[inline(always)]
fn bits_in(words: &[u64], from: usize, to: usize) -> impl Iterator<Item = (usize, u64)> + '_ {
    let (first, last) = (from / 64, to.div_ceil(64));
    (first..last).map(move |w| {
        let mut m = words[w];
        if w == first {
            m &= !0u64 << (from % 64);
        }
        if w * 64 + 64 > to {
            m &= (1u64 << (to % 64)).wrapping_sub(1);
        }
        (w, m)
    })
}

/// The first set bit of `words` at or after `from`, or `to` if none is before it.
#[inline(always)]
fn next_bit(words: &[u64], from: usize, to: usize) -> usize {
    let mut w = from / 64;
    if from >= to {
        return to;
    }
    let mut m = words[w] & (!0u64 << (from % 64));
    loop {
        if m != 0 {
            return (w * 64 + m.trailing_zeros() as usize).min(to);
        }
        w += 1;
        if w * 64 >= to {
            return to;
        }
        m = words[w];
    }
}

// x86_64's baseline has no POPCNT instruction, and `count_ones` compiled without it is a dozen
// instructions: the two bit-counting helpers run a copy compiled with it where the processor
// has it (checked once, then a cached flag).

/// The position of the `k`-th (from 0) set bit of `words` among bits `from..to`.
#[inline]
fn nth_bit(words: &[u64], from: usize, to: usize, k: usize) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the processor has POPCNT, just checked.
        return unsafe { nth_bit_popcnt(words, from, to, k) };
    }
    nth_bit_any(words, from, to, k)
}

/// The number of set bits of `words` among bits `from..to`.
#[inline]
fn count_bits(words: &[u64], from: usize, to: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the processor has POPCNT, just checked.
        return unsafe { count_bits_popcnt(words, from, to) };
    }
    count_bits_any(words, from, to)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn nth_bit_popcnt(words: &[u64], from: usize, to: usize, k: usize) -> Option<usize> {
    nth_bit_any(words, from, to, k)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn count_bits_popcnt(words: &[u64], from: usize, to: usize) -> usize {
    count_bits_any(words, from, to)
}

#[inline(always)]
fn count_bits_any(words: &[u64], from: usize, to: usize) -> usize {
    bits_in(words, from, to)
        .map(|(_, m)| m.count_ones() as usize)
        .sum()
}

#[inline(always)]
fn nth_bit_any(words: &[u64], from: usize, to: usize, mut k: usize) -> Option<usize> {
    for (w, m) in bits_in(words, from, to) {
        let n = m.count_ones() as usize;
        if k < n {
            return Some(w * 64 + select(m, k as u32) as usize);
        }
        k -= n;
    }
    None
}

/// The position of the `k`-th (from 0) set bit of `m`, which has more than `k`: halves,
/// quarters and eighths are skipped by their bit counts, then at most 7 bits are cleared.
#[inline(always)]
fn select(mut m: u64, mut k: u32) -> u32 {
    let mut pos = 0;
    for width in [32, 16, 8] {
        let low = (m & ((1u64 << width) - 1)).count_ones();
        if k >= low {
            k -= low;
            m >>= width;
            pos += width;
        }
    }
    for _ in 0..k {
        m &= m - 1;
    }
    pos + m.trailing_zeros()
}

/// Where the record ended, in the scanner's terms.
enum Found {
    /// Bytes `start..end` of the buffer, cut at the commas of the bitmap.
    InPlace { start: usize, end: usize },
    /// Copied, unquoted, into `owned`.
    Owned,
    /// The buffer holds no complete record: read more.
    More,
}

pub struct Scanner<R> {
    input: R,
    buf: Vec<u8>,
    len: usize,
    pos: usize,
    eof: bool,
    started: bool,
    /// `csv`'s line counter: 1 + the line feeds consumed so far.
    line: u64,
    maps: Bitmaps,
    seps: Vec<u32>,
    owned: Vec<u8>,
}

impl<R: Read> Scanner<R> {
    pub fn new(input: R) -> Self {
        Self::with_capacity(input, BUF)
    }

    /// A scanner whose buffer starts at `capacity` bytes (small ones test the refills).
    pub fn with_capacity(input: R, capacity: usize) -> Self {
        Scanner {
            input,
            // At least the byte-order mark's 3 bytes in the first read.
            buf: vec![0; capacity.max(4)],
            len: 0,
            pos: 0,
            eof: false,
            started: false,
            line: 1,
            maps: Bitmaps::default(),
            seps: Vec::with_capacity(64),
            owned: Vec::new(),
        }
    }

    /// Keeps the unread bytes, reads more after them and recomputes the bitmaps. Returns false
    /// when nothing more can be read.
    fn refill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        self.buf.copy_within(self.pos..self.len, 0);
        self.len -= self.pos;
        self.pos = 0;
        if self.len == self.buf.len() {
            // One record fills the whole buffer.
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let before = self.len;
        while self.len < self.buf.len() {
            match self.input.read(&mut self.buf[self.len..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => self.len += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if !self.started {
            self.started = true;
            // `csv-core` drops a byte-order mark at the very start.
            if self.buf[..self.len].starts_with(b"\xef\xbb\xbf") {
                self.pos = 3;
            }
        }
        self.maps.compute(&self.buf[..self.len]);
        Ok(self.len > before)
    }

    /// The next record, or `None` at the end of the input.
    pub fn next_record(&mut self) -> std::io::Result<Option<Record<'_>>> {
        let line = self.line;
        loop {
            // Blank lines between records are skipped, as `csv` does.
            while self.pos < self.len {
                match self.buf[self.pos] {
                    b'\n' => self.line += 1,
                    b'\r' => {}
                    _ => break,
                }
                self.pos += 1;
            }
            if self.pos == self.len {
                if self.refill()? {
                    continue;
                }
                return Ok(None);
            }
            match self.find() {
                Found::More => {
                    // At the end of the input `find` always completes a record.
                    self.refill()?;
                }
                Found::InPlace { start, end } => {
                    let fields = 1 + count_bits(&self.maps.comma, start, end);
                    return Ok(Some(Record {
                        line,
                        bytes: &self.buf[start..end],
                        cuts: Cuts::Bits {
                            commas: &self.maps.comma,
                            start,
                        },
                        fields,
                    }));
                }
                Found::Owned => return Ok(Some(Record::new(line, &self.owned, &self.seps))),
            }
        }
    }

    /// Finds the record starting at `pos` (not a line end) and consumes it.
    #[inline]
    fn find(&mut self) -> Found {
        let start = self.pos;
        // The next line feed.
        let mut lf = None;
        for (w, m) in bits_in(&self.maps.newline, start, self.len) {
            if m != 0 {
                lf = Some(w * 64 + m.trailing_zeros() as usize);
                break;
            }
        }
        let end = match lf {
            Some(i) => i,
            None if self.eof => self.len,
            None => return Found::More,
        };
        let special = |from: usize, to: usize| {
            bits_in(&self.maps.special, from, to)
                .map(|(_, m)| m)
                .fold(0, |a, m| a | m)
                != 0
        };
        if !special(start, end) {
            // The line feed, if any, is consumed with the record.
            self.pos = (end + 1).min(self.len);
            self.line += lf.is_some() as u64;
            return Found::InPlace { start, end };
        }
        if end > start && self.buf[end - 1] == b'\r' && !special(start, end - 1) {
            // CRLF: the record ends at the CR; the LF is skipped by the next call.
            self.pos = end;
            return Found::InPlace {
                start,
                end: end - 1,
            };
        }
        self.unquote()
    }

    /// `csv-core`'s state machine (quote `"`, doubled to escape it, CRLF terminators), from
    /// the start of a record, copying the fields into `owned`.
    fn unquote(&mut self) -> Found {
        #[derive(Clone, Copy)]
        enum S {
            StartField,
            InField,
            Quoted,
            /// Just after a quote inside a quoted field: `""` or the quoted part's end.
            QuoteInQuoted,
        }
        self.owned.clear();
        self.seps.clear();
        let data = &self.buf[self.pos..self.len];
        let mut state = S::StartField;
        let mut i = 0;
        let done = loop {
            let Some(&b) = data.get(i) else {
                if !self.eof {
                    return Found::More;
                }
                break i;
            };
            i += 1;
            match (state, b) {
                (S::StartField, b'"') => state = S::Quoted,
                (S::StartField | S::InField | S::QuoteInQuoted, b',') => {
                    self.seps.push(self.owned.len() as u32);
                    self.owned.push(b',');
                    state = S::StartField;
                }
                (S::StartField | S::InField | S::QuoteInQuoted, b'\n' | b'\r') => break i,
                (S::Quoted, b'"') => state = S::QuoteInQuoted,
                (S::Quoted, _) => self.owned.push(b),
                (S::QuoteInQuoted, b'"') => {
                    self.owned.push(b'"');
                    state = S::Quoted;
                }
                (S::StartField | S::InField | S::QuoteInQuoted, _) => {
                    self.owned.push(b);
                    state = S::InField;
                }
            }
        };
        self.line += data[..done].iter().filter(|&&b| b == b'\n').count() as u64;
        self.pos += done;
        Found::Owned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simd_masks_match_the_byte_by_byte_ones() {
        let mut rng = crate::sirene::sample::Rng::new(3);
        let alphabet = b",\n\r\"a9 \xff\x00".as_slice();
        let mut data = Vec::new();
        for _ in 0..2000 {
            let chunk: [u8; 64] = std::array::from_fn(|_| *rng.pick(alphabet));
            assert_eq!(classify(&chunk), classify_scalar(&chunk));
            data.extend_from_slice(&chunk);
        }
        // The whole-buffer path (AVX2 where available) against the scalar masks, with a tail.
        data.truncate(data.len() - 17);
        let mut maps = Bitmaps::default();
        maps.compute(&data);
        for (w, chunk) in data.chunks(64).enumerate() {
            let mut c = [0u8; 64];
            c[..chunk.len()].copy_from_slice(chunk);
            let [a, b, d] = classify_scalar(&c);
            assert_eq!(
                (maps.comma[w], maps.newline[w], maps.special[w]),
                (a, b, d),
                "{w}"
            );
        }
    }

    #[test]
    fn fields_found_in_the_bitmap() {
        // Lines longer than a bitmap word, fields asked for in any order.
        let line = (0..40).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let data = format!("{line}\n,x,\n");
        let mut s = Scanner::new(data.as_bytes());
        let r = s.next_record().unwrap().unwrap();
        assert_eq!(r.len(), 40);
        for i in [39, 0, 17, 31, 32, 1] {
            assert_eq!(r.get(i), Some(i.to_string().as_bytes()));
        }
        assert_eq!(r.get(40), None);
        let r = s.next_record().unwrap().unwrap();
        assert_eq!(r.iter().collect::<Vec<_>>(), [&b""[..], b"x", b""]);
    }

    #[test]
    fn select_finds_every_set_bit() {
        let mut rng = crate::sirene::sample::Rng::new(8);
        for _ in 0..2000 {
            let m = rng.next_u64() & rng.next_u64();
            let positions: Vec<u32> = (0..64).filter(|i| m >> i & 1 == 1).collect();
            for (k, p) in positions.iter().enumerate() {
                assert_eq!(select(m, k as u32), *p, "{m:#x} {k}");
            }
        }
    }

    #[test]
    fn fields_of_a_record() {
        let r = Record::new(1, b"a,,bc,", &[1, 2, 5]);
        assert_eq!(r.len(), 4);
        let f: Vec<&[u8]> = r.iter().collect();
        assert_eq!(f, [&b"a"[..], b"", b"bc", b""]);
        assert_eq!(r.get(4), None);
    }
}
