//! Embeds every Fluent file of `locales/<lang>/*.ftl` so the binary carries its catalogue.
use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::from("pub static CATALOG: &[(&str, &str, &str)] = &[\n");
    let mut langs: Vec<_> = fs::read_dir(&root).unwrap().flatten().collect();
    langs.sort_by_key(|e| e.file_name());
    for lang in langs {
        println!("cargo:rerun-if-changed={}", lang.path().display());
        let mut files: Vec<_> = fs::read_dir(lang.path()).unwrap().flatten().collect();
        files.sort_by_key(|e| e.file_name());
        for f in files {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "ftl") {
                println!("cargo:rerun-if-changed={}", p.display());
                out.push_str(&format!(
                    "    ({:?}, {:?}, include_str!({:?})),\n",
                    lang.file_name().to_string_lossy(),
                    f.file_name().to_string_lossy(),
                    p.canonicalize().unwrap().display().to_string()
                ));
            }
        }
    }
    out.push_str("];\n");
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("catalog.rs"),
        out,
    )
    .unwrap();
}
