//! The chasing commands: thin calls into settle-engine, printed as text or JSON.

use std::path::Path;

use anyhow::{bail, Context};
use settle_engine::{
    ApplyTarget, ChangeTarget, Engine, MissedAction, MissedSelection, PreviewScope, StepInput,
};

use crate::chasing_args::{
    AssignArgs, CadenceCommand, MissedArgs, MissedCommand, MissedTarget, PlanArgs, PreviewArgs,
};
use crate::{chasing_output as out, output};

/// Occurrences listed by an organisation-wide preview unless `--limit` says otherwise.
const ORGANISATION_PREVIEW_LIMIT: usize = 200;

fn read_text(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// A `--steps-json` file: a JSON array of steps (docs/CADENCES.md).
pub(crate) fn read_steps(path: &Path) -> anyhow::Result<Vec<StepInput>> {
    let text = read_text(path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_json::from_str(text).with_context(|| {
        format!(
            "{} is not a JSON list of steps like [{{\"trigger\": \"after_due\", \"days\": 7, \
             \"hour\": 9, \"channels\": [\"email\"]}}] (see docs/CADENCES.md)",
            path.display()
        )
    })
}

pub async fn plan(engine: &Engine, args: PlanArgs) -> anyhow::Result<()> {
    let at = args.at.unwrap_or_else(|| engine.now());
    let view = engine.plan_due(at).await?;
    if args.json {
        output::json(&view)
    } else {
        out::plan(&view);
        Ok(())
    }
}

pub async fn preview(engine: &Engine, args: PreviewArgs) -> anyhow::Result<()> {
    let scope = match (args.invoice, args.customer) {
        (Some(number), _) => PreviewScope::Invoice(number),
        (None, Some(name)) => PreviewScope::Customer(name),
        (None, None) => PreviewScope::Organisation,
    };
    let limit = args.limit.or(match scope {
        PreviewScope::Organisation => Some(ORGANISATION_PREVIEW_LIMIT),
        _ => None,
    });
    let view = engine.preview(args.days, &scope, limit).await?;
    if args.json {
        output::json(&view)
    } else {
        out::preview(&view);
        Ok(())
    }
}

pub async fn cadence(engine: &Engine, command: CadenceCommand) -> anyhow::Result<()> {
    let (receipt, json) = match command {
        CadenceCommand::List { json } => {
            let cadences = engine.cadences().await?;
            return if json {
                output::json(&cadences)
            } else {
                out::cadence_list(&cadences);
                Ok(())
            };
        }
        CadenceCommand::Show { name, json } => {
            let cadence = engine.cadence(&name).await?;
            return if json {
                output::json(&cadence)
            } else {
                out::cadence(&cadence);
                Ok(())
            };
        }
        CadenceCommand::Create {
            name,
            steps_json,
            default,
            json,
        } => (
            engine
                .create_cadence(&name, &read_steps(&steps_json)?, default)
                .await?,
            json,
        ),
        CadenceCommand::Update {
            name,
            steps_json,
            preview,
            days,
            json,
        } => {
            let steps = read_steps(&steps_json)?;
            if preview {
                let view = engine
                    .preview_change(&name, Some(&steps), &ChangeTarget::FollowingCadence, days)
                    .await?;
                return if json {
                    output::json(&view)
                } else {
                    out::change_preview(&view);
                    Ok(())
                };
            }
            (engine.update_cadence(&name, &steps).await?, json)
        }
        CadenceCommand::Reorder { name, order, json } => {
            (engine.reorder_cadence(&name, &order).await?, json)
        }
        CadenceCommand::Rename {
            name,
            new_name,
            json,
        } => (engine.rename_cadence(&name, &new_name).await?, json),
        CadenceCommand::Delete { name, json } => (engine.delete_cadence(&name).await?, json),
        CadenceCommand::Default { name, json } => (engine.set_default_cadence(&name).await?, json),
        CadenceCommand::Import { file, json } => {
            (engine.import_cadences(&read_text(&file)?).await?, json)
        }
        CadenceCommand::Export { names, out } => {
            let text = engine.export_cadences(&names).await?;
            match out {
                Some(path) => std::fs::write(&path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => print!("{text}"),
            }
            return Ok(());
        }
        CadenceCommand::Apply {
            name,
            invoices,
            all_open,
            preview,
            days,
            json,
        } => {
            if preview {
                let target = if all_open {
                    ChangeTarget::AllOpen
                } else {
                    ChangeTarget::Invoices(invoices)
                };
                let view = engine.preview_change(&name, None, &target, days).await?;
                return if json {
                    output::json(&view)
                } else {
                    out::change_preview(&view);
                    Ok(())
                };
            }
            let target = if all_open {
                ApplyTarget::AllOpen
            } else {
                ApplyTarget::Invoices(invoices)
            };
            (engine.apply_cadence(&name, &target).await?, json)
        }
    };
    if json {
        output::json(&receipt)
    } else {
        println!("{}", receipt.summary);
        Ok(())
    }
}

pub async fn assign(engine: &Engine, args: AssignArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let report = engine.assign_cadences_csv(&bytes, args.accept).await?;
    if args.json {
        output::json(&report)?;
    } else {
        out::assignment(&report);
    }
    if !report.errors.is_empty() && !report.applied {
        let rows = if report.errors.len() == 1 {
            "row"
        } else {
            "rows"
        };
        bail!(
            "{} has {} bad {rows}: nothing was changed (fix them, or pass --accept to apply only \
             the valid rows)",
            args.file.display(),
            report.errors.len()
        );
    }
    Ok(())
}

pub async fn missed(engine: &Engine, args: MissedArgs) -> anyhow::Result<()> {
    let Some(command) = args.action else {
        let view = engine.missed().await?;
        return if args.json {
            output::json(&view)
        } else {
            out::missed(&view);
            Ok(())
        };
    };
    let (target, action) = match command {
        MissedCommand::SendNow { target } => (target, MissedAction::SendNow),
        MissedCommand::Skip { target, reason } => (target, MissedAction::Skip { reason }),
        MissedCommand::Reschedule { target, to } => (target, MissedAction::Reschedule { at: to }),
    };
    let selection = selection(engine, target).await?;
    let receipt = engine.resolve_missed(&selection, &action).await?;
    if args.json {
        output::json(&receipt)
    } else {
        println!("{}", receipt.summary);
        Ok(())
    }
}

async fn selection(engine: &Engine, target: MissedTarget) -> anyhow::Result<MissedSelection> {
    Ok(match target {
        MissedTarget { all: true, .. } => MissedSelection::All,
        MissedTarget {
            customer: Some(name),
            ..
        } => MissedSelection::Customer {
            id: engine.find_customer(&name).await?.id,
        },
        MissedTarget { keys, .. } => MissedSelection::Keys { keys },
    })
}
