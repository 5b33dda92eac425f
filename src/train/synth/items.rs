//! The works the synthetic notes cite: CSL-JSON items read from `data/items/works.json`, and
//! items made from the AnyStyle reference strings.
//!
//! A [`Work`] keeps its fields as plain strings, so the tracker can tell which field produced
//! which text; [`Work::to_item`] gives the CSL-JSON item hayagriva renders.

use std::collections::BTreeMap;

use hayagriva::citationberg::json::{
    DateValue, Item, NameItem, NameValue, Value, VecDate, VecDateRange,
};
use serde::Deserialize;

use crate::cite::label::Label;
use crate::train::TrainError;
use crate::train::anystyle::AnystyleField;

/// A person or a body, as in CSL-JSON.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct WorkName {
    /// The family name.
    pub family: Option<String>,
    /// The given names or initials.
    pub given: Option<String>,
    /// A particle kept with the family name (`van`, `de`).
    pub non_dropping_particle: Option<String>,
    /// A particle dropped in sorting.
    pub dropping_particle: Option<String>,
    /// `Jr.`
    pub suffix: Option<String>,
    /// A body or a name not to be split.
    pub literal: Option<String>,
}

/// A CSL-JSON date: `{"date-parts": [[1961, 5, 1]]}`, one date only.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct WorkDate {
    /// Year, month, day.
    pub date_parts: Vec<Vec<i32>>,
}

impl WorkDate {
    /// A date of a year only.
    pub fn year(year: i32) -> Self {
        WorkDate {
            date_parts: vec![vec![year]],
        }
    }

    /// The year.
    pub fn year_of(&self) -> Option<i32> {
        self.date_parts.first().and_then(|p| p.first()).copied()
    }
}

/// A string or a number in CSL-JSON (`"volume": 12` or `"volume": "12"`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
enum StrOrNum {
    Str(String),
    Num(i64),
}

fn str_or_num<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<StrOrNum>::deserialize(d)?.map(|v| match v {
        StrOrNum::Str(s) => s,
        StrOrNum::Num(n) => n.to_string(),
    }))
}

/// A work: the subset of CSL-JSON that the synthetic notes use, each field the CSL variable of
/// the same name.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Work {
    /// The key.
    pub id: String,
    /// The CSL type (`book`, `chapter`, `legal_case`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// The language (`de-DE`), which keeps the renderer from title-casing other languages.
    pub language: Option<String>,
    /// The authors.
    #[serde(default)]
    pub author: Vec<WorkName>,
    /// The editors.
    #[serde(default)]
    pub editor: Vec<WorkName>,
    /// The translators.
    #[serde(default)]
    pub translator: Vec<WorkName>,
    /// The author of the book a chapter is in.
    #[serde(default)]
    pub container_author: Vec<WorkName>,
    /// The title.
    pub title: Option<String>,
    /// The short title of subsequent citations.
    pub title_short: Option<String>,
    /// The journal, book, reporter or official journal.
    pub container_title: Option<String>,
    /// Its abbreviation (`Harv L Rev`, `BVerfGE`).
    pub container_title_short: Option<String>,
    /// The series.
    pub collection_title: Option<String>,
    /// The number in the series.
    #[serde(default, deserialize_with = "str_or_num")]
    pub collection_number: Option<String>,
    /// The publisher (or the university of a thesis).
    pub publisher: Option<String>,
    /// The place of publication.
    pub publisher_place: Option<String>,
    /// The date of the work.
    pub issued: Option<WorkDate>,
    /// The date a web page was seen.
    pub accessed: Option<WorkDate>,
    /// The volume.
    #[serde(default, deserialize_with = "str_or_num")]
    pub volume: Option<String>,
    /// The issue.
    #[serde(default, deserialize_with = "str_or_num")]
    pub issue: Option<String>,
    /// The work's own pages (`593-629`).
    #[serde(default, deserialize_with = "str_or_num")]
    pub page: Option<String>,
    /// The edition, as a number (`2`).
    #[serde(default, deserialize_with = "str_or_num")]
    pub edition: Option<String>,
    /// A report, docket or statute number.
    #[serde(default, deserialize_with = "str_or_num")]
    pub number: Option<String>,
    /// The kind of document (`PhD dissertation`).
    pub genre: Option<String>,
    /// Other facts.
    pub note: Option<String>,
    /// A URL.
    #[serde(rename = "URL")]
    pub url: Option<String>,
    /// A DOI (`10.…`).
    #[serde(rename = "DOI")]
    pub doi: Option<String>,
    /// An ISBN.
    #[serde(rename = "ISBN")]
    pub isbn: Option<String>,
    /// The court of a decision.
    pub authority: Option<String>,
    /// The conference.
    pub event_title: Option<String>,
}

