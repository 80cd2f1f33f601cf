//! The admin-edited lists: localities, service acts and materials, and the
//! organisation's services with the ones the reader works for.
//!
//! An item may be meant for some types of service only (injecting material
//! for the drug services, an individual-plan review for a halfway house);
//! each type brings its default pack of items (`services::packs`) when the
//! organisation first runs a service of that type.
//!
//! They are data, not enums, and carry one version number that every edit
//! bumps, so a phone holding a cached copy can tell in one comparison whether
//! it is stale. [`cache`] keeps the phone's copy; the sync engine refreshes
//! it when a sync answer carries a newer version.

pub mod api;
pub mod cache;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod store;

use crate::services::{Service, ServiceType};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ListKind {
    Locality,
    ServiceAct,
    Material,
    /// The violent person's relation to the endangered person, in an
    /// intervention centre's case.
    Relation,
    /// Whom a contact was with, as the ministry's list of target groups
    /// names them, so its yearly report adds up.
    TargetGroup,
    /// Where a crisis visit took place.
    Place,
    /// What was done in a crisis visit.
    Intervention,
}

impl ListKind {
    pub const ALL: [ListKind; 7] = [
        ListKind::TargetGroup,
        ListKind::Locality,
        ListKind::ServiceAct,
        ListKind::Material,
        ListKind::Place,
        ListKind::Intervention,
        ListKind::Relation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Locality => "locality",
            ListKind::ServiceAct => "service_act",
            ListKind::Material => "material",
            ListKind::Relation => "relation",
            ListKind::TargetGroup => "target_group",
            ListKind::Place => "place",
            ListKind::Intervention => "intervention",
        }
    }

    pub fn parse(value: &str) -> Option<ListKind> {
        ListKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueItem {
    pub id: i64,
    pub list: String,
    pub code: String,
    pub label: String,
    pub active: bool,
    pub position: i64,
    /// The types of service the item is offered to; empty for every one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_types: Vec<ServiceType>,
}

impl CatalogueItem {
    pub fn is_for(&self, service_type: ServiceType) -> bool {
        self.service_types.is_empty() || self.service_types.contains(&service_type)
    }
}

/// The stored form of a set of types: their names separated by spaces.
pub fn types_to_text(types: &[ServiceType]) -> String {
    let mut names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.join(" ")
}

/// Reads [`types_to_text`] back; names of no known type are skipped.
pub fn types_from_text(text: &str) -> Vec<ServiceType> {
    text.split_whitespace()
        .filter_map(ServiceType::parse)
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub version: i64,
    pub items: Vec<CatalogueItem>,
    /// Every service of the organisation, inactive ones included (a phone
    /// may hold a record logged before a service closed).
    #[serde(default)]
    pub services: Vec<Service>,
    /// The active services of the user who fetched the catalogue; empty
    /// where the server loads it for itself.
    #[serde(default)]
    pub assigned: Vec<i64>,
    /// Whose `assigned` it is: on a shared phone the cached copy may be
    /// another worker's until it is fetched again.
    #[serde(default)]
    pub reader: Option<i64>,
    /// The reader's services' recent cases, so offers and visits can be
    /// logged against them offline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<CaseRef>,
}

/// An intervention centre's case as a phone needs it: enough to pick it
/// and to say how much of the 48 hours is left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRef {
    pub id: String,
    pub number: String,
    pub service: i64,
    /// RFC 3339, as typed when the case was opened.
    pub received_at: String,
    /// The first offer, consultation or visit in the case (UTC), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_offer_utc: Option<String>,
}

/// How long cases stay on the phones after the police record arrived: long
/// enough for the follow-ups a crisis usually needs.
pub const CASE_DAYS_ON_PHONE: i64 = 60;

impl Catalogue {
    /// The active services `user` works for, as the phone offers them;
    /// `None` when this copy was fetched by someone else.
    pub fn services_of(&self, user: i64) -> Option<Vec<Service>> {
        (self.reader == Some(user)).then(|| {
            self.services
                .iter()
                .filter(|service| service.active && self.assigned.contains(&service.id))
                .cloned()
                .collect()
        })
    }

