//! The fast scanner against the `csv` crate's reader, on generated inputs with every tricky
//! case: quoted fields holding commas, quotes and line ends, text after a closing quote, quotes
//! inside unquoted fields, an unclosed quote, CR, LF and CRLF line ends, blank lines, a
//! byte-order mark, no final line end. Same records, same fields, same line numbers, with
//! buffers from a few bytes (every refill path) to the default.

use essor_observatory::sirene::parse::{self, reference, Report};
use essor_observatory::sirene::sample::{self, Rng};
use essor_observatory::sirene::scan::Scanner;
use essor_platform::territory::Territory;
use std::collections::HashSet;

/// A reader handing out at most `step` bytes per call.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.step).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn scanned(data: &[u8], capacity: usize, step: usize) -> Vec<(u64, Vec<Vec<u8>>)> {
    let mut s = Scanner::with_capacity(Trickle { data, step }, capacity);
    let mut out = Vec::new();
    while let Some(rec) = s.next_record().unwrap() {
        out.push((rec.line, rec.iter().map(<[u8]>::to_vec).collect()));
    }
    out
}

fn field(rng: &mut Rng) -> Vec<u8> {
    const PIECES: &[&[u8]] = &[
        b"92050",
        b"abc",
        b"",
        b",",
        b"\"",
        b"\"\"",
        b"\n",
        b"\r",
        b"\r\n",
        b" ",
        b"\xc3\xa9",
        b"\xff",
        b"x\"y",
        b"1234567890",
    ];
    let mut f = Vec::new();
    for _ in 0..rng.below(4) {
        let piece: &&[u8] = rng.pick(PIECES);
        f.extend_from_slice(piece);
    }
    f
}

/// A random CSV text: most fields written as a CSV writer would (quoted when needed, or at
/// random), some raw (stray quotes, text after a closing quote, unclosed quotes).
fn random_csv(rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    if rng.chance(20) {
        out.extend_from_slice(b"\xef\xbb\xbf");
    }
    let ends: &[&[u8]] = &[b"\n", b"\r\n", b"\r", b"\n\n", b"\r\n\r\n"];
    let lines = rng.below(12);
    for l in 0..lines {
        let n = 1 + rng.below(6);
        for i in 0..n {
            if i > 0 {
                out.push(b',');
            }
            let f = field(rng);
            let needs = f.iter().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
            match rng.below(10) {
                // Raw bytes, whatever they hold.
                0 => out.extend_from_slice(&f),
                // Quoted, then more text after the closing quote.
                1 => {
                    out.push(b'"');
                    out.extend_from_slice(
                        &f.iter()
                            .filter(|&&b| b != b'"')
                            .copied()
                            .collect::<Vec<_>>(),
                    );
                    out.extend_from_slice(b"\"tail");
                }
                _ if needs || rng.chance(30) => {
                    out.push(b'"');
                    for &b in &f {
                        if b == b'"' {
                            out.push(b'"');
                        }
                        out.push(b);
                    }
                    out.push(b'"');
                }
                _ => out.extend_from_slice(&f),
            }
        }
        if l + 1 < lines || rng.chance(70) {
            let end: &&[u8] = rng.pick(ends);
            out.extend_from_slice(end);
        }
    }
    out
}

#[test]
fn the_scanner_reads_what_the_csv_crate_reads() {
    let mut rng = Rng::new(11);
    let mut tricky = 0;
    for case in 0..20_000 {
        let data = random_csv(&mut rng);
        let expected = reference::records(&mut &data[..]).unwrap();
        let (capacity, step) = match case % 4 {
            0 => (1, 1),
            1 => (7, 3),
            2 => (64, 1000),
            _ => (1 << 20, 1 << 20),
        };
        let got = scanned(&data, capacity, step);
        assert_eq!(
            got,
            expected,
            "case {case}, capacity {capacity}: {:?}",
            String::from_utf8_lossy(&data)
        );
        tricky += data.windows(2).any(|w| w == b"\"\"" || w == b"\r\n") as u32;
    }
    // The generator did produce the cases it is meant to.
    assert!(tricky > 5_000, "{tricky}");
}

