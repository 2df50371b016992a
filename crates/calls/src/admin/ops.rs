//! Changes to a form schema by position, as the editor's buttons ask for them: find, move and
//! remove pages, sections, fields and members of repeatable groups. Pure functions, so the
//! editor's moves are tested without HTTP.

use essor_domain::forms::{Field, FieldKind, FormSchema, Section};

/// Where a top-level field sits: page, section, index.
fn locate(schema: &FormSchema, id: &str) -> Option<(usize, usize, usize)> {
    for (pi, page) in schema.pages.iter().enumerate() {
        for (si, section) in page.sections.iter().enumerate() {
            if let Some(fi) = section.fields.iter().position(|f| f.id.as_str() == id) {
                return Some((pi, si, fi));
            }
        }
    }
    None
}

/// Where a section sits: page, index.
fn locate_section(schema: &FormSchema, id: &str) -> Option<(usize, usize)> {
    schema.pages.iter().enumerate().find_map(|(pi, page)| {
        page.sections
            .iter()
            .position(|s| s.id == id)
            .map(|si| (pi, si))
    })
}

fn members_mut(field: &mut Field) -> Option<&mut Vec<Field>> {
    match &mut field.kind {
        FieldKind::Group { fields, .. } => Some(fields),
        _ => None,
    }
}

/// A field by path (`id` or `group.member`), to change it.
pub(crate) fn field_mut<'a>(schema: &'a mut FormSchema, path: &str) -> Option<&'a mut Field> {
    let (head, tail) = match path.split_once('.') {
        Some((h, t)) => (h, Some(t)),
        None => (path, None),
    };
    let (pi, si, fi) = locate(schema, head)?;
    let top = &mut schema.pages[pi].sections[si].fields[fi];
    match tail {
        None => Some(top),
        Some(t) => members_mut(top)?.iter_mut().find(|m| m.id.as_str() == t),
    }
}

pub(crate) fn section_mut<'a>(schema: &'a mut FormSchema, id: &str) -> Option<&'a mut Section> {
    let (pi, si) = locate_section(schema, id)?;
    Some(&mut schema.pages[pi].sections[si])
}

/// Removes a field (or member); false when there is none at `path`.
pub(crate) fn remove_field(schema: &mut FormSchema, path: &str) -> bool {
    match path.split_once('.') {
        None => match locate(schema, path) {
            Some((pi, si, fi)) => {
                schema.pages[pi].sections[si].fields.remove(fi);
                true
            }
            None => false,
        },
        Some((head, tail)) => {
            let Some(members) = field_mut(schema, head).and_then(members_mut) else {
                return false;
            };
            let before = members.len();
            members.retain(|m| m.id.as_str() != tail);
            members.len() != before
        }
    }
}

/// Moves a field one place up or down. At the edge of its section it goes to the end of the
/// previous section (or the start of the next one), across pages: the only way to move a field
/// to another section without scripts. Members move inside their group only. False when it
/// cannot move.
pub(crate) fn move_field(schema: &mut FormSchema, path: &str, up: bool) -> bool {
    if let Some((head, tail)) = path.split_once('.') {
        let Some(members) = field_mut(schema, head).and_then(members_mut) else {
            return false;
        };
        let Some(i) = members.iter().position(|m| m.id.as_str() == tail) else {
            return false;
        };
        return swap_step(members, i, up);
    }
    let Some((pi, si, fi)) = locate(schema, path) else {
        return false;
    };
    let len = schema.pages[pi].sections[si].fields.len();
    if (up && fi > 0) || (!up && fi + 1 < len) {
        return swap_step(&mut schema.pages[pi].sections[si].fields, fi, up);
    }
    // To the neighbouring section, in form order.
    let order: Vec<(usize, usize)> = schema
        .pages
        .iter()
        .enumerate()
        .flat_map(|(pi, p)| (0..p.sections.len()).map(move |si| (pi, si)))
        .collect();
    let Some(pos) = order.iter().position(|x| *x == (pi, si)) else {
        return false;
    };
    let target = if up {
        pos.checked_sub(1).map(|i| order[i])
    } else {
        order.get(pos + 1).copied()
    };
    let Some((tp, ts)) = target else {
        return false;
    };
    let field = schema.pages[pi].sections[si].fields.remove(fi);
    let dest = &mut schema.pages[tp].sections[ts].fields;
    if up {
        dest.push(field);
    } else {
        dest.insert(0, field);
    }
    true
}

