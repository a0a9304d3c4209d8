//! Parallel work whose outputs are concatenated in order, and the memory
//! such work fills.

use std::hash::Hash;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

/// Calls `f` on every index below `count`, in parallel chunks, and returns
/// all it pushes, in the order of the indices.
pub fn flat_map_ordered<U: Send>(count: usize, f: impl Fn(usize, &mut Vec<U>) + Sync) -> Vec<U> {
    let parts = flat_map_parts(count, f);
    let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        out.par_extend(part);
    }
    out
}

/// Calls `f` on every index below `count`, in parallel chunks; each chunk
/// pushes into a list of its own. The lists are in the order of the
/// indices.
///
/// Collecting a flattened parallel iterator instead would copy every
/// output twice through lists grown by doubling, and on a large corpus the
/// first touch of that memory costs more than the work.
pub fn flat_map_parts<U: Send>(count: usize, f: impl Fn(usize, &mut Vec<U>) + Sync) -> Vec<Vec<U>> {
    let chunk = task_len(count);
    (0..count)
        .into_par_iter()
        .step_by(chunk)
        .with_max_len(1)
        .map(|first| {
            let mut part = Vec::new();
            for i in first..(first + chunk).min(count) {
                f(i, &mut part);
            }
            part
        })
        .collect()
}

/// How many of `count` items of like cost one parallel task takes: few
/// enough that the threads finish together, enough that handing the tasks
/// out costs little. Left to itself, rayon splits a list into a few runs
/// per thread, and the last run can keep one thread busy long after the
/// others are done.
pub fn task_len(count: usize) -> usize {
    (count / (rayon::current_num_threads() * 256)).max(1)
}

/// The first item of each distinct key among `items`, in their order.
/// Each of a few runs of items finds its own firsts in parallel; the first
/// of those firsts are then picked in order.
pub fn first_of_each<'a, T: Sync, K: Eq + Hash>(
    items: &'a [T],
    key: impl Fn(&'a T) -> K + Sync,
) -> Vec<&'a T> {
    let run = items
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(1);
    let firsts: Vec<Vec<&T>> = items
        .par_chunks(run)
        .map(|part| {
            let mut seen = FxHashSet::default();
            part.iter().filter(|x| seen.insert(key(x))).collect()
        })
        .collect();
    let mut seen = FxHashSet::default();
    firsts
        .into_iter()
        .flatten()
        .filter(|x| seen.insert(key(x)))
        .collect()
}

/// Writes `filler` once into each memory page of `list`'s spare capacity,
/// from every thread, so that the serial pass that fills the list does not
/// take each page's first-touch fault itself. The length stays the same.
pub fn prefault<T: Copy + Send + Sync>(list: &mut Vec<T>, filler: T) {
    const PAGE_BYTES: usize = 4096;
    let per_page = (PAGE_BYTES / size_of::<T>()).max(1);
    list.spare_capacity_mut()
        .par_chunks_mut(per_page)
        .for_each(|page| {
            page[0].write(filler);
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_follow_the_indices_in_order() {
        let out = flat_map_ordered(1000, |i, part| part.extend(std::iter::repeat_n(i, i % 3)));
        let expected: Vec<usize> = (0..1000)
            .flat_map(|i| std::iter::repeat_n(i, i % 3))
            .collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn first_of_each_key_in_order() {
        let items: Vec<u32> = (0..5000).map(|i| (i * 37 + i / 7) % 101).collect();
        let firsts: Vec<u32> = first_of_each(&items, |&x| x % 50)
            .into_iter()
            .copied()
            .collect();
        let mut seen = std::collections::HashSet::new();
        let expected: Vec<u32> = items
            .iter()
            .copied()
            .filter(|x| seen.insert(x % 50))
            .collect();
        assert_eq!(firsts, expected);
    }
}
