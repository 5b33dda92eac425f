//! One synthetic document: its notes planned (which works each cites, with which locator,
//! signal and commentary), then rendered in one style, in order, so that the style's
//! position-dependent forms appear.

use std::collections::BTreeMap;

use hayagriva::citationberg::Locale;
use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChildren,
    LocatorPayload, SpecificLocator,
};

use super::items::Work;
use super::prng::SplitMix64;
use super::styles::NoteStyle;
use super::tables::{Phrase, PhraseKind, phrases_of, quote_marks};
use super::track::tokens;
use crate::cite::label::Label;

/// The works a run draws from, with their CSL-JSON items.
#[derive(Debug, Default)]
pub(crate) struct Corpus {
    pub works: Vec<Work>,
    pub items: Vec<Item>,
    /// Indices of the hand-written works, by language.
    pub hand_by_lang: BTreeMap<String, Vec<usize>>,
    /// Indices of the hand-written works.
    pub hand: Vec<usize>,
    /// Indices of the works made from AnyStyle sequences.
    pub derived: Vec<usize>,
}

impl Corpus {
    /// A corpus of hand-written works and AnyStyle works.
    pub fn new(hand: Vec<Work>, derived: Vec<Work>) -> Corpus {
        let mut c = Corpus::default();
        for (is_hand, list) in [(true, hand), (false, derived)] {
            for w in list {
                let i = c.works.len();
                if is_hand {
                    c.hand.push(i);
                    c.hand_by_lang
                        .entry(w.lang().to_string())
                        .or_default()
                        .push(i);
                } else {
                    c.derived.push(i);
                }
                c.items.push(w.to_item());
                c.works.push(w);
            }
        }
        c
    }
}

/// The phrases of one language.
#[derive(Debug, Default)]
pub(crate) struct Banks {
    signals: Vec<Phrase>,
    before: Vec<Phrase>,
    after: Vec<Phrase>,
    alone: Vec<Phrase>,
    quote_intro: Vec<Phrase>,
    quotes: Vec<Phrase>,
    marks: (&'static str, &'static str),
}

impl Banks {
    pub fn of(lang: &str, region: &str) -> Banks {
        let all = phrases_of(lang);
        let of = |k| {
            all.iter()
                .filter(|p| p.kind == k)
                .cloned()
                .collect::<Vec<_>>()
        };
        Banks {
            signals: of(PhraseKind::Signal),
            before: of(PhraseKind::Before),
            after: of(PhraseKind::After),
            alone: of(PhraseKind::Alone),
            quote_intro: of(PhraseKind::QuoteIntro),
            quotes: of(PhraseKind::Quote),
            marks: quote_marks(lang, region),
        }
    }
}

/// One cite of a planned note.
#[derive(Debug, Clone)]
pub(crate) struct CitePlan {
    /// The work, an index into the corpus.
    pub work: usize,
    pub locator: Option<(Locator, String)>,
    /// The note that first cited the work, if an earlier one did.
    pub first_note: Option<usize>,
    /// Prose before the cite.
    pub before: Vec<(Label, String)>,
}

/// A planned note.
#[derive(Debug, Clone, Default)]
pub(crate) struct NotePlan {
    pub number: usize,
    pub cites: Vec<CitePlan>,
    /// The text of a note without citations.
    pub alone: Option<String>,
    /// A sentence after the citations.
    pub after: Option<String>,
}

/// How a document is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocShape {
    pub notes: (usize, usize),
    pub pool: (usize, usize),
    pub anystyle_share: f64,
}

/// The works a document cites: about fifteen, mostly in the style's language.
fn draw_pool(corpus: &Corpus, lang: &str, shape: DocShape, rng: &mut SplitMix64) -> Vec<usize> {
    let size = rng.between(shape.pool.0, shape.pool.1);
    let own = corpus
        .hand_by_lang
        .get(lang)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let own_share = if lang == "en" { 0.75 } else { 0.6 };
    let mut pool: Vec<usize> = Vec::new();
    for _ in 0..size * 4 {
        if pool.len() >= size {
            break;
        }
        let from: &[usize] = if !corpus.derived.is_empty() && rng.chance(shape.anystyle_share) {
            &corpus.derived
        } else if !own.is_empty() && rng.chance(own_share) {
            own
        } else {
            &corpus.hand
        };
        if let Some(&w) = rng.pick(from)
            && !pool.contains(&w)
        {
            pool.push(w);
        }
    }
    pool
}

