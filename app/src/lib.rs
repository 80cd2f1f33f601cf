//! Terén's user interface, compiled twice: with `ssr` into the server, which
//! renders every page to HTML, and with `hydrate` into the browser's wasm
//! bundle, which takes over that HTML and keeps working offline.
//!
//! A tour:
//! - [`shell`]: the HTML document, the page layout (header, main area, bottom
//!   navigation) and the routes.
//! - [`pages`]: one module per screen.
//! - `i18n`: generated at build time from `locales/*.json`; every string a
//!   user sees goes through it (`t!(i18n, key)`), Czech by default.
//! - `pwa` (browser only): registers the service worker that keeps the app
//!   shell available without a network.

pub mod pages;
pub mod shell;

#[cfg(feature = "hydrate")]
mod pwa;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// Entry point of the wasm bundle: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    pwa::register_service_worker();
    leptos::mount::hydrate_body(shell::App);
}
