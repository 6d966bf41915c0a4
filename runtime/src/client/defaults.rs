//! What a client uses when its configuration names no transport or
//! timer: hyper and tokio with the feature `hyper-client`, else nothing
//! (and a clear error when one is needed).

use std::sync::Arc;

use super::{Config, HttpTransport, Sleep};

#[cfg(feature = "hyper-client")]
pub(crate) fn default_transport(config: &Config) -> Result<Arc<dyn HttpTransport>, String> {
    super::HyperTransport::new(config.http_settings())
        .map(|transport| Arc::new(transport) as Arc<dyn HttpTransport>)
        .map_err(|e| e.to_string())
}

#[cfg(not(feature = "hyper-client"))]
pub(crate) fn default_transport(_: &Config) -> Result<Arc<dyn HttpTransport>, String> {
    Err("no transport: set one with `Config::builder().transport(...)` or enable the `hyper-client` feature".to_owned())
}

#[cfg(feature = "hyper-client")]
pub(crate) fn default_sleep() -> Option<Arc<dyn Sleep>> {
    Some(Arc::new(super::TokioSleep))
}

#[cfg(not(feature = "hyper-client"))]
pub(crate) fn default_sleep() -> Option<Arc<dyn Sleep>> {
    None
}
