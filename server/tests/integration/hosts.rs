//! Many organisations on one PostgreSQL host, served by host name: each
//! starts, logs in, syncs and reports on its own; nothing of one is in
//! reach from another, not even with its session cookie; a host no
//! organisation is served at gets a 404 that says so.

use crate::common::{found_syringes, setup_form, sync, Client, PASSWORD, SETUP_CODE};
use axum::http::StatusCode;
use server::Config;
use teren_postgres::organisations::{database_url, Control};

struct Host {
    router: axum::Router,
    metrics: axum::Router,
    control: Control,
    a: String,
    b: String,
}

async fn host(test: &str) -> Host {
    let cluster = std::env::var("TEREN_TEST_POSTGRES")
        .expect("TEREN_TEST_POSTGRES: scripts/test.sh starts a throwaway PostgreSQL");
    let id = std::process::id();
    let control_url = database_url(&cluster, &format!("control_{test}_{id}")).unwrap();
    let control = Control::open(&control_url).await.unwrap();
    let (a, b) = (
        format!("kc-a-{test}-{id}.example"),
        format!("kc-b-{test}-{id}.example"),
    );
    control.create(&a, "KC A").await.unwrap();
    control.create(&b, "KC B").await.unwrap();
    let mut config = Config::with_database_url(control_url);
    config.setup_code = Some(SETUP_CODE.to_owned());
    // Every request asks whether its organisation is still there.
    let built = server::hosts::build_with(&config, std::time::Duration::ZERO)
        .await
        .unwrap();
    Host {
        router: built.app,
        metrics: built.metrics,
        control,
        a,
        b,
    }
}

#[tokio::test]
async fn two_organisations_on_one_host_each_start_sync_and_report_alone() {
    let host = host("hosts").await;
    let mut a = Client::of(&host.router, Some(&format!("{}:3000", host.a)));
    let mut b = Client::of(&host.router, Some(&host.b));

    // Each first start is its organisation's own.
    let started = a.call("setup", &setup_form(&["contact_centre"])).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    assert_eq!(
        b.call("session", &[]).await.json(),
        "SetupNeeded",
        "the other organisation still waits for its first admin"
    );
    let started = b.call("setup", &setup_form(&["field_programme"])).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);

    // A syncs; its records are its own, once.
    let outcomes = sync(&mut a, vec![found_syringes(1), found_syringes(2)]).await;
    assert_eq!(outcomes, ["Accepted", "Accepted"]);
    let again = sync(&mut a, vec![found_syringes(1)]).await;
    assert_eq!(again, ["Duplicate"]);
    let query = [("query", "obdobi=rok&sluzba=vse")];
    let dashboard = a.call("reports/dashboard", &query).await;
    assert_eq!(dashboard.status, StatusCode::OK, "{}", dashboard.body);
    assert_eq!(dashboard.json()["figures"]["found_syringes"], 4);
    let dashboard = b.call("reports/dashboard", &query).await;
    assert_eq!(dashboard.json()["figures"]["found_syringes"], 0);
    // The same record id in the other organisation is a record of its own.
    assert_eq!(sync(&mut b, vec![found_syringes(1)]).await, ["Accepted"]);

    // A's cookie names no session at B's host.
    let mut carried = Client::of(&host.router, Some(&host.b));
    carried.cookie = a.cookie.clone();
    assert!(carried.cookie.is_some());
    assert_eq!(carried.call("session", &[]).await.json(), "Anonymous");
    let no_arguments: &[(&str, &str)] = &[];
    for (endpoint, form) in [
        ("reports/dashboard", &query[..]),
        ("admin/users", no_arguments),
        ("catalogue", no_arguments),
    ] {
        let refused = carried.call(endpoint, form).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{endpoint}");
    }
    // Each organisation's admin logs in only at its own host.
    let mut other = Client::of(&host.router, Some(&host.a));
    assert_eq!(
        other.login("spravce", PASSWORD).await.status,
        StatusCode::OK
    );
    let mut wrong = Client::of(&host.router, Some(&host.b));
    let refused = wrong.login("spravce", "heslo-z-jine-organizace").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);

    // Pages render from PostgreSQL too.
    let page = a.get("/prehled").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);

    // The metrics tell each organisation's figures apart.
    let scrape = Client::of(&host.metrics, None).get("/metrics").await.body;
    for (organisation, records) in [(&host.a, 2), (&host.b, 1)] {
        let sample = format!("teren_records{{organisation=\"{organisation}\"}} {records}");
        assert!(
            scrape.lines().any(|line| line == sample),
            "{sample} in\n{scrape}"
        );
    }
}

#[tokio::test]
async fn a_host_no_organisation_is_served_at_gets_a_404_that_says_so() {
    let host = host("unknown").await;
    let mut nobody = Client::of(&host.router, Some("nikdo.example"));
    let page = nobody.get("/").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("nikdo.example"), "{}", page.body);
    assert!(page.body.contains("žádnou organizaci"), "{}", page.body);
    let call = nobody.call("session", &[]).await;
    assert_eq!(call.status, StatusCode::NOT_FOUND);
    // A load balancer asking by address hears whether the host is up.
    assert_eq!(nobody.get("/healthz").await.status, StatusCode::OK);
    let mut bad = Client::of(&host.router, Some("not a host!"));
    assert_eq!(bad.get("/").await.status, StatusCode::NOT_FOUND);

    // An organisation removed while served: its host says so, no errors.
    let mut a = Client::of(&host.router, Some(&host.a));
    assert_eq!(a.call("session", &[]).await.json(), "SetupNeeded");
    host.control.remove(&host.a).await.unwrap();
    let gone = a.get("/").await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND, "{}", gone.body);
    assert!(gone.body.contains("žádnou organizaci"), "{}", gone.body);
    assert_eq!(
        Client::of(&host.router, Some(&host.b))
            .call("session", &[])
            .await
            .json(),
        "SetupNeeded",
        "the other organisation is served on"
    );
}
