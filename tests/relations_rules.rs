//! Each relation rule, tested on sentences written for the purpose (none is
//! taken from the seed articles): verbs with direct and prepositional
//! objects, coordination, passives, relative clauses, negation and hedging,
//! clause boundaries, roles, membership and event nouns.

mod common;

use common::analyze;
use newsgraph::extract::Category;
use newsgraph::pipeline::Analysis;
use proptest::prelude::*;

/// A relation as (source, label, category, target, negated, hedged), by
/// canonical names.
type Row = (String, String, &'static str, String, bool, bool);

fn relations(a: &Analysis) -> Vec<Row> {
    let ex = &a.extraction;
    ex.relations
        .iter()
        .map(|r| {
            (
                ex.entities[r.source].name.clone(),
                r.label.clone(),
                r.category.as_str(),
                ex.entities[r.target].name.clone(),
                r.negated,
                r.hedged,
            )
        })
        .collect()
}

/// The relations of `text` other than roles.
fn actions(text: &str) -> Vec<Row> {
    relations(&analyze(text))
        .into_iter()
        .filter(|r| r.2 != Category::Role.as_str())
        .collect()
}

fn row(s: &str, label: &str, category: &'static str, t: &str, neg: bool, hedge: bool) -> Row {
    (s.into(), label.into(), category, t.into(), neg, hedge)
}

/// The (source, category, target) triples.
fn pairs(rows: &[Row]) -> Vec<(String, &'static str, String)> {
    rows.iter()
        .map(|r| (r.0.clone(), r.2, r.3.clone()))
        .collect()
}

fn pair(s: &str, category: &'static str, t: &str) -> (String, &'static str, String) {
    (s.into(), category, t.into())
}

#[test]
fn direct_and_prepositional_objects() {
    assert_eq!(
        actions("Chile met with Peru on Monday."),
        [row("Chile", "met with", "consult", "Peru", false, false)]
    );
    assert_eq!(
        actions("Ghana reached out to Togo last week."),
        [row(
            "Ghana",
            "reached out to",
            "consult",
            "Togo",
            false,
            false
        )]
    );
    // The preposition may come after the object phrase of the verb.
    assert_eq!(
        actions("Egypt submitted a list of demands to Israel."),
        [row(
            "Egypt",
            "submitted to",
            "demand",
            "Israel",
            false,
            false
        )]
    );
    // A place is only the target of force.
    assert_eq!(
        pairs(&actions("Turkey seized Afrin after talks with Aleppo.")),
        [pair("Turkey", "force", "Afrin")]
    );
}

#[test]
fn coordinated_subjects_and_objects() {
    let rows = actions(
        "French Foreign Minister Colette Marchetti and Chilean Defence Minister Ramiro Quispe met Bolivian President Evo Tarqui in Lima.",
    );
    assert_eq!(
        pairs(&rows),
        [
            pair("Colette Marchetti", "consult", "Evo Tarqui"),
            pair("Ramiro Quispe", "consult", "Evo Tarqui"),
        ],
        "the owners of the offices are not actors or targets"
    );
    assert_eq!(
        pairs(&actions("Argentina warned Chile, Peru and Bolivia.")),
        [
            pair("Argentina", "threaten", "Bolivia"),
            pair("Argentina", "threaten", "Chile"),
            pair("Argentina", "threaten", "Peru"),
        ]
    );
    // Commas alone do not make a list: "Peru said" is another clause.
    assert_eq!(
        pairs(&actions("Argentina warned Chile, Peru said.")),
        [pair("Argentina", "threaten", "Chile")]
    );
}

#[test]
fn passives_name_the_actor_after_by() {
    assert_eq!(
        actions("Cyprus was invaded by Turkey in 1974."),
        [row("Turkey", "invaded", "force", "Cyprus", false, false)]
    );
    assert_eq!(
        pairs(&actions("Afrin, seized by Turkey in 2018, is quiet.")),
        [pair("Turkey", "force", "Afrin")]
    );
}

#[test]
fn relative_clauses_point_back_to_their_antecedent() {
    assert_eq!(
        pairs(&actions(
            "Fighters returned to Afrin, which Turkey seized in 2018."
        )),
        [pair("Turkey", "force", "Afrin")]
    );
    assert_eq!(
        pairs(&actions(
            "Azerbaijan, which attacked Armenia in 2020, denied it."
        )),
        [pair("Azerbaijan", "force", "Armenia")]
    );
    assert_eq!(
        pairs(&actions(
            "Delegates met at the African Union, a body in which Ghana and Kenya participate."
        )),
        [
            pair("Ghana", "membership", "African Union"),
            pair("Kenya", "membership", "African Union"),
        ]
    );
}

#[test]
fn negation_and_hedging_are_flags() {
    assert_eq!(
        actions("Brazil did not criticise Venezuela."),
        [row(
            "Brazil",
            "criticised",
            "accuse",
            "Venezuela",
            true,
            false
        )]
    );
    assert_eq!(
        actions("Japan would never sanction China."),
        [row("Japan", "sanctioned", "coerce", "China", true, true)]
    );
    assert_eq!(
        actions("Turkey could invade Syria."),
        [row("Turkey", "invaded", "force", "Syria", false, true)]
    );
    assert_eq!(
        actions("Iran threatened to attack Israel."),
        [row("Iran", "attacked", "force", "Israel", false, true)]
    );
    // A condition at the start of the sentence hedges what follows it.
    assert_eq!(
        pairs(
            &actions("If Serbia attacks Kosovo, the EU will respond.")
                .into_iter()
                .filter(|r| r.5)
                .collect::<Vec<_>>()
        ),
        [pair("Serbia", "force", "Kosovo")]
    );
    // What is demanded or alleged is hedged, the demand itself is not.
    let rows = actions("Chile urged Peru to sanction Bolivia.");
    assert!(rows.contains(&row("Chile", "urged", "demand", "Peru", false, false)));
    assert!(rows.contains(&row("Peru", "sanctioned", "coerce", "Bolivia", false, true)));
    let rows = actions("Greece accused Turkey of bombing Cyprus.");
    assert!(rows.contains(&row("Greece", "accused", "accuse", "Turkey", false, false)));
    assert!(rows.contains(&row("Turkey", "bombed", "force", "Cyprus", false, true)));
}

#[test]
fn nothing_is_linked_across_clause_boundaries() {
    assert_eq!(
        pairs(&actions(
            "Chile signed the accord while Peru sanctioned Bolivia."
        )),
        [pair("Peru", "coerce", "Bolivia")]
    );
    assert_eq!(
        pairs(&actions("Kenya said that Uganda attacked Rwanda.")),
        [pair("Uganda", "force", "Rwanda")]
    );
    assert_eq!(
        pairs(&actions("After Chile left, Peru met Bolivia.")),
        [pair("Peru", "consult", "Bolivia")]
    );
    assert!(actions("Norway supports the plan; Sweden left Denmark.").is_empty());
    // A second verb of the lexicon ends the search for a target.
    assert_eq!(
        pairs(&actions("Mexico warned that talks would help Canada.")),
        Vec::<(String, &str, String)>::new()
    );
}

#[test]
fn roles_from_premodifiers_appositions_and_pronouns() {
    let a = analyze("Kenya's President Amani Wekesa visited Tanzania.");
    let rows = relations(&a);
    assert!(rows.contains(&row(
        "Amani Wekesa",
        "President of",
        "role",
        "Kenya",
        false,
        false
    )));
    assert!(rows.contains(&row(
        "Amani Wekesa",
        "visited",
        "consult",
        "Tanzania",
        false,
        false
    )));
    assert!(!pairs(&rows).contains(&pair("Kenya", "consult", "Tanzania")));
    let rows = relations(&analyze(
        "Ingrid Lundqvist, Sweden's foreign minister, criticised Norway.",
    ));
    assert_eq!(
        pairs(&rows),
        [
            pair("Ingrid Lundqvist", "accuse", "Norway"),
            pair("Ingrid Lundqvist", "role", "Sweden"),
        ]
    );
    let rows = relations(&analyze(
        "Peru spoke with Chile and its president, Gabriel Fuentes, on Friday.",
    ));
    assert!(pairs(&rows).contains(&pair("Gabriel Fuentes", "role", "Chile")));
    assert!(pairs(&rows).contains(&pair("Peru", "consult", "Gabriel Fuentes")));
}

#[test]
fn membership_statements() {
    let rows = actions("Estonia, a NATO ally since 2004, hosted the drills.");
    assert_eq!(
        rows,
        [row(
            "Estonia",
            "ally in",
            "membership",
            "NATO",
            false,
            false
        )]
    );
    assert_eq!(
        pairs(&actions("ASEAN's ten members include Vietnam and Laos.")),
        [
            pair("Laos", "membership", "ASEAN"),
            pair("Vietnam", "membership", "ASEAN"),
        ]
    );
    assert_eq!(
        actions("Finland joined NATO in 2023."),
        [row(
            "Finland",
            "member of",
            "membership",
            "NATO",
            false,
            false
        )]
    );
    assert_eq!(
        actions("Georgia is a partner of the alliance, but not a NATO member."),
        [row(
            "Georgia",
            "member of",
            "membership",
            "NATO",
            true,
            false
        )]
    );
    assert_eq!(
        pairs(&actions(
            "Mercosur, a bloc of four countries, including Uruguay, met."
        )),
        [pair("Uruguay", "membership", "Mercosur")]
    );
    // Only a country is a member, only of an organization.
    assert!(actions("Russia joined Belarus in the drills.").is_empty());
}

#[test]
fn event_nouns_take_their_actor_before_them() {
    assert_eq!(
        actions("Turkey's build-up near Greece worried Cyprus."),
        [row(
            "Turkey",
            "build-up near",
            "force",
            "Greece",
            false,
            false
        )]
    );
    assert_eq!(
        actions("The Turkish invasion of Cyprus and occupation of Afrin followed."),
        [
            row("Turkey", "occupation of", "force", "Afrin", false, false),
            row("Turkey", "invasion of", "force", "Cyprus", false, false),
        ]
    );
    assert_eq!(
        pairs(&actions("The US-China talks resumed.")),
        [pair("United States", "consult", "China")]
    );
    assert_eq!(
        pairs(&actions("Serbia's Kosovo demands were rejected.")),
        [pair("Serbia", "demand", "Kosovo")]
    );
    // A light verb hands its subject to the noun.
    assert_eq!(
        actions("Peru will hold talks with Ecuador."),
        [row(
            "Peru",
            "talks with",
            "consult",
            "Ecuador",
            false,
            false
        )]
    );
    assert_eq!(
        pairs(&actions(
            "The Turkish intervention in the war in Syria continued."
        )),
        [pair("Turkey", "force", "Syria")]
    );
}

#[test]
fn actors_named_by_pronouns_offices_and_main_clauses() {
    assert_eq!(
        actions("Japan said it would sanction North Korea."),
        [row(
            "Japan",
            "sanctioned",
            "coerce",
            "North Korea",
            false,
            true
        )]
    );
    assert_eq!(
        pairs(&actions(
            "The Chilean Foreign Minister has also held talks with Argentina."
        )),
        [pair("Chile", "consult", "Argentina")]
    );
    assert_eq!(
        pairs(&actions(
            "While visiting Ghana, Kenya's President Amani Wekesa praised the deal."
        )),
        [pair("Amani Wekesa", "consult", "Ghana")]
    );
    assert_eq!(
        pairs(&actions("Turkey invaded Cyprus and attacked Greece.")),
        [
            pair("Turkey", "force", "Cyprus"),
            pair("Turkey", "force", "Greece"),
        ]
    );
    assert_eq!(
        actions("Japan would not expand its navy and deploy ships near China."),
        [row("Japan", "deployed near", "force", "China", true, true)]
    );
    assert_eq!(
        actions("Canada will not deploy troops to aid Mexico."),
        [row("Canada", "aided", "cooperate", "Mexico", true, false)]
    );
    assert_eq!(
        pairs(&actions("Iran demanded that Israel withdraw.")),
        [pair("Iran", "demand", "Israel")]
    );
}

#[test]
fn names_inside_words_and_possessive_objects() {
    // "Kremlin-backed" qualifies the forces; Russia is not the actor.
    assert!(actions("Kremlin-backed forces attacked Georgia.").is_empty());
    // "called Peru's offer generous" is no call to Peru; a condemnation is.
    assert!(actions("Chile called Peru's offer generous.").is_empty());
    assert_eq!(
        pairs(&actions("Chile condemned Peru's offer.")),
        [pair("Chile", "accuse", "Peru")]
    );
}

#[test]
fn relation_edges_are_directed_with_their_evidence() {
    let a = analyze("Turkey invaded Cyprus. Later Turkey invaded Cyprus again.");
    let relation_edges: Vec<_> = a
        .graph
        .graph
        .edge_indices()
        .filter(|&e| a.graph.graph[e].kind.is_relation())
        .collect();
    assert_eq!(relation_edges.len(), 1);
    let e = relation_edges[0];
    let (s, t) = a.graph.endpoints(e);
    assert_eq!(a.extraction.entities[s].name, "Turkey");
    assert_eq!(a.extraction.entities[t].name, "Cyprus");
    assert_eq!(a.graph.graph[e].weight, 2);
    assert_eq!(a.graph.graph[e].evidence.len(), 2);
}

/// Words to build random sentences from.
const WORDS: &[&str] = &[
    "Chile",
    "Peru",
    "NATO",
    "met",
    "with",
    "and",
    ",",
    "which",
    "not",
    "if",
    "by",
    "was",
    "invaded",
    "the",
    "its",
    "president",
    "Gabriel",
    "Fuentes",
    "of",
    "'s",
    "to",
    "talks",
    "members",
    "include",
    "a",
    "ally",
    "Afrin",
    "-",
    "that",
    "while",
    "invasion",
    "\u{201c}",
    ".",
    "Mr",
    "he",
    "they",
    "deploy",
    "near",
    "demanded",
    "is",
    "member",
];

proptest! {
    #[test]
    fn any_word_salad_gives_valid_relations(words in proptest::collection::vec(0..WORDS.len(), 0..40)) {
        let text: Vec<&str> = words.iter().map(|&i| WORDS[i]).collect();
        let a = analyze(&text.join(" "));
        for r in &a.extraction.relations {
            prop_assert!(r.source != r.target);
            prop_assert!(r.source < a.extraction.entities.len());
            prop_assert!(r.target < a.extraction.entities.len());
            let sentence = &a.extraction.sentences[r.doc][r.sentence].range;
            prop_assert_eq!((r.start, r.end), (sentence.start, sentence.end));
        }
    }
}
