//! Criterion benchmark of the resolve stage alone on generated footnotes: 1,000, 10,000 and
//! 100,000 notes of full citations (books, chapters, articles; continental and Chicago), with
//! `Ibid.`, `op. cit.` (with the author, the year or a short title), `cit.`, `supra note N`,
//! short forms, `Idem` and repeated full citations among them.
//!
//! The notes are generated, found and parsed once, outside the timing; only
//! `resolve::resolve` is timed. Before timing, each size is resolved once and checked against
//! what the generator meant: every back-reference must find its work.
//!
//! ```text
//! cargo bench --bench resolution
//! ```
//!
//! Throughput is in notes (criterion's "elements"), so the report gives the time per note.

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use opcit::{InputKind, cite, notes, resolve, text};
use std::collections::HashMap;
use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

/// The sizes measured, in notes.
const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1))
}

/// A small deterministic generator (xorshift64*), so that every run sees the same notes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const CONSONANTS: &[&str] = &[
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u"];
const GIVEN: &[&str] = &[
    "Anna", "Bruno", "Carla", "David", "Elena", "Frank", "Greta", "Hugo", "Irene", "Jonas",
    "Karin", "Luis", "Marta", "Nils", "Olga", "Pavel", "Rosa", "Sven", "Teresa", "Viktor",
];
const WORDS: &[&str] = &[
    "migration",
    "border",
    "state",
    "market",
    "city",
    "river",
    "law",
    "order",
    "memory",
    "labour",
    "trade",
    "empire",
    "nation",
    "church",
    "family",
    "money",
    "power",
    "war",
    "peace",
    "union",
    "reform",
    "crisis",
    "region",
    "village",
    "harbour",
    "island",
    "frontier",
    "citizen",
    "exile",
    "refugee",
    "treaty",
    "council",
    "welfare",
    "justice",
    "rights",
    "courts",
    "science",
    "knowledge",
    "language",
    "culture",
    "history",
    "theory",
    "politics",
    "economy",
    "society",
    "identity",
    "religion",
    "movement",
    "schools",
    "workers",
    "peasants",
    "merchants",
    "women",
    "children",
    "cities",
    "borders",
    "states",
    "markets",
    "networks",
    "archives",
    "letters",
    "travel",
    "health",
    "climate",
    "water",
    "forests",
    "mountains",
    "railways",
    "bridges",
];
// (no `and`: the cite stage reads `Name, Border and refugee, 242.` as no citation yet)
const TITLE_LINKS: &[&str] = &["of", "in", "after", "between", "against", "without", "for"];
const PLACES: &[(&str, &str)] = &[
    ("Paris", "Gallimard"),
    ("London", "Routledge"),
    ("Oxford", "Oxford University Press"),
    ("Cambridge", "Cambridge University Press"),
    ("Milano", "Einaudi"),
    ("Frankfurt a.M.", "Suhrkamp"),
    ("New York", "Columbia University Press"),
    ("Madrid", "Alianza"),
];
const JOURNALS: &[&str] = &[
    "Journal of Rural Studies",
    "International Migration Review",
    "Past and Present",
    "Revue française de science politique",
    "Comparative Studies in Society and History",
];

/// A work the generator has cited in full.
struct Work {
    /// Index into the family names.
    family: usize,
    initial: char,
    year: u32,
    title: String,
    /// The note of its first citation, for `supra note N`.
    first_note: usize,
}

/// Generated notes, one a line, and for each citation in order the work it means.
struct Generated {
    text: String,
    /// Per note, the works its citations mean.
    expected: Vec<Vec<usize>>,
    works: usize,
    families: usize,
}

struct Generator {
    rng: Rng,
    families: Vec<String>,
    works: Vec<Work>,
    /// The years of the works by each family, the volumes it edited included, to write
    /// `op. cit.` the way an author would: with a year or a short title once the name alone
    /// is not enough.
    by_family: HashMap<usize, Vec<u32>>,
    titles: std::collections::HashSet<String>,
}

