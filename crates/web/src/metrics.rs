//! Prometheus metrics. Labels are fixed, small sets (method, status class,
//! outcome): never a path with an id, a username or an address.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    pub status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OperationLabels {
    pub operation: String,
}

pub struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub logins: Family<OutcomeLabels, Counter>,
    /// Argon2 work refused because the password workers were busy, by operation.
    pub password_busy: Family<OperationLabels, Counter>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("verbind");
        let requests = Family::<RequestLabels, Counter>::default();
        let logins = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by method and status class",
            requests.clone(),
        );
        registry.register("logins", "Login attempts by outcome", logins.clone());
        let password_busy = Family::<OperationLabels, Counter>::default();
        registry.register(
            "password_busy",
            "Password checks or hashes refused because the password workers were busy, by operation",
            password_busy.clone(),
        );
        Self {
            registry,
            requests,
            logins,
            password_busy,
        }
    }

    pub fn record_request(&self, method: &str, status: u16) {
        let method = match method {
            "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" => method,
            _ => "OTHER",
        };
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                status: format!("{}xx", status / 100),
            })
            .inc();
    }

    pub fn record_login(&self, outcome: &'static str) {
        self.logins
            .get_or_create(&OutcomeLabels {
                outcome: outcome.to_owned(),
            })
            .inc();
    }

    /// A password check or hash refused by the busy password workers;
    /// `operation` is a fixed word (login, reauth, password-change, ...).
    pub fn record_password_busy(&self, operation: &'static str) {
        self.password_busy
            .get_or_create(&OperationLabels {
                operation: operation.to_owned(),
            })
            .inc();
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}