/// Plan the notes of one document.
pub(crate) fn plan_document(
    corpus: &Corpus,
    style: &NoteStyle,
    banks: &Banks,
    shape: DocShape,
    rng: &mut SplitMix64,
) -> Vec<NotePlan> {
    let pool = draw_pool(corpus, style.lang(), shape, rng);
    let count = rng.between(shape.notes.0, shape.notes.1);
    let mut first_note: BTreeMap<usize, usize> = BTreeMap::new();
    let mut last: Vec<usize> = Vec::new();
    let mut notes = Vec::with_capacity(count);
    for number in 1..=count {
        let mut note = NotePlan {
            number,
            ..NotePlan::default()
        };
        if pool.is_empty() || (!banks.alone.is_empty() && rng.chance(0.04)) {
            note.alone = rng.pick(&banks.alone).map(|p| p.text.clone());
            notes.push(note);
            continue;
        }
        let n = match rng.below(100) {
            0..70 => 1,
            70..92 => 2,
            _ => 3,
        };
        let mut chosen: Vec<usize> = Vec::new();
        for k in 0..n {
            let w = pick_work(&pool, &first_note, &last, &chosen, k, rng);
            chosen.push(w);
        }
        for (k, &w) in chosen.iter().enumerate() {
            let first = first_note.get(&w).copied();
            let work = &corpus.works[w];
            note.cites.push(CitePlan {
                work: w,
                locator: draw_locator(work, first, number, rng),
                first_note: first,
                before: prose_before(banks, k == 0, rng),
            });
        }
        for &w in &chosen {
            first_note.entry(w).or_insert(number);
        }
        if !banks.after.is_empty() && rng.chance(0.08) {
            note.after = rng.pick(&banks.after).map(|p| p.text.clone());
        }
        last = chosen;
        notes.push(note);
    }
    notes
}

/// The next work cited: the last one again (for `ibid`), an earlier one (for short forms and
/// cross-references), or a new one.
fn pick_work(
    pool: &[usize],
    first_note: &BTreeMap<usize, usize>,
    last: &[usize],
    chosen: &[usize],
    k: usize,
    rng: &mut SplitMix64,
) -> usize {
    let fresh: Vec<usize> = pool
        .iter()
        .copied()
        .filter(|w| !first_note.contains_key(w) && !chosen.contains(w))
        .collect();
    let cited: Vec<usize> = first_note
        .keys()
        .copied()
        .filter(|w| !chosen.contains(w))
        .collect();
    let roll = rng.below(100);
    if k == 0 && roll < 28 && last.len() == 1 {
        return last[0];
    }
    if (roll < 65 || fresh.is_empty())
        && let Some(&w) = rng.pick(&cited)
    {
        return w;
    }
    let unused: Vec<usize> = pool
        .iter()
        .copied()
        .filter(|w| !chosen.contains(w))
        .collect();
    let from = if fresh.is_empty() { &unused } else { &fresh };
    rng.pick(from).or(pool.first()).copied().unwrap_or_default()
}

/// A pin-point for a cite, most often a page; never a number the work's fields or the note
/// numbers hold, so that the tracker can tell them apart.
fn draw_locator(
    work: &Work,
    first_note: Option<usize>,
    note: usize,
    rng: &mut SplitMix64,
) -> Option<(Locator, String)> {
    if !rng.chance(0.75) {
        return None;
    }
    let mut taken: Vec<String> = work.fields().iter().flat_map(|(_, v)| tokens(v)).collect();
    taken.extend(
        work.issued
            .as_ref()
            .and_then(|d| d.year_of())
            .map(|y| y.to_string()),
    );
    taken.extend([note.to_string()]);
    taken.extend(first_note.map(|n| n.to_string()));
    let legal = matches!(work.kind.as_str(), "legal_case" | "legislation");
    let article = work.kind.starts_with("article") || work.kind == "paper-conference";
    let roll = if article { 99 } else { rng.below(100) };
    let (kind, top) = match roll {
        0..6 if !legal => (Locator::Chapter, 15),
        6..10 => (Locator::Note, 90),
        0..40 if legal => (Locator::Paragraph, 120),
        40..75 if work.kind == "legislation" => (Locator::Section, 60),
        10..16 => (Locator::Paragraph, 120),
        16..20 => (Locator::Section, 40),
        _ => (Locator::Page, 0),
    };
    for _ in 0..12 {
        let value = match kind {
            Locator::Page => page_in(work, rng),
            _ => rng.between(1, top).to_string(),
        };
        if tokens(&value).iter().all(|t| !taken.contains(t)) {
            return Some((kind, value));
        }
    }
    None
}