/// The CSL item types the works file may use.
const KINDS: &[&str] = &[
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "book",
    "chapter",
    "entry-encyclopedia",
    "legal_case",
    "legislation",
    "manuscript",
    "paper-conference",
    "report",
    "thesis",
    "webpage",
    "article",
];

impl Work {
    /// The language's two-letter code (`de`), or `en` when none is set.
    pub fn lang(&self) -> &str {
        self.language
            .as_deref()
            .and_then(|l| l.split('-').next())
            .unwrap_or("en")
    }

    /// The work's string fields with the labels of the text they render to.
    pub fn fields(&self) -> Vec<(Label, &str)> {
        let pairs: [(Label, &Option<String>); 20] = [
            (Label::Title, &self.title),
            (Label::Title, &self.title_short),
            (Label::ContainerTitle, &self.container_title),
            (Label::ContainerTitle, &self.container_title_short),
            (Label::CollectionTitle, &self.collection_title),
            (Label::CollectionNumber, &self.collection_number),
            (Label::Publisher, &self.publisher),
            (Label::PublisherPlace, &self.publisher_place),
            (Label::Volume, &self.volume),
            (Label::Issue, &self.issue),
            (Label::Page, &self.page),
            (Label::Edition, &self.edition),
            (Label::Number, &self.number),
            (Label::Genre, &self.genre),
            (Label::Note, &self.note),
            (Label::Url, &self.url),
            (Label::Doi, &self.doi),
            (Label::Isbn, &self.isbn),
            (Label::Authority, &self.authority),
            (Label::EventTitle, &self.event_title),
        ];
        pairs
            .into_iter()
            .filter_map(|(l, v)| v.as_deref().map(|v| (l, v)))
            .collect()
    }

    /// The work as a CSL-JSON item for hayagriva.
    pub fn to_item(&self) -> Item {
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        let mut put = |key: &str, value: &Option<String>| {
            if let Some(v) = value.as_ref().filter(|v| !v.trim().is_empty()) {
                map.insert(key.to_string(), Value::String(v.clone()));
            }
        };
        put("id", &Some(self.id.clone()));
        put("type", &Some(self.kind.clone()));
        put("language", &self.language);
        put("title", &self.title);
        put("title-short", &self.title_short);
        put("container-title", &self.container_title);
        put("container-title-short", &self.container_title_short);
        put("collection-title", &self.collection_title);
        put("collection-number", &self.collection_number);
        put("publisher", &self.publisher);
        put("publisher-place", &self.publisher_place);
        put("volume", &self.volume);
        put("issue", &self.issue);
        put("page", &self.page);
        put("edition", &self.edition);
        put("number", &self.number);
        put("genre", &self.genre);
        put("note", &self.note);
        put("URL", &self.url);
        put("DOI", &self.doi);
        put("ISBN", &self.isbn);
        put("authority", &self.authority);
        put("event-title", &self.event_title);
        for (key, names) in [
            ("author", &self.author),
            ("editor", &self.editor),
            ("translator", &self.translator),
            ("container-author", &self.container_author),
        ] {
            if !names.is_empty() {
                map.insert(
                    key.to_string(),
                    Value::Names(names.iter().map(name_value).collect()),
                );
            }
        }
        for (key, date) in [("issued", &self.issued), ("accessed", &self.accessed)] {
            if let Some(value) = date.as_ref().and_then(date_value) {
                map.insert(key.to_string(), value);
            }
        }
        Item(map)
    }

