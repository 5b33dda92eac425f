//! What the XML readers share: the characters an event holds, attributes, the elements left
//! out, errors.

use crate::Error;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;

/// The characters of a text, entity or CDATA event; `None` for the other events.
pub(crate) fn characters<'a>(event: &'a Event<'a>) -> Option<Cow<'a, str>> {
    match event {
        Event::Text(text) => text.decode().ok(),
        Event::CData(data) => data.decode().ok(),
        Event::GeneralRef(reference) => match reference.resolve_char_ref() {
            Ok(Some(c)) => Some(Cow::Owned(c.to_string())),
            _ => {
                let name = reference.decode().ok()?;
                quick_xml::escape::resolve_predefined_entity(&name).map(Cow::Borrowed)
            }
        },
        _ => None,
    }
}

/// The value of the attribute `name` (a qualified name such as `w:id`), unescaped.
pub(crate) fn attribute(element: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    let attribute = element.try_get_attribute(name).ok()??;
    attribute
        .unescape_value()
        .ok()
        .map(|value| value.into_owned())
}

/// Whether an on/off attribute (`w:customMarkFollows="1"`) is on.
pub(crate) fn is_on(element: &BytesStart<'_>, name: &[u8]) -> bool {
    attribute(element, name).is_some_and(|v| matches!(v.as_str(), "1" | "true" | "on"))
}

/// The error for a part of a package whose XML cannot be read.
pub(crate) fn bad_part(format: &'static str, part: &str, error: impl std::fmt::Display) -> Error {
    Error::BadPackage {
        format,
        message: format!("{part}: {error}"),
    }
}

/// Where a reader is among the elements it leaves out (with all they hold).
#[derive(Debug, Default)]
pub(crate) struct LeftOut {
    depth: usize,
}

impl LeftOut {
    /// Whether the element `name` that opens (`empty`: and closes at once) is left out, being
    /// one of `names` or inside one.
    pub(crate) fn opens(&mut self, name: &[u8], empty: bool, names: &[&[u8]]) -> bool {
        if self.depth > 0 || names.contains(&name) {
            self.depth += usize::from(!empty);
            return true;
        }
        false
    }

    /// Whether the element that closes was left out.
    pub(crate) fn closes(&mut self) -> bool {
        if self.depth > 0 {
            self.depth -= 1;
            return true;
        }
        false
    }

    /// Whether the reader is inside an element left out.
    pub(crate) fn inside(&self) -> bool {
        self.depth > 0
    }
}
