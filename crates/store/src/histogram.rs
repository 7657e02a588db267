//! Latency histograms kept in the rollups, so that percentiles over any range stay exact enough to
//! state their error — percentiles are not additive, counts per bucket are.
//!
//! Buckets are log-linear (the scheme of HdrHistogram with 4 significant bits): every millisecond
//! from 0 to 15 has a bucket of its own, and each power of two above is split into 16 equal
//! buckets. A bucket's width is at most 1/16 of its lower bound, so reporting its midpoint is off by
//! at most 1/32 of the true value: a percentile read from a histogram is within [`RELATIVE_ERROR`]
//! (±3.125%) of the exact nearest-rank percentile of the same runs, whatever the range. 16 buckets
//! per doubling keep a day's histogram of one workflow to a few dozen non-empty buckets.
//!
//! A histogram is stored as a BLOB of sorted `(bucket: u16, count: u32)` pairs, little-endian, with
//! only the non-empty buckets. SQL functions registered on every connection ([`register`]) add a
//! value in an upsert (`nf_hist_add`) and merge histograms in a GROUP BY (`nf_hist_merge`), so
//! neither a write nor a query moves histograms through Rust row by row.

use rusqlite::Connection;
use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use std::collections::BTreeMap;

/// The largest relative error of a percentile read from a histogram (1/32).
pub const RELATIVE_ERROR: f64 = 1.0 / 32.0;

/// Sub-buckets per power of two, as a power of two (16).
const SUB_BITS: u32 = 4;
const SUB: u64 = 1 << SUB_BITS;
/// Values above 2^40 ms (34 years) share the last buckets' scale.
const MAX_EXPONENT: u32 = 40;

/// The bucket a value (in milliseconds, or any non-negative unit) falls in.
pub fn bucket_of(value: i64) -> u16 {
    let v = value.max(0) as u64;
    if v < SUB {
        return v as u16;
    }
    let exponent = (63 - v.leading_zeros()).min(MAX_EXPONENT);
    let shift = exponent - SUB_BITS;
    let sub = ((v >> shift) - SUB).min(SUB - 1);
    (SUB + u64::from(shift) * SUB + sub) as u16
}

/// The values a bucket holds: `[low, high)`.
pub fn bounds(bucket: u16) -> (i64, i64) {
    let b = u64::from(bucket);
    if b < SUB {
        return (b as i64, b as i64 + 1);
    }
    let shift = (b - SUB) / SUB;
    let sub = (b - SUB) % SUB;
    let low = (SUB + sub) << shift;
    (low as i64, (low + (1 << shift)) as i64)
}

/// The value a bucket stands for: exact below 16, otherwise the middle of the bucket.
pub fn representative(bucket: u16) -> i64 {
    let (low, high) = bounds(bucket);
    if high - low == 1 { low } else { low + (high - low) / 2 }
}

/// Counts per bucket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Histogram {
    counts: BTreeMap<u16, u64>,
}

impl Histogram {
    pub fn new() -> Self {
        Self::default()
    }

    /// A histogram of these values.
    pub fn of(values: impl IntoIterator<Item = i64>) -> Self {
        let mut h = Self::new();
        for v in values {
            h.add(v);
        }
        h
    }

    pub fn add(&mut self, value: i64) {
        *self.counts.entry(bucket_of(value)).or_default() += 1;
    }

    pub fn merge(&mut self, other: &Histogram) {
        for (&b, &c) in &other.counts {
            *self.counts.entry(b).or_default() += c;
        }
    }

    /// How many values it holds.
    pub fn count(&self) -> u64 {
        self.counts.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The nearest-rank `q` quantile (0 < q ≤ 1): the value of rank ⌈q·n⌉, within
    /// [`RELATIVE_ERROR`]; `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<i64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let rank = ((q.clamp(0.0, 1.0) * n as f64).ceil() as u64).clamp(1, n);
        let mut seen = 0;
        for (&b, &c) in &self.counts {
            seen += c;
            if seen >= rank {
                return Some(representative(b));
            }
        }
        self.counts.keys().next_back().map(|&b| representative(b))
    }

