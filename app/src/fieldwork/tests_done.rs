//! The tests done at a contact or exchange (drug services only): which,
//! and the result where a rapid test gives it on the spot.

use super::chip::Chip;
use super::one_of::{index_of, OneOf};

const RESULTS: [TestResult; 2] = [TestResult::Negative, TestResult::Positive];
use crate::i18n::*;
use crate::records::kinds::{TestDone, TestResult, TestType};
use crate::records::labels::{test_name, test_result_name};
use leptos::prelude::*;

#[component]
pub(super) fn TestsFields(tests: RwSignal<Vec<TestDone>>) -> impl IntoView {
    let i18n = use_i18n();
    let done = move |test| tests.with(|all| all.iter().find(|d| d.test == test).copied());
    let toggle = move |test| {
        tests.update(|all| match all.iter().position(|d| d.test == test) {
            Some(at) => {
                all.remove(at);
            }
            None => all.push(TestDone { test, result: None }),
        })
    };
    let set_result = move |test, result| {
        tests.update(|all| {
            if let Some(d) = all.iter_mut().find(|d| d.test == test) {
                d.result = (d.result != Some(result)).then_some(result);
            }
        })
    };
    view! {
        <fieldset class="tests">
            <legend>{t_string!(i18n, rf_tests)}</legend>
            <div class="chips">
                {TestType::ALL.map(|test| view! {
                    <Chip
                        label=test_name(i18n, test)
                        pressed=Signal::derive(move || done(test).is_some())
                        on_press=move || toggle(test)
                    />
                })}
            </div>
            {move || tests.get().into_iter().map(|d| {
                let test = d.test;
                let name = test_name(i18n, test);
                let group = name.clone();
                view! {
                    <div class="chips test-result" role="group" aria-label=group>
                        <span class="muted">{name}</span>
                        <OneOf
                            labels=RESULTS.map(|result| test_result_name(i18n, result)).to_vec()
                            chosen=Signal::derive(move || done(test).and_then(|d| d.result).and_then(|r| index_of(&RESULTS, &r)))
                            on_choose=move |i: usize| set_result(test, RESULTS[i])
                        />
                    </div>
                }
            }).collect_view()}
            <small class="muted">{t_string!(i18n, tests_help)}</small>
        </fieldset>
    }
}
