//! Cadences: list, show, create, edit (replace or reorder steps), rename, delete, choose the
//! default, and apply one to invoices — copying its steps onto each (copy-on-apply,
//! docs/decisions/0009), so later edits never change invoices it was already applied to.

use settle_core::schedule::{Schedule, StepInput};
use settle_db::{ApplyTo, CadenceWrite, StoredCadence};

use crate::engine::instant_text;
use crate::occurrence_views::step_views;
use crate::{CadenceReceipt, CadenceView, Engine, EngineError};

/// Which invoices `apply_cadence` covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyTarget {
    /// These invoice numbers.
    Invoices(Vec<String>),
    /// Every open invoice (issued, amount due above zero).
    AllOpen,
}

pub(crate) fn cadence_view(c: &StoredCadence) -> CadenceView {
    CadenceView {
        id: c.id,
        name: c.name.clone(),
        is_default: c.is_default,
        steps: step_views(&c.steps),
        invoices: c.invoices as u32,
        created_at: instant_text(c.created_at),
        updated_at: instant_text(c.updated_at),
    }
}

/// Validates `steps` for cadence `name`: the limits and rules of settle-core, plus at least one
/// step (a cadence that sends nothing is a mistake, not a choice).
pub(crate) fn validated(name: &str, steps: &[StepInput]) -> Result<Schedule, EngineError> {
    validated_as(&format!("cadence '{}'", name.trim()), steps)
}

/// The same checks, with errors starting with `subject` ("cadence 'Firm'", "invoice INV-0042").
pub(crate) fn validated_as(subject: &str, steps: &[StepInput]) -> Result<Schedule, EngineError> {
    if steps.is_empty() {
        return Err(EngineError::InvalidInput(format!(
            "{subject} has no steps: add at least one"
        )));
    }
    Schedule::new(steps).map_err(|e| EngineError::InvalidInput(format!("{subject}: {e}")))
}

impl Engine {
    pub async fn cadences(&self) -> Result<Vec<CadenceView>, EngineError> {
        let org = self.current().await?;
        Ok(self
            .db
            .cadences(org.id)
            .await?
            .iter()
            .map(cadence_view)
            .collect())
    }

    pub async fn cadence(&self, name: &str) -> Result<CadenceView, EngineError> {
        let org = self.current().await?;
        Ok(cadence_view(&self.cadence_row(org.id, name).await?))
    }

    pub async fn create_cadence(
        &self,
        name: &str,
        steps: &[StepInput],
        make_default: bool,
    ) -> Result<CadenceReceipt, EngineError> {
        let org = self.current().await?;
        let write = CadenceWrite {
            name: name.to_owned(),
            schedule: validated(name, steps)?,
            make_default,
        };
        self.db.create_cadence(org.id, &write, self.now()).await?;
        let default = if make_default { " (the default)" } else { "" };
        self.receipt(
            format!(
                "Created cadence '{}'{default} with {} steps.",
                name.trim(),
                steps.len()
            ),
            0,
        )
        .await
    }

    /// Replaces a cadence's steps. Invoices it was applied to keep their copies.
    pub async fn update_cadence(
        &self,
        name: &str,
        steps: &[StepInput],
    ) -> Result<CadenceReceipt, EngineError> {
        let org = self.current().await?;
        let stored = self.cadence_row(org.id, name).await?;
        let schedule = validated(&stored.name, steps)?;
        self.db
            .update_cadence_steps(org.id, stored.id, &schedule, self.now())
            .await?;
        self.receipt(
            format!(
                "Saved '{}' ({} steps). Invoices it was already applied to keep their schedules.",
                stored.name,
                steps.len()
            ),
            0,
        )
        .await
    }

    /// Puts a cadence's steps in a new order: `order` lists every step number (from 1) once.
    pub async fn reorder_cadence(
        &self,
        name: &str,
        order: &[usize],
    ) -> Result<CadenceReceipt, EngineError> {
        let org = self.current().await?;
        let stored = self.cadence_row(org.id, name).await?;
        let count = stored.steps.len();
        let mut seen = vec![false; count];
        for &n in order {
            if n == 0 || n > count || std::mem::replace(&mut seen[n - 1], true) {
                return Err(EngineError::InvalidInput(format!(
                    "the new order must list each step number from 1 to {count} once (got {order:?})"
                )));
            }
        }
        if order.len() != count {
            return Err(EngineError::InvalidInput(format!(
                "the new order must list all {count} steps (got {order:?})"
            )));
        }
        let steps: Vec<StepInput> = order.iter().map(|n| stored.steps[n - 1].clone()).collect();
        self.update_cadence(&stored.name, &steps).await
    }

    pub async fn rename_cadence(
        &self,
        name: &str,
        new_name: &str,
    ) -> Result<CadenceReceipt, EngineError> {
        let org = self.current().await?;
        let stored = self.cadence_row(org.id, name).await?;
        self.db
            .rename_cadence(org.id, stored.id, new_name, self.now())
            .await?;
        self.receipt(
            format!("Renamed '{}' to '{}'.", stored.name, new_name.trim()),
            0,
        )
        .await
    }