    /// The stored form: sorted `(u16 bucket, u32 count)` pairs, little-endian.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.counts.len() * 6);
        for (&b, &c) in &self.counts {
            out.extend_from_slice(&b.to_le_bytes());
            out.extend_from_slice(&(c.min(u64::from(u32::MAX)) as u32).to_le_bytes());
        }
        out
    }

    /// Reads the stored form; a damaged blob is an error naming what is wrong.
    pub fn decode(bytes: &[u8]) -> Result<Self, String> {
        let mut h = Self::new();
        h.merge_encoded(bytes)?;
        Ok(h)
    }

    fn merge_encoded(&mut self, bytes: &[u8]) -> Result<(), String> {
        if !bytes.len().is_multiple_of(6) {
            return Err(format!("a latency histogram of {} bytes is not a whole number of entries", bytes.len()));
        }
        for pair in bytes.chunks_exact(6) {
            let bucket = u16::from_le_bytes([pair[0], pair[1]]);
            let count = u32::from_le_bytes([pair[2], pair[3], pair[4], pair[5]]);
            *self.counts.entry(bucket).or_default() += u64::from(count);
        }
        Ok(())
    }
}

/// Registers `nf_hist_add(hist, value)`, `nf_hist_sum(hist, hist)`, the aggregate `nf_hist_merge(hist)` and the aggregate
/// `nf_hist_of(value)` (a histogram of a column's values, for recounting) on a connection.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("nf_hist_add", 2, flags, |ctx| {
        let value = ctx.get::<i64>(1)?;
        match ctx.get_raw(0) {
            rusqlite::types::ValueRef::Null => Ok(add_encoded(&[], value)),
            rusqlite::types::ValueRef::Blob(bytes) => {
                check_encoded(bytes).map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?;
                Ok(add_encoded(bytes, value))
            }
            _ => Err(rusqlite::Error::UserFunctionError("a latency histogram must be a BLOB".into())),
        }
    })?;
    conn.create_scalar_function("nf_hist_sum", 2, flags, |ctx| {
        let mut sum = Histogram::new();
        for i in 0..2 {
            if let rusqlite::types::ValueRef::Blob(bytes) = ctx.get_raw(i) {
                sum.merge_encoded(bytes).map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?;
            }
        }
        Ok(sum.encode())
    })?;
    conn.create_aggregate_function("nf_hist_merge", 1, flags, Merge)?;
    conn.create_aggregate_function("nf_hist_of", 1, flags, Of)
}

/// A stored histogram with one more value, in place on the bytes: every run's close adds one value to
/// two rows, so this is on the writer's path and must not decode the histogram into a map.
pub fn add_encoded(bytes: &[u8], value: i64) -> Vec<u8> {
    let bucket = bucket_of(value);
    let entries = bytes.len() / 6;
    let at = |i: usize| u16::from_le_bytes([bytes[i * 6], bytes[i * 6 + 1]]);
    // Binary search for the bucket among the sorted entries.
    let (mut low, mut high) = (0, entries);
    while low < high {
        let mid = (low + high) / 2;
        if at(mid) < bucket { low = mid + 1 } else { high = mid }
    }
    let mut out = Vec::with_capacity(bytes.len() + 6);
    if low < entries && at(low) == bucket {
        out.extend_from_slice(bytes);
        let c = &mut out[low * 6 + 2..low * 6 + 6];
        let count = u32::from_le_bytes([c[0], c[1], c[2], c[3]]).saturating_add(1);
        c.copy_from_slice(&count.to_le_bytes());
    } else {
        out.extend_from_slice(&bytes[..low * 6]);
        out.extend_from_slice(&bucket.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&bytes[low * 6..]);
    }
    out
}

/// Fails unless the bytes are whole entries with their buckets in increasing order.
fn check_encoded(bytes: &[u8]) -> Result<(), String> {
    if !bytes.len().is_multiple_of(6) {
        return Err(format!("a latency histogram of {} bytes is not a whole number of entries", bytes.len()));
    }
    let buckets = bytes.chunks_exact(6).map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
    if buckets.clone().zip(buckets.skip(1)).any(|(a, b)| a >= b) {
        return Err("a latency histogram's buckets are out of order".into());
    }
    Ok(())
}

struct Merge;

impl Aggregate<Histogram, Vec<u8>> for Merge {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Histogram> {
        Ok(Histogram::new())
    }

    fn step(&self, ctx: &mut Context<'_>, acc: &mut Histogram) -> rusqlite::Result<()> {
        if let rusqlite::types::ValueRef::Blob(bytes) = ctx.get_raw(0) {
            acc.merge_encoded(bytes).map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?;
        }
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, acc: Option<Histogram>) -> rusqlite::Result<Vec<u8>> {
        Ok(acc.unwrap_or_default().encode())
    }
}

