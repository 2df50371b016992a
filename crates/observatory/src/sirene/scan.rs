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
                let to = nth_bit(commas, from, end, 0).unwrap_or(end);
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
        let mut chunks = data.chunks_exact(64);
        for (w, chunk) in (&mut chunks).enumerate() {
            let [c, n, s] = classify(chunk.try_into().expect("64 bytes"));
            self.comma[w] = c;
            self.newline[w] = n;
            self.special[w] = s;
        }
        let rest = chunks.remainder();
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

/// The position of the `k`-th (from 0) set bit of `words` among bits `from..to`.
#[inline]
fn nth_bit(words: &[u64], from: usize, to: usize, mut k: usize) -> Option<usize> {
    for (w, mut m) in bits_in(words, from, to) {
        let n = m.count_ones() as usize;
        if k < n {
            for _ in 0..k {
                m &= m - 1;
            }
            return Some(w * 64 + m.trailing_zeros() as usize);
        }
        k -= n;
    }
    None
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
                    let fields = 1 + bits_in(&self.maps.comma, start, end)
                        .map(|(_, m)| m.count_ones() as usize)
                        .sum::<usize>();
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
        for _ in 0..2000 {
            let chunk: [u8; 64] = std::array::from_fn(|_| *rng.pick(alphabet));
            assert_eq!(classify(&chunk), classify_scalar(&chunk));
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
    fn fields_of_a_record() {
        let r = Record::new(1, b"a,,bc,", &[1, 2, 5]);
        assert_eq!(r.len(), 4);
        let f: Vec<&[u8]> = r.iter().collect();
        assert_eq!(f, [&b"a"[..], b"", b"bc", b""]);
        assert_eq!(r.get(4), None);
    }
}
