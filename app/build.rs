//! Compiles the translations in `locales/` into a typed `i18n` module, so a
//! missing or misspelt key is a build error rather than a blank label on a
//! worker's phone.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");

    let out_dir = std::env::var_os("OUT_DIR").ok_or("cargo did not set OUT_DIR")?;
    let i18n_dir = PathBuf::from(out_dir).join("i18n");

    // Czech first: it is the default for every visitor who has not chosen.
    // Interpolated messages ("try again in {{ seconds }} s") are also needed
    // as plain strings, for attributes and error texts.
    let options = ParseOptions::new().interpolate_display(true);
    let config = Config::new("cs")?.add_locale("en")?.parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(i18n_dir)?;
    Ok(())
}
