//! `/sw.js`: the service worker, filled in at start-up with what to cache.
//!
//! The worker's source lives in `public/sw.js`; the server replaces three
//! placeholders: the files that make up the app shell (the main part of the
//! built bundle, icons, manifest), the pages to keep for a logged-in user,
//! and a version derived from all of it.
//!
//! A split build also has parts that only the coordinator's, admin's and
//! first-start pages load ([`is_lazy_part`]). A phone never downloads them
//! in advance: the page that needs one fetches it, and the worker keeps it
//! in the same build's cache as the rest, so the set is replaced as one.
//! A new build therefore gets a new cache name, the browser installs the new
//! worker, and the old cache is dropped: phones never mix an old wasm with a
//! new page, and nobody has to remember to bump a number.

use axum::http::header;
use axum::response::IntoResponse;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

const TEMPLATE: &str = include_str!("../../public/sw.js");
const VERSION_PLACEHOLDER: &str = "\"__TEREN_VERSION__\"";
const ASSETS_PLACEHOLDER: &str = "[\"__TEREN_ASSETS__\"]";
const PAGES_PLACEHOLDER: &str = "[\"__TEREN_PAGES__\"]";

/// Files outside the bundle that every page needs.
const STATIC_SHELL: &[&str] = &[
    "/manifest.webmanifest",
    "/icons/icon-192.png",
    "/icons/icon-512.png",
    "/icons/icon-maskable-512.png",
];

/// The rendered worker script, built once at start-up.
#[derive(Clone, Debug)]
pub struct ServiceWorker {
    pub script: String,
    pub version: String,
}

impl ServiceWorker {
    /// `pages` are the app's routes without parameters; `site_root` is where
    /// the built assets are (`target/site` by default).
    pub fn build(site_root: &Path, pkg_dir: &str, pages: &[String]) -> Self {
        let mut assets: Vec<String> = STATIC_SHELL.iter().map(|url| url.to_string()).collect();

        let mut hasher = DefaultHasher::new();
        TEMPLATE.hash(&mut hasher);
        let mut bundle = bundle_files(&site_root.join(pkg_dir));
        bundle.sort();
        for (name, content) in &bundle {
            name.hash(&mut hasher);
            content.hash(&mut hasher);
            if is_loaded_by_the_app(name) && !is_lazy_part(name) {
                assets.push(format!("/{pkg_dir}/{name}"));
            }
        }
        assets.hash(&mut hasher);
        pages.hash(&mut hasher);
        let version = format!("{:016x}", hasher.finish());

        let json = |urls: &[String]| serde_json::to_string(urls).expect("strings serialise");
        let script = TEMPLATE
            .replace(VERSION_PLACEHOLDER, &format!("\"{version}\""))
            .replace(ASSETS_PLACEHOLDER, &json(&assets))
            .replace(PAGES_PLACEHOLDER, &json(pages));
        Self { script, version }
    }

    pub fn response(&self) -> impl IntoResponse {
        (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                // The browser must see a new build at once, not after a day.
                (header::CACHE_CONTROL, "no-cache"),
            ],
            self.script.clone(),
        )
    }
}

/// The built bundle's files (wasm, JS, CSS); none in a plain `cargo test`
/// build, where there is no bundle to cache. The compressed copies beside
/// them are how the same files travel, not files of their own.
fn bundle_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            if is_compressed_copy(&name) {
                return None;
            }
            let content = std::fs::read(entry.path()).ok()?;
            Some((name, content))
        })
        .collect()
}

fn is_compressed_copy(name: &str) -> bool {
    name.ends_with(".br") || name.ends_with(".gz")
}

/// The wasm, JS and CSS a page loads; not the type declarations and the
/// split manifest (read by the server) that the build writes beside them.
fn is_loaded_by_the_app(name: &str) -> bool {
    [".wasm", ".js", ".css"]
        .iter()
        .any(|extension| name.ends_with(extension))
}

/// A part of the bundle that the splitter (`cargo leptos build --split`)
/// cut off for a lazily loaded page: `split_<page>.wasm` for the page's own
/// code and `chunk_<n>.wasm` for code several such pages share. The main
/// wasm keeps everything a worker's screens reach.
fn is_lazy_part(name: &str) -> bool {
    (name.starts_with("split_") || name.starts_with("chunk_")) && name.ends_with(".wasm")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_carries_both_placeholders() {
        assert!(TEMPLATE.contains(VERSION_PLACEHOLDER));
        assert!(TEMPLATE.contains(ASSETS_PLACEHOLDER));
        assert!(TEMPLATE.contains(PAGES_PLACEHOLDER));
    }

    #[test]
    fn a_changed_bundle_changes_the_version() {
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        std::fs::write(pkg.join("teren.wasm"), b"first build").unwrap();
        let pages = vec!["/".to_string()];

        let first = ServiceWorker::build(site.path(), "pkg", &pages);
        assert!(first.script.contains("\"/pkg/teren.wasm\""));
        assert!(first.script.contains(&first.version));
        assert!(!first.script.contains("__TEREN_"));

        std::fs::write(pkg.join("teren.wasm"), b"second build").unwrap();
        let second = ServiceWorker::build(site.path(), "pkg", &pages);
        assert_ne!(first.version, second.version);
    }

    #[test]
    fn compressed_copies_are_not_cached_as_files_of_their_own() {
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        for name in ["teren.wasm", "teren.wasm.br", "teren.wasm.gz"] {
            std::fs::write(pkg.join(name), name).unwrap();
        }
        let worker = ServiceWorker::build(site.path(), "pkg", &["/".to_string()]);
        assert!(worker.script.contains("\"/pkg/teren.wasm\""));
        assert!(!worker.script.contains("teren.wasm.br"));
        assert!(!worker.script.contains("teren.wasm.gz"));
    }

    #[test]
    fn lazily_loaded_parts_and_build_leftovers_are_not_downloaded_in_advance() {
        let site = tempfile::tempdir().unwrap();
        let pkg = site.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        for name in [
            "teren.wasm",
            "__wasm_split.______________________.js",
            "split___dashboard_view_1.wasm",
            "chunk_3.wasm",
            "__wasm_split_manifest.json",
            "teren.d.ts",
        ] {
            std::fs::write(pkg.join(name), name).unwrap();
        }
        let pages = ["/".to_string()];
        let first = ServiceWorker::build(site.path(), "pkg", &pages);
        assert!(first.script.contains("\"/pkg/teren.wasm\""));
        assert!(first
            .script
            .contains("\"/pkg/__wasm_split.______________________.js\""));
        assert!(!first.script.contains("split___dashboard_view_1.wasm"));
        assert!(!first.script.contains("chunk_3.wasm"));
        assert!(!first.script.contains("manifest.json"));
        assert!(!first.script.contains("teren.d.ts"));

        std::fs::write(pkg.join("chunk_3.wasm"), b"another build").unwrap();
        let second = ServiceWorker::build(site.path(), "pkg", &pages);
        assert_ne!(first.version, second.version);
    }
}
