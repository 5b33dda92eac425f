//! PDF: the words of `pdftotext -bbox-layout` (poppler), laid out as PDF text.
//!
//! `pdftotext -bbox-layout` writes XHTML with the pages (and their sizes), the text flows and
//! blocks of each page in reading order (the columns one after the other), their lines and the
//! words of each line with its box. The text is made of it as the `pdf-text` reader expects it:
//! one line per line of the PDF, its words joined by a space; a blank line after each text
//! flow; a form feed before each page after the first. A note marker that `pdftotext` sets on a
//! line of its own because it is smaller and higher than its text (`¹ Text`) is put back at the
//! start of the line it belongs to. Every line and word keeps its box in the [`Layout`].
//!
//! The program is `pdftotext`, or the one the environment variable `OPCIT_PDFTOTEXT` names.

use super::{BoundingBox, Extracted, Format, Layout, LineGeometry, PageSize, WordGeometry};
use crate::Error;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::Write;
use std::process::{Command, Stdio};

/// The environment variable that names the `pdftotext` program to run.
pub const PROGRAM_VARIABLE: &str = "OPCIT_PDFTOTEXT";

/// Read a PDF file.
pub(crate) fn extract(bytes: &[u8]) -> Result<Extracted, Error> {
    let xhtml = run_pdftotext(bytes, &["-bbox-layout", "-enc", "UTF-8"])?;
    let pages = read_bbox_layout(&xhtml)?;
    let (text, layout) = to_text(pages);
    Ok(Extracted {
        text,
        layout: Some(layout),
        notes: None,
        format: Some(Format::Pdf),
    })
}

/// The program that extracts the text.
fn program() -> String {
    std::env::var(PROGRAM_VARIABLE)
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "pdftotext".to_string())
}

