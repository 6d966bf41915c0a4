//! The standard AWS retry strategy, without I/O: after each attempt the
//! caller says how it went, and the strategy says whether to try again and
//! after how long. Sleeping, sending and the random source stay with the
//! caller, so the same strategy serves any transport and tests run without
//! waiting.
//!
//! - At most three attempts by default.
//! - Exponential backoff with full jitter, `random × min(initial × 2^n,
//!   max)`, from one second up to twenty.
//! - A retry quota shared by every request of a client: a bucket of 500
//!   tokens, a retry takes 5 (10 after a timeout or a connection error),
//!   a success gives back what its retries took and a success at the first
//!   attempt adds one more, so a failing service is not hammered and a
//!   long-lived client that recovers retries again.
//! - A delay the service asks for (`x-amz-retry-after` in milliseconds, or
//!   `Retry-After`) is waited, but never less than the backoff and never
//!   more than five seconds beyond it: a hostile or broken answer cannot
//!   park a client.
//!
//! The adaptive mode adds [`RateLimiter`]: once the service throttles,
//! the client's own send rate is limited too.

mod adaptive;

pub use adaptive::RateLimiter;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::Timestamp;

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A response the caller accepts (a success, or an error not worth
    /// retrying is [`Outcome::Failed`]).
    Succeeded,
    /// A service error that may succeed when sent again: `@retryable`,
    /// throttling, or a 5xx status.
    Retryable {
        /// Throttling: the service asked for less traffic.
        throttling: bool,
    },
    /// No response: a timeout or a connection error.
    Transient,
    /// An error sending again would not fix.
    Failed,
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Send again after this delay.
    RetryAfter(Duration),
    /// Stop: the attempt succeeded, failed for good, the attempts are used
    /// up, or the retry quota is empty. The last outcome stands.
    Stop,
}

/// The strategy's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The backoff before the first retry, before jitter.
    pub initial_backoff: Duration,
    /// The longest backoff.
    pub max_backoff: Duration,
    /// Standard retries, or with the client's send rate limited too.
    pub mode: RetryMode,
}

/// The AWS SDKs' retry modes (`retry_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryMode {
    /// The standard strategy (also what `legacy` means here).
    #[default]
    Standard,
    /// The standard strategy, and after a throttle a client-side limit on
    /// the send rate ([`RateLimiter`]).
    Adaptive,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            mode: RetryMode::Standard,
        }
    }
}

impl RetryConfig {
    /// No retries: one attempt.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }
}

/// The retry quota of a client, shared by its requests.
#[derive(Debug, Clone)]
pub struct RetryQuota {
    tokens: Arc<AtomicU32>,
}

/// Tokens in a new quota.
const QUOTA_CAPACITY: u32 = 500;
/// What a retry after an error response takes.
const RETRY_COST: u32 = 5;
/// What a retry after a timeout or connection error takes.
const TRANSIENT_RETRY_COST: u32 = 10;
/// What a success at the first attempt adds.
const NO_RETRY_INCREMENT: u32 = 1;
/// How far past the backoff a service's requested delay is followed.
const RETRY_AFTER_ALLOWANCE: Duration = Duration::from_secs(5);

impl Default for RetryQuota {
    fn default() -> Self {
        Self {
            tokens: Arc::new(AtomicU32::new(QUOTA_CAPACITY)),
        }
    }
}

impl RetryQuota {
    /// The tokens left.
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::Relaxed)
    }

    fn try_take(&self, cost: u32) -> bool {
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                left.checked_sub(cost)
            })
            .is_ok()
    }

    fn give_back(&self, amount: u32) {
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                Some((left + amount).min(QUOTA_CAPACITY))
            });
    }
}

/// The retries of one request.
#[derive(Debug)]
pub struct RetryState {
    config: RetryConfig,
    quota: RetryQuota,
    attempts: u32,
    /// Tokens this request's retries hold, returned when it succeeds.
    held: u32,
}

impl RetryState {
    /// A request's first attempt is about to be sent.
    pub fn new(config: RetryConfig, quota: RetryQuota) -> Self {
        Self {
            config,
            quota,
            attempts: 1,
            held: 0,
        }
    }