/// A page within the work's page range, when it has one; sometimes a short range.
fn page_in(work: &Work, rng: &mut SplitMix64) -> String {
    let range = work.page.as_deref().and_then(|p| {
        let (a, b) = p.split_once(['-', '–'])?;
        Some((
            a.trim().parse::<usize>().ok()?,
            b.trim().parse::<usize>().ok()?,
        ))
    });
    let page = match range {
        Some((a, b)) if b > a => rng.between(a, b),
        _ => match rng.below(10) {
            0..6 => rng.between(1, 120),
            6..9 => rng.between(100, 400),
            _ => rng.between(400, 900),
        },
    };
    if rng.chance(0.15) {
        format!("{page}-{}", page + rng.between(1, 6))
    } else {
        page.to_string()
    }
}

/// Signals, commentary and quotations before a cite (`first`: the first of the note).
fn prose_before(banks: &Banks, first: bool, rng: &mut SplitMix64) -> Vec<(Label, String)> {
    let mut out = Vec::new();
    let roll = rng.below(100);
    let signal = |text: &str| (Label::Signal, text.to_string());
    match roll {
        0..12 if first && !banks.before.is_empty() => {
            if let Some(p) = rng.pick(&banks.before) {
                out.push((Label::Commentary, p.text.clone()));
                if !p.signal.is_empty() {
                    out.push((Label::Signal, p.signal.clone()));
                }
            }
        }
        12..17 if first && !banks.quotes.is_empty() => {
            if let (Some(intro), Some(q)) = (rng.pick(&banks.quote_intro), rng.pick(&banks.quotes))
            {
                out.push((Label::Commentary, intro.text.clone()));
                let (open, close) = banks.marks;
                out.push((Label::Quotation, format!("{open}{}{close},", q.text)));
                if !intro.signal.is_empty() {
                    out.push((Label::Signal, intro.signal.clone()));
                }
            }
        }
        17..52 => {
            if let Some(p) = rng.pick(&banks.signals) {
                out.push(signal(&p.signal));
            }
        }
        _ => {}
    }
    out
}

/// Render a document's notes in order; a note without citations renders to `None`.
pub(crate) fn render_document(
    notes: &[NotePlan],
    corpus: &Corpus,
    style: &NoteStyle,
    locales: &[Locale],
) -> Vec<Option<ElemChildren>> {
    let mut driver: BibliographyDriver<'_, Item> = BibliographyDriver::new();
    let mut rendered_for: Vec<usize> = Vec::new();
    for (i, note) in notes.iter().enumerate() {
        if note.cites.is_empty() {
            continue;
        }
        let items = note
            .cites
            .iter()
            .map(|c| {
                let locator = c
                    .locator
                    .as_ref()
                    .map(|(kind, value)| SpecificLocator(*kind, LocatorPayload::Str(value)));
                CitationItem::with_locator(&corpus.items[c.work], locator)
            })
            .collect();
        let locale = Some(style.locale.clone());
        driver.citation(CitationRequest::new(
            items,
            &style.style,
            locale,
            locales,
            Some(note.number),
        ));
        rendered_for.push(i);
    }
    let request = BibliographyRequest::new(&style.style, Some(style.locale.clone()), locales);
    let rendered = driver.finish(request);
    let mut out: Vec<Option<ElemChildren>> = vec![None; notes.len()];
    for (citation, &i) in rendered.citations.into_iter().zip(&rendered_for) {
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(citation.citation);
        }
    }
    out
}
