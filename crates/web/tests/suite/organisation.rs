//! Organisations, bodies and seats: who sees them, who may give a seat, and
//! that tenants stay apart (on both databases).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, TestApp};
use verbind_domain::Clock;
use verbind_store::models::{body, user};

scenario!(
    bodies_and_seats_as_the_plan_sets_them,
    |app: TestApp| async move {
        let mut admin = Client::new(&app);
        admin.login_demo("beheerder").await;
        let page = admin.get("/organisaties").await;
        assert_eq!(page.status, 200);
        for text in [
            "Stuurgroep",
            "Partnertafel",
            "Werkgroep polarisering",
            "Netwerk referentiepersonen",
            "Justitiehuis Dendermonde",
            "Dana Deskundig (demo) (deskundige)",
            "Minimum aantal vergaderingen per jaar: 6",
            "Minimum aantal vergaderingen per jaar: 2",
        ] {
            assert!(page.body.contains(text), "{text} missing");
        }
        assert!(
            page.body.contains("/organisaties/zetels/"),
            "the admin can change holders"
        );
        let mut expert = Client::new(&app);
        expert.login_demo("deskundige").await;
        let page = expert.get("/organisaties").await;
        assert_eq!(page.status, 200);
        assert!(
            !page.body.contains("/organisaties/zetels/"),
            "the expert only looks"
        );
        for name in ["politie", "caw", "stuurgroep", "referentie", "dpo"] {
            let mut c = Client::new(&app);
            c.login_demo(name).await;
            assert_eq!(c.get("/organisaties").await.status, 403, "{name}");
            assert!(
                !c.get("/").await.body.contains("/organisaties"),
                "{name} has no link"
            );
        }
    }
);

