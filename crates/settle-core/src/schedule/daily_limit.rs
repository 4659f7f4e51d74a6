//! The once-per-channel-per-day rule: an invoice (or a customer loop) gets at most one reminder
//! per channel per local calendar day, so a schedule whose steps land on the same day never sends
//! the customer two emails at once.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::occurrence::{Occurrence, OccurrenceState, PastSend};
use super::step::Channel;

/// The (day, channel) pairs already used.
#[derive(Debug, Default)]
pub(super) struct DailyLimit {
    taken: Vec<(NaiveDate, Channel)>,
}

impl DailyLimit {
    /// Starts from the outbox: anything sent, attempted or waiting takes its day — including
    /// history of steps no longer in the schedule, which were still real messages.
    pub fn from_history(tz: Tz, history: &[PastSend]) -> Self {
        let taken = history
            .iter()
            .filter(|past| past.outcome.takes_the_day())
            .map(|past| (past.at.with_timezone(&tz).date_naive(), past.id.channel))
            .collect();
        Self { taken }
    }

    /// Walks `occurrences` (in time order) and skips every pending one whose day and channel are
    /// already taken; the earliest pending one of a day wins. `whose` names what is chased
    /// ("invoice" or "customer") in the reason.
    pub fn apply(&mut self, occurrences: &mut [Occurrence], whose: &str) {
        for occurrence in occurrences.iter_mut() {
            if !occurrence.state.is_pending() {
                continue;
            }
            let day = (occurrence.local.date(), occurrence.channel);
            if self.taken.contains(&day) {
                occurrence.state = OccurrenceState::Skipped {
                    reason: format!(
                        "another reminder for this {whose} goes by {} that day",
                        channel_words(occurrence.channel)
                    ),
                };
            } else {
                self.taken.push(day);
            }
        }
    }
}

fn channel_words(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "email",
        Channel::Sms => "SMS",
        Channel::Letter => "letter",
    }
}
