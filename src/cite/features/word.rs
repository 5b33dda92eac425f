//! What a token looks like on its own: its word, shape, punctuation, number and case.

/// The token without the punctuation around it (`«Globalization,` gives `Globalization`;
/// `p.48` stays whole; a token of punctuation only gives itself).
pub(crate) fn core(token: &str) -> &str {
    let c = token.trim_matches(|c: char| !c.is_alphanumeric());
    if c.is_empty() { token } else { c }
}

/// The token's shape: capitals `X`, small letters `x`, digits `d`, other characters as they
/// are; a run of one class is written once, digits up to four times (`(1972),` gives
/// `(dddd),`, `Luhmann,` gives `Xx,`).
pub(crate) fn shape(token: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in token.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if class == last {
            run += 1;
            if class != 'd' || run > 4 {
                continue;
            }
        } else {
            run = 1;
        }
        last = class;
        out.push(class);
    }
}

/// The punctuation around the token: what comes before its first letter or digit, `_`, and
/// what comes after its last (`(Hrsg.),` gives `(_.),`).
pub(crate) fn punctuation(token: &str, out: &mut String) {
    out.clear();
    let lead = token.len()
        - token
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let trail = token.len() - token.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
    if lead + trail >= token.len() {
        out.push_str(token);
        out.push('!');
        return;
    }
    out.push_str(&token[..lead]);
    out.push('_');
    out.push_str(&token[token.len() - trail..]);
}

/// What a number-like token is: a year, a range, an ordinal, a roman numeral, or digits.
pub(crate) fn number_class(core: &str) -> Option<&'static str> {
    let digits = core.chars().filter(char::is_ascii_digit).count();
    let all_digits = digits == core.len();
    if all_digits && digits == 4 {
        let year: u32 = core.parse().ok()?;
        return Some(if (1450..=2039).contains(&year) {
            "year"
        } else {
            "d4"
        });
    }
    if all_digits {
        return Some(match digits {
            1 => "d1",
            2 => "d2",
            3 => "d3",
            _ => "d5+",
        });
    }
    if digits > 0 {
        if is_range(core) {
            return Some("range");
        }
        if is_ordinal(core) {
            return Some("ordinal");
        }
        if core.len() == 5 && core.chars().take(4).all(|c| c.is_ascii_digit()) {
            return Some("year-letter");
        }
        return Some("mixed");
    }
    is_roman(core).then_some("roman")
}

/// `48-74`, `80–1`, `1761–1800`.
fn is_range(s: &str) -> bool {
    let mut parts = s.split(['-', '–', '—']);
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let num = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit() || c.is_alphabetic());
    num(a) && num(b) && a.starts_with(|c: char| c.is_ascii_digit())
}

/// `2nd`, `3rd`, `2e`, `2a`, `4th`, `1re`.
fn is_ordinal(s: &str) -> bool {
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &s[digits..];
    digits > 0
        && digits <= 3
        && matches!(
            rest,
            "st" | "nd" | "rd" | "th" | "e" | "er" | "re" | "ème" | "a" | "o" | "ª" | "º"
        )
}

/// A roman numeral (`XXXVI`, `xv`, `IV`), in one case.
fn is_roman(s: &str) -> bool {
    let upper = s.chars().all(|c| "IVXLCDM".contains(c));
    let lower = s.chars().all(|c| "ivxlcdm".contains(c));
    if s.is_empty() || !(upper || lower) || s.len() > 8 {
        return false;
    }
    // a plain word of these letters (`mix`, `dim`, `civil` …) is not a numeral
    let value = |c: char| match c.to_ascii_uppercase() {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        _ => 1000,
    };
    let vals: Vec<u32> = s.chars().map(value).collect();
    // each smaller value before a larger one must be a power of ten at most a tenth of it
    vals.windows(2)
        .all(|w| w[0] >= w[1] || (matches!(w[0], 1 | 10 | 100) && w[1] <= w[0] * 10))
        && !(lower
            && matches!(
                s,
                "mix"
                    | "dim"
                    | "di"
                    | "mi"
                    | "ci"
                    | "vi"
                    | "li"
                    | "cd"
                    | "dc"
                    | "mid"
                    | "lid"
                    | "cc"
            ))
}

/// The case of a word: `upper` (`ILO`), `title` (`Luhmann`), `lower`, `mixed`, or none.
pub(crate) fn case_class(core: &str) -> &'static str {
    let mut letters = core.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return "none";
    };
    let rest_upper = core
        .chars()
        .filter(|c| c.is_alphabetic())
        .skip(1)
        .all(char::is_uppercase);
    let rest_lower = core
        .chars()
        .filter(|c| c.is_alphabetic())
        .skip(1)
        .all(char::is_lowercase);
    match (first.is_uppercase(), rest_upper, rest_lower) {
        (true, true, _) if core.chars().filter(|c| c.is_alphabetic()).count() > 1 => "upper",
        (true, _, true) => "title",
        (false, _, true) => "lower",
        _ => "mixed",
    }
}

/// A bucket of the core's length in characters.
pub(crate) fn length_class(core: &str) -> &'static str {
    match core.chars().count() {
        0 | 1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        7..=10 => "7-10",
        _ => "11+",
    }
}

/// An initial (`H.`, `J.-P.`, `R.A.`).
pub(crate) fn is_initial(token: &str) -> bool {
    let t = token.trim_end_matches([',', ';', ':']);
    t.ends_with('.')
        && t.split(['.', '-'])
            .filter(|p| !p.is_empty())
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
}

/// A URL or a DOI.
pub(crate) fn link_class(token: &str) -> Option<&'static str> {
    let t = token.trim_start_matches(['<', '(', '[']);
    let starts = |p: &str| t.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    if starts("doi:") || starts("10.") && t.contains('/') || t.contains("doi.org/") {
        return Some("doi");
    }
    if starts("http") || starts("www.") || starts("ftp:") {
        return Some("url");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks() {
        let mut s = String::new();
        shape("(1972),", &mut s);
        assert_eq!(s, "(dddd),");
        shape("Luhmann,", &mut s);
        assert_eq!(s, "Xx,");
        punctuation("(Hrsg.),", &mut s);
        assert_eq!(s, "(_.),");
        punctuation(",", &mut s);
        assert_eq!(s, ",!");
        assert_eq!(core("«Globalization,"), "Globalization");
        assert_eq!(number_class("1972"), Some("year"));
        assert_eq!(number_class("80–1"), Some("range"));
        assert_eq!(number_class("2nd"), Some("ordinal"));
        assert_eq!(number_class("XXXVI"), Some("roman"));
        assert_eq!(number_class("civil"), None);
        assert_eq!(number_class("mix"), None);
        assert_eq!(case_class("ILO"), "upper");
        assert_eq!(case_class("Luhmann"), "title");
        assert!(is_initial("J.-P.,"));
        assert!(!is_initial("Jr."));
        assert_eq!(link_class("https://x.org"), Some("url"));
        assert_eq!(link_class("doi:10.1/x"), Some("doi"));
    }
}
