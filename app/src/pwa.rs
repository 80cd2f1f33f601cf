//! Service worker registration.
//!
//! Service workers exist only in secure contexts (https, or http on
//! localhost) and not in every embedded browser; a phone opening the app over
//! plain http on a LAN address must still get a working page, just without
//! offline support.

use wasm_bindgen::JsValue;

pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let available =
        js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if !available || !window.is_secure_context() {
        leptos::logging::warn!("service worker unavailable: the app will not work offline");
        return;
    }
    let registration = navigator.service_worker().register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(registration).await {
            leptos::logging::warn!("service worker registration failed: {error:?}");
        }
    });
}