impl Generator {
    fn new(notes: usize) -> Self {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        // About one family name per two works, as in a long bibliography; some are common.
        let count = (notes / 6).max(60);
        let mut seen = std::collections::HashSet::new();
        let mut families = Vec::with_capacity(count);
        while families.len() < count {
            // three syllables: two are often a word of some language (`Pero`, `Dove`)
            let mut name = String::new();
            for _ in 0..3 {
                name.push_str(rng.pick(CONSONANTS));
                name.push_str(rng.pick(VOWELS));
            }
            if rng.chance(30) {
                name.push_str(rng.pick(&["n", "r", "s", "tti", "ski", "mann"]));
            }
            let mut chars = name.chars();
            let name = match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
                None => continue,
            };
            if seen.insert(name.clone()) {
                families.push(name);
            }
        }
        Generator {
            rng,
            families,
            works: Vec::new(),
            by_family: HashMap::new(),
            titles: std::collections::HashSet::new(),
        }
    }

    /// A family: one of the first 40 (common names) a fifth of the time, else any.
    fn family(&mut self) -> usize {
        if self.rng.chance(20) {
            self.rng.below(40)
        } else {
            self.rng.below(self.families.len())
        }
    }

    /// A title not used before.
    fn title(&mut self) -> String {
        loop {
            let mut words = vec![self.rng.pick(WORDS).to_string()];
            for _ in 0..1 + self.rng.below(3) {
                words.push(self.rng.pick(TITLE_LINKS).to_string());
                words.push(self.rng.pick(WORDS).to_string());
            }
            let mut title = words.join(" ");
            if let Some(first) = title.get(..1) {
                title = first.to_uppercase() + &title[1..];
            }
            if self.titles.insert(title.clone()) {
                return title;
            }
        }
    }

    fn page(&mut self) -> usize {
        1 + self.rng.below(400)
    }

    /// A new work by `family` (a new one when absent), cited in full in note `note`.
    fn full(&mut self, note: usize, family: Option<usize>) -> (String, usize) {
        let family = family.unwrap_or_else(|| self.family());
        let initial = (b'A' + self.rng.below(26) as u8) as char;
        let year = 1900 + self.rng.below(124) as u32;
        let title = self.title();
        let name = self.families[family].clone();
        let page = self.page();
        let (place, publisher) = PLACES[self.rng.below(PLACES.len())];
        let text = match self.rng.below(10) {
            0..=3 => {
                format!("{name}, {initial}., {year}, {title}, {place}, {publisher}, p. {page}.")
            }
            4..=5 => {
                let editor = self.family();
                self.by_family.entry(editor).or_default().push(year);
                let editor = self.families[editor].clone();
                let book = self.title();
                format!(
                    "{name}, {initial}., {year}, « {title} », in {editor}, {}. (ed.), {book}, {place}, {publisher}, p. {page}.",
                    (b'A' + self.rng.below(26) as u8) as char
                )
            }
            6..=7 => {
                let journal = self.rng.pick(JOURNALS);
                let volume = 1 + self.rng.below(60);
                let issue = 1 + self.rng.below(4);
                let first = self.page();
                format!(
                    "{name}, {initial}., {year}, « {title} », {journal}, {volume}({issue}): {first}-{}, p. {}.",
                    first + 20,
                    first + 3
                )
            }
            _ => {
                let given = self.rng.pick(GIVEN);
                format!("{given} {name}, {title} ({place}: {publisher}, {year}), {page}.")
            }
        };
        self.works.push(Work {
            family,
            initial,
            year,
            title,
            first_note: note,
        });
        let w = self.works.len() - 1;
        self.by_family.entry(family).or_default().push(year);
        (text, w)
    }

    /// A back-reference to an earlier work `w`, written by name: op. cit. (with a year or a
    /// title when the name alone is not enough), supra note N, a short form.
    fn by_name(&mut self, w: usize) -> String {
        let work = &self.works[w];
        let name = &self.families[work.family];
        let page = 1 + (self.rng.next() % 400);
        let same_family = &self.by_family[&work.family];
        let alone = same_family.len() == 1;
        let same_year = same_family.iter().filter(|&&y| y == work.year).count();
        // the first words, up to the second noun (`Migration of borders`)
        let short: String = work.title.split(' ').take(3).collect::<Vec<_>>().join(" ");
        match self.rng.below(10) {
            // (the cite stage reads note numbers of four digits at most)
            0..=1 if work.first_note < 10_000 => {
                format!("{name}, supra note {}, at {page}.", work.first_note)
            }
            0..=1 => format!("{name}, {short}, {page}."),
            2..=3 => format!("{name}, {short}, {page}."),
            4 => format!("{name}, {short}, cit., p. {page}."),
            _ if alone => format!("{name}, op. cit., p. {page}."),
            _ if same_year == 1 => format!("{name}, {}, op. cit., p. {page}.", work.year),
            _ => format!("{name}, {short}, op. cit., p. {page}."),
        }
    }

    /// `notes` notes and the work each of their citations means.
    fn generate(mut self, notes: usize) -> Generated {
        let mut text = String::with_capacity(notes * 80);
        let mut expected = Vec::new();
        // the work of the last note, when it cited one only
        let mut last: Option<usize> = None;
        for note in 1..=notes {
            let mut parts: Vec<String> = Vec::new();
            let mut cited: Vec<usize> = Vec::new();
            let roll = self.rng.below(100);
            match (roll, last) {
                (0..=19, Some(w)) => {
                    parts.push(if self.rng.chance(30) {
                        "Ibid.".to_string()
                    } else {
                        format!("Ibid., p. {}.", self.page())
                    });
                    cited.push(w);
                }
                (20..=27, Some(w)) => {
                    // the same author, a new work
                    let family = self.works[w].family;
                    let (full, new) = self.full(note, Some(family));
                    let rest = full
                        .split_once(&format!(
                            "{}, {}., ",
                            self.families[family], self.works[w].initial
                        ))
                        .map(|(_, rest)| rest.to_string());
                    match rest {
                        Some(rest) => parts.push(format!("Idem, {rest}")),
                        None => parts.push(full),
                    }
                    cited.push(new);
                }
                (28..=62, _) if self.works.len() > 10 => {
                    let w = self.rng.below(self.works.len());
                    parts.push(self.by_name(w));
                    cited.push(w);
                }
                (63..=67, _) if !self.works.is_empty() => {
                    // a work cited in full again
                    let w = self.rng.below(self.works.len());
                    let work = &self.works[w];
                    parts.push(format!(
                        "{}, {}., {}, {}, p. {}.",
                        self.families[work.family],
                        work.initial,
                        work.year,
                        work.title,
                        1 + self.rng.below(400)
                    ));
                    cited.push(w);
                }
                _ => {
                    let (full, w) = self.full(note, None);
                    parts.push(if self.rng.chance(10) {
                        format!("See {full}")
                    } else {
                        full
                    });
                    cited.push(w);
                    if self.rng.chance(15) {
                        let (second, w2) = self.full(note, None);
                        parts.push(second);
                        cited.push(w2);
                    }
                }
            }
            let line = parts
                .iter()
                .map(|p| p.trim_end_matches('.'))
                .collect::<Vec<_>>()
                .join("; ");
            let _ = writeln!(text, "{note} {line}.");
            last = (cited.len() == 1).then(|| cited[0]);
            expected.push(cited);
        }
        Generated {
            text,
            expected,
            works: self.works.len(),
            families: self.families.len(),
        }
    }
}

