//! The page frame every template shares, and the small pages that have no area
//! of their own (error page). Area pages live next to their handlers.

use askama::Template;
use verbind_domain::Role;
use verbind_domain::policy::{
    Action, PreventionAction, PreventionContext, decide, decide_prevention,
};

use crate::i18n::Tr;
use crate::middleware::session::CurrentSession;

/// One link in the navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

/// What the frame needs: language, demo banner, CSRF token, the user and navigation.
#[derive(Debug, Clone)]
pub struct Page {
    pub tr: Tr,
    pub demo: bool,
    pub csrf: String,
    pub title: String,
    pub user: Option<NavUser>,
    pub nav: Vec<NavItem>,
    /// Where the language switch returns to (a public page); the dashboard otherwise.
    pub back: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NavUser {
    pub username: String,
    pub role_label: String,
}

impl Page {
    /// The frame for a logged-in user; the navigation shows what the policy allows.
    pub fn for_session(
        tr: Tr,
        demo: bool,
        s: &CurrentSession,
        title_key: &str,
        current: &str,
    ) -> Self {
        let actor = s.actor();
        let mut nav = Vec::new();
        let items: [(&'static str, &str, Action); 11] = [
            ("/", "nav-dashboard", Action::ViewDashboard),
            ("/casussen", "nav-cases", Action::ViewCases),
            ("/vergaderingen", "nav-meetings", Action::ViewMeetings),
            (
                "/rapport/stuurgroep",
                "nav-report",
                Action::ViewStuurgroepReport,
            ),
            (
                "/organisaties",
                "nav-organisation",
                Action::ViewOrganisation,
            ),
            ("/beheer/gebruikers", "nav-users", Action::ManageUsers),
            ("/beheer/sessies", "nav-sessions", Action::ManageSessions),
            (
                "/beheer/overdracht",
                "nav-transfer",
                Action::ManageTransferPartners,
            ),
            (
                "/beheer/deontologie",
                "nav-ethics-admin",
                Action::PublishEthicsVersion,
            ),
            ("/audit", "nav-audit", Action::ReadAuditTrail),
            ("/account", "nav-account", Action::ManageOwnAccount),
        ];
        for (href, key, action) in items {
            if decide(&actor, action, &s.tenant_id).is_allowed() {
                nav.push(NavItem {
                    href,
                    label: tr.t(key),
                    current: href == current,
                });
            }
        }
        // Prevention, as the prevention policy allows, after the case work.
        let ctx = PreventionContext::default();
        let prevention: [(&'static str, &str, &[PreventionAction]); 10] = [
            (
                "/contacten",
                "nav-contacts",
                &[PreventionAction::ManageContacts],
            ),
            (
                "/signalen",
                "nav-signals",
                &[
                    PreventionAction::SubmitSignal,
                    PreventionAction::ViewSignalTrends,
                ],
            ),
            (
                "/spanningen",
                "nav-tensions",
                &[PreventionAction::ManageTensions],
            ),
            (
                "/referentiepersonen",
                "nav-reference-persons",
                &[PreventionAction::ManageReferenceNetwork],
            ),
            (
                "/vormingen",
                "nav-trainings",
                &[PreventionAction::ManageTrainings],
            ),
            (
                "/werkgroep",
                "nav-working-group",
                &[PreventionAction::ManageWorkingGroup],
            ),
            (
                "/stille-midden",
                "nav-silent-middle",
                &[PreventionAction::ManageSilentMiddle],
            ),
            (
                "/workshops",
                "nav-workshops",
                &[
                    PreventionAction::ManageWorkshops,
                    PreventionAction::ViewWorkshopCoverage,
                ],
            ),
            (
                "/actieplan",
                "nav-action-plan",
                &[
                    PreventionAction::ManageActionPlan,
                    PreventionAction::ViewActionPlan,
                ],
            ),
            (
                "/kennisbank/beheer",
                "nav-knowledge-base",
                &[PreventionAction::ManageKnowledgeBase],
            ),
        ];
        let mut at = nav
            .iter()
            .position(|i| !["/", "/casussen", "/vergaderingen"].contains(&i.href))
            .unwrap_or(nav.len());
        for (href, key, actions) in prevention {
            if actions
                .iter()
                .any(|a| decide_prevention(&actor, &s.tenant_id, *a, &ctx).is_allowed())
            {
                nav.insert(
                    at,
                    NavItem {
                        href,
                        label: tr.t(key),
                        current: href == current,
                    },
                );
                at += 1;
            }
        }
        Self {
            tr,
            demo,
            csrf: s.csrf.clone(),
            title: tr.t(title_key),
            user: Some(NavUser {
                username: s.username.clone(),
                role_label: role_label(tr, s.role),
            }),
            nav,
            back: None,
        }
    }

    /// The frame for an anonymous visitor.
    pub fn anonymous(tr: Tr, demo: bool, csrf: String, title_key: &str) -> Self {
        Self {
            tr,
            demo,
            csrf,
            title: tr.t(title_key),
            user: None,
            nav: Vec::new(),
            back: None,
        }
    }

    /// Makes the language switch return to `path` (a local path) instead of
    /// the dashboard: for pages people reach without an account.
    pub fn with_back(mut self, path: impl Into<String>) -> Self {
        self.back = Some(path.into());
        self
    }
}

pub fn role_label(tr: Tr, role: Role) -> String {
    tr.t(&format!("role-{}", role.code()))
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub tr: Tr,
    pub status: u16,
    pub title: String,
    pub text: String,
    pub request_id: String,
}
