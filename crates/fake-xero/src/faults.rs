//! Fault injection for client tests: the next N API responses fail with a status, or come back as
//! truncated JSON, or the Nth one closes the gate and waits; requests can be held at a gate (to fill the concurrency limit deterministically)
//! or slowed. Owns: the fault queue and the gate. Must not: decide anything else about a request.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::watch;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status instead of running the request. 503 gets Xero's plain-text
    /// maintenance body; other statuses a plain-text note.
    Status(u16),
    /// Run the request, then cut its JSON body in half.
    MalformedJson,
    /// Answer normally: queued before another fault, it aims that one at a later request.
    Pass,
    /// Close the gate, then wait at it like every request after it, until the test opens it
    /// (`release_requests`): stops a client exactly before its Nth request.
    Hold,
}

pub struct Faults {
    queue: Mutex<VecDeque<Fault>>,
    latency: Mutex<Option<Duration>>,
    gate: watch::Sender<bool>,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            queue: Mutex::new(VecDeque::new()),
            latency: Mutex::new(None),
            gate: watch::channel(true).0,
        }
    }
}

impl Faults {
    pub fn push(&self, fault: Fault, times: usize) {
        self.queue
            .lock()
            .unwrap()
            .extend(std::iter::repeat_n(fault, times));
    }

    pub fn clear(&self) {
        self.queue.lock().unwrap().clear();
    }

    pub fn next(&self) -> Option<Fault> {
        self.queue.lock().unwrap().pop_front()
    }

    pub fn set_latency(&self, latency: Option<Duration>) {
        *self.latency.lock().unwrap() = latency;
    }

    pub fn latency(&self) -> Option<Duration> {
        *self.latency.lock().unwrap()
    }

    /// Closing the gate holds admitted API requests before their handler runs.
    pub fn set_gate_open(&self, open: bool) {
        self.gate.send_replace(open);
    }

    pub async fn wait_at_gate(&self) {
        let mut rx = self.gate.subscribe();
        // The sender lives as long as `self`, so this only ends when the gate opens.
        let _ = rx.wait_for(|open| *open).await;
    }
}
