//! Clock skew: a request signed by a clock that is minutes off is refused
//! (`RequestTimeTooSkewed` and its kin). The service's `Date` header then
//! says how far off, and every later signature of the client adds that
//! offset; the refused attempt is sent once more at once.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::Timestamp;

/// A difference below this is not skew: signatures hold for five minutes
/// either way, so a refusal with a nearly right clock has another cause.
const LEAST_SKEW: Duration = Duration::from_secs(60);

/// The offset, in milliseconds, between the service's clock and ours.
#[derive(Debug, Default)]
pub(crate) struct ClockOffset(AtomicI64);

impl ClockOffset {
    /// The service's time now, as far as the client knows.
    pub(crate) fn now(&self) -> SystemTime {
        shift(SystemTime::now(), self.0.load(Ordering::Relaxed))
    }

    /// Learns the offset from a refused response's `Date`, read at
    /// `local`; whether it is large enough to explain the refusal (and the
    /// attempt worth sending again).
    pub(crate) fn correct(&self, headers: &http::HeaderMap, local: SystemTime) -> bool {
        let Some(server) = headers
            .get(http::header::DATE)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| Timestamp::parse(text).ok())
        else {
            return false;
        };
        let local_millis = millis(local);
        let offset = server
            .secs()
            .saturating_mul(1000)
            .saturating_sub(local_millis);
        if offset.unsigned_abs() < LEAST_SKEW.as_millis() as u64 {
            return false;
        }
        self.0.store(offset, Ordering::Relaxed);
        true
    }
}

fn millis(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

fn shift(time: SystemTime, offset_millis: i64) -> SystemTime {
    let by = Duration::from_millis(offset_millis.unsigned_abs());
    let shifted = if offset_millis >= 0 {
        time.checked_add(by)
    } else {
        time.checked_sub(by)
    };
    shifted.unwrap_or(time)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dated(text: &str) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::DATE,
            http::HeaderValue::from_str(text).unwrap(),
        );
        headers
    }

    #[test]
    fn the_offset_comes_from_the_date_header() {
        // Sun, 06 Nov 1994 08:49:37 GMT is 784111777.
        let local = UNIX_EPOCH + Duration::from_secs(784_111_777 - 3_600);
        let offset = ClockOffset::default();
        assert!(offset.correct(&dated("Sun, 06 Nov 1994 08:49:37 GMT"), local));
        assert_eq!(offset.0.load(Ordering::Relaxed), 3_600_000);
        let now = offset.now();
        let ahead = now.duration_since(SystemTime::now()).unwrap();
        assert!(ahead > Duration::from_secs(3_590), "{ahead:?}");
    }

    #[test]
    fn a_small_difference_or_no_date_is_not_skew() {
        let local = UNIX_EPOCH + Duration::from_secs(784_111_777 - 30);
        let offset = ClockOffset::default();
        assert!(!offset.correct(&dated("Sun, 06 Nov 1994 08:49:37 GMT"), local));
        assert!(!offset.correct(&http::HeaderMap::new(), local));
        assert!(!offset.correct(&dated("not a date"), local));
        assert_eq!(offset.0.load(Ordering::Relaxed), 0);
    }
}
