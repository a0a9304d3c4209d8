//! Each recognition and resolution rule, tested on sentences written for the
//! purpose about countries and officials other than the seeds' (most names
//! here are in no file of newsgraph's).

mod common;

use common::{analyze, analyze_files, entity, entity_with_alias, names};
use newsgraph::extract::{Kind, RecognizeOptions};
use newsgraph::pipeline::Settings;

fn role_of(a: &newsgraph::pipeline::Analysis, name: &str) -> Vec<(String, Option<String>)> {
    let e = entity(a, name);
    e.roles
        .iter()
        .map(|r| {
            (
                r.title.clone(),
                r.of.map(|i| a.extraction.entities[i].name.clone()),
            )
        })
        .collect()
}

#[test]
fn title_introduces_unknown_official_with_owner() {
    let a = analyze(
        "French Foreign Minister Colette Marchetti met Chilean Defence Minister Ramiro Quispe in Lima on Tuesday.",
    );
    let m = entity(&a, "Colette Marchetti");
    assert_eq!(m.kind, Kind::Official);
    assert_eq!(
        role_of(&a, "Colette Marchetti"),
        [("Foreign Minister".into(), Some("France".into()))]
    );
    assert_eq!(
        role_of(&a, "Ramiro Quispe"),
        [("Defence Minister".into(), Some("Chile".into()))]
    );
    assert_eq!(entity(&a, "Lima").kind, Kind::Place);
}

#[test]
fn possessive_and_of_owners() {
    let a = analyze(
        "Kenya's President Amani Wekesa spoke first. Then the president of Tanzania Baraka Mollel replied.",
    );
    assert_eq!(
        role_of(&a, "Amani Wekesa"),
        [("President".into(), Some("Kenya".into()))]
    );
    assert_eq!(
        role_of(&a, "Baraka Mollel"),
        [("President".into(), Some("Tanzania".into()))]
    );
}

#[test]
fn title_of_owner_then_apposition_with_demonym() {
    let a = analyze(
        "For the Secretary General of the OSCE, the Austrian Hildegard Pfeiffenberger, the talks were useful.",
    );
    assert_eq!(
        role_of(&a, "Hildegard Pfeiffenberger"),
        [("Secretary General".into(), Some("OSCE".into()))]
    );
    assert!(names(&a).contains(&"Austria".to_owned()));
}

#[test]
fn apposition_after_a_name_states_the_role() {
    let a = analyze("Ingrid Lundqvist, Sweden's foreign minister, said the door was open.");
    assert_eq!(
        role_of(&a, "Ingrid Lundqvist"),
        [("Foreign Minister".into(), Some("Sweden".into()))]
    );
    let b = analyze("Tobias Reinholt, EU High Representative, arrived late.");
    assert_eq!(
        role_of(&b, "Tobias Reinholt"),
        [("High Representative".into(), Some("European Union".into()))]
    );
}

#[test]
fn modifiers_stay_part_of_the_title() {
    let a = analyze("Polish Deputy Foreign Minister Wojciech Zalewski flew to Vilnius.");
    assert_eq!(
        role_of(&a, "Wojciech Zalewski"),
        [("Deputy Foreign Minister".into(), Some("Poland".into()))]
    );
}

#[test]
fn honorifics_and_given_names_find_people_without_titles() {
    let a = analyze(
        "Mr Okonkwo said little. Later, Harriet Abernathy wrote that Mr. Okonkwo had left.",
    );
    let okonkwo = entity(&a, "Okonkwo");
    assert_eq!(okonkwo.kind, Kind::Person);
    assert_eq!(
        a.extraction.mention_counts()[a.extraction.entity_index(&okonkwo.id).unwrap()],
        2
    );
    assert_eq!(entity(&a, "Harriet Abernathy").kind, Kind::Person);
}

#[test]
fn bylines_are_people() {
    let a =
        analyze("Talks resume in Oslo\n\nDiplomats met on Monday.\n\nBy Tamsin Featherstonehaugh");
    assert_eq!(entity(&a, "Tamsin Featherstonehaugh").kind, Kind::Person);
}

#[test]
fn surnames_resolve_to_the_person_named_in_the_same_document() {
    let a = analyze(
        "Estonian Prime Minister Maarja Kask met reporters. Kask said the border was calm, and Kask left.",
    );
    let kask = entity(&a, "Maarja Kask");
    assert_eq!(kask.aliases, ["Kask", "Maarja Kask"]);
    assert_eq!(
        a.extraction
            .mentions
            .iter()
            .filter(|m| a.extraction.entities[m.entity()].id == kask.id)
            .count(),
        3
    );
}

#[test]
fn surnames_resolve_across_documents_when_unambiguous() {
    let a = analyze_files(
        &[
            (
                "one.txt",
                "Moldovan President Elena Rusnac opened the summit.",
            ),
            ("two.txt", "The next day Rusnac returned to Chisinau."),
        ],
        &Settings::default(),
    );
    let rusnac = entity(&a, "Elena Rusnac");
    assert!(rusnac.aliases.contains(&"Rusnac".to_owned()));
}

#[test]
fn people_sharing_a_surname_stay_apart() {
    let a = analyze(
        "Minister Anna Novak met Minister Piotr Novak. Piotr Novak spoke first; then Novak sat down.",
    );
    let anna = entity(&a, "Anna Novak");
    let piotr = entity(&a, "Piotr Novak");
    assert_ne!(anna.id, piotr.id);
    // The bare surname goes to the nearest Novak named before it.
    assert!(piotr.aliases.contains(&"Novak".to_owned()));
    assert!(!anna.aliases.contains(&"Novak".to_owned()));
}

