//! Small pieces of UI shared by many pages.

use crate::error::{AppError, Problem};
use crate::i18n::*;
use leptos::prelude::*;

/// A sentence for an error, in the selected language.
pub fn error_text(i18n: leptos_i18n::I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::Unauthenticated => t_string!(i18n, err_unauthenticated).to_string(),
        AppError::Forbidden => t_string!(i18n, err_forbidden).to_string(),
        AppError::InvalidCredentials => t_string!(i18n, err_invalid_credentials).to_string(),
        AppError::Throttled { retry_after_secs } => {
            let seconds = *retry_after_secs;
            t_string!(i18n, err_throttled, seconds).to_string()
        }
        AppError::Invalid { field, problem } => {
            format!(
                "{}: {}",
                field_name(i18n, field),
                problem_text(i18n, problem)
            )
        }
        AppError::NotFound => t_string!(i18n, err_not_found).to_string(),
        AppError::AlreadySetUp => t_string!(i18n, err_already_set_up).to_string(),
        AppError::PasswordNeeded => t_string!(i18n, err_password_needed).to_string(),
        AppError::OtherUser => t_string!(i18n, err_other_user).to_string(),
        AppError::BadRequest(_)
        | AppError::PayloadTooLarge { .. }
        | AppError::UnsupportedMediaType { .. } => t_string!(i18n, err_bad_request).to_string(),
        AppError::Unreachable => t_string!(i18n, err_unreachable).to_string(),
        AppError::Internal => t_string!(i18n, err_internal).to_string(),
    }
}

fn field_name(i18n: leptos_i18n::I18nContext<Locale>, field: &str) -> String {
    match field {
        "setup_code" => t_string!(i18n, field_setup_code).to_string(),
        "username" => t_string!(i18n, field_username).to_string(),
        "display_name" => t_string!(i18n, field_display_name).to_string(),
        "password" => t_string!(i18n, field_password).to_string(),
        "pin" => t_string!(i18n, vault_pin).to_string(),
        "file" => t_string!(i18n, field_file).to_string(),
        "pin_again" => t_string!(i18n, vault_pin_again).to_string(),
        "password_again" => t_string!(i18n, field_password_again).to_string(),
        "role" => t_string!(i18n, field_role).to_string(),
        "label" => t_string!(i18n, field_label).to_string(),
        "user_id" => t_string!(i18n, field_account).to_string(),
        "name" => t_string!(i18n, field_service_name).to_string(),
        "registry_id" => t_string!(i18n, field_registry_id).to_string(),
        "service_type" => t_string!(i18n, field_service_type).to_string(),
        "services" => t_string!(i18n, field_services).to_string(),
        "obdobi" => t_string!(i18n, rep_period).to_string(),
        "od" => t_string!(i18n, rep_from).to_string(),
        "do" => t_string!(i18n, rep_to).to_string(),
        "lokalita" => t_string!(i18n, rep_locality).to_string(),
        "pracovnik" => t_string!(i18n, rep_worker).to_string(),
        "druh" => t_string!(i18n, rep_kind).to_string(),
        "sluzba" => t_string!(i18n, rf_service).to_string(),
        "rok" => t_string!(i18n, rep_year).to_string(),
        "reason" => t_string!(i18n, rep_void_reason).to_string(),
        other => other.to_owned(),
    }
}

fn problem_text(i18n: leptos_i18n::I18nContext<Locale>, problem: &Problem) -> String {
    match problem {
        Problem::Required => t_string!(i18n, problem_required).to_string(),
        Problem::TooShort { min } => {
            let min = *min;
            t_string!(i18n, problem_too_short, min).to_string()
        }
        Problem::TooLong { max } => {
            let max = *max;
            t_string!(i18n, problem_too_long, max).to_string()
        }
        Problem::BadCharacters => t_string!(i18n, problem_bad_characters).to_string(),
        Problem::Unknown => t_string!(i18n, problem_unknown).to_string(),
        Problem::Taken => t_string!(i18n, problem_taken).to_string(),
        Problem::OwnAccount => t_string!(i18n, problem_own_account).to_string(),
        Problem::Mismatch => t_string!(i18n, problem_mismatch).to_string(),
    }
}

/// Shows the error of the last run of an action, if it failed.
pub fn action_error<S, T>(result: S) -> impl IntoView
where
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    T: Send + Sync + 'static,
{
    let i18n = use_i18n();
    move || {
        result.get().and_then(Result::err).map(|error| {
            view! {
                <p class="error" role="alert">
                    {error_text(i18n, &error)}
                </p>
            }
        })
    }
}

/// A table that scrolls sideways on a narrow screen. A scrolling region must
/// be reachable by keyboard, so it takes focus and is named by `label`.
#[component]
pub fn ScrollingTable(#[prop(into)] label: Signal<String>, children: Children) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>
            {children()}
        </div>
    }
}

/// The language named in the request's `Cookie` headers, if a user chose one.
pub fn language_in_cookies<'a>(headers: impl IntoIterator<Item = &'a str>) -> Option<String> {
    headers
        .into_iter()
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == crate::browser::LANGUAGE_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// Server side: the language this request's user chose, read where the
/// translations look for the browser's Accept-Language (which Terén ignores:
/// a phone set to English in a Czech service still opens in Czech).
pub fn chosen_language() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let request = use_context::<http::request::Parts>()?;
        let headers = request.headers.get_all(http::header::COOKIE);
        language_in_cookies(headers.iter().filter_map(|value| value.to_str().ok()))
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// The language buttons, on the login page and in settings.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choice = move |locale: Locale, label: &'static str| {
        view! {
            <button
                type="button"
                class="choice"
                lang=locale.as_str()
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |_| {
                    i18n.set_locale(locale);
                    crate::browser::remember_language(locale.as_str());
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <fieldset class="choices">
            <legend>{t!(i18n, language_label)}</legend>
            {choice(Locale::cs, "Čeština")}
            {choice(Locale::en, "English")}
        </fieldset>
    }
}

/// "14:05" or "21. 11. 14:05" for an RFC 3339 time, in the phone's zone.
pub fn local_time(at: &str) -> String {
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(at) else {
        return at.to_owned();
    };
    let local = at.with_timezone(&chrono::Local);
    if local.date_naive() == chrono::Local::now().date_naive() {
        crate::dates::hm(local.time())
    } else {
        crate::dates::day_month_hm(local.naive_local())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_cookie_is_found_among_others() {
        let headers = ["session=abc; i18n_pref_locale=en", "other=1"];
        assert_eq!(language_in_cookies(headers), Some("en".to_owned()));
        assert_eq!(
            language_in_cookies(["a=1", "i18n_pref_locale=cs"]),
            Some("cs".to_owned())
        );
    }

    #[test]
    fn no_language_cookie_means_no_choice() {
        assert_eq!(language_in_cookies(["session=abc"]), None);
        assert_eq!(language_in_cookies(["i18n_pref_locale="]), None);
        assert_eq!(language_in_cookies(["xi18n_pref_locale=en"]), None);
        assert_eq!(language_in_cookies([]), None);
    }
}