/// Moves a section one place; at the edge of its page, to the neighbouring page.
pub(crate) fn move_section(schema: &mut FormSchema, id: &str, up: bool) -> bool {
    let Some((pi, si)) = locate_section(schema, id) else {
        return false;
    };
    let len = schema.pages[pi].sections.len();
    if (up && si > 0) || (!up && si + 1 < len) {
        return swap_step(&mut schema.pages[pi].sections, si, up);
    }
    let target = if up { pi.checked_sub(1) } else { Some(pi + 1) };
    match target.filter(|t| *t < schema.pages.len()) {
        Some(tp) => {
            let section = schema.pages[pi].sections.remove(si);
            let dest = &mut schema.pages[tp].sections;
            if up {
                dest.push(section);
            } else {
                dest.insert(0, section);
            }
            true
        }
        None => false,
    }
}

pub(crate) fn move_page(schema: &mut FormSchema, id: &str, up: bool) -> bool {
    match schema.pages.iter().position(|p| p.id == id) {
        Some(i) => swap_step(&mut schema.pages, i, up),
        None => false,
    }
}

fn swap_step<T>(items: &mut [T], i: usize, up: bool) -> bool {
    let j = if up { i.checked_sub(1) } else { Some(i + 1) };
    match j.filter(|j| *j < items.len()) {
        Some(j) => {
            items.swap(i, j);
            true
        }
        None => false,
    }
}

/// Every field path of a schema (members as `group.member`).
pub(crate) fn paths(schema: &FormSchema) -> Vec<String> {
    schema
        .field_refs()
        .iter()
        .map(|r| r.path().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use essor_domain::forms::{FormPage, LocalizedText};

    fn text(id: &str) -> Field {
        Field::new(id, id, id, FieldKind::ShortText { max_len: None })
    }

    fn schema() -> FormSchema {
        let section = |id: &str, fields: Vec<Field>| Section {
            id: id.into(),
            title: LocalizedText::fr(id),
            intro: None,
            condition: None,
            fields,
        };
        let group = Field::new(
            "team",
            "Équipe",
            "Team",
            FieldKind::Group {
                fields: vec![text("name"), text("role")],
                min_items: 0,
                max_items: None,
            },
        );
        FormSchema {
            pages: vec![
                FormPage {
                    id: "p1".into(),
                    title: LocalizedText::fr("P1"),
                    sections: vec![
                        section("s1", vec![text("a"), text("b")]),
                        section("s2", vec![group]),
                    ],
                },
                FormPage {
                    id: "p2".into(),
                    title: LocalizedText::fr("P2"),
                    sections: vec![section("s3", vec![text("c")])],
                },
            ],
        }
    }

    #[test]
    fn fields_move_within_and_across_sections() {
        let mut s = schema();
        assert!(move_field(&mut s, "b", true));
        assert_eq!(paths(&s)[..2], ["b", "a"]);
        assert!(!move_field(&mut s, "b", true), "first field of the form");
        // Down from the end of s1 goes to the start of s2.
        assert!(move_field(&mut s, "a", false));
        assert_eq!(s.pages[0].sections[1].fields[0].id.as_str(), "a");
        // Down from the end of s2 goes across the page to s3.
        assert!(move_field(&mut s, "team", false));
        assert_eq!(s.pages[1].sections[0].fields[0].id.as_str(), "team");
        assert!(!move_field(&mut s, "c", false), "last field of the form");
        assert!(!move_field(&mut s, "nope", true));
    }

    #[test]
    fn members_stay_in_their_group() {
        let mut s = schema();
        assert!(!move_field(&mut s, "team.name", true));
        assert!(move_field(&mut s, "team.name", false));
        assert_eq!(paths(&s), ["a", "b", "team", "team.role", "team.name", "c"]);
        assert!(!move_field(&mut s, "team.name", false));
        assert!(field_mut(&mut s, "team.role").is_some());
        assert!(remove_field(&mut s, "team.role"));
        assert!(!remove_field(&mut s, "team.role"));
        assert_eq!(paths(&s), ["a", "b", "team", "team.name", "c"]);
    }

    #[test]
    fn sections_and_pages_move() {
        let mut s = schema();
        assert!(move_section(&mut s, "s3", true));
        assert_eq!(s.pages[0].sections.len(), 3);
        assert!(s.pages[1].sections.is_empty());
        assert!(move_page(&mut s, "p2", true));
        assert_eq!(s.pages[0].id, "p2");
        assert!(!move_page(&mut s, "p2", true));
        assert!(section_mut(&mut s, "s1").is_some());
        assert!(remove_field(&mut s, "a"));
        assert!(!remove_field(&mut s, "a"));
    }
}