    pub fn list(&self, kind: ListKind) -> impl Iterator<Item = &CatalogueItem> {
        self.items
            .iter()
            .filter(move |item| item.list == kind.as_str())
    }

    /// What a form offers for a service of `service_type` (for every type
    /// while the service is not known yet): the active items meant for it.
    pub fn offered(
        &self,
        kind: ListKind,
        service_type: Option<ServiceType>,
    ) -> impl Iterator<Item = &CatalogueItem> {
        self.list(kind).filter(move |item| {
            item.active && service_type.is_none_or(|service_type| item.is_for(service_type))
        })
    }

    /// A copy fetched before target groups, places and interventions were
    /// lists has none of them, and an updated app may open offline with it:
    /// it gets the items the server has always known (the ones the migration
    /// that made the lists adds), so records can still be logged until the
    /// next fetch brings the real lists.
    pub fn add_lists_of_older_copy(&mut self) {
        const DRUG_SERVICES: &[ServiceType] =
            &[ServiceType::ContactCentre, ServiceType::FieldProgramme];
        let lists: [(ListKind, &[OlderItem]); 3] = [
            (
                ListKind::TargetGroup,
                &[
                    ("injecting_user", "Injekční uživatelé drog", DRUG_SERVICES),
                    (
                        "non_injecting_user",
                        "Neinjekční uživatelé drog",
                        DRUG_SERVICES,
                    ),
                    ("family_or_close", "Rodina a blízcí", DRUG_SERVICES),
                    ("other", "Jiní", &[]),
                ],
            ),
            (
                ListKind::Place,
                &[
                    ("home", "Domácnost", &[]),
                    ("hospital", "Nemocnice", &[]),
                    ("shelter", "Azylový dům", &[]),
                    ("police", "Policie", &[]),
                    ("street", "Ulice", &[]),
                    ("other", "Jinde", &[]),
                ],
            ),
            (
                ListKind::Intervention,
                &[
                    ("crisis_intervention", "Krizová intervence", &[]),
                    ("safety_plan", "Bezpečnostní plán", &[]),
                    (
                        "protective_measures",
                        "Informace o ochranných opatřeních",
                        &[],
                    ),
                    ("criminal_proceedings", "Informace o trestním řízení", &[]),
                    ("referral_shelter", "Zprostředkování azylového bydlení", &[]),
                    ("referral_police", "Zprostředkování policie", &[]),
                    ("referral_psychologist", "Zprostředkování psychologa", &[]),
                    ("referral_lawyer", "Zprostředkování právníka", &[]),
                    ("accompanying", "Doprovod", &[]),
                ],
            ),
        ];
        for (kind, items) in lists {
            if self.list(kind).next().is_some() {
                continue;
            }
            for (position, (code, label, service_types)) in (1..).zip(items) {
                self.items.push(CatalogueItem {
                    id: -(kind as i64 * 100 + position),
                    list: kind.as_str().to_owned(),
                    code: (*code).to_owned(),
                    label: (*label).to_owned(),
                    active: true,
                    position,
                    service_types: service_types.to_vec(),
                });
            }
        }
    }

    /// The types of the organisation's services, in the order of
    /// [`ServiceType::ALL`].
    pub fn service_types(&self) -> Vec<ServiceType> {
        ServiceType::ALL
            .into_iter()
            .filter(|t| self.services.iter().any(|s| s.service_type == *t))
            .collect()
    }
}