scenario!(
    giving_a_seat_needs_reauthentication_and_is_audited,
    |app: TestApp| async move {
        let tenant = app
            .db
            .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
            .unwrap()
            .unwrap();
        let tid = tenant.tenant_id();
        let seat = app
            .db
            .read(|c| body::find_seat_by_slug(c, &tid, "partnertafel", "partnertafel-vclb"))
            .unwrap()
            .unwrap();
        let clb = app
            .db
            .read(|c| user::find_by_username(c, "clb"))
            .unwrap()
            .unwrap();
        let mut admin = Client::new(&app);
        admin.login_demo("beheerder").await;
        let csrf = common::csrf_in(&admin.get("/organisaties").await.body).unwrap();
        let path = format!("/organisaties/zetels/{}", seat.id);
        let r = admin
            .post_form(&path, &[("csrf", &csrf), ("holder", &clb.id)])
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(
            r.header("location").as_deref(),
            Some("/account/bevestigen?terug=/organisaties")
        );
        common::fresh_reauth(&app, &admin);
        assert_eq!(
            admin
                .post_form(&path, &[("csrf", &csrf), ("holder", &clb.id)])
                .await
                .status,
            303
        );
        let after = app
            .db
            .read(|c| body::find_seat_by_slug(c, &tid, "partnertafel", "partnertafel-vclb"))
            .unwrap()
            .unwrap();
        assert_eq!(after.holder_user_id.as_deref(), Some(clb.id.as_str()));
        let audit = app
            .db
            .read(|c| {
                verbind_store::models::audit::list(
                    c,
                    &verbind_store::models::audit::Filter {
                        action: Some("seat.assigned".into()),
                        limit: 500,
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.object_id.as_deref() == Some(seat.id.as_str())
                    && e.actor_user_id.is_some())
        );
        // A partner cannot give seats.
        let mut p = Client::new(&app);
        p.login_demo("politie").await;
        let pc = common::csrf_in(&p.get("/").await.body).unwrap();
        assert_eq!(
            p.post_form(&path, &[("csrf", &pc), ("holder", &clb.id)])
                .await
                .status,
            403
        );
        // Garbage ids: 404 / 400, never 500.
        assert_eq!(
            admin
                .post_form(
                    "/organisaties/zetels/niet-een-id",
                    &[("csrf", &csrf), ("holder", "")]
                )
                .await
                .status,
            404
        );
        assert_eq!(
            admin
                .post_form(&path, &[("csrf", &csrf), ("holder", "x")])
                .await
                .status,
            400
        );
        let unknown = uuid::Uuid::new_v4().to_string();
        assert_eq!(
            admin
                .post_form(
                    &format!("/organisaties/zetels/{unknown}"),
                    &[("csrf", &csrf), ("holder", "")]
                )
                .await
                .status,
            404
        );
    }
);

scenario!(another_tenant_stays_apart, |app: TestApp| async move {
    // A second LIVC-R with its own user.
    let p = verbind_domain::profile::parse_profile(include_str!(
        "../../../../profiles/voorbeeldstad.toml"
    ))
    .unwrap();
    let now = app.clock.now_ms();
    let keyring = app.state.keyring.clone();
    let (other_tenant, other_user) = app
        .db
        .write(|c| {
            let (t, _) = verbind_store::models::profile::load(c, &p, now)?;
            let tid = t.tenant_id();
            let org = verbind_store::models::organisation::list(c, &tid)?.remove(0);
            let u = user::create(
                c,
                &keyring,
                &user::NewUser {
                    tenant_id: &tid,
                    organisation_id: &org.organisation_id(),
                    username: &verbind_domain::username::Username::parse("vs-beheer").unwrap(),
                    role: verbind_domain::Role::Admin,
                    display_name: "Vera Voorbeeld (fictief)",
                    email: None,
                    locale: verbind_domain::Locale::NlBe,
                    password_hash: Some(common::demo_hash().to_owned()),
                },
                now,
            )?;
            Ok((t, u))
        })
        .unwrap();
    // The Sint-Niklaas admin cannot give its seat to the other tenant's user.
    let sn = app
        .db
        .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
        .unwrap()
        .unwrap();
    let seat = app
        .db
        .read(|c| body::find_seat_by_slug(c, &sn.tenant_id(), "partnertafel", "partnertafel-caw"))
        .unwrap()
        .unwrap();
    let mut admin = Client::new(&app);
    admin.login_demo("beheerder").await;
    common::fresh_reauth(&app, &admin);
    let csrf = common::csrf_in(&admin.get("/organisaties").await.body).unwrap();
    let r = admin
        .post_form(
            &format!("/organisaties/zetels/{}", seat.id),
            &[("csrf", &csrf), ("holder", &other_user.id)],
        )
        .await;
    assert_eq!(r.status, 404);
    // The other tenant's admin sees only its own bodies and cannot touch Sint-Niklaas seats.
    let mut vs = Client::new(&app);
    vs.login_demo("vs-beheer").await;
    let page = vs.get("/organisaties").await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("Justitiehuis Dendermonde"));
    assert!(!page.body.contains("Dana Deskundig"));
    common::fresh_reauth(&app, &vs);
    let vcsrf = common::csrf_in(&page.body).unwrap();
    let r = vs
        .post_form(
            &format!("/organisaties/zetels/{}", seat.id),
            &[("csrf", &vcsrf), ("holder", "")],
        )
        .await;
    assert_eq!(r.status, 404);
    let still = app
        .db
        .read(|c| body::find_seat_by_slug(c, &sn.tenant_id(), "partnertafel", "partnertafel-caw"))
        .unwrap()
        .unwrap();
    assert!(still.holder_user_id.is_some(), "unchanged");
    let me = vs.get("/api/v1/me").await.json();
    assert_eq!(me["tenant"]["id"], other_tenant.id);
});

scenario!(
    cooperation_agreements_are_recorded_by_the_admin,
    |app: TestApp| async move {
        let sn = app
            .db
            .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
            .unwrap()
            .unwrap();
        let caw = app
            .db
            .read(|c| {
                verbind_store::models::organisation::find_by_slug(
                    c,
                    &sn.tenant_id(),
                    "caw-oost-vlaanderen",
                )
            })
            .unwrap()
            .unwrap();
        let mut admin = Client::new(&app);
        admin.login_demo("beheerder").await;
        let csrf = common::csrf_in(&admin.get("/organisaties").await.body).unwrap();
        let fields = [
            ("csrf", csrf.as_str()),
            ("organisatie", caw.id.as_str()),
            ("datum", "01/09/2026"),
            (
                "reikwijdte",
                "Reikwijdte-7f3a: deelname aan de Partnertafel",
            ),
        ];
        let r = admin
            .post_form("/organisaties/overeenkomsten", &fields)
            .await;
        assert_eq!(
            r.header("location").as_deref(),
            Some("/account/bevestigen?terug=/organisaties")
        );
        common::fresh_reauth(&app, &admin);
        let r = admin
            .post_form(
                "/organisaties/overeenkomsten",
                &[
                    ("csrf", &csrf),
                    ("organisatie", &caw.id),
                    ("datum", "1 sept"),
                    ("reikwijdte", "x"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert_eq!(
            admin
                .post_form("/organisaties/overeenkomsten", &fields)
                .await
                .status,
            303
        );
        let page = admin.get("/organisaties").await;
        assert!(page.body.contains("Reikwijdte-7f3a") && page.body.contains("01/09/2026"));
        // The expert sees them; a partner cannot record one.
        let mut expert = Client::new(&app);
        expert.login_demo("deskundige").await;
        assert!(
            expert
                .get("/organisaties")
                .await
                .body
                .contains("Reikwijdte-7f3a")
        );
        let mut p = Client::new(&app);
        p.login_demo("politie").await;
        let pc = common::csrf_in(&p.get("/").await.body).unwrap();
        assert_eq!(
            p.post_form(
                "/organisaties/overeenkomsten",
                &[
                    ("csrf", &pc),
                    ("organisatie", &caw.id),
                    ("datum", "01/09/2026"),
                    ("reikwijdte", "x")
                ]
            )
            .await
            .status,
            403
        );
        // The scope is free text: sealed at rest.
        let raw: Vec<Vec<u8>> = app
            .db
            .read(|c| {
                use diesel::prelude::*;
                use verbind_store::schema::cooperation_agreements;
                Ok(cooperation_agreements::table
                    .select(cooperation_agreements::scope_enc)
                    .load(c)?)
            })
            .unwrap();
        assert!(raw.iter().all(|b| !b.windows(4).any(|w| w == b"7f3a")));
    }
);
