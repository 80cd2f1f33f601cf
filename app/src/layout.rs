//! A check of the crate's layout: no two top-level modules import each
//! other, directly or through others, so each can be read (and changed)
//! knowing only what it imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every top-level module of `src` and the top-level modules it names as
/// `crate::…` outside comments.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut modules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(src).expect("src").flatten() {
        let path = entry.path();
        let name = path
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name == "lib" {
            continue;
        }
        let mut uses = BTreeSet::new();
        for file in rust_files(&path) {
            let text = std::fs::read_to_string(&file).expect("source");
            for line in text.lines() {
                let code = line.split("//").next().unwrap_or_default();
                for (at, _) in code.match_indices("crate::") {
                    let used: String = code[at + "crate::".len()..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if used != name {
                        uses.insert(used);
                    }
                }
            }
        }
        // `tally.rs` and its folder `tally/` are one module.
        modules.entry(name).or_default().extend(uses);
    }
    modules
}

fn rust_files(path: &Path) -> Vec<std::path::PathBuf> {
    if path.is_dir() {
        std::fs::read_dir(path)
            .expect("folder")
            .flatten()
            .flat_map(|entry| rust_files(&entry.path()))
            .collect()
    } else if path.extension().is_some_and(|ext| ext == "rs") {
        vec![path.to_owned()]
    } else {
        Vec::new()
    }
}

/// The modules `from` reaches through its imports.
fn reached(modules: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut next = vec![from.to_owned()];
    while let Some(module) = next.pop() {
        for used in modules.get(&module).into_iter().flatten() {
            if modules.contains_key(used) && seen.insert(used.clone()) {
                next.push(used.clone());
            }
        }
    }
    seen
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let modules = imports(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(modules.contains_key("records") && modules.contains_key("sync"));
    let circles: Vec<String> = modules
        .keys()
        .filter(|module| reached(&modules, module).contains(*module))
        .cloned()
        .collect();
    assert!(
        circles.is_empty(),
        "modules in an import circle: {circles:?}"
    );
}
