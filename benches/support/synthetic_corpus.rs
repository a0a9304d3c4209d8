//! A deterministic synthetic news corpus for scale measurements: articles
//! made of sentence patterns filled with names from the gazetteers (and
//! thousands of generated officials), mixed with sentences of the seed
//! articles. Shared by `benches/scale.rs` and `examples/make_corpus.rs`.

use newsgraph::assets::AssetSource;

/// Names the articles draw from.
pub struct Vocabulary {
    countries: Vec<String>,
    capitals: Vec<String>,
    organizations: Vec<String>,
    titles: Vec<String>,
    /// (title, full name, country) of generated officials.
    officials: Vec<(String, String, String)>,
    seed_sentences: Vec<String>,
}

const SYLLABLES: &[&str] = &[
    "ko", "ban", "mel", "ov", "ens", "ari", "dal", "ton", "vic", "ber", "gen", "mur", "ata", "lin",
    "sar", "pet", "rov", "ing", "hal", "dor", "kes", "mon", "tal", "ric", "nov", "sen",
];

/// A small xorshift generator: the same corpus on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The first value of `column` in every row of an embedded table.
fn column(file: &str, column: &str) -> Vec<String> {
    let table = AssetSource::Embedded.table(file).expect("embedded table");
    let index = table.column(column).expect("column");
    table
        .rows()
        .filter_map(|row| row.values(index).next().map(str::to_owned))
        .filter(|s| !s.is_empty())
        .collect()
}

fn surname(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    let word: String = (0..n).map(|_| *rng.pick(SYLLABLES)).collect();
    let mut chars = word.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or('K');
    std::iter::once(first).chain(chars).collect()
}

impl Vocabulary {
    /// `officials` generated officials, each with a title and a country.
    pub fn new(officials: usize) -> Vocabulary {
        let mut rng = Rng::new(0x5EED);
        let countries = column("gazetteer/countries.tsv", "name");
        let capitals = column("gazetteer/countries.tsv", "capitals");
        let organizations = column("gazetteer/organizations.tsv", "name");
        let titles = column("rules/titles.tsv", "name");
        let given = given_names();
        let officials = (0..officials)
            .map(|_| {
                let name = format!("{} {}", rng.pick(&given), surname(&mut rng));
                (
                    rng.pick(&titles).clone(),
                    name,
                    rng.pick(&countries).clone(),
                )
            })
            .collect();
        Vocabulary {
            countries,
            capitals,
            organizations,
            titles,
            officials,
            seed_sentences: seed_sentences(),
        }
    }

    /// Article `i`: a title line, then paragraphs of sentences.
    pub fn article(&self, i: usize) -> (String, String) {
        let mut rng = Rng::new(0xA11C_E000 + i as u64 * 0x9E37);
        let title = format!(
            "{} and {} hold talks in {}",
            rng.pick(&self.countries),
            rng.pick(&self.countries),
            rng.pick(&self.capitals)
        );
        let mut text = format!("{title}\n\n");
        for _ in 0..4 {
            for _ in 0..(5 + rng.below(4)) {
                text.push_str(&self.sentence(&mut rng));
                text.push(' ');
            }
            text.push_str("\n\n");
        }
        (title, text)
    }

    fn sentence(&self, rng: &mut Rng) -> String {
        let (t1, p1, c1) = rng.pick(&self.officials);
        let (t2, p2, c2) = rng.pick(&self.officials);
        let org = rng.pick(&self.organizations);
        let place = rng.pick(&self.capitals);
        match rng.below(7) {
            0 => format!("{t1} {p1} of {c1} met {t2} {p2} of {c2} in {place} on Monday."),
            1 => format!("{c1}'s {t1} {p1} said {org} would support {c2}."),
            2 => format!("{p2}, {c2}'s {t2}, warned {c1} against any escalation."),
            3 => format!("Members of {org}, including {c1} and {c2}, discussed the crisis."),
            4 => format!(
                "The {} delegation arrived in {place} after talks with {}.",
                rng.pick(&self.titles),
                rng.pick(&self.countries)
            ),
            _ => rng.pick(&self.seed_sentences).clone(),
        }
    }
}

fn given_names() -> Vec<String> {
    AssetSource::Embedded
        .list("rules/given_names.txt")
        .expect("embedded list")
}

fn seed_sentences() -> Vec<String> {
    newsgraph::seeds::sources()
        .iter()
        .flat_map(|s| {
            String::from_utf8_lossy(&s.bytes)
                .split(". ")
                .filter(|s| s.len() > 40 && !s.contains('\n'))
                .map(|s| format!("{}.", s.trim()))
                .collect::<Vec<_>>()
        })
        .collect()
}
