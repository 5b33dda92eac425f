//! The binary model format.
//!
//! All numbers little-endian:
//!
//! | field | type |
//! | --- | --- |
//! | magic | `b"OPCITCRF"` |
//! | version | `u16` (1) |
//! | number of labels `L` | `u8` |
//! | reserved | `u8` (0) |
//! | state weight scale | `f32` |
//! | transitions (`from × L + to`) | `L × L` `f32` |
//! | start, end weights | `L` `f32` each |
//! | number of features | LEB128 |
//! | each feature, by increasing id | id (LEB128, the first whole, then the difference to the one before), its labels, one `i16` weight per label, by label |
//! | checksum | `u64`: FNV-1a 64 of every byte before it |
//!
//! A feature's labels are a byte `n | 0x80 × m` (`n` labels, 1 to 64), then, if `m` is 0, the
//! `n` labels as bytes, in increasing order; else their mask (LEB128, bit `l` for label `l`).
//! The writer takes the shorter (the list on a tie). A state weight is its `i16` times the
//! scale.

use super::model::{Entry, Model, Parts};
use super::{CrfError, FNV_OFFSET, MAX_LABELS, fnv1a};

const MAGIC: &[u8; 8] = b"OPCITCRF";
const VERSION: u16 = 1;

impl Model {
    /// The model in the binary format: the same model always gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let (transitions, start, end, scale) = self.parts();
        let mut out = Vec::with_capacity(64 + 4 * transitions.len() + 4 * self.num_weights());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.push(self.num_labels() as u8);
        out.push(0);
        out.extend_from_slice(&scale.to_le_bytes());
        for weight in transitions.iter().chain(start).chain(end) {
            out.extend_from_slice(&weight.to_le_bytes());
        }
        write_varint(&mut out, self.num_features() as u64);
        let mut previous = 0u64;
        for (id, entries) in self.features() {
            write_varint(&mut out, id - previous);
            previous = id;
            write_labels(&mut out, entries);
            for entry in entries {
                out.extend_from_slice(&entry.quantized.to_le_bytes());
            }
        }
        let checksum = fnv1a(FNV_OFFSET, &out);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// Reads a model written by [`to_bytes`](Model::to_bytes). A truncated, corrupt or foreign
    /// buffer is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, CrfError> {
        let mut reader = Reader { bytes, pos: 0 };
        if reader.take(MAGIC.len()).map_err(|_| CrfError::BadMagic)? != MAGIC {
            return Err(CrfError::BadMagic);
        }
        let version = reader.u16()?;
        if version != VERSION {
            return Err(CrfError::UnsupportedVersion(version));
        }
        let labels = usize::from(reader.u8()?);
        if labels == 0 || labels > MAX_LABELS {
            return Err(CrfError::LabelCount(labels));
        }
        reader.u8()?;
        let scale = reader.f32()?;
        let transitions = reader.f32s(labels * labels)?;
        let start = reader.f32s(labels)?;
        let end = reader.f32s(labels)?;
        let (ids, offsets, entries) = read_features(&mut reader, labels)?;
        let body = reader.pos;
        let checksum = u64::from_le_bytes(reader.array()?);
        if reader.pos != bytes.len() {
            return Err(CrfError::Corrupt("bytes after the checksum"));
        }
        if fnv1a(FNV_OFFSET, &bytes[..body]) != checksum {
            return Err(CrfError::ChecksumMismatch);
        }
        Model::from_parts(Parts {
            labels,
            transitions,
            start,
            end,
            scale,
            ids,
            offsets,
            entries,
        })
    }
}

/// The sorted feature ids, their offsets and their entries.
type Features = (Vec<u64>, Vec<u32>, Vec<Entry>);