/// The notes of `input` found and parsed, as the resolver is handed them.
fn parsed(input: &str) -> Vec<resolve::CitedNote> {
    let source = text::normalize(input);
    let found = notes::find_notes(&source, Some(InputKind::Notes));
    found
        .notes
        .iter()
        .map(|note| resolve::CitedNote {
            number: note.number,
            citations: cite::parse_note_as(&note.text(&source), &source, found.kind).citations,
        })
        .collect()
}

/// Resolve once and check every citation against the work the generator meant: the first
/// citation of a work gives its id, every later one must have the same.
fn check(generated: &Generated, cited: &[resolve::CitedNote]) {
    let start = std::time::Instant::now();
    let resolved = resolve::resolve(cited);
    let elapsed = start.elapsed();
    let mut id_of: HashMap<usize, Option<&str>> = HashMap::new();
    let (mut citations, mut wrong, mut ambiguous) = (0, 0, 0);
    let lines: Vec<&str> = generated.text.lines().collect();
    for (n, (works, got)) in generated
        .expected
        .iter()
        .zip(&resolved.citations)
        .enumerate()
    {
        citations += works.len();
        if works.len() != got.len() {
            eprintln!("note read as {} citations: {}", got.len(), lines[n]);
            wrong += works.len();
            continue;
        }
        for (&work, c) in works.iter().zip(got) {
            let first = *id_of.entry(work).or_insert(c.id.as_deref());
            if c.id.is_none() || c.id.as_deref() != first {
                eprintln!("{:?} {:?} for {:?}: {}", c.kind, c.id, first, lines[n]);
                wrong += 1;
            }
            ambiguous += usize::from(c.ambiguous);
        }
    }
    eprintln!(
        "{} notes: {citations} citations, {} works by {} family names, {} references; \
         {wrong} wrong, {ambiguous} ambiguous; resolved once in {elapsed:.2?}",
        cited.len(),
        generated.works,
        generated.families,
        resolved.references.len(),
    );
    assert!(
        resolved.references.len().abs_diff(generated.works) * 1000 <= generated.works,
        "one reference per work, give or take one in a thousand"
    );
    assert!(
        wrong * 1000 <= citations,
        "at most one citation in a thousand resolved wrongly"
    );
}

fn resolution(c: &mut Criterion) {
    let mut group = c.benchmark_group("resolve");
    group.sampling_mode(SamplingMode::Flat);
    for notes in SIZES {
        let generated = Generator::new(notes).generate(notes);
        let cited = parsed(&generated.text);
        assert_eq!(cited.len(), notes, "every note found");
        check(&generated, &cited);
        group.throughput(Throughput::Elements(notes as u64));
        group.bench_with_input(BenchmarkId::from_parameter(notes), &cited, |b, cited| {
            b.iter(|| resolve::resolve(black_box(cited)))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = resolution
}
criterion_main!(benches);