#[test]
fn transliterations_and_one_letter_typos_merge() {
    let a = analyze(
        "Foreign Minister Dmitri Kozlovsky arrived. Dmitry Kozlovskiy said talks would go on. \
         Prime Minister Anneli Virtanen agreed, and Anneli Virtamen added a caveat.",
    );
    let k = entity(&a, "Dmitri Kozlovsky");
    assert!(
        k.aliases.contains(&"Dmitry Kozlovskiy".to_owned()),
        "{:?}",
        k.aliases
    );
    let v = entity(&a, "Anneli Virtanen");
    assert!(
        v.aliases.contains(&"Anneli Virtamen".to_owned()),
        "{:?}",
        v.aliases
    );
}

#[test]
fn middle_initials_and_possessives_are_the_same_person() {
    let a = analyze("Senator Margaret T. Holloway spoke. Margaret Holloway's aides nodded.");
    let h = entity(&a, "Margaret Holloway");
    assert_eq!(h.aliases, ["Margaret Holloway", "Margaret T. Holloway"]);
}

#[test]
fn family_name_first_names_keep_their_surname() {
    let a = analyze(
        "Chinese Vice Premier Zhang Guolin met the delegation. Later Zhang spoke to the press.",
    );
    let z = entity(&a, "Zhang Guolin");
    assert!(z.aliases.contains(&"Zhang".to_owned()), "{:?}", z.aliases);
}

#[test]
fn capitals_are_governments_except_after_locatives() {
    let a = analyze(
        "Beijing warned Tokyo on Friday. Talks were later held in Beijing, north of Tianjin.",
    );
    let china = entity(&a, "China");
    assert!(china.aliases.contains(&"Beijing".to_owned()));
    assert!(entity(&a, "Japan").aliases.contains(&"Tokyo".to_owned()));
    assert_eq!(entity(&a, "Beijing").kind, Kind::Place);
}

#[test]
fn seats_of_government_stand_for_their_country() {
    let a = analyze("The White House rejected the claim, and Downing Street agreed.");
    assert!(
        entity(&a, "United States")
            .aliases
            .contains(&"White House".to_owned())
    );
    assert!(
        entity(&a, "United Kingdom")
            .aliases
            .contains(&"Downing Street".to_owned())
    );
}

#[test]
fn demonyms_are_a_documented_setting() {
    let text = "Hungarian troops crossed the river.";
    let on = analyze(text);
    assert!(
        entity(&on, "Hungary")
            .aliases
            .contains(&"Hungarian".to_owned())
    );
    let settings = Settings {
        recognize: RecognizeOptions { demonyms: false },
        ..Settings::default()
    };
    let off = analyze_files(&[("t.txt", text)], &settings);
    assert!(off.extraction.entities.is_empty(), "{:?}", names(&off));
}

#[test]
fn organizations_by_head_noun_and_acronyms_by_initials() {
    let a = analyze(
        "The Baltic Grid Security Council met in Tallinn. The BGSC said supplies were safe. \
         The Ministry of Energy of Estonia agreed.",
    );
    let council = entity(&a, "Baltic Grid Security Council");
    assert_eq!(council.kind, Kind::Organization);
    assert!(council.aliases.contains(&"BGSC".to_owned()));
    assert_eq!(
        entity(&a, "Ministry of Energy of Estonia").kind,
        Kind::Organization
    );
}

#[test]
fn gazetteer_acronyms_and_long_forms_are_one_entity() {
    let a = analyze(
        "The Organization for Security and Co-operation in Europe sent monitors. The OSCE report followed.",
    );
    let osce = entity_with_alias(&a, "OSCE").unwrap();
    assert!(
        osce.aliases
            .contains(&"Organization for Security and Co-operation in Europe".to_owned())
    );
}

#[test]
fn places_named_with_their_country() {
    let a = analyze("Troops gathered near Zhytomyrka, Ukraine, on Sunday.");
    assert_eq!(entity(&a, "Zhytomyrka").kind, Kind::Place);
}

#[test]
fn headlines_do_not_grow_names_from_capitalised_words() {
    let a = analyze(
        "Foreign Minister Sorensen Warns Of Sanctions\n\nForeign Minister Lars Sorensen spoke.",
    );
    let s = entity(&a, "Lars Sorensen");
    assert_eq!(s.aliases, ["Lars Sorensen", "Sorensen"]);
}

#[test]
fn words_inside_other_words_are_not_matched() {
    let a = analyze("The Indiana delegation met Chadwick among Germanic ruins.");
    assert!(
        !names(&a)
            .iter()
            .any(|n| n == "India" || n == "Chad" || n == "Germany"),
        "{:?}",
        names(&a)
    );
}

#[test]
fn typographic_apostrophes_match_gazetteer_forms() {
    let a = analyze("Envoys from Côte d’Ivoire arrived.");
    assert!(
        entity(&a, "Ivory Coast")
            .aliases
            .contains(&"Côte d’Ivoire".to_owned())
    );
}

#[test]
fn gazetteer_forms_start_and_end_on_token_boundaries() {
    let a = analyze(
        "Romanian and Papua New Guinean envoys met in Guinea-Bissau, where USAID staff and the Omani consul joined them.",
    );
    let mut found = names(&a);
    found.sort();
    // Not "Oman" inside "Romanian", "Guinea" inside the longer names, or
    // the United States for the "US" of "USAID".
    assert_eq!(
        found,
        [
            "Guinea-Bissau",
            "Oman",
            "Papua New Guinea",
            "Romania",
            "USAID"
        ]
    );
    let aliases = |name: &str| entity(&a, name).aliases.clone();
    assert_eq!(aliases("Oman"), ["Omani"]);
    assert_eq!(aliases("Papua New Guinea"), ["Papua New Guinean"]);
}