/// An item [`Catalogue::add_lists_of_older_copy`] adds: code, label and the
/// types of service it is for.
type OlderItem = (&'static str, &'static str, &'static [ServiceType]);

pub const LABEL_MAX: usize = 80;

#[cfg(test)]
mod tests {
    use super::*;

    fn item(code: &str, types: &[ServiceType], active: bool) -> CatalogueItem {
        CatalogueItem {
            id: 0,
            list: ListKind::ServiceAct.as_str().to_owned(),
            code: code.to_owned(),
            label: code.to_owned(),
            active,
            position: 0,
            service_types: types.to_vec(),
        }
    }

    #[test]
    fn a_form_offers_the_active_items_meant_for_its_type() {
        let catalogue = Catalogue {
            version: 1,
            items: vec![
                item("poradenstvi", &[], true),
                item(
                    "hr-informace",
                    &[ServiceType::ContactCentre, ServiceType::FieldProgramme],
                    true,
                ),
                item("dpc-finance", &[ServiceType::HalfwayHouse], true),
                item("stary", &[], false),
            ],
            services: Vec::new(),
            assigned: Vec::new(),
            reader: None,
            cases: Vec::new(),
        };
        let offered = |t| {
            catalogue
                .offered(ListKind::ServiceAct, t)
                .map(|i| i.code.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            offered(Some(ServiceType::HalfwayHouse)),
            ["poradenstvi", "dpc-finance"]
        );
        assert_eq!(
            offered(Some(ServiceType::FieldProgramme)),
            ["poradenstvi", "hr-informace"]
        );
        assert_eq!(
            offered(None),
            ["poradenstvi", "hr-informace", "dpc-finance"]
        );
    }

    #[test]
    fn pack_items_are_valid_items_with_codes_of_their_own() {
        let mut codes = std::collections::HashSet::new();
        for service_type in ServiceType::ALL {
            for (list, code, label) in crate::services::packs::of(service_type) {
                assert!(ListKind::parse(list).is_some(), "{list} is no list");
                assert!(codes.insert((*list, *code)), "{code} is in two packs");
                assert_eq!(crate::text::slug(code), *code, "{code} is not a slug");
                assert!(label.chars().count() <= LABEL_MAX, "{label} is too long");
            }
        }
        assert!(!crate::services::packs::of(ServiceType::HalfwayHouse).is_empty());
    }

    #[test]
    fn an_older_copy_gets_the_lists_the_server_knows() {
        let mut older = Catalogue {
            version: 7,
            items: vec![item("poradenstvi", &[], true)],
            services: Vec::new(),
            assigned: Vec::new(),
            reader: None,
            cases: Vec::new(),
        };
        older.add_lists_of_older_copy();
        let groups = |catalogue: &Catalogue, t| {
            catalogue
                .offered(ListKind::TargetGroup, Some(t))
                .map(|i| i.code.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            groups(&older, ServiceType::ContactCentre),
            [
                "injecting_user",
                "non_injecting_user",
                "family_or_close",
                "other"
            ]
        );
        assert_eq!(groups(&older, ServiceType::CrisisHelp), ["other"]);
        // A copy that has the list keeps it as it is.
        let mut newer = older.clone();
        newer.items.retain(|i| i.code != "family_or_close");
        newer.add_lists_of_older_copy();
        assert_eq!(newer.list(ListKind::TargetGroup).count(), 3);
        assert_eq!(older.list(ListKind::Place).count(), 6);
        assert_eq!(older.list(ListKind::Intervention).count(), 9);
    }

    #[test]
    fn a_set_of_types_reads_back_from_its_text() {
        let types = [ServiceType::FieldProgramme, ServiceType::ContactCentre];
        let text = types_to_text(&types);
        assert_eq!(text, "contact_centre field_programme");
        assert_eq!(
            types_from_text(&text),
            [ServiceType::ContactCentre, ServiceType::FieldProgramme]
        );
        assert!(types_from_text("").is_empty());
    }

    #[test]
    fn items_from_an_older_copy_are_for_every_service() {
        let json =
            r#"{"id":1,"list":"service_act","code":"x","label":"X","active":true,"position":1}"#;
        let item: CatalogueItem = serde_json::from_str(json).unwrap();
        assert!(item.is_for(ServiceType::HalfwayHouse));
    }
}
