//! A small PDF writer for Essor's documents (receipts, letters, agendas, minutes): A4 pages of
//! headings, paragraphs and label–value lines in the standard Helvetica fonts, wrapped and paged.
//!
//! The standard fonts need no embedding and WinAnsi encoding covers French (accents, œ, «», €);
//! characters outside it are replaced by `?`, spaces of every kind by a plain space.

use std::fmt::Write;

#[derive(Debug, Clone)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    /// A label and its value on one line (the value wraps under itself).
    Field(String, String),
    /// Smaller grey text (references, legal mentions).
    Note(String),
    Space,
}

#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: String,
    /// Printed at the foot of every page, with the page number.
    pub footer: String,
    pub blocks: Vec<Block>,
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// Helvetica advance widths (per 1000 em) for printable ASCII; others use an average.
fn char_width(c: char, bold: bool) -> f32 {
    const W: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
        556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
        722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
        667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
        556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
        500, 334, 260, 334, 584,
    ];
    let base = match c as u32 {
        32..=126 => W[(c as u32 - 32) as usize] as f32,
        _ => 556.0,
    };
    if bold {
        base * 1.06
    } else {
        base
    }
}

fn text_width(s: &str, size: f32, bold: bool) -> f32 {
    s.chars().map(|c| char_width(c, bold)).sum::<f32>() * size / 1000.0
}

fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines = vec![];
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, size, bold) <= width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_owned();
            }
        }
        lines.push(line);
    }
    lines
}

/// WinAnsi bytes for a string, escaped for a PDF literal string.
fn encode(s: &str) -> Vec<u8> {
    let mut out = vec![];
    for c in s.chars() {
        let b: u8 = match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                c as u8
            }
            ' '..='~' => c as u8,
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\t' => b' ',
            '€' => 0x80,
            '‚' => 0x82,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            'œ' => 0x9c,
            'Œ' => 0x8c,
            'Ÿ' => 0x9f,
            c if (0xa1..=0xff).contains(&(c as u32)) => c as u32 as u8,
            _ => b'?',
        };
        out.push(b);
    }
    out
}

struct Line {
    text: String,
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    grey: bool,
}

impl Document {
    pub fn new(title: impl Into<String>) -> Document {
        Document {
            title: title.into(),
            ..Default::default()
        }
    }

    pub fn push(&mut self, b: Block) -> &mut Self {
        self.blocks.push(b);
        self
    }

    /// Lays out the blocks into pages of positioned lines.
    fn layout(&self) -> Vec<Vec<Line>> {
        let width = PAGE_W - 2.0 * MARGIN;
        let mut pages: Vec<Vec<Line>> = vec![vec![]];
        let mut y = PAGE_H - MARGIN;
        let bottom = MARGIN + 24.0;
        let put = |pages: &mut Vec<Vec<Line>>,
                   y: &mut f32,
                   text: String,
                   x: f32,
                   size: f32,
                   bold: bool,
                   grey: bool| {
            let lead = size * 1.35;
            if *y - lead < bottom {
                pages.push(vec![]);
                *y = PAGE_H - MARGIN;
            }
            *y -= lead;
            pages.last_mut().expect("a page").push(Line {
                text,
                x,
                y: *y,
                size,
                bold,
                grey,
            });
        };
        for b in &self.blocks {
            match b {
                Block::Title(t) => {
                    for l in wrap(t, 18.0, true, width) {
                        put(&mut pages, &mut y, l, MARGIN, 18.0, true, false);
                    }
                    y -= 8.0;
                }
                Block::Heading(t) => {
                    y -= 6.0;
                    for l in wrap(t, 13.0, true, width) {
                        put(&mut pages, &mut y, l, MARGIN, 13.0, true, false);
                    }
                    y -= 2.0;
                }
                Block::Paragraph(t) => {
                    for l in wrap(t, 10.5, false, width) {
                        put(&mut pages, &mut y, l, MARGIN, 10.5, false, false);
                    }
                    y -= 4.0;
                }
                Block::Note(t) => {
                    for l in wrap(t, 8.5, false, width) {
                        put(&mut pages, &mut y, l, MARGIN, 8.5, false, true);
                    }
                }
                Block::Field(label, value) => {
                    let label_w = (width * 0.38).min(text_width(label, 10.0, true) + 8.0);
                    let label_lines = wrap(label, 10.0, true, width * 0.38);
                    let value_lines = wrap(
                        if value.is_empty() { "—" } else { value },
                        10.0,
                        false,
                        width - label_w,
                    );
                    let n = label_lines.len().max(value_lines.len());
                    for i in 0..n {
                        if let Some(l) = label_lines.get(i) {
                            put(&mut pages, &mut y, l.clone(), MARGIN, 10.0, true, false);
                        } else {
                            put(
                                &mut pages,
                                &mut y,
                                String::new(),
                                MARGIN,
                                10.0,
                                false,
                                false,
                            );
                        }
                        if let Some(v) = value_lines.get(i) {
                            // On the baseline of the label line just placed (after any page break).
                            pages.last_mut().expect("a page").push(Line {
                                text: v.clone(),
                                x: MARGIN + label_w,
                                y,
                                size: 10.0,
                                bold: false,
                                grey: false,
                            });
                        }
                    }
                    y -= 2.0;
                }
                Block::Space => y -= 10.0,
            }
        }
        pages
    }