    /// The attempt being made, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempts
    }

    /// Decides after an attempt. `jitter` is a random number in `[0, 1)`
    /// from the caller's source; `retry_after` is the delay the response
    /// asked for, if any (see [`retry_after`]).
    pub fn decide(
        &mut self,
        outcome: Outcome,
        jitter: f64,
        retry_after: Option<Duration>,
    ) -> Decision {
        let cost = match outcome {
            Outcome::Succeeded => {
                let held = std::mem::take(&mut self.held);
                let refund = if self.attempts == 1 {
                    NO_RETRY_INCREMENT
                } else {
                    held
                };
                self.quota.give_back(refund);
                return Decision::Stop;
            }
            Outcome::Failed => return Decision::Stop,
            Outcome::Retryable { .. } => RETRY_COST,
            Outcome::Transient => TRANSIENT_RETRY_COST,
        };
        if self.attempts >= self.config.max_attempts || !self.quota.try_take(cost) {
            return Decision::Stop;
        }
        self.held += cost;
        let exponent = (self.attempts - 1).min(31);
        let ceiling = self
            .config
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.config.max_backoff);
        self.attempts += 1;
        let backoff = ceiling.mul_f64(jitter.clamp(0.0, 1.0));
        let delay = match retry_after {
            Some(asked) => asked.clamp(backoff, backoff + RETRY_AFTER_ALLOWANCE),
            None => backoff,
        };
        Decision::RetryAfter(delay)
    }
}

