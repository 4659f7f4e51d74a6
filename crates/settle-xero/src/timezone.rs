//! Xero's `Timezone` (Windows zone names, upper case, no spaces, e.g. `NEWZEALANDSTANDARDTIME`)
//! to the IANA zone settle-core computes schedules in, following CLDR's windowsZones "001"
//! (territory-neutral) mapping. Every value of the SPEC's TimeZone enum is listed; a name Xero
//! adds later maps to `None`, and the caller asks the owner (NOTES.md §11: treat it as a string).
//! Owns: that table. Must not: guess.

use chrono_tz::Tz;

const TABLE: &[(&str, &str)] = &[
    ("AFGHANISTANSTANDARDTIME", "Asia/Kabul"),
    ("ALASKANSTANDARDTIME", "America/Anchorage"),
    ("ALEUTIANSTANDARDTIME", "America/Adak"),
    ("ALTAISTANDARDTIME", "Asia/Barnaul"),
    ("ARABIANSTANDARDTIME", "Asia/Dubai"),
    ("ARABICSTANDARDTIME", "Asia/Baghdad"),
    ("ARABSTANDARDTIME", "Asia/Riyadh"),
    ("ARGENTINASTANDARDTIME", "America/Argentina/Buenos_Aires"),
    ("ASTRAKHANSTANDARDTIME", "Europe/Astrakhan"),
    ("ATLANTICSTANDARDTIME", "America/Halifax"),
    ("AUSCENTRALSTANDARDTIME", "Australia/Darwin"),
    ("AUSCENTRALWSTANDARDTIME", "Australia/Eucla"),
    ("AUSEASTERNSTANDARDTIME", "Australia/Sydney"),
    ("AZERBAIJANSTANDARDTIME", "Asia/Baku"),
    ("AZORESSTANDARDTIME", "Atlantic/Azores"),
    ("BAHIASTANDARDTIME", "America/Bahia"),
    ("BANGLADESHSTANDARDTIME", "Asia/Dhaka"),
    ("BELARUSSTANDARDTIME", "Europe/Minsk"),
    ("BOUGAINVILLESTANDARDTIME", "Pacific/Bougainville"),
    ("CANADACENTRALSTANDARDTIME", "America/Regina"),
    ("CAPEVERDESTANDARDTIME", "Atlantic/Cape_Verde"),
    ("CAUCASUSSTANDARDTIME", "Asia/Yerevan"),
    ("CENAUSTRALIASTANDARDTIME", "Australia/Adelaide"),
    ("CENTRALAMERICASTANDARDTIME", "America/Guatemala"),
    ("CENTRALASIASTANDARDTIME", "Asia/Bishkek"),
    ("CENTRALBRAZILIANSTANDARDTIME", "America/Cuiaba"),
    ("CENTRALEUROPEANSTANDARDTIME", "Europe/Warsaw"),
    ("CENTRALEUROPESTANDARDTIME", "Europe/Budapest"),
    ("CENTRALPACIFICSTANDARDTIME", "Pacific/Guadalcanal"),
    ("CENTRALSTANDARDTIME", "America/Chicago"),
    ("CENTRALSTANDARDTIME(MEXICO)", "America/Mexico_City"),
    ("CHATHAMISLANDSSTANDARDTIME", "Pacific/Chatham"),
    ("CHINASTANDARDTIME", "Asia/Shanghai"),
    ("CUBASTANDARDTIME", "America/Havana"),
    ("DATELINESTANDARDTIME", "Etc/GMT+12"),
    ("EAFRICASTANDARDTIME", "Africa/Nairobi"),
    ("EASTERISLANDSTANDARDTIME", "Pacific/Easter"),
    ("EASTERNSTANDARDTIME", "America/New_York"),
    ("EASTERNSTANDARDTIME(MEXICO)", "America/Cancun"),
    ("EAUSTRALIASTANDARDTIME", "Australia/Brisbane"),
    ("EEUROPESTANDARDTIME", "Europe/Chisinau"),
    ("EGYPTSTANDARDTIME", "Africa/Cairo"),
    ("EKATERINBURGSTANDARDTIME", "Asia/Yekaterinburg"),
    ("ESOUTHAMERICASTANDARDTIME", "America/Sao_Paulo"),
    ("FIJISTANDARDTIME", "Pacific/Fiji"),
    ("FLESTANDARDTIME", "Europe/Kyiv"),
    ("GEORGIANSTANDARDTIME", "Asia/Tbilisi"),
    ("GMTSTANDARDTIME", "Europe/London"),
    ("GREENLANDSTANDARDTIME", "America/Nuuk"),
    ("GREENWICHSTANDARDTIME", "Atlantic/Reykjavik"),
    ("GTBSTANDARDTIME", "Europe/Bucharest"),
    ("HAITISTANDARDTIME", "America/Port-au-Prince"),
    ("HAWAIIANSTANDARDTIME", "Pacific/Honolulu"),
    ("INDIASTANDARDTIME", "Asia/Kolkata"),
    ("IRANSTANDARDTIME", "Asia/Tehran"),
    ("ISRAELSTANDARDTIME", "Asia/Jerusalem"),
    ("JORDANSTANDARDTIME", "Asia/Amman"),
    ("KALININGRADSTANDARDTIME", "Europe/Kaliningrad"),
    ("KAMCHATKASTANDARDTIME", "Asia/Kamchatka"),
    ("KOREASTANDARDTIME", "Asia/Seoul"),
    ("LIBYASTANDARDTIME", "Africa/Tripoli"),
    ("LINEISLANDSSTANDARDTIME", "Pacific/Kiritimati"),
    ("LORDHOWESTANDARDTIME", "Australia/Lord_Howe"),
    ("MAGADANSTANDARDTIME", "Asia/Magadan"),
    ("MAGALLANESSTANDARDTIME", "America/Punta_Arenas"),
    ("MARQUESASSTANDARDTIME", "Pacific/Marquesas"),
    ("MAURITIUSSTANDARDTIME", "Indian/Mauritius"),
    ("MIDATLANTICSTANDARDTIME", "Etc/GMT+2"),
    ("MIDDLEEASTSTANDARDTIME", "Asia/Beirut"),
    ("MONTEVIDEOSTANDARDTIME", "America/Montevideo"),
    ("MOROCCOSTANDARDTIME", "Africa/Casablanca"),
    ("MOUNTAINSTANDARDTIME", "America/Denver"),
    ("MOUNTAINSTANDARDTIME(MEXICO)", "America/Mazatlan"),
    ("MYANMARSTANDARDTIME", "Asia/Yangon"),
    ("NAMIBIASTANDARDTIME", "Africa/Windhoek"),
    ("NCENTRALASIASTANDARDTIME", "Asia/Novosibirsk"),
    ("NEPALSTANDARDTIME", "Asia/Kathmandu"),
    ("NEWFOUNDLANDSTANDARDTIME", "America/St_Johns"),
    ("NEWZEALANDSTANDARDTIME", "Pacific/Auckland"),
    ("NORFOLKSTANDARDTIME", "Pacific/Norfolk"),
    ("NORTHASIAEASTSTANDARDTIME", "Asia/Irkutsk"),
    ("NORTHASIASTANDARDTIME", "Asia/Krasnoyarsk"),
    ("NORTHKOREASTANDARDTIME", "Asia/Pyongyang"),
    ("OMSKSTANDARDTIME", "Asia/Omsk"),
    ("PACIFICSASTANDARDTIME", "America/Santiago"),
    ("PACIFICSTANDARDTIME", "America/Los_Angeles"),
    ("PACIFICSTANDARDTIME(MEXICO)", "America/Tijuana"),
    ("PAKISTANSTANDARDTIME", "Asia/Karachi"),
    ("PARAGUAYSTANDARDTIME", "America/Asuncion"),
    ("QYZYLORDASTANDARDTIME", "Asia/Qyzylorda"),
    ("ROMANCESTANDARDTIME", "Europe/Paris"),
    ("RUSSIANSTANDARDTIME", "Europe/Moscow"),
    ("RUSSIATIMEZONE10", "Asia/Srednekolymsk"),
    ("RUSSIATIMEZONE11", "Asia/Kamchatka"),
    ("RUSSIATIMEZONE3", "Europe/Samara"),
    ("SAEASTERNSTANDARDTIME", "America/Cayenne"),
    ("SAINTPIERRESTANDARDTIME", "America/Miquelon"),
    ("SAKHALINSTANDARDTIME", "Asia/Sakhalin"),
    ("SAMOASTANDARDTIME", "Pacific/Apia"),
    ("SAOTOMESTANDARDTIME", "Africa/Sao_Tome"),
    ("SAPACIFICSTANDARDTIME", "America/Bogota"),
    ("SARATOVSTANDARDTIME", "Europe/Saratov"),
    ("SAWESTERNSTANDARDTIME", "America/La_Paz"),
    ("SEASIASTANDARDTIME", "Asia/Bangkok"),
    ("SINGAPORESTANDARDTIME", "Asia/Singapore"),
    ("SOUTHAFRICASTANDARDTIME", "Africa/Johannesburg"),
    ("SOUTHSUDANSTANDARDTIME", "Africa/Juba"),
    ("SRILANKASTANDARDTIME", "Asia/Colombo"),
    ("SUDANSTANDARDTIME", "Africa/Khartoum"),
    ("SYRIASTANDARDTIME", "Asia/Damascus"),
    ("TAIPEISTANDARDTIME", "Asia/Taipei"),
    ("TASMANIASTANDARDTIME", "Australia/Hobart"),
    ("TOCANTINSSTANDARDTIME", "America/Araguaina"),
    ("TOKYOSTANDARDTIME", "Asia/Tokyo"),
    ("TOMSKSTANDARDTIME", "Asia/Tomsk"),
    ("TONGASTANDARDTIME", "Pacific/Tongatapu"),
    ("TRANSBAIKALSTANDARDTIME", "Asia/Chita"),
    ("TURKEYSTANDARDTIME", "Europe/Istanbul"),
    ("TURKSANDCAICOSSTANDARDTIME", "America/Grand_Turk"),
    ("ULAANBAATARSTANDARDTIME", "Asia/Ulaanbaatar"),
    ("USEASTERNSTANDARDTIME", "America/Indiana/Indianapolis"),
    ("USMOUNTAINSTANDARDTIME", "America/Phoenix"),
    ("UTC", "Etc/UTC"),
    ("UTC+12", "Etc/GMT-12"),
    ("UTC+13", "Etc/GMT-13"),
    ("UTC02", "Etc/GMT+2"),
    ("UTC08", "Etc/GMT+8"),
    ("UTC09", "Etc/GMT+9"),
    ("UTC11", "Etc/GMT+11"),
    ("VENEZUELASTANDARDTIME", "America/Caracas"),
    ("VLADIVOSTOKSTANDARDTIME", "Asia/Vladivostok"),
    ("VOLGOGRADSTANDARDTIME", "Europe/Volgograd"),
    ("WAUSTRALIASTANDARDTIME", "Australia/Perth"),
    ("WCENTRALAFRICASTANDARDTIME", "Africa/Lagos"),
    ("WESTASIASTANDARDTIME", "Asia/Tashkent"),
    ("WESTBANKSTANDARDTIME", "Asia/Hebron"),
    ("WESTPACIFICSTANDARDTIME", "Pacific/Port_Moresby"),
    ("WEUROPESTANDARDTIME", "Europe/Berlin"),
    ("WMONGOLIASTANDARDTIME", "Asia/Hovd"),
    ("YAKUTSKSTANDARDTIME", "Asia/Yakutsk"),
    ("YUKONSTANDARDTIME", "America/Whitehorse"),
];

