//! Arguments the window sends that are more than a number or a string: which preview, which
//! invoices a cadence change or application covers. Generated into TypeScript like the views, and
//! turned into the engine's own enums here so the engine API stays independent of the IPC shape.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApplyTarget, ChangeTarget, PreviewScope};

/// What a 90-day preview covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum PreviewFor {
    Organisation,
    Customer {
        #[ts(type = "number")]
        id: i64,
    },
}

impl From<&PreviewFor> for PreviewScope {
    fn from(value: &PreviewFor) -> Self {
        match value {
            PreviewFor::Organisation => Self::Organisation,
            // find_customer accepts an id as well as a name.
            PreviewFor::Customer { id } => Self::Customer(id.to_string()),
        }
    }
}

/// Which invoices a cadence change is compared on, or a cadence applied to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum InvoicesFor {
    /// The open invoices that follow the cadence (only meaningful for a change preview).
    Following,
    /// Every open invoice.
    AllOpen,
    /// These invoice numbers.
    Invoices { numbers: Vec<String> },
}

impl From<&InvoicesFor> for ChangeTarget {
    fn from(value: &InvoicesFor) -> Self {
        match value {
            InvoicesFor::Following => Self::FollowingCadence,
            InvoicesFor::AllOpen => Self::AllOpen,
            InvoicesFor::Invoices { numbers } => Self::Invoices(numbers.clone()),
        }
    }
}

impl InvoicesFor {
    /// The application target, or `None` for `Following` (applying a cadence again to the
    /// invoices that already follow it changes nothing but their applied time).
    pub fn apply_target(&self) -> Option<ApplyTarget> {
        match self {
            Self::Following => None,
            Self::AllOpen => Some(ApplyTarget::AllOpen),
            Self::Invoices { numbers } => Some(ApplyTarget::Invoices(numbers.clone())),
        }
    }
}

/// The organisation's chasing settings the window shows.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChasingSettings {
    pub hold_until_expected_payment: bool,
    pub roles: Vec<String>,
    pub timezone: String,
}

/// Where an export was written.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportReceipt {
    pub path: String,
    pub cadences: u32,
    pub summary: String,
}
