//! Word lists for the demo: believable British small-business customers and the people in them.

use std::collections::HashSet;

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

const PLACES: &[&str] = &[
    "Harbour",
    "Riverside",
    "Oakwood",
    "Kingsway",
    "Millbrook",
    "Ashford",
    "Bramble",
    "Castle",
    "Elmstead",
    "Fernhill",
    "Greenway",
    "Hawthorn",
    "Ivy",
    "Juniper",
    "Kestrel",
    "Larch",
    "Meadow",
    "Northgate",
    "Orchard",
    "Pennine",
    "Quayside",
    "Redbrick",
    "Seaview",
    "Thornbury",
    "Upland",
    "Valley",
    "Willow",
    "Yew Tree",
    "Abbey",
    "Beacon",
    "Copper",
    "Dale",
    "Eastfield",
    "Foxglove",
    "Granary",
    "Highfield",
    "Iron Bridge",
    "Jubilee",
    "Kiln",
    "Lantern",
    "Marlow",
    "Nettle",
    "Old Mill",
    "Pebble",
    "Quarry",
    "Rowan",
    "Saltmarsh",
    "Tannery",
    "Union",
    "Victoria",
    "Wharf",
    "Albion",
    "Blackthorn",
    "Cedar",
    "Dovecote",
    "Ember",
    "Falcon",
    "Gable",
    "Heron",
    "Lark",
];

const TRADES: &[&str] = &[
    "Bakery",
    "Florist",
    "Joinery",
    "Dental Practice",
    "Cafe",
    "Hardware",
    "Bookshop",
    "Garage",
    "Salon",
    "Deli",
    "Brewery",
    "Print Works",
    "Vets",
    "Pharmacy",
    "Surveyors",
    "Plumbing",
    "Electrical",
    "Interiors",
    "Tiling",
    "Roofing",
    "Catering",
    "Pottery",
    "Gallery",
    "Framing",
    "Stationers",
    "Outfitters",
    "Cycles",
    "Kitchens",
    "Landscapes",
    "Nursery",
    "Opticians",
    "Physio",
    "Architects",
    "Law",
    "Lettings",
    "Studios",
    "Bistro",
    "Butchers",
    "Grocers",
    "Fishmongers",
    "Tailors",
    "Cobblers",
    "Upholstery",
    "Glazing",
    "Removals",
    "Cleaning",
    "Kennels",
    "Dairy",
    "Farm Shop",
    "Wine Merchants",
];

const SUFFIXES: &[&str] = &["Ltd", "Ltd", "Ltd", "& Co", "LLP", "Partners", "Co-op", ""];

const FIRST_NAMES: &[&str] = &[
    "Amelia",
    "Oliver",
    "Isla",
    "George",
    "Ava",
    "Harry",
    "Mia",
    "Noah",
    "Grace",
    "Jack",
    "Freya",
    "Leo",
    "Priya",
    "Arjun",
    "Chloe",
    "Samuel",
    "Fatima",
    "Yusuf",
    "Hannah",
    "Thomas",
    "Zara",
    "Daniel",
    "Lucy",
    "Kwame",
    "Sophie",
    "Tomasz",
    "Aoife",
    "Callum",
    "Megan",
    "Rhys",
    "Siobhan",
    "Ewan",
    "Nadia",
    "Marcus",
    "Eleanor",
    "Ibrahim",
    "Charlotte",
    "Ravi",
    "Poppy",
    "Declan",
];

const LAST_NAMES: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Khan", "Clarke", "Hughes", "Edwards", "Lewis", "Wood", "Harris", "Martin", "Jackson",
    "Clarke", "Nowak", "O'Brien", "Murphy", "Campbell", "Stewart", "Singh", "Ahmed", "Okafor",
    "Morgan", "Price", "Kaur", "Fraser",
];

const STREETS: &[&str] = &[
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Road",
    "Victoria Road",
    "Park Avenue",
    "Queen Street",
    "The Green",
    "Market Place",
    "Bridge Street",
    "North Road",
    "King's Parade",
];

const TOWNS: &[&str] = &[
    "Bristol",
    "Leeds",
    "York",
    "Norwich",
    "Bath",
    "Exeter",
    "Cardiff",
    "Glasgow",
    "Belfast",
    "Brighton",
    "Chester",
    "Durham",
    "Oxford",
    "Cambridge",
    "Canterbury",
    "Lincoln",
    "Truro",
];

fn pick<'a>(rng: &mut ChaCha8Rng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

/// A business name not used before in this organisation ("Harbour Bakery Ltd"). The word lists
/// give ~24,000 combinations; past that a town is added so names stay unique and readable.
pub fn business_name(rng: &mut ChaCha8Rng, used: &mut HashSet<String>) -> String {
    for attempt in 0.. {
        let place = pick(rng, PLACES);
        let trade = pick(rng, TRADES);
        let suffix = pick(rng, SUFFIXES);
        let mut name = format!("{place} {trade}");
        if attempt > 20 {
            name = format!("{name} of {}", pick(rng, TOWNS));
        }
        if attempt > 60 {
            name = format!("{name} {attempt}");
        }
        if !suffix.is_empty() {
            name = format!("{name} {suffix}");
        }
        if used.insert(name.clone()) {
            return name;
        }
    }
    unreachable!("the loop above always returns")
}

pub fn person_name(rng: &mut ChaCha8Rng) -> (String, String) {
    (
        pick(rng, FIRST_NAMES).to_owned(),
        pick(rng, LAST_NAMES).to_owned(),
    )
}

/// `harbourbakery.example` from "Harbour Bakery Ltd": the reserved `.example` domain, so no demo
/// address can ever reach a real mailbox.
pub fn email_domain(business: &str) -> String {
    let slug: String = business
        .split_whitespace()
        .take(3)
        .flat_map(|w| w.chars())
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    format!("{slug}.example")
}

/// Most customers are billed in pounds; some in euros or dollars, at Xero-style rates (units of
/// the currency per pound).
pub fn currency_for(rng: &mut ChaCha8Rng) -> (&'static str, Decimal) {
    match rng.random_range(0..10) {
        0 => ("EUR", Decimal::new(11_700, 4)),
        1 => ("USD", Decimal::new(12_700, 4)),
        _ => ("GBP", Decimal::ONE),
    }
}

pub fn street(rng: &mut ChaCha8Rng) -> &'static str {
    pick(rng, STREETS)
}

pub fn town(rng: &mut ChaCha8Rng) -> &'static str {
    pick(rng, TOWNS)
}

pub fn postcode(rng: &mut ChaCha8Rng) -> String {
    let letters = b"ABCDEFGHJKLMNPRSTUWYZ";
    let l = |rng: &mut ChaCha8Rng| letters[rng.random_range(0..letters.len())] as char;
    format!(
        "{}{}{} {}{}{}",
        l(rng),
        l(rng),
        rng.random_range(1..=20),
        rng.random_range(1..=9),
        l(rng),
        l(rng)
    )
}
