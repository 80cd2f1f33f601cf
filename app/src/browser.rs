//! What the app asks of the browser: the service worker, and what the phone
//! remembers between visits (the logged-in profile).
//!
//! These functions touch browser APIs and are called only from the browser
//! build's entry point, event handlers and effects, which never run on the
//! server.

use wasm_bindgen::{JsCast, JsValue};

/// Registers `/sw.js` once the page has loaded. The worker's first job is
/// to download the app for offline use; started before the page's own wasm
/// has arrived, it downloads the same files alongside it, and a phone on a
/// weak signal waits twice as long to use the page. After `load` they come
/// from the browser's cache (built files are kept for a year).
///
/// Service workers exist only in secure contexts (https, or http on
/// localhost) and not in every embedded browser; a phone opening the app
/// over plain http on a LAN address still gets a working page, just without
/// offline support.
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
    let loaded = window
        .document()
        .is_some_and(|document| document.ready_state() == "complete");
    if loaded {
        register(&navigator);
    } else {
        let on_load = wasm_bindgen::closure::Closure::once_into_js(move || {
            register(&navigator);
        });
        let _ = window.add_event_listener_with_callback("load", on_load.unchecked_ref());
    }
}

fn register(navigator: &web_sys::Navigator) {
    let registration = navigator.service_worker().register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(registration).await {
            leptos::logging::warn!("service worker registration failed: {error:?}");
        }
    });
}

/// The page's service workers, where the browser has any.
fn service_workers() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker"))
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

/// Sends a message to the service worker once one is active (right after
/// the first visit it may still be installing): the worker caches the pages
/// of a logged-in user ("cache-pages") and forgets them at logout
/// ("forget-pages").
pub fn tell_service_worker(message: &str) {
    let Some(container) = service_workers() else {
        return;
    };
    let Ok(ready) = container.ready() else {
        return;
    };
    let message = JsValue::from_str(message);
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await {
            let registration: web_sys::ServiceWorkerRegistration = registration.into();
            if let Some(worker) = registration.active() {
                let _ = worker.post_message(&message);
            }
        }
    });
}

/// Like [`tell_service_worker`], but waits (at most a few seconds) until
/// the worker has done it: after a login the old user's pages must be gone
/// before the next page is loaded.
pub async fn ask_service_worker(message: &str) {
    let Some(container) = service_workers() else {
        return;
    };
    if container.controller().is_none() {
        // No worker controls this page, so none can serve it a cached one.
        tell_service_worker(message);
        return;
    }
    let Ok(ready) = container.ready() else {
        return;
    };
    let message = JsValue::from_str(message);
    let asked = async move {
        let registration = wasm_bindgen_futures::JsFuture::from(ready).await.ok()?;
        let registration: web_sys::ServiceWorkerRegistration = registration.into();
        let worker = registration.active()?;
        let channel = web_sys::MessageChannel::new().ok()?;
        let answered = js_sys::Promise::new(&mut |resolve, _| {
            channel.port1().set_onmessage(Some(&resolve));
        });
        worker
            .post_message_with_transferable(&message, &js_sys::Array::of1(&channel.port2()))
            .ok()?;
        wasm_bindgen_futures::JsFuture::from(answered).await.ok()
    };
    let _ = within(std::time::Duration::from_secs(3), asked).await;
}

/// Asks the browser not to evict this site's storage under pressure (Safari
/// otherwise may after a week without use); the outbox lives there.
pub fn request_persistent_storage() {
    if let Some(window) = web_sys::window() {
        let navigator = window.navigator();
        if js_sys::Reflect::has(&navigator, &JsValue::from_str("storage")).unwrap_or(false) {
            let _ = navigator.storage().persist();
        }
    }
}

pub fn is_online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}

/// Resolves after `duration`, on the browser's timer.
pub async fn sleep(duration: std::time::Duration) {
    let millis = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// `work`'s result, or `None` when it takes longer than `limit`. A request
/// that never gets an answer (a dead cell, a proxy holding the connection)
/// must not hold up everything waiting behind it.
pub async fn within<T>(
    limit: std::time::Duration,
    work: impl std::future::Future<Output = T>,
) -> Option<T> {
    use std::future::Future;
    use std::task::Poll;
    let mut work = std::pin::pin!(work);
    let mut timer = std::pin::pin!(sleep(limit));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(value) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(value));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

/// The cookie that remembers a user's language choice.
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

/// Remembers the language a user picked, for a year, in the cookie the
/// server reads to render pages in it.
pub fn remember_language(code: &str) {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.dyn_into::<web_sys::HtmlDocument>().ok());
    if let Some(document) = document {
        let cookie = format!("{LANGUAGE_COOKIE}={code}; Path=/; Max-Age=31536000; SameSite=Lax");
        let _ = document.set_cookie(&cookie);
    }
}

/// Offers `text` as a file named `name` to save; `false` where the
/// browser would not.
pub fn download(name: &str, text: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let Ok(link) = document.create_element("a") else {
        return false;
    };
    let _ = link.set_attribute("href", &url);
    let _ = link.set_attribute("download", name);
    if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
        link.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
    true
}

/// A full page load, so the server renders the next page with the new session.
pub fn go_to(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(path);
    }
}

/// Reads a value the phone keeps in local storage as JSON, or `None` when
/// there is none or it does not parse. Parsed from bytes, as everything the
/// phone decodes elsewhere (sealed values, server answers) is: each type's
/// JSON parser is then in the download once, not once for text and once for
/// bytes (gloo's `get` parses text).
pub fn stored<T: serde::de::DeserializeOwned>(key: &str) -> Option<T> {
    use gloo_storage::{LocalStorage, Storage};
    let text = LocalStorage::raw().get_item(key).ok()??;
    serde_json::from_slice(text.as_bytes()).ok()
}
