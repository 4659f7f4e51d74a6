//! Xero's enums as open sets (NOTES.md pitfall 15: a new Timezone value broke typed SDKs): each
//! known value is a variant, anything else is kept as `Other(String)` so one new value never
//! fails a whole page. Owns: the `open_enum!` macro. Must not: decide what an unknown value means
//! (mapping to settle-core does, by refusing that one record).

/// Declares `enum $name { $Variant, …, Other(String) }` deserialised from Xero's upper-case text.
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value this version of Settle does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            pub fn parse(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }

            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(other) => other,
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok(Self::parse(&text))
            }
        }
    };
}

pub(crate) use open_enum;