    /// Saves an edited cadence from the window: its steps and, when `new_name` differs, its
    /// name — both or neither. The rename goes first (it can fail on a name already taken); if the
    /// steps are then refused (an unknown contact role is only found on writing), the old name is
    /// put back, so a refusal never leaves half an edit saved.
    pub async fn edit_cadence(
        &self,
        name: &str,
        new_name: Option<&str>,
        steps: &[StepInput],
    ) -> Result<CadenceReceipt, EngineError> {
        let org = self.current().await?;
        let stored = self.cadence_row(org.id, name).await?;
        validated(&stored.name, steps)?;
        let Some(new_name) = new_name.filter(|n| n.trim() != stored.name) else {
            return self.update_cadence(&stored.name, steps).await;
        };
        self.db
            .rename_cadence(org.id, stored.id, new_name, self.now())
            .await?;
        match self.update_cadence(new_name.trim(), steps).await {
            Ok(saved) => Ok(CadenceReceipt {
                summary: format!(
                    "Renamed '{}' to '{}'. {}",
                    stored.name,
                    new_name.trim(),
                    saved.summary
                ),
                ..saved
            }),
            Err(refused) => {
                self.db
                    .rename_cadence(org.id, stored.id, &stored.name, self.now())
                    .await?;
                Err(refused)
            }
        }
    }

    pub async fn delete_cadence(&self, name: &str) -> Result<CadenceReceipt, EngineError> {
        let org = self.current().await?;
        let stored = self.cadence_row(org.id, name).await?;
        self.db.delete_cadence(org.id, stored.id).await?;
        self.receipt(
            format!(
                "Deleted '{}'. The {} invoices it was applied to keep their schedules.",
                stored.name, stored.invoices
            ),
            0,
        )
        .await
    }

    /// Makes a cadence the default for new invoices (existing ones are not changed).
    pub async fn set_default_cadence(&self, name: &str) -> Result<CadenceReceipt, EngineError> {
        let org = self.current().await?;
        let stored = self.cadence_row(org.id, name).await?;
        self.db
            .set_default_cadence(org.id, stored.id, self.now())
            .await?;
        self.receipt(
            format!(
                "'{}' is now the default cadence for new invoices.",
                stored.name
            ),
            0,
        )
        .await
    }

    /// Copies a cadence's steps onto invoices, now. Unknown invoice numbers refuse the whole
    /// application.
    pub async fn apply_cadence(
        &self,
        name: &str,
        target: &ApplyTarget,
    ) -> Result<CadenceReceipt, EngineError> {
        let org = self.current().await?;
        let stored = self.cadence_row(org.id, name).await?;
        let to = match target {
            ApplyTarget::AllOpen => ApplyTo::AllOpen,
            ApplyTarget::Invoices(numbers) => {
                if numbers.is_empty() {
                    return Err(EngineError::InvalidInput(
                        "name at least one invoice number, or choose all open invoices".into(),
                    ));
                }
                let mut ids = Vec::with_capacity(numbers.len());
                for number in numbers {
                    ids.push(self.invoice_id(number).await?);
                }
                ApplyTo::Invoices(ids)
            }
        };
        let applied = self
            .db
            .apply_cadence(org.id, stored.id, &to, self.now())
            .await?;
        let invoices = if applied == 1 { "invoice" } else { "invoices" };
        self.receipt(
            format!(
                "Applied '{}' to {applied} {invoices}; steps whose time had passed are skipped.",
                stored.name
            ),
            applied as u32,
        )
        .await
    }

    /// The organisation setting "send nothing before an invoice's expected payment date".
    pub async fn set_hold_until_expected_payment(&self, hold: bool) -> Result<(), EngineError> {
        let org = self.current().await?;
        Ok(self
            .db
            .set_hold_until_expected_payment(org.id, hold)
            .await?)
    }

    pub(crate) async fn cadence_row(
        &self,
        org: i64,
        name: &str,
    ) -> Result<StoredCadence, EngineError> {
        if let Some(found) = self.db.cadence_named(org, name).await? {
            return Ok(found);
        }
        // Failing an exact name, a unique part of one (as for customers).
        let all = self.db.cadences(org).await?;
        let wanted = name.trim().to_lowercase();
        let mut partial: Vec<&StoredCadence> = all
            .iter()
            .filter(|c| !wanted.is_empty() && c.name.to_lowercase().contains(&wanted))
            .collect();
        if partial.len() == 1 {
            return Ok(partial.remove(0).clone());
        }
        let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
        Err(EngineError::NotFound(format!(
            "No cadence is called '{}'{}. The cadences are: {}.",
            name.trim(),
            if partial.len() > 1 {
                " (several names contain it)"
            } else {
                ""
            },
            if names.is_empty() {
                "none yet".to_owned()
            } else {
                names.join(", ")
            }
        )))
    }

    /// The invoice with this number; refuses an unknown or ambiguous one.
    pub(crate) async fn invoice_id(&self, number: &str) -> Result<i64, EngineError> {
        let org = self.current().await?;
        let number = number.trim();
        let found = self
            .db
            .invoices_by_number(org.id, &[number.to_owned()])
            .await?;
        match found.as_slice() {
            [(_, id)] => Ok(*id),
            [] => Err(EngineError::NotFound(format!(
                "No invoice is numbered '{number}'. Check the number as Xero shows it."
            ))),
            several => Err(EngineError::InvalidInput(format!(
                "{} invoices are numbered '{number}': Settle cannot tell which one you mean",
                several.len()
            ))),
        }
    }

    async fn receipt(&self, summary: String, invoices: u32) -> Result<CadenceReceipt, EngineError> {
        Ok(CadenceReceipt {
            summary,
            invoices,
            cadences: self.cadences().await?,
        })
    }
}