    /// Check what the item renderer cannot take: an unknown type, a date that is not one date
    /// of year, month and day, a name without a family name or literal.
    pub fn check(&self) -> Result<(), String> {
        if !KINDS.contains(&self.kind.as_str()) {
            return Err(format!("{}: unknown type `{}`", self.id, self.kind));
        }
        for date in [&self.issued, &self.accessed].into_iter().flatten() {
            let ok = date.date_parts.len() == 1
                && (1..=3).contains(&date.date_parts[0].len())
                && date_value(date).is_some();
            if !ok {
                return Err(format!(
                    "{}: a date must be one [year, month, day]",
                    self.id
                ));
            }
        }
        let names = [
            &self.author,
            &self.editor,
            &self.translator,
            &self.container_author,
        ];
        if names
            .iter()
            .any(|l| l.iter().any(|n| n.family.is_none() && n.literal.is_none()))
        {
            return Err(format!(
                "{}: a name needs a family name or a literal",
                self.id
            ));
        }
        if self.title.is_none() {
            return Err(format!("{}: no title", self.id));
        }
        Ok(())
    }
}

fn name_value(n: &WorkName) -> NameValue {
    if let Some(literal) = &n.literal {
        return NameValue::Literal(hayagriva::citationberg::json::LiteralName {
            literal: literal.clone(),
        });
    }
    // hayagriva splits a family name without particles at its lower-case words (`Carré de
    // Malberg` would become `Malberg`); a particle, even a made-up one, keeps it whole
    let family = n.family.clone().unwrap_or_default();
    let (particle, family) = match (&n.non_dropping_particle, &n.dropping_particle) {
        (None, None) => match family.rsplit_once(' ') {
            Some((head, last)) => (Some(head.to_string()), last.to_string()),
            None => (None, family),
        },
        (p, _) => (p.clone(), family),
    };
    NameValue::Item(NameItem {
        family,
        given: n.given.clone(),
        non_dropping_particle: particle,
        dropping_particle: n.dropping_particle.clone(),
        suffix: n.suffix.clone(),
        comma_suffix: None,
    })
}

/// A CSL-JSON date for hayagriva; `None` for a date it would misread (the renderer takes one
/// date, not a range, with a month in 1–12 and a day in 1–31).
fn date_value(d: &WorkDate) -> Option<Value> {
    let [parts] = d.date_parts.as_slice() else {
        return None;
    };
    let year = i16::try_from(*parts.first()?).ok()?;
    let month = parts.get(1).copied();
    let day = parts.get(2).copied();
    if month.is_some_and(|m| !(1..=12).contains(&m)) || day.is_some_and(|d| !(1..=31).contains(&d))
    {
        return None;
    }
    let mut v = vec![year];
    v.extend(month.and_then(|m| i16::try_from(m).ok()));
    v.extend(day.and_then(|d| i16::try_from(d).ok()));
    Some(Value::Date(DateValue::DateParts {
        date_parts: VecDateRange(vec![VecDate(v)]),
        literal: None,
        season: None,
        circa: false,
    }))
}

/// Read the works file (a CSL-JSON array) and check each work.
pub fn read_works(json: &str, path: &str) -> Result<Vec<Work>, TrainError> {
    let works: Vec<Work> = serde_json::from_str(json).map_err(|e| TrainError::Data {
        path: path.to_string(),
        message: e.to_string(),
    })?;
    for w in &works {
        w.check().map_err(|message| TrainError::Data {
            path: path.to_string(),
            message,
        })?;
    }
    Ok(works)
}

/// Works made from AnyStyle sequences: fields split into CSL (names into family and given, a
/// year, a volume and issue, pages), the type guessed from the fields present. Sequences
/// without a title or with a field the split cannot read are left out.
pub fn works_from_anystyle(sequences: &[Vec<AnystyleField>], source: &str) -> Vec<Work> {
    sequences
        .iter()
        .enumerate()
        .filter_map(|(i, fields)| {
            super::anystyle_items::work_of(fields, &format!("{source}-{}", i + 1))
        })
        .collect()
}
