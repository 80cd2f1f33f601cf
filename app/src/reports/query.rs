//! The report's address (`?obdobi=rok&lokalita=centrum`), read on the
//! server into a checked [`Filter`]; a bad value is refused naming the
//! parameter.

use super::figures::Filter;
use super::period::{DayRange, PeriodKind};
use crate::error::{AppError, Problem};
use crate::records::kinds::Kind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    pub obdobi: Option<String>,
    pub od: Option<String>,
    #[serde(rename = "do")]
    pub to: Option<String>,
    pub lokalita: Option<String>,
    pub pracovnik: Option<String>,
    pub druh: Option<String>,
    /// A service's id, or [`ALL_SERVICES`] for the organisation's totals;
    /// none means the coordinator's own service where there is one.
    pub sluzba: Option<String>,
    pub strana: Option<String>,
    pub rok: Option<String>,
}

/// `sluzba=vse`: the organisation's totals, chosen.
pub const ALL_SERVICES: &str = "vse";

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn date(field: &str, value: Option<&str>) -> Result<NaiveDate, AppError> {
    let value = value.ok_or_else(|| AppError::invalid(field, Problem::Required))?;
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, Problem::BadCharacters))
}

impl ReportQuery {
    #[cfg(feature = "ssr")]
    pub fn parse(query: &str) -> Result<Self, AppError> {
        serde_urlencoded::from_str(query)
            .map_err(|error| AppError::bad_request(&format!("report address: {error}")))
    }

    pub fn period(&self) -> Result<PeriodKind, AppError> {
        match present(&self.obdobi) {
            None => Ok(PeriodKind::Month),
            Some(slug) => PeriodKind::from_slug(slug)
                .ok_or_else(|| AppError::invalid("obdobi", Problem::Unknown)),
        }
    }

    pub fn filter(&self, today: NaiveDate) -> Result<Filter, AppError> {
        let range = match self.period()? {
            PeriodKind::Custom => {
                let from = date("od", present(&self.od))?;
                let to = date("do", present(&self.to))?;
                DayRange::custom(from, to)
                    .ok_or_else(|| AppError::invalid("do", Problem::Mismatch))?
            }
            kind => DayRange::containing(kind, today),
        };
        let worker_id = present(&self.pracovnik)
            .map(|id| {
                id.parse::<i64>()
                    .map_err(|_| AppError::invalid("pracovnik", Problem::Unknown))
            })
            .transpose()?;
        let kind = present(&self.druh)
            .map(|slug| {
                Kind::ALL
                    .into_iter()
                    .find(|kind| kind.as_str() == slug)
                    .ok_or_else(|| AppError::invalid("druh", Problem::Unknown))
            })
            .transpose()?;
        Ok(Filter {
            range,
            locality: present(&self.lokalita).map(str::to_owned),
            worker_id,
            kind,
            service_id: self.service()?,
        })
    }

    /// Whether the address says which service (or all of them).
    pub fn names_service(&self) -> bool {
        present(&self.sluzba).is_some()
    }

    pub fn service(&self) -> Result<Option<i64>, AppError> {
        present(&self.sluzba)
            .filter(|id| *id != ALL_SERVICES)
            .map(|id| {
                id.parse::<i64>()
                    .map_err(|_| AppError::invalid("sluzba", Problem::Unknown))
            })
            .transpose()
    }

    pub fn page(&self) -> i64 {
        present(&self.strana)
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
    }

    pub fn year(&self, this_year: i32) -> Result<i32, AppError> {
        match present(&self.rok) {
            None => Ok(this_year),
            Some(year) => year
                .parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| AppError::invalid("rok", Problem::Unknown)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> ReportQuery {
        let mut query = ReportQuery::default();
        for (key, value) in pairs {
            let value = Some((*value).to_owned());
            match *key {
                "obdobi" => query.obdobi = value,
                "od" => query.od = value,
                "do" => query.to = value,
                "pracovnik" => query.pracovnik = value,
                "druh" => query.druh = value,
                "sluzba" => query.sluzba = value,
                _ => query.lokalita = value,
            }
        }
        query
    }

    #[test]
    fn bad_parameters_are_refused_by_name() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let field = |query: ReportQuery| match query.filter(today) {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert_eq!(field(q(&[("obdobi", "stoleti")])), "obdobi");
        assert_eq!(
            field(q(&[("obdobi", "vlastni"), ("od", "2026-01-01")])),
            "do"
        );
        assert_eq!(
            field(q(&[
                ("obdobi", "vlastni"),
                ("od", "2026-05-01"),
                ("do", "2026-04-01")
            ])),
            "do"
        );
        assert_eq!(field(q(&[("pracovnik", "jana")])), "pracovnik");
        assert_eq!(field(q(&[("druh", "visit")])), "druh");
        assert_eq!(field(q(&[("sluzba", "kc")])), "sluzba");
    }

    #[test]
    fn the_default_is_this_month_over_everything() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let filter = ReportQuery::default().filter(today).unwrap();
        assert_eq!(filter.range.days(), 30);
        assert_eq!(
            (
                filter.locality,
                filter.worker_id,
                filter.kind,
                filter.service_id
            ),
            (None, None, None, None)
        );
        let custom = q(&[
            ("obdobi", "vlastni"),
            ("od", "2026-01-01"),
            ("do", "2026-01-31"),
            ("druh", "exchange"),
            ("sluzba", "2"),
        ]);
        let filter = custom.filter(today).unwrap();
        assert_eq!(filter.range.days(), 31);
        assert_eq!(filter.kind, Some(Kind::Exchange));
        assert_eq!(filter.service_id, Some(2));
    }
}
