//! The progress hook of the cite stage: counts that never go down, ending at the total.

use opcit::cite::Parser;
use opcit::{InputKind, Options};
use std::sync::Mutex;

/// `n` numbered notes, each one book.
fn notes(n: usize) -> String {
    (1..=n)
        .map(|i| {
            format!(
                "{i} Smith, J., {}, Title {i}, London, Press, p. {i}.\n",
                1900 + i % 100
            )
        })
        .collect()
}

/// The calls of the hook while `input` is read, and the notes read.
fn calls(input: &str) -> (Vec<(usize, usize)>, usize) {
    let seen = Mutex::new(Vec::new());
    let hook = |done: usize, total: usize| {
        if let Ok(mut seen) = seen.lock() {
            seen.push((done, total));
        }
    };
    let options = Options::with_input(InputKind::Notes).with_parser(Parser::Rules);
    let document = opcit::read_str_with_progress(input, &options, &hook).expect("reads");
    (seen.into_inner().expect("the calls"), document.notes.len())
}

#[test]
fn the_hook_counts_the_notes_up_to_the_total() {
    let (seen, read) = calls(&notes(1500));
    assert_eq!(read, 1500);
    assert!(seen.len() >= 3, "{seen:?}");
    assert!(seen.iter().all(|&(_, total)| total == read), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
    assert!(seen.iter().all(|&(done, total)| done <= total), "{seen:?}");
    assert_eq!(seen.last(), Some(&(read, read)));
}

#[test]
fn a_small_input_ends_at_its_total_too() {
    let (seen, read) = calls(&notes(3));
    assert_eq!(read, 3);
    assert_eq!(seen.last(), Some(&(3, 3)));
}

#[test]
fn reading_with_a_hook_reads_the_same() {
    let input = notes(300);
    let options = Options::with_input(InputKind::Notes).with_parser(Parser::Rules);
    let plain = opcit::read_str(&input, &options).expect("reads");
    let hooked = opcit::read_str_with_progress(&input, &options, &|_, _| {}).expect("reads");
    assert_eq!(
        serde_json::to_string(&plain).expect("json"),
        serde_json::to_string(&hooked).expect("json")
    );
}
