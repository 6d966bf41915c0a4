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
//!   tokens, a retry takes 5 (10 after a timeout or a connection error)
//!   and a success gives back what its retries took, so a failing service
//!   is not hammered.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

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
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
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
    /// from the caller's source.
    pub fn decide(&mut self, outcome: Outcome, jitter: f64) -> Decision {
        let cost = match outcome {
            Outcome::Succeeded => {
                self.quota.give_back(std::mem::take(&mut self.held));
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
        Decision::RetryAfter(ceiling.mul_f64(jitter.clamp(0.0, 1.0)))
    }
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
            retry.decide(throttled, 0.5),
            Decision::RetryAfter(Duration::from_millis(500))
        );
        assert_eq!(
            retry.decide(throttled, 0.5),
            Decision::RetryAfter(Duration::from_secs(1))
        );
        assert_eq!(retry.attempt(), 3);
        assert_eq!(retry.decide(throttled, 0.5), Decision::Stop);
    }

    #[test]
    fn backoff_doubles_with_full_jitter_up_to_the_cap() {
        let config = RetryConfig {
            max_attempts: 10,
            ..RetryConfig::default()
        };
        let mut retry = RetryState::new(config, RetryQuota::default());
        let delays: Vec<Duration> = (0..7)
            .map(|_| match retry.decide(Outcome::Transient, 0.999_999) {
                Decision::RetryAfter(delay) => delay,
                Decision::Stop => panic!("stopped early"),
            })
            .collect();
        let seconds: Vec<u64> = delays
            .iter()
            .map(|d| d.as_secs_f64().round() as u64)
            .collect();
        assert_eq!(seconds, [1, 2, 4, 8, 16, 20, 20]);
        let mut retry = RetryState::new(config, RetryQuota::default());
        assert_eq!(
            retry.decide(Outcome::Transient, 0.0),
            Decision::RetryAfter(Duration::ZERO)
        );
    }

    #[test]
    fn failures_and_successes_stop() {
        assert_eq!(state().decide(Outcome::Failed, 0.5), Decision::Stop);
        assert_eq!(state().decide(Outcome::Succeeded, 0.5), Decision::Stop);
        let mut off = RetryState::new(RetryConfig::disabled(), RetryQuota::default());
        assert_eq!(off.decide(Outcome::Transient, 0.5), Decision::Stop);
    }

    #[test]
    fn an_empty_quota_stops_retries_and_successes_refill_it() {
        let quota = RetryQuota::default();
        // 50 transient retries take all 500 tokens.
        for _ in 0..50 {
            let mut retry = RetryState::new(RetryConfig::default(), quota.clone());
            assert!(matches!(
                retry.decide(Outcome::Transient, 0.1),
                Decision::RetryAfter(_)
            ));
        }
        assert_eq!(quota.available(), 0);
        let mut starved = RetryState::new(RetryConfig::default(), quota.clone());
        assert_eq!(
            starved.decide(Outcome::Retryable { throttling: false }, 0.1),
            Decision::Stop
        );
        // A request whose retry succeeded gives its tokens back.
        let quota = RetryQuota::default();
        let mut retry = RetryState::new(RetryConfig::default(), quota.clone());
        retry.decide(Outcome::Retryable { throttling: false }, 0.1);
        assert_eq!(quota.available(), 495);
        retry.decide(Outcome::Succeeded, 0.1);
        assert_eq!(quota.available(), 500);
    }
}