/// The IANA zone for Xero's Timezone value, case-insensitively; `None` for a name not listed.
pub fn iana_zone(xero_timezone: &str) -> Option<Tz> {
    let wanted = xero_timezone.trim();
    TABLE
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
        .and_then(|(_, iana)| iana.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_a_real_iana_zone() {
        for (name, iana) in TABLE {
            assert!(iana.parse::<Tz>().is_ok(), "{name} → {iana}");
        }
        assert_eq!(
            iana_zone("NEWZEALANDSTANDARDTIME"),
            Some(chrono_tz::Pacific::Auckland)
        );
        assert_eq!(
            iana_zone("gmtstandardtime"),
            Some(chrono_tz::Europe::London)
        );
        assert_eq!(iana_zone("MARSSTANDARDTIME"), None);
    }

    /// The SPEC's TimeZone enum, when `shared/` is cloned next to the repository.
    #[test]
    fn the_spec_enum_is_covered() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/xero/xero_accounting.yaml"
        );
        let Ok(spec) = std::fs::read_to_string(path) else {
            return;
        };
        let start = spec.find("\n    TimeZone:").expect("TimeZone schema");
        let names: Vec<&str> = spec[start..]
            .lines()
            .skip_while(|l| l.trim() != "enum:")
            .skip(1)
            .map_while(|l| l.strip_prefix("        - "))
            .collect();
        assert_eq!(names.len(), TABLE.len());
        for name in names {
            assert!(iana_zone(name).is_some(), "{name} is not mapped");
        }
    }
}