/// Reads the state features.
fn read_features(reader: &mut Reader<'_>, labels: usize) -> Result<Features, CrfError> {
    let count = reader.varint()?;
    // Each feature takes at least 4 bytes: no allocation larger than the input.
    let count = usize::try_from(count)
        .ok()
        .filter(|&c| c <= reader.remaining() / 4)
        .ok_or(CrfError::Truncated)?;
    let mut ids = Vec::with_capacity(count);
    let mut offsets = Vec::with_capacity(count + 1);
    let mut entries = Vec::with_capacity(count);
    offsets.push(0);
    let mut previous: Option<u64> = None;
    for _ in 0..count {
        let delta = reader.varint()?;
        let id = match previous {
            None => delta,
            Some(p) if delta > 0 => p
                .checked_add(delta)
                .ok_or(CrfError::Corrupt("feature id"))?,
            Some(_) => return Err(CrfError::Corrupt("feature ids out of order")),
        };
        previous = Some(id);
        // the labels in order, from the lowest bit set (`read_labels` checked them)
        let mut mask = read_labels(reader, labels)?;
        while mask != 0 {
            let label = mask.trailing_zeros() as u8;
            mask &= mask - 1;
            let quantized = i16::from_le_bytes(reader.array()?);
            entries.push(Entry { label, quantized });
        }
        ids.push(id);
        let end =
            u32::try_from(entries.len()).map_err(|_| CrfError::Corrupt("too many weights"))?;
        offsets.push(end);
    }
    Ok((ids, offsets, entries))
}

/// Appends the labels of a feature's entries: as a list of bytes or as a mask, the shorter.
fn write_labels(out: &mut Vec<u8>, entries: &[Entry]) {
    let count = entries.len() as u8;
    let mask = entries.iter().fold(0u64, |m, e| m | 1 << e.label);
    let mut encoded = Vec::with_capacity(10);
    write_varint(&mut encoded, mask);
    if entries.len() <= encoded.len() {
        out.push(count);
        out.extend(entries.iter().map(|e| e.label));
    } else {
        out.push(count | 0x80);
        out.extend_from_slice(&encoded);
    }
}

/// Reads a feature's labels, as a mask.
fn read_labels(reader: &mut Reader<'_>, labels: usize) -> Result<u64, CrfError> {
    let head = reader.u8()?;
    let count = u32::from(head & 0x7F);
    let mask = if head & 0x80 != 0 {
        reader.varint()?
    } else {
        let mut mask = 0u64;
        let mut previous: Option<u8> = None;
        for _ in 0..count {
            let label = reader.u8()?;
            if previous.is_some_and(|p| label <= p) || usize::from(label) >= labels {
                return Err(CrfError::Corrupt("label list"));
            }
            previous = Some(label);
            mask |= 1 << label;
        }
        mask
    };
    let all = super::decode::all_labels(labels);
    if count == 0 || mask.count_ones() != count || mask & !all != 0 {
        return Err(CrfError::Corrupt("labels of a feature"));
    }
    Ok(mask)
}

/// Appends `value` as LEB128.
fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads a buffer front to back; running out is [`CrfError::Truncated`].
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CrfError> {
        let end = self.pos.checked_add(n).ok_or(CrfError::Truncated)?;
        let slice = self.bytes.get(self.pos..end).ok_or(CrfError::Truncated)?;
        self.pos = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], CrfError> {
        let mut array = [0u8; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    fn u8(&mut self) -> Result<u8, CrfError> {
        Ok(self.array::<1>()?[0])
    }

    fn u16(&mut self) -> Result<u16, CrfError> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    fn f32(&mut self) -> Result<f32, CrfError> {
        Ok(f32::from_le_bytes(self.array()?))
    }

    fn f32s(&mut self, n: usize) -> Result<Vec<f32>, CrfError> {
        (0..n).map(|_| self.f32()).collect()
    }

    /// A LEB128 number of at most 10 bytes (read from the slice directly: the model's feature
    /// ids take 7 bytes each).
    fn varint(&mut self) -> Result<u64, CrfError> {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        let mut value = 0u64;
        for (index, &byte) in rest.iter().take(10).enumerate() {
            let shift = 7 * index as u32;
            let bits = u64::from(byte & 0x7F);
            if shift == 63 && bits > 1 {
                return Err(CrfError::Corrupt("number too large"));
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                self.pos += index + 1;
                return Ok(value);
            }
        }
        if rest.len() < 10 {
            return Err(CrfError::Truncated);
        }
        Err(CrfError::Corrupt("number too large"))
    }
}