    pub fn render(&self) -> Vec<u8> {
        let pages = self.layout();
        let n = pages.len();
        // Objects: 1 catalog, 2 pages, 3 font, 4 bold font, 5 info, then per page: page + content.
        let mut objects: Vec<Vec<u8>> = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            {
                let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
                format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes()
            },
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_vec(),
            {
                let mut info = b"<< /Title (".to_vec();
                info.extend(encode(&self.title));
                info.extend(b") /Producer (Essor) >>");
                info
            },
        ];
        for (i, lines) in pages.iter().enumerate() {
            let mut content: Vec<u8> = vec![];
            let mut draw = |text: &str, x: f32, y: f32, size: f32, bold: bool, grey: bool| {
                let font = if bold { "F2" } else { "F1" };
                let colour = if grey { "0.35 g" } else { "0 g" };
                let mut s = String::new();
                let _ = write!(s, "BT {colour} /{font} {size:.1} Tf {x:.1} {y:.1} Td (");
                content.extend(s.as_bytes());
                content.extend(encode(text));
                content.extend(b") Tj ET\n");
            };
            for l in lines {
                if !l.text.is_empty() {
                    draw(&l.text, l.x, l.y, l.size, l.bold, l.grey);
                }
            }
            let foot = if self.footer.is_empty() {
                format!("{}/{n}", i + 1)
            } else {
                format!("{} — {}/{n}", self.footer, i + 1)
            };
            draw(&foot, MARGIN, MARGIN - 10.0, 8.0, false, true);
            objects.push(
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
                     /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                    7 + 2 * i
                )
                .into_bytes(),
            );
            let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
            stream.extend(content);
            stream.extend(b"\nendstream");
            objects.push(stream);
        }
        let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = vec![];
        for (i, obj) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend(obj);
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn renders_french_text_and_pages() {
        let mut d = Document::new("Accusé de réception");
        d.footer = "Essor".into();
        d.push(Block::Title("Accusé de réception".into()))
            .push(Block::Field("Montant demandé".into(), "12 500,00 €".into()))
            .push(Block::Paragraph("Œuvre (solidaire) \\ test".into()));
        let pdf = d.render();
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        assert!(contains(&pdf, b"Accus\xe9 de r\xe9ception"));
        assert!(contains(&pdf, b"12 500,00 \x80"));
        assert!(contains(&pdf, b"\x8cuvre \\(solidaire\\) \\\\ test"));
        assert!(contains(&pdf, b"/Count 1"));
        // The cross-reference table points at every object.
        let xref_at = String::from_utf8_lossy(&pdf).rfind("startxref").unwrap();
        assert!(xref_at > 0);
    }

    #[test]
    fn long_documents_break_into_pages() {
        let mut d = Document::new("Long");
        for i in 0..200 {
            d.push(Block::Paragraph(format!("Ligne numéro {i} avec assez de texte pour remplir la largeur de la page A4 et passer à la ligne suivante.")));
        }
        let pdf = d.render();
        let text = String::from_utf8_lossy(&pdf);
        let count: usize = text
            .split("/Count ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(count >= 5, "{count} pages");
        assert!(contains(&pdf, format!("1/{count}").as_bytes()));
    }
}