#[test]
fn the_scanner_and_the_csv_crate_agree_on_a_large_file_across_buffers() {
    // Lines of the real width, some with quoted commas and line ends, crossing many 1 MiB
    // buffers (the default capacity) and 4 KiB ones.
    let mut rng = Rng::new(5);
    let mut data = Vec::new();
    while data.len() < 3 << 20 {
        for i in 0..54 {
            if i > 0 {
                data.push(b',');
            }
            match rng.below(40) {
                0 => data.extend_from_slice(b"\"RUE, DU \"\"PONT\"\"\nBIS\""),
                1 => data.extend_from_slice(b"\"92050\""),
                _ => data.extend_from_slice(format!("{}", rng.below(1 << 40)).as_bytes()),
            }
        }
        data.extend_from_slice(if rng.chance(5) { b"\r\n" } else { b"\n" });
    }
    let expected = reference::records(&mut &data[..]).unwrap();
    assert!(expected.len() > 3_000);
    assert_eq!(scanned(&data, 1 << 20, 1 << 20), expected);
    assert_eq!(scanned(&data, 4096, 1000), expected);
    assert_eq!(parse::records(&mut &data[..]).unwrap(), expected);
}

/// Rewrites a CSV file with random quoting and line ends, as another writer might.
fn requote(data: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (_, rec)) in reference::records(&mut &data[..])
        .unwrap()
        .iter()
        .enumerate()
    {
        for (k, f) in rec.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            let needs = f.iter().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
            if needs || rng.chance(10) {
                out.push(b'"');
                for &b in f {
                    if b == b'"' {
                        out.push(b'"');
                    }
                    out.push(b);
                }
                out.push(b'"');
            } else {
                out.extend_from_slice(f);
            }
        }
        out.extend_from_slice(if i % 7 == 3 { b"\r\n" } else { b"\n" });
    }
    out
}

#[test]
fn both_passes_keep_and_report_the_same_as_the_csv_crate() {
    let territory = Territory::new("Hauts-de-Seine", &[], "92").unwrap();
    let communes: HashSet<Vec<u8>> = territory
        .communes
        .iter()
        .map(|c| c.code.as_bytes().to_vec())
        .collect();
    let d = tempfile::tempdir().unwrap();
    let spec = sample::Spec {
        seed: 9,
        units: 3000,
        max_establishments: 3,
        communes: sample::communes_of(&territory),
        territory_percent: 50,
        malformed_every: 41,
        version: 0,
        ess_percent: 60,
    };
    let (u, e) = sample::write(d.path(), &spec, false).unwrap();
    let mut rng = Rng::new(2);
    for requoted in [false, true] {
        let mut units_csv = std::fs::read(&u).unwrap();
        let mut ests_csv = std::fs::read(&e).unwrap();
        if requoted {
            units_csv = requote(&units_csv, &mut rng);
            ests_csv = requote(&ests_csv, &mut rng);
            // Names holding a comma, a quote and a line end.
            units_csv = String::from_utf8(units_csv)
                .unwrap()
                .replace("Les Amis", "\"\"Les, Amis\"\"\n")
                .into_bytes();
        }
        let run = |fast: bool| {
            let mut report = Report::default();
            let units = if fast {
                parse::read_units(&mut &units_csv[..], &mut report).unwrap()
            } else {
                reference::read_units(&mut &units_csv[..], &mut report).unwrap()
            };
            let mut kept = Vec::new();
            let keep = |x| {
                kept.push(x);
                Ok(())
            };
            let read = if fast {
                parse::read_establishments(&mut &ests_csv[..], &units, &communes, &mut report, keep)
            } else {
                reference::read_establishments(
                    &mut &ests_csv[..],
                    &units,
                    &communes,
                    &mut report,
                    keep,
                )
            }
            .unwrap();
            (
                units.read,
                units.map.len(),
                read,
                kept,
                report.count,
                report.examples,
            )
        };
        let fast = run(true);
        let slow = run(false);
        assert!(fast.3.len() > 100, "{}", fast.3.len());
        assert!(fast.4 > 10);
        assert_eq!(fast, slow, "requoted: {requoted}");
    }
}