/// Run `pdftotext` with `options` on the PDF `bytes` (given on its standard input); its
/// standard output.
pub(crate) fn run_pdftotext(bytes: &[u8], options: &[&str]) -> Result<String, Error> {
    let program = program();
    let mut child = Command::new(&program)
        .args(options)
        .args(["-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::MissingProgram {
                program: program.clone(),
                format: "PDF",
                package: "poppler-utils",
            },
            _ => Error::BadPdf {
                message: format!("cannot run {program}: {e}"),
            },
        })?;
    let stdin = child.stdin.take();
    let output = std::thread::scope(|scope| {
        scope.spawn(move || {
            // A PDF it stops reading (a broken one) closes the pipe: its error says why.
            if let Some(mut stdin) = stdin {
                let _ = stdin.write_all(bytes);
            }
        });
        child.wait_with_output()
    })
    .map_err(|e| Error::BadPdf {
        message: format!("{program}: {e}"),
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("Incorrect password") {
            return Err(Error::EncryptedPdf);
        }
        let why = stderr
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("no message");
        return Err(Error::BadPdf {
            message: format!("{program} failed ({}): {why}", output.status),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A word of `pdftotext`'s output.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    text: String,
    bbox: BoundingBox,
}

/// A line: its words and box.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    bbox: BoundingBox,
    words: Vec<Word>,
}

/// A page: its size, and its lines in reading order, each with the text flow and block it is
/// in (numbered over the page).
#[derive(Debug, Clone, Default, PartialEq)]
struct Page {
    size: PageSize,
    lines: Vec<(usize, usize, Line)>,
}

/// The box of a `pdftotext` element (`xMin`, `yMin`, `xMax`, `yMax`).
fn bbox_of(element: &BytesStart<'_>) -> BoundingBox {
    let number = |name: &[u8]| {
        super::xml::attribute(element, name)
            .and_then(|v| v.parse::<f32>().ok())
            .unwrap_or(0.0)
    };
    let (x, y) = (number(b"xMin"), number(b"yMin"));
    BoundingBox {
        x,
        y,
        width: (number(b"xMax") - x).max(0.0),
        height: (number(b"yMax") - y).max(0.0),
    }
}

/// The pages of `pdftotext -bbox-layout`'s XHTML.
fn read_bbox_layout(xhtml: &str) -> Result<Vec<Page>, Error> {
    let mut reader = Reader::from_str(xhtml);
    let mut pages: Vec<Page> = Vec::new();
    let (mut flow, mut block) = (0, 0);
    let mut word: Option<Word> = None;
    loop {
        let event = reader.read_event().map_err(|e| Error::BadPdf {
            message: format!("cannot read the output of pdftotext: {e}"),
        })?;
        match &event {
            Event::Start(element) => match element.name().as_ref() {
                b"page" => {
                    let number = |name: &[u8]| {
                        super::xml::attribute(element, name)
                            .and_then(|v| v.parse::<f32>().ok())
                            .unwrap_or(0.0)
                    };
                    let size = PageSize {
                        width: number(b"width"),
                        height: number(b"height"),
                    };
                    pages.push(Page {
                        size,
                        lines: Vec::new(),
                    });
                    (flow, block) = (0, 0);
                }
                b"flow" => flow += 1,
                b"block" => block += 1,
                b"line" => {
                    if let Some(page) = pages.last_mut() {
                        let line = Line {
                            bbox: bbox_of(element),
                            words: Vec::new(),
                        };
                        page.lines.push((flow, block, line));
                    }
                }
                b"word" => {
                    word = Some(Word {
                        text: String::new(),
                        bbox: bbox_of(element),
                    })
                }
                _ => {}
            },
            Event::End(element) if element.name().as_ref() == b"word" => {
                let line = pages.last_mut().and_then(|p| p.lines.last_mut());
                if let (Some(done), Some((_, _, line))) = (word.take(), line)
                    && !done.text.trim().is_empty()
                {
                    line.words.push(done);
                }
            }
            Event::Eof => break,
            _ => {
                if let (Some(word), Some(text)) = (word.as_mut(), super::xml::characters(&event)) {
                    word.text.push_str(&text);
                }
            }
        }
    }
    for page in &mut pages {
        page.lines.retain(|(_, _, line)| !line.words.is_empty());
        join_markers(&mut page.lines);
        order_columns(&mut page.lines, page.size.width);
    }
    Ok(pages)
}

/// The longest note marker put back on its line.
const MAX_MARKER_CHARS: usize = 3;
/// The widest gap between a marker and its line, in points.
const MAX_MARKER_GAP: f32 = 12.0;

/// Whether a line is a lone note marker: one short word, digits or a note sign.
fn is_lone_marker(line: &Line) -> bool {
    let [word] = line.words.as_slice() else {
        return false;
    };
    let text = word.text.trim();
    let chars = text.chars().count();
    (1..=MAX_MARKER_CHARS).contains(&chars)
        && (text.chars().all(|c| c.is_ascii_digit()) || matches!(text, "*" | "**" | "†" | "‡"))
}

/// Whether `marker` sits just left of `line`, smaller or higher, overlapping it vertically.
fn marks(marker: &Line, line: &Line) -> bool {
    let (m, l) = (marker.bbox, line.bbox);
    let gap = l.x - m.right();
    let overlaps = m.y < l.bottom() && m.bottom() > l.y;
    let raised = m.height < 0.95 * l.height || m.y < l.y - 0.5;
    (-1.0..=MAX_MARKER_GAP).contains(&gap) && overlaps && raised
}

/// Put every lone note marker back at the start of the line it marks, the nearest line on the
/// page that it sits just left of.
fn join_markers(lines: &mut Vec<(usize, usize, Line)>) {
    let mut i = 0;
    while i < lines.len() {
        let marker = &lines[i].2;
        let target = is_lone_marker(marker)
            .then(|| {
                (0..lines.len())
                    .filter(|&j| j != i && marks(marker, &lines[j].2))
                    .min_by(|&a, &b| {
                        gap_to(marker, &lines[a].2).total_cmp(&gap_to(marker, &lines[b].2))
                    })
            })
            .flatten();
        let Some(target) = target else {
            i += 1;
            continue;
        };
        let (_, _, marker) = lines.remove(i);
        let target = if target > i { target - 1 } else { target };
        join_to(&mut lines[target].2, marker);
        // the line now at `i` has not been looked at yet
    }
}

/// The horizontal gap between a marker and the line it may mark.
fn gap_to(marker: &Line, line: &Line) -> f32 {
    (line.bbox.x - marker.bbox.right()).abs()
}

/// Put a marker's words at the start of `line`, and grow the line's box to hold it.
fn join_to(line: &mut Line, marker: Line) {
    let right = line.bbox.right().max(marker.bbox.right());
    let bottom = line.bbox.bottom().max(marker.bbox.bottom());
    line.bbox.x = line.bbox.x.min(marker.bbox.x);
    line.bbox.y = line.bbox.y.min(marker.bbox.y);
    line.bbox.width = right - line.bbox.x;
    line.bbox.height = bottom - line.bbox.y;
    line.words.splice(0..0, marker.words);
}

/// The fewest lines of each column for a page to be read as two columns.
const MIN_COLUMN_LINES: usize = 5;
/// The most lines, as a share of the page's, that may cross the gutter of two columns (the
/// title, a note set across the page).
const MAX_SPANNING_SHARE: f32 = 0.25;

/// The gutter of a page in two columns: the x in the middle of the page that the fewest lines
/// cross, when there are enough lines on both sides of it and few across it.
fn gutter(lines: &[(usize, usize, Line)], width: f32) -> Option<f32> {
    let crossing = |x: f32| {
        lines
            .iter()
            .filter(move |(_, _, l)| l.bbox.x < x && l.bbox.right() > x)
    };
    let (from, to) = ((0.35 * width) as usize, (0.65 * width) as usize);
    let x = (from..=to)
        .map(|x| x as f32)
        .min_by_key(|&x| crossing(x).count())?;
    let left = lines.iter().filter(|(_, _, l)| l.bbox.right() <= x).count();
    let right = lines.iter().filter(|(_, _, l)| l.bbox.x >= x).count();
    let spanning = crossing(x).count();
    (left >= MIN_COLUMN_LINES
        && right >= MIN_COLUMN_LINES
        && (spanning as f32) <= MAX_SPANNING_SHARE * lines.len() as f32)
        .then_some(x)
}

/// Read a page in two columns column by column: the lines across the gutter cut the page into
/// bands, and each band is read left column first, each column top to bottom. A page in one
/// column keeps `pdftotext`'s order.
fn order_columns(lines: &mut [(usize, usize, Line)], width: f32) {
    let Some(gutter) = gutter(lines, width) else {
        return;
    };
    let spans = |l: &Line| l.bbox.x < gutter && l.bbox.right() > gutter;
    let mut cuts: Vec<f32> = lines
        .iter()
        .filter(|(_, _, l)| spans(l))
        .map(|(_, _, l)| l.bbox.y)
        .collect();
    cuts.sort_by(f32::total_cmp);
    // (band, column, y): a line across the gutter is its own band, between the columns' bands.
    let key = |l: &Line| {
        let band = cuts.partition_point(|&c| c < l.bbox.y);
        let column = match (spans(l), l.bbox.x >= gutter) {
            (true, _) => 0,
            (false, false) => 1,
            (false, true) => 2,
        };
        (2 * band + usize::from(column != 0), column, l.bbox.y)
    };
    lines.sort_by(|(_, _, a), (_, _, b)| {
        let (ka, kb) = (key(a), key(b));
        (ka.0, ka.1).cmp(&(kb.0, kb.1)).then(ka.2.total_cmp(&kb.2))
    });
}

/// The text of the pages and the layout of its lines and words.
fn to_text(pages: Vec<Page>) -> (String, Layout) {
    let mut text = String::new();
    let mut layout = Layout::default();
    let mut blocks = 0;
    for (page_index, page) in pages.into_iter().enumerate() {
        if page_index > 0 {
            text.push('\u{c}');
        }
        layout.pages.push(page.size);
        let mut last: Option<(usize, usize)> = None;
        for (flow, block, line) in page.lines {
            if last.is_some_and(|b| b != (flow, block)) {
                text.push('\n');
            }
            if last != Some((flow, block)) {
                blocks += 1;
            }
            last = Some((flow, block));
            push_line(&mut text, &mut layout, line, (page_index, blocks - 1));
        }
    }
    (text, layout)
}

/// Append one line to the text and the layout.
fn push_line(text: &mut String, layout: &mut Layout, line: Line, (page, block): (usize, usize)) {
    let start = text.len();
    let first_word = layout.words.len();
    for (i, word) in line.words.into_iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let at = text.len();
        text.push_str(word.text.trim());
        layout.words.push(WordGeometry {
            range: at..text.len(),
            bbox: word.bbox,
        });
    }
    layout.lines.push(LineGeometry {
        range: start..text.len(),
        page,
        block,
        bbox: line.bbox,
        words: first_word..layout.words.len(),
    });
    text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    const XHTML: &str = r#"<html><body><doc><page width="595" height="842"><flow>
        <block><line xMin="72" yMin="100" xMax="300" yMax="110">
          <word xMin="72" yMin="100" xMax="100" yMax="110">Body</word>
          <word xMin="102" yMin="100" xMax="130" yMax="110">t&amp;xt</word></line>
        <line xMin="72" yMin="112" xMax="300" yMax="122"><word xMin="72" yMin="112" xMax="100" yMax="122">more</word></line></block></flow>
        <flow><block><line xMin="82" yMin="712.9" xMax="84.8" yMax="717.9"><word xMin="82" yMin="712.9" xMax="84.8" yMax="717.9">1</word></line></block></flow>
        <flow><block><line xMin="86.8" yMin="714.5" xMax="239" yMax="721.7"><word xMin="86.8" yMin="714.5" xMax="100" yMax="721.7">Note.</word></line></block></flow>
        </page><page width="595" height="842"><flow><block><line xMin="72" yMin="100" xMax="90" yMax="110"><word xMin="72" yMin="100" xMax="90" yMax="110">Two</word></line></block></flow></page></doc></body></html>"#;

    #[test]
    fn lines_blocks_and_pages_are_laid_out_as_pdf_text() {
        let pages = read_bbox_layout(XHTML).expect("reads");
        let (text, layout) = to_text(pages);
        assert_eq!(text, "Body t&xt\nmore\n\n1 Note.\n\u{c}Two\n");
        assert_eq!(layout.pages.len(), 2);
        assert_eq!(layout.lines.len(), 4);
        let note = &layout.lines[2];
        assert_eq!(&text[note.range.clone()], "1 Note.");
        assert_eq!((note.page, note.bbox.x, note.bbox.y), (0, 82.0, 712.9));
        assert_eq!(layout.words_of(note).len(), 2);
        assert_eq!(layout.line_at(note.range.start + 2), Some(note));
        assert_eq!(layout.lines[3].page, 1);
    }
}
