//! The district (okres) a client lives in: the ministry's yearly *výkaz*
//! counts every service's users by it. The 77 districts carry the codes of
//! the Czech Statistical Office (LAU 1, `CZ0201` Benešov); their first five
//! characters name the region (kraj). One more value says abroad or not
//! known. A fixed list, not the admin's: the ministry's table has exactly
//! these rows.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A district, by its code in [`DISTRICTS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct District(&'static str);

/// Abroad, or the client would not say.
pub const ABROAD_OR_UNKNOWN: &str = "ZZ";

/// Every district, by region in the office's order, then abroad/unknown.
pub const DISTRICTS: [(&str, &str); 78] = [
    ("CZ0100", "Hlavní město Praha"),
    ("CZ0201", "Benešov"),
    ("CZ0202", "Beroun"),
    ("CZ0203", "Kladno"),
    ("CZ0204", "Kolín"),
    ("CZ0205", "Kutná Hora"),
    ("CZ0206", "Mělník"),
    ("CZ0207", "Mladá Boleslav"),
    ("CZ0208", "Nymburk"),
    ("CZ0209", "Praha-východ"),
    ("CZ020A", "Praha-západ"),
    ("CZ020B", "Příbram"),
    ("CZ020C", "Rakovník"),
    ("CZ0311", "České Budějovice"),
    ("CZ0312", "Český Krumlov"),
    ("CZ0313", "Jindřichův Hradec"),
    ("CZ0314", "Písek"),
    ("CZ0315", "Prachatice"),
    ("CZ0316", "Strakonice"),
    ("CZ0317", "Tábor"),
    ("CZ0321", "Domažlice"),
    ("CZ0322", "Klatovy"),
    ("CZ0323", "Plzeň-město"),
    ("CZ0324", "Plzeň-jih"),
    ("CZ0325", "Plzeň-sever"),
    ("CZ0326", "Rokycany"),
    ("CZ0327", "Tachov"),
    ("CZ0411", "Cheb"),
    ("CZ0412", "Karlovy Vary"),
    ("CZ0413", "Sokolov"),
    ("CZ0421", "Děčín"),
    ("CZ0422", "Chomutov"),
    ("CZ0423", "Litoměřice"),
    ("CZ0424", "Louny"),
    ("CZ0425", "Most"),
    ("CZ0426", "Teplice"),
    ("CZ0427", "Ústí nad Labem"),
    ("CZ0511", "Česká Lípa"),
    ("CZ0512", "Jablonec nad Nisou"),
    ("CZ0513", "Liberec"),
    ("CZ0514", "Semily"),
    ("CZ0521", "Hradec Králové"),
    ("CZ0522", "Jičín"),
    ("CZ0523", "Náchod"),
    ("CZ0524", "Rychnov nad Kněžnou"),
    ("CZ0525", "Trutnov"),
    ("CZ0531", "Chrudim"),
    ("CZ0532", "Pardubice"),
    ("CZ0533", "Svitavy"),
    ("CZ0534", "Ústí nad Orlicí"),
    ("CZ0631", "Havlíčkův Brod"),
    ("CZ0632", "Jihlava"),
    ("CZ0633", "Pelhřimov"),
    ("CZ0634", "Třebíč"),
    ("CZ0635", "Žďár nad Sázavou"),
    ("CZ0641", "Blansko"),
    ("CZ0642", "Brno-město"),
    ("CZ0643", "Brno-venkov"),
    ("CZ0644", "Břeclav"),
    ("CZ0645", "Hodonín"),
    ("CZ0646", "Vyškov"),
    ("CZ0647", "Znojmo"),
    ("CZ0711", "Jeseník"),
    ("CZ0712", "Olomouc"),
    ("CZ0713", "Prostějov"),
    ("CZ0714", "Přerov"),
    ("CZ0715", "Šumperk"),
    ("CZ0721", "Kroměříž"),
    ("CZ0722", "Uherské Hradiště"),
    ("CZ0723", "Vsetín"),
    ("CZ0724", "Zlín"),
    ("CZ0801", "Bruntál"),
    ("CZ0802", "Frýdek-Místek"),
    ("CZ0803", "Karviná"),
    ("CZ0804", "Nový Jičín"),
    ("CZ0805", "Opava"),
    ("CZ0806", "Ostrava-město"),
    (ABROAD_OR_UNKNOWN, "Zahraničí / neznámo"),
];

impl District {
    pub fn parse(code: &str) -> Option<Self> {
        DISTRICTS
            .iter()
            .find(|(known, _)| *known == code)
            .map(|(known, _)| District(known))
    }

    pub fn code(self) -> &'static str {
        self.0
    }

    pub fn name(self) -> &'static str {
        name_of(self.0)
    }
}

/// The district's name for its code; "Neuvedeno" for none.
pub fn name_of(code: &str) -> &'static str {
    DISTRICTS
        .iter()
        .find(|(known, _)| *known == code)
        .map_or("Neuvedeno", |(_, name)| *name)
}

impl Serialize for District {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for District {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        District::parse(&code).ok_or_else(|| {
            serde::de::Error::custom(format_args!(
                "unknown district {:?}, expected a code like CZ0201",
                crate::text::excerpt(&code, 12)
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_77_districts_and_abroad_each_once() {
        let mut codes: Vec<&str> = DISTRICTS.iter().map(|(code, _)| *code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 78);
        assert!(DISTRICTS[..77]
            .iter()
            .all(|(code, _)| code.len() == 6 && code.starts_with("CZ0")));
    }

    #[test]
    fn a_district_travels_as_its_code_and_an_unknown_one_is_refused() {
        let brno = District::parse("CZ0642").unwrap();
        assert_eq!(brno.name(), "Brno-město");
        assert_eq!(serde_json::to_string(&brno).unwrap(), "\"CZ0642\"");
        assert_eq!(
            serde_json::from_str::<District>("\"CZ0642\"").unwrap(),
            brno
        );
        let wrong = serde_json::from_str::<District>("\"Brno\"").unwrap_err();
        assert!(wrong.to_string().contains("unknown district"), "{wrong}");
    }
}
