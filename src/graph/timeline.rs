//! The story over time: documents in date order, and the filters that show
//! the graph as it stood after the first `k` of them, for playback.
//!
//! Order rule: a document's date (from its source's metadata or found in its
//! text) is read with [`find_date`] ("2021-12-07", "2021-12-07T10:00:00Z",
//! "December 7, 2021", "Tue, 07 Dec 2021 10:00:00 GMT" …) to a calendar day.
//! Documents with a day come first, by day; documents without one (or with a
//! date that names no full day) come after all dated ones. Within a day, and
//! among undated documents, file (load) order is kept.

use crate::corpus::{Corpus, find_date};

use super::view::Filters;

/// The calendar day of each document as `YYYY-MM-DD`, if it has one.
pub fn document_days(corpus: &Corpus) -> Vec<Option<String>> {
    corpus
        .documents
        .iter()
        .map(|d| d.date.as_deref().and_then(find_date))
        .collect()
}

/// Document indices in story order (see the module docs).
pub fn timeline_order(corpus: &Corpus) -> Vec<usize> {
    let days = document_days(corpus);
    let mut order: Vec<usize> = (0..days.len()).collect();
    order.sort_by_key(|&doc| (days[doc].is_none(), days[doc].as_deref()));
    order
}

/// `base` with every document after the first `k` of `order` left out as
/// well: the graph "as of" step `k` of the timeline (`k = order.len()`
/// shows what `base` shows).
pub fn filters_as_of(base: &Filters, order: &[usize], k: usize) -> Filters {
    let mut filters = base.clone();
    filters.excluded_docs.extend(order.iter().skip(k).copied());
    filters
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    fn corpus(dates: &[Option<&str>]) -> Corpus {
        let documents = dates
            .iter()
            .enumerate()
            .map(|(i, date)| Document {
                id: format!("d{i}"),
                path: format!("d{i}.txt"),
                title: String::new(),
                date: date.map(str::to_owned),
                url: None,
                text: String::new(),
                boilerplate: Vec::new(),
            })
            .collect();
        Corpus {
            documents,
            skipped: Vec::new(),
        }
    }

    #[test]
    fn dated_documents_first_by_day_then_undated_in_file_order() {
        let c = corpus(&[
            None,
            Some("2022-01-07T10:00:00Z"),
            Some("Tue, 07 Dec 2021 10:00:00 GMT"),
            Some("sometime"),
            Some("January 7, 2022"),
            Some("2021-12-07"),
        ]);
        assert_eq!(
            document_days(&c)[1..3],
            [Some("2022-01-07".into()), Some("2021-12-07".into())]
        );
        assert_eq!(timeline_order(&c), [2, 5, 1, 4, 0, 3]);
        assert!(timeline_order(&corpus(&[])).is_empty());
    }

    #[test]
    fn filters_as_of_leave_out_later_documents_and_keep_the_base() {
        let base = Filters {
            excluded_docs: [0].into(),
            min_mentions: 2,
            ..Filters::default()
        };
        let order = [3, 1, 0, 2];
        let at = |k| filters_as_of(&base, &order, k).excluded_docs;
        assert_eq!(at(0), [0, 1, 2, 3].into());
        assert_eq!(at(2), [0, 2].into());
        assert_eq!(at(4), base.excluded_docs);
        assert_eq!(at(9), base.excluded_docs);
        assert_eq!(filters_as_of(&base, &order, 1).min_mentions, 2);
    }
}