/// The delay a response asks for before the next attempt:
/// `x-amz-retry-after` in whole milliseconds, else `Retry-After` in whole
/// seconds or as an HTTP date, measured from the response's own `Date` so
/// that no clock of ours is involved. Values that do not parse are ignored.
pub fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(millis) = text("x-amz-retry-after").and_then(|t| t.parse::<u64>().ok()) {
        return Some(Duration::from_millis(millis));
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = Timestamp::parse(value).ok()?;
    let now = Timestamp::parse(text("date")?).ok()?;
    let seconds = at.secs().saturating_sub(now.secs());
    Some(Duration::from_secs(u64::try_from(seconds).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> RetryState {
        RetryState::new(RetryConfig::default(), RetryQuota::default())
    }

    #[test]
    fn three_attempts_then_the_last_error_stands() {
        let mut retry = state();
        let throttled = Outcome::Retryable { throttling: true };
        assert_eq!(
            retry.decide(throttled, 0.5, None),
            Decision::RetryAfter(Duration::from_millis(500))
        );
        assert_eq!(
            retry.decide(throttled, 0.5, None),
            Decision::RetryAfter(Duration::from_secs(1))
        );
        assert_eq!(retry.attempt(), 3);
        assert_eq!(retry.decide(throttled, 0.5, None), Decision::Stop);
    }

    #[test]
    fn backoff_doubles_with_full_jitter_up_to_the_cap() {
        let config = RetryConfig {
            max_attempts: 10,
            ..RetryConfig::default()
        };
        let mut retry = RetryState::new(config, RetryQuota::default());
        let delays: Vec<Duration> = (0..7)
            .map(
                |_| match retry.decide(Outcome::Transient, 0.999_999, None) {
                    Decision::RetryAfter(delay) => delay,
                    Decision::Stop => panic!("stopped early"),
                },
            )
            .collect();
        let seconds: Vec<u64> = delays
            .iter()
            .map(|d| d.as_secs_f64().round() as u64)
            .collect();
        assert_eq!(seconds, [1, 2, 4, 8, 16, 20, 20]);
        let mut retry = RetryState::new(config, RetryQuota::default());
        assert_eq!(
            retry.decide(Outcome::Transient, 0.0, None),
            Decision::RetryAfter(Duration::ZERO)
        );
    }

    #[test]
    fn failures_and_successes_stop() {
        assert_eq!(state().decide(Outcome::Failed, 0.5, None), Decision::Stop);
        assert_eq!(
            state().decide(Outcome::Succeeded, 0.5, None),
            Decision::Stop
        );
        let mut off = RetryState::new(RetryConfig::disabled(), RetryQuota::default());
        assert_eq!(off.decide(Outcome::Transient, 0.5, None), Decision::Stop);
    }

    #[test]
    fn an_empty_quota_stops_retries_and_successes_refill_it() {
        let quota = RetryQuota::default();
        // 50 transient retries take all 500 tokens.
        for _ in 0..50 {
            let mut retry = RetryState::new(RetryConfig::default(), quota.clone());
            assert!(matches!(
                retry.decide(Outcome::Transient, 0.1, None),
                Decision::RetryAfter(_)
            ));
        }
        assert_eq!(quota.available(), 0);
        let mut starved = RetryState::new(RetryConfig::default(), quota.clone());
        assert_eq!(
            starved.decide(Outcome::Retryable { throttling: false }, 0.1, None),
            Decision::Stop
        );
        // A request whose retry succeeded gives its tokens back.
        let quota = RetryQuota::default();
        let mut retry = RetryState::new(RetryConfig::default(), quota.clone());
        retry.decide(Outcome::Retryable { throttling: false }, 0.1, None);
        assert_eq!(quota.available(), 495);
        retry.decide(Outcome::Succeeded, 0.1, None);
        assert_eq!(quota.available(), 500);
    }

    #[test]
    fn first_try_successes_refill_a_drained_quota() {
        let quota = RetryQuota::default();
        for _ in 0..50 {
            let mut retry = RetryState::new(RetryConfig::default(), quota.clone());
            retry.decide(Outcome::Transient, 0.1, None);
        }
        assert_eq!(quota.available(), 0);
        // Each success at its first attempt adds one token; five pay for
        // the next retry after an error response.
        for expected in 1..=5 {
            let mut ok = RetryState::new(RetryConfig::default(), quota.clone());
            assert_eq!(ok.decide(Outcome::Succeeded, 0.1, None), Decision::Stop);
            assert_eq!(quota.available(), expected);
        }
        let mut retry = RetryState::new(RetryConfig::default(), quota.clone());
        assert!(matches!(
            retry.decide(Outcome::Retryable { throttling: false }, 0.1, None),
            Decision::RetryAfter(_)
        ));
        assert_eq!(quota.available(), 0);
        // Never past the capacity.
        let full = RetryQuota::default();
        RetryState::new(RetryConfig::default(), full.clone()).decide(Outcome::Succeeded, 0.1, None);
        assert_eq!(full.available(), 500);
    }

    #[test]
    fn a_requested_delay_is_waited_within_five_seconds_of_the_backoff() {
        let throttled = Outcome::Retryable { throttling: true };
        let delay = |asked: Option<Duration>| match state().decide(throttled, 0.5, asked) {
            Decision::RetryAfter(delay) => delay,
            Decision::Stop => panic!("a first retry goes ahead"),
        };
        // The first backoff is 1 s × 0.5.
        assert_eq!(delay(None), Duration::from_millis(500));
        assert_eq!(delay(Some(Duration::from_secs(3))), Duration::from_secs(3));
        assert_eq!(
            delay(Some(Duration::from_millis(10))),
            Duration::from_millis(500)
        );
        assert_eq!(
            delay(Some(Duration::from_secs(3600))),
            Duration::from_millis(5_500)
        );
        // No retry is bought by asking.
        assert_eq!(
            state().decide(Outcome::Failed, 0.5, Some(Duration::from_secs(1))),
            Decision::Stop
        );
    }

    #[test]
    fn requested_delays_are_read_from_either_header() {
        let headers = |pairs: &[(&'static str, &str)]| {
            let mut map = http::HeaderMap::new();
            for (name, value) in pairs {
                map.insert(*name, value.parse().unwrap());
            }
            map
        };
        let after = |pairs: &[(&'static str, &str)]| retry_after(&headers(pairs));
        assert_eq!(
            after(&[("x-amz-retry-after", "1500")]),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(after(&[("retry-after", "2")]), Some(Duration::from_secs(2)));
        assert_eq!(
            after(&[("x-amz-retry-after", "250"), ("retry-after", "9")]),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            after(&[
                ("retry-after", "Wed, 21 Oct 2015 07:28:30 GMT"),
                ("date", "Wed, 21 Oct 2015 07:28:00 GMT")
            ]),
            Some(Duration::from_secs(30))
        );
        // A date in the past asks for nothing; a date without the
        // response's own `Date`, or text that is no delay, is ignored.
        assert_eq!(
            after(&[
                ("retry-after", "Wed, 21 Oct 2015 07:27:00 GMT"),
                ("date", "Wed, 21 Oct 2015 07:28:00 GMT")
            ]),
            Some(Duration::ZERO)
        );
        assert_eq!(
            after(&[("retry-after", "Wed, 21 Oct 2015 07:28:30 GMT")]),
            None
        );
        assert_eq!(
            after(&[("retry-after", "soon"), ("x-amz-retry-after", "-1")]),
            None
        );
        assert_eq!(after(&[]), None);
    }
}
