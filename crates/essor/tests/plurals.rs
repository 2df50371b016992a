//! Messages with plural variants (`{ $count -> [one] … *[other] … }`) must get their count as a
//! number (`tn`): `t1` passes text, with which Fluent only ever picks the default variant ("1
//! projets"). Every template and source file of the workspace is checked.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name()
                .is_some_and(|n| n != "target" && n != "node_modules")
            {
                files(&p, out);
            }
        } else if p
            .extension()
            .is_some_and(|x| x == "html" || x == "rs" || x == "txt")
        {
            out.push(p);
        }
    }
}

#[test]
fn plural_messages_are_given_numbers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut plural = vec![];
    for e in std::fs::read_dir(root.join("locales/fr"))
        .unwrap()
        .flatten()
    {
        let text = std::fs::read_to_string(e.path()).unwrap();
        for line in text.lines() {
            if let Some((id, value)) = line.split_once(" = ") {
                let v = value.trim();
                if v.starts_with("{ $") && v.ends_with("->") {
                    plural.push(id.trim().to_owned());
                }
            }
        }
    }
    assert!(
        plural.iter().any(|id| id == "jury-showcase-results"),
        "the scan finds plural messages"
    );
    let mut sources = vec![];
    files(&root.join("crates"), &mut sources);
    let mut wrong = vec![];
    for f in sources {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for id in &plural {
            if text.contains(&format!("t1(\"{id}\"")) {
                wrong.push(format!("{}: {id}", f.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "use tn for: {wrong:#?}");
}
