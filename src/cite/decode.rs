//! From the tags of a note's tokens to its citations: where each starts and ends, and the
//! runs of tokens of each label inside it.

use super::label::Label;
use super::tags::Tag;
use std::ops::Range;

/// A citation as the tags give it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TaggedCitation {
    /// From the start of its first token to the end of its last, in bytes of the note.
    pub range: Range<usize>,
    /// The runs of tokens of one label, in order, as byte ranges.
    pub runs: Vec<(Label, Range<usize>)>,
    /// The mean of the tokens' marginal probabilities.
    pub confidence: f32,
}

impl TaggedCitation {
    /// The first run of `label`.
    pub(crate) fn first(&self, label: Label) -> Option<Range<usize>> {
        self.runs
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, r)| r.clone())
    }

    /// Whether the citation has a run of `label`.
    pub(crate) fn has(&self, label: Label) -> bool {
        self.runs.iter().any(|(l, _)| *l == label)
    }

    /// Where the first run of `label` stands among the runs.
    pub(crate) fn position(&self, label: Label) -> Option<usize> {
        self.runs.iter().position(|(l, _)| *l == label)
    }
}

/// Commentary at least this many tokens long between two runs of citation labels ends the
/// first citation even without a `B-` tag.
const COMMENTARY_BREAK: usize = 4;

/// The citations of a note from its tokens' tags and marginal probabilities.
pub(crate) fn citations_of(
    text: &str,
    tokens: &[Range<usize>],
    tags: &[Tag],
    marginals: &[f32],
) -> Vec<TaggedCitation> {
    let mut out: Vec<TaggedCitation> = Vec::new();
    let mut sums: Vec<(f32, usize)> = Vec::new();
    let mut open = false;
    let mut gap = 0;
    for (i, (token, tag)) in tokens.iter().zip(tags).enumerate() {
        if !tag.label.in_citation() {
            gap += 1;
            if gap >= COMMENTARY_BREAK {
                open = false;
            }
            continue;
        }
        let p = marginals.get(i).copied().unwrap_or(1.0);
        let again = open && repeated_backref(text, tokens, i, tag, out.last());
        if tag.begins || !open || again {
            out.push(TaggedCitation {
                range: token.clone(),
                runs: vec![(tag.label, token.clone())],
                confidence: 0.0,
            });
            sums.push((p, 1));
            open = true;
            gap = 0;
            continue;
        }
        gap = 0;
        let (Some(c), Some(sum)) = (out.last_mut(), sums.last_mut()) else {
            continue;
        };
        c.range.end = token.end;
        sum.0 += p;
        sum.1 += 1;
        match c.runs.last_mut() {
            Some((label, run)) if *label == tag.label => run.end = token.end,
            _ => c.runs.push((tag.label, token.clone())),
        }
    }
    for (c, (sum, n)) in out.iter_mut().zip(sums) {
        c.confidence = sum / n as f32;
    }
    out
}

/// `Ibid. Ibid.`, `Ebd., S. 4. Ebd., S. 5`: a capitalised back-reference after a sentence end,
/// in a citation that has one already, begins the next citation, `B-` tag or not.
fn repeated_backref(
    text: &str,
    tokens: &[Range<usize>],
    i: usize,
    tag: &Tag,
    current: Option<&TaggedCitation>,
) -> bool {
    let word = |k: usize| text.get(tokens[k].clone()).unwrap_or("");
    tag.label == Label::Backref
        && i > 0
        && word(i).starts_with(char::is_uppercase)
        && word(i - 1).ends_with(['.', ';'])
        && current.is_some_and(|c| c.has(Label::Backref))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::tokens::tokenize;

    fn tag(name: &str) -> Tag {
        let (begins, label) = match name.strip_prefix("B-") {
            Some(l) => (true, l),
            None => (false, name),
        };
        Tag::new(Label::from_name(label).expect("label"), begins)
    }

    #[test]
    fn begin_tags_and_long_commentary_split_citations() {
        let text = "See Smith, Book, 4; Ibid. and so on and on, Jones, Other.";
        let tokens = tokenize(text);
        let names = [
            "signal",
            "B-author",
            "title",
            "locator",
            "B-backref",
            "commentary",
            "commentary",
            "commentary",
            "commentary",
            "commentary",
            "author",
            "title",
        ];
        let tags: Vec<Tag> = names.iter().map(|n| tag(n)).collect();
        let cites = citations_of(text, &tokens, &tags, &[]);
        assert_eq!(cites.len(), 3);
        assert_eq!(&text[cites[0].range.clone()], "Smith, Book, 4;");
        assert_eq!(
            cites[0].first(Label::Title).map(|r| &text[r]),
            Some("Book,")
        );
        assert_eq!(&text[cites[1].range.clone()], "Ibid.");
        assert_eq!(&text[cites[2].range.clone()], "Jones, Other.");
    }
}
