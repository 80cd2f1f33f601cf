//! The pages a worker in the field never opens, each loaded only when
//! opened: the coordinator's reports, the admin's pages and the first start.
//!
//! A release build split with `cargo leptos build --split` keeps each of
//! these views (and the code only they reach) out of the main wasm, so the
//! phone downloads and compiles less before a worker can log a record.
//! Without splitting they are ordinary routes that happen to be async.

use crate::admin::lists_page::ListsPage;
use crate::admin::services_page::ServicesPage;
use crate::admin::status_page::StatusPage;
use crate::admin::ui::{AdminHome, AuditPage, UsersPage};
use crate::auth::ui::{Protected, SetupPage};
use crate::auth::Role;
use crate::exchange::ui::{ExchangeFiles, NationalPage, SendPanel};
use crate::reports::ui::{AnnualPage, BreakdownPage, CasesPage, DashboardPage, RecordsBrowserPage};
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// One lazily loaded page: `$page`, behind the guard for `$role` if given.
macro_rules! lazy_page {
    ($route:ident, $role:expr, $page:ident) => {
        lazy_page!($route, view! { <Protected min=$role><$page /></Protected> });
    };
    ($route:ident, $view:expr) => {
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                $view.into_any()
            }
        }
    };
}

lazy_page!(Dashboard, Role::Coordinator, DashboardPage);
lazy_page!(Breakdown, Role::Coordinator, BreakdownPage);
lazy_page!(
    Annual,
    view! {
        <Protected min=Role::Coordinator>
            <AnnualPage>
                <ExchangeFiles />
                <SendPanel />
            </AnnualPage>
        </Protected>
    }
);
lazy_page!(National, Role::Coordinator, NationalPage);
lazy_page!(Cases, Role::Coordinator, CasesPage);
lazy_page!(RecordsBrowser, Role::Coordinator, RecordsBrowserPage);
lazy_page!(Admin, Role::Admin, AdminHome);
lazy_page!(Users, Role::Admin, UsersPage);
lazy_page!(Services, Role::Admin, ServicesPage);
lazy_page!(Lists, Role::Admin, ListsPage);
lazy_page!(Audit, Role::Admin, AuditPage);
lazy_page!(ServerStatus, Role::Admin, StatusPage);
// The first start: once per installation, before any account exists, and
// never on a phone.
lazy_page!(Setup, view! { <SetupPage /> });