struct Of;

impl Aggregate<Histogram, Vec<u8>> for Of {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Histogram> {
        Ok(Histogram::new())
    }

    fn step(&self, ctx: &mut Context<'_>, acc: &mut Histogram) -> rusqlite::Result<()> {
        acc.add(ctx.get::<Option<i64>>(0)?.unwrap_or(0));
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, acc: Option<Histogram>) -> rusqlite::Result<Vec<u8>> {
        Ok(acc.unwrap_or_default().encode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_contiguous_and_hold_their_values() {
        let mut expected_low = 0;
        for b in 0..600u16 {
            let (low, high) = bounds(b);
            assert_eq!(low, expected_low, "bucket {b} starts where {} ended", b.saturating_sub(1));
            assert_eq!(bucket_of(low), b);
            assert_eq!(bucket_of(high - 1), b);
            assert!((high - low) as f64 <= (low as f64 / 16.0).max(1.0), "bucket {b} is too wide");
            expected_low = high;
        }
    }

    #[test]
    fn every_value_reads_back_within_the_stated_error() {
        for v in (0..5_000).chain((5_000..10_000_000).step_by(997)) {
            let r = representative(bucket_of(v));
            assert!((r - v).abs() as f64 <= v as f64 * RELATIVE_ERROR, "{v} reads back as {r}");
        }
    }

    #[test]
    fn quantiles_are_nearest_rank() {
        // Below 32 ms every bucket is one millisecond wide: exact.
        let h = Histogram::of(1..=20);
        assert_eq!(h.quantile(0.5), Some(10));
        assert_eq!(h.quantile(0.95), Some(19));
        assert_eq!(h.quantile(1.0), Some(20));
        // Above, the bucket of the rank's value, read as its middle: 95 is in [92, 96).
        let h = Histogram::of(1..=100);
        assert_eq!(h.quantile(0.95), Some(94));
        assert_eq!(h.quantile(0.5), Some(51));
        assert_eq!(Histogram::new().quantile(0.5), None);
    }

    #[test]
    fn encoding_round_trips_and_rejects_damage() {
        let h = Histogram::of([0, 3, 3, 250, 70_000, 9_000_000]);
        assert_eq!(Histogram::decode(&h.encode()).unwrap(), h);
        assert!(Histogram::decode(&[1, 2, 3]).is_err());
    }

    #[test]
    fn adding_to_the_stored_form_equals_adding_to_the_histogram() {
        let values = [5, 5, 900, 3, 70_000, 900, 0, 16, 15, 1_000_000, 3];
        let mut bytes = Vec::new();
        for (n, &v) in values.iter().enumerate() {
            bytes = add_encoded(&bytes, v);
            assert_eq!(Histogram::decode(&bytes).unwrap(), Histogram::of(values[..=n].iter().copied()));
        }
        assert!(check_encoded(&bytes).is_ok());
        let swapped = [&bytes[6..12], &bytes[..6], &bytes[12..]].concat();
        assert!(check_encoded(&swapped).is_err());
        assert!(check_encoded(&bytes[1..]).is_err());
    }

    #[test]
    fn sql_functions_add_and_merge() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch("CREATE TABLE t (g INTEGER, h BLOB)").unwrap();
        for (g, v) in [(1, 10), (1, 20), (2, 30), (2, 40), (2, 40)] {
            conn.execute("INSERT INTO t VALUES (?1, nf_hist_add(NULL, ?2))", [g, v]).unwrap();
        }
        let sum: Vec<u8> = conn
            .query_row("SELECT nf_hist_sum((SELECT h FROM t WHERE g = 1 LIMIT 1), nf_hist_add(NULL, 40))", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(Histogram::decode(&sum).unwrap().count(), 2);
        let merged: Vec<u8> = conn.query_row("SELECT nf_hist_merge(h) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(Histogram::decode(&merged).unwrap(), Histogram::of([10, 20, 30, 40, 40]));
        let added: Vec<u8> =
            conn.query_row("SELECT nf_hist_add(nf_hist_merge(h), 5) FROM t WHERE g = 1", [], |r| r.get(0)).unwrap();
        assert_eq!(Histogram::decode(&added).unwrap(), Histogram::of([5, 10, 20]));
    }
}
