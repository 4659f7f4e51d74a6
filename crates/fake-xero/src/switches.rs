//! `FakeState`'s run-time switches: tokens without the browser, consent, connections, rate
//! limits and injected faults. Owns: those controls. Must not: change books data (`state.rs`).

use std::time::Duration;

use uuid::Uuid;

use crate::config::{AuthorizeMode, RateLimits};
use crate::faults::Fault;
use crate::identity::grants::{Connection, TokenSet};
use crate::state::{FakeState, SETTLE_SCOPES};

impl FakeState {
    // ----- identity -----

    /// Connects every organisation and returns a fresh token set, skipping the browser.
    pub fn mint_tokens(&self, scopes: &[&str]) -> TokenSet {
        let now = self.now();
        let mut world = self.shared.world();
        let tenants = world.tenant_names();
        world.grants.mint(
            scopes.iter().map(|s| (*s).to_owned()).collect(),
            &tenants,
            now,
        )
    }

    pub fn mint_tokens_for_settle(&self) -> TokenSet {
        self.mint_tokens(SETTLE_SCOPES)
    }

    pub fn set_authorize_mode(&self, mode: AuthorizeMode) {
        self.shared.world().authorize_mode = mode;
    }

    pub fn connections(&self) -> Vec<Connection> {
        self.shared.world().grants.connections().to_vec()
    }

    /// The user disconnects the organisation in Xero: its API calls now get 403.
    pub fn disconnect_tenant(&self, tenant: Uuid) {
        let mut world = self.shared.world();
        let ids: Vec<Uuid> = world
            .grants
            .connections()
            .iter()
            .filter(|c| c.tenant_id == tenant)
            .map(|c| c.id)
            .collect();
        for id in ids {
            world.grants.disconnect(id);
        }
    }

    // ----- rate limits and faults -----

    pub fn set_rate_limits(&self, limits: RateLimits) {
        *self.shared.limits.lock().unwrap() = limits;
    }

    /// Calls currently admitted and not yet answered for `tenant`.
    pub fn in_flight(&self, tenant: Uuid) -> u32 {
        self.shared.limiter.lock().unwrap().in_flight(tenant)
    }

    /// The next `times` API responses (accounting and /connections) are `status` instead.
    pub fn fail_next(&self, times: usize, status: u16) {
        self.shared.faults.push(Fault::Status(status), times);
    }

    /// The next `times` API responses carry truncated JSON.
    pub fn malformed_json_next(&self, times: usize) {
        self.shared.faults.push(Fault::MalformedJson, times);
    }

    /// The next `times` API responses are answered normally, so a fault queued after this
    /// call hits a later request (the first page of a listing passes, the second fails…).
    pub fn pass_next(&self, times: usize) {
        self.shared.faults.push(Fault::Pass, times);
    }

    /// The next API request (after any queued faults) closes the gate and waits at it, as do the
    /// ones after it, until `release_requests`: a client is stopped exactly before that request.
    pub fn hold_next(&self) {
        self.shared.faults.push(Fault::Hold, 1);
    }

    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// Admitted API requests wait (holding their concurrency slot) until `release_requests`.
    pub fn hold_requests(&self) {
        self.shared.faults.set_gate_open(false);
    }

    pub fn release_requests(&self) {
        self.shared.faults.set_gate_open(true);
    }

    /// Every API request sleeps this long (real time) before it is answered.
    pub fn set_latency(&self, latency: Option<Duration>) {
        self.shared.faults.set_latency(latency);
    }
}
