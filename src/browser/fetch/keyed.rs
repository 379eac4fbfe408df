//! The widget's page-wide tables as keyed lists, not `HashMap`s: a page
//! has one or two languages, a few homeservers and some hundreds of rooms
//! at most (500 per widget, the core's cap), so a linear search costs
//! microseconds, while a `HashMap` linked std's hash table, SipHash and
//! `RandomState`'s seeding into the wasm (docs/benchmarks.md has the size).

use std::borrow::Borrow;

/// The value kept under `key`.
pub fn find<'a, K, Q, V>(list: &'a [(Q, V)], key: &K) -> Option<&'a V>
where
    K: PartialEq + ?Sized,
    Q: Borrow<K>,
{
    list.iter().find(|(k, _)| k.borrow() == key).map(|(_, v)| v)
}

/// Keeps `value` under `key`, in place of what was kept there.
pub fn keep<K: PartialEq, V>(list: &mut Vec<(K, V)>, key: K, value: V) {
    match list.iter_mut().find(|(k, _)| *k == key) {
        Some((_, kept)) => *kept = value,
        None => list.push((key, value)),
    }
}
