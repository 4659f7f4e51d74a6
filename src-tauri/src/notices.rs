//! Desktop notifications (tauri-plugin-notification, driven from Rust only: the webview has no
//! notification permission). One notification per event, and only for the events of decision
//! 0021: new reminders waiting, a batch that ended with failures or in-doubt messages, chasing
//! paused because Xero needs reconnecting, and — once per install — that closing the window keeps
//! Settle running in the tray.
//! Owns: the wording. Must not: put anything from the data in a notification but counts (no
//! customer names, addresses, amounts or server replies: a lock screen shows notifications, and
//! a secret must never get there).

use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;

/// Something worth a desktop notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// `n` messages now wait for approval (more than before).
    Waiting(u32),
    /// A send batch ended with failed and/or in-doubt messages.
    BatchProblems { failed: u32, in_doubt: u32 },
    /// Chasing was paused because Xero needs the owner to sign in again.
    ReconnectNeeded,
    /// The window was closed for the first time: Settle keeps running in the tray.
    KeepsRunning,
}

fn reminders(n: u32) -> String {
    if n == 1 {
        "1 reminder".to_owned()
    } else {
        format!("{n} reminders")
    }
}

impl Notice {
    /// The title and body shown.
    pub fn text(self) -> (String, String) {
        match self {
            Notice::Waiting(n) => (
                format!(
                    "{} {} ready for your approval",
                    reminders(n),
                    if n == 1 { "is" } else { "are" }
                ),
                "Open Approvals in Settle to check and send them.".to_owned(),
            ),
            Notice::BatchProblems { failed, in_doubt } => {
                let mut parts = Vec::new();
                if failed > 0 {
                    parts.push(format!("{} could not be sent", reminders(failed)));
                }
                if in_doubt > 0 {
                    parts.push(format!(
                        "{} may or may not have arrived",
                        reminders(in_doubt)
                    ));
                }
                (
                    capitalised(&parts.join("; ")),
                    "Open Approvals in Settle to see why and choose what to do.".to_owned(),
                )
            }
            Notice::ReconnectNeeded => (
                "Chasing is paused: Xero needs you to sign in again".to_owned(),
                "Nothing is sent until you reconnect. Open Settle and choose Reconnect.".to_owned(),
            ),
            Notice::KeepsRunning => (
                "Settle keeps running in the tray".to_owned(),
                "Approved reminders still go out with the window closed. To stop Settle, choose \
                 Quit Settle in its tray menu."
                    .to_owned(),
            ),
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Shows `notice`. A desktop without a notification service only logs it.
pub fn show(app: &AppHandle, notice: Notice) {
    let (title, body) = notice.text();
    tracing::info!(%title, "notification");
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::warn!("could not show a notification: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wording_counts_and_names_nothing_else() {
        assert_eq!(
            Notice::Waiting(3).text().0,
            "3 reminders are ready for your approval"
        );
        assert_eq!(
            Notice::Waiting(1).text().0,
            "1 reminder is ready for your approval"
        );
        assert_eq!(
            Notice::BatchProblems {
                failed: 2,
                in_doubt: 0
            }
            .text()
            .0,
            "2 reminders could not be sent"
        );
        assert_eq!(
            Notice::BatchProblems {
                failed: 1,
                in_doubt: 1
            }
            .text()
            .0,
            "1 reminder could not be sent; 1 reminder may or may not have arrived"
        );
        assert_eq!(
            Notice::BatchProblems {
                failed: 0,
                in_doubt: 4
            }
            .text()
            .0,
            "4 reminders may or may not have arrived"
        );
        assert!(Notice::KeepsRunning.text().1.contains("Quit Settle"));
        assert!(Notice::ReconnectNeeded.text().1.contains("Reconnect"));
    }
}
