//! The time credentials are judged by: the system clock, or a fixed or
//! scripted one in tests and replays.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// A source of the current time.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> SystemTime + Send + Sync>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self(Arc::new(SystemTime::now))
    }

    /// A clock that always reads `time`.
    pub fn fixed(time: SystemTime) -> Self {
        Self(Arc::new(move || time))
    }

    /// A clock that reads `now()`.
    pub fn from_fn(now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        Self(Arc::new(now))
    }

    /// The time now.
    pub fn now(&self) -> SystemTime {
        (self.0)()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Clock")
    }
}
