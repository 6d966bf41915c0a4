//! The adaptive retry mode's client-side rate limiter, without I/O: the
//! AWS SDKs' design, in which a client measures how fast it sends, and
//! once the service throttles it, sends through a token bucket whose rate
//! follows CUBIC: cut by `β` at each throttle, then grown back along a
//! cubic curve that flattens at the rate that was throttled. The caller
//! passes the time, and sleeps the waits it is given.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// How much of a new rate measurement the measured rate takes.
const SMOOTHING: f64 = 0.8;
/// Rates are measured over half-second buckets.
const BUCKETS_PER_SECOND: f64 = 2.0;
/// The rate never grows past this multiple of the measured one.
const MAX_RATE_ADJUST_SCALE: f64 = 2.0;
/// The slowest the bucket fills, in tokens per second.
const MIN_FILL_RATE: f64 = 0.5;
/// CUBIC's cut at a throttle.
const BETA: f64 = 0.7;
/// CUBIC's growth constant.
const SCALE_CONSTANT: f64 = 0.4;

/// A client's send rate limiter, shared by its requests. It lets every
/// request through until the first throttling answer.
#[derive(Debug)]
pub struct RateLimiter(Mutex<State>);

#[derive(Debug)]
struct State {
    cubic: Cubic,
    clocker: RateClocker,
    bucket: TokenBucket,
    enabled: bool,
}

impl RateLimiter {
    /// A limiter whose clock reads `now`; later times are read on the same
    /// clock (time since any fixed origin).
    pub fn new(now: Duration) -> Self {
        let now = now.as_secs_f64();
        Self(Mutex::new(State {
            cubic: Cubic::new(0.0, now, BETA),
            clocker: RateClocker::new(now),
            bucket: TokenBucket::new(1.0, MIN_FILL_RATE, now),
            enabled: false,
        }))
    }

    /// Before an attempt: how long to wait for its send token. The token is
    /// taken at once, so callers waiting together queue up.
    pub fn before_attempt(&self, now: Duration) -> Duration {
        let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if !state.enabled {
            return Duration::ZERO;
        }
        state.bucket.reserve(1.0, now.as_secs_f64())
    }

    /// After an attempt, answered or not: whether the service throttled it.
    pub fn after_attempt(&self, now: Duration, throttled: bool) {
        let now = now.as_secs_f64();
        let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let measured = state.clocker.record(now);
        let rate = if throttled {
            let sent_at = match state.enabled {
                true => measured.min(state.bucket.fill_rate),
                false => measured,
            };
            state.enabled = true;
            state.cubic.throttled(sent_at, now)
        } else {
            state.cubic.success(now)
        };
        state
            .bucket
            .set_max_rate(rate.min(MAX_RATE_ADJUST_SCALE * measured), now);
    }
}

/// CUBIC's window over time: `w_max` the rate last throttled, `k` the time
/// the curve takes to get back to it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cubic {
    w_max: f64,
    k: f64,
    last_fail: f64,
    beta: f64,
}

impl Cubic {
    fn new(starting_max_rate: f64, start: f64, beta: f64) -> Self {
        let mut cubic = Self {
            w_max: starting_max_rate,
            k: 0.0,
            last_fail: start,
            beta,
        };
        cubic.k = cubic.zero_point();
        cubic
    }

    fn zero_point(&self) -> f64 {
        (self.w_max * (1.0 - self.beta) / SCALE_CONSTANT).cbrt()
    }

    /// The rate the curve allows at `now`.
    fn success(&self, now: f64) -> f64 {
        SCALE_CONSTANT * (now - self.last_fail - self.k).powi(3) + self.w_max
    }

    /// A throttle at `now` while sending at `rate`: the new rate.
    fn throttled(&mut self, rate: f64, now: f64) -> f64 {
        self.w_max = rate;
        self.k = self.zero_point();
        self.last_fail = now;
        rate * self.beta
    }
}

/// The rate a client sends at, smoothed over half-second buckets.
#[derive(Debug)]
struct RateClocker {
    measured: f64,
    last_bucket: f64,
    count: f64,
}

impl RateClocker {
    fn new(now: f64) -> Self {
        Self {
            measured: 0.0,
            last_bucket: now.floor(),
            count: 0.0,
        }
    }

    /// One more request at `now`: the measured rate.
    fn record(&mut self, now: f64) -> f64 {
        let bucket = (now * BUCKETS_PER_SECOND).floor() / BUCKETS_PER_SECOND;
        self.count += 1.0;
        if bucket > self.last_bucket {
            let current = self.count / (bucket - self.last_bucket);
            self.measured = current * SMOOTHING + self.measured * (1.0 - SMOOTHING);
            self.count = 0.0;
            self.last_bucket = bucket;
        }
        self.measured
    }
}

/// Send tokens, filled at `fill_rate` up to `max_capacity`. A reservation
/// may take the capacity below zero: the debt is what later callers wait
/// for.
#[derive(Debug)]
struct TokenBucket {
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last: Option<f64>,
    min_rate: f64,
}

impl TokenBucket {
    fn new(max_rate: f64, min_rate: f64, now: f64) -> Self {
        let mut bucket = Self {
            fill_rate: min_rate,
            max_capacity: 1.0,
            capacity: 0.0,
            last: None,
            min_rate,
        };
        bucket.set_max_rate(max_rate, now);
        bucket
    }

    fn refill(&mut self, now: f64) {
        if let Some(last) = self.last {
            let filled = self.capacity + (now - last).max(0.0) * self.fill_rate;
            self.capacity = filled.min(self.max_capacity);
        }
        self.last = Some(now);
    }

    fn set_max_rate(&mut self, rate: f64, now: f64) {
        // What filled at the old rate counts before the new one applies.
        self.refill(now);
        self.fill_rate = rate.max(self.min_rate);
        self.max_capacity = rate.max(1.0);
        self.capacity = self.capacity.min(self.max_capacity);
    }

    /// Takes `amount` tokens: how long until they would have been there.
    fn reserve(&mut self, amount: f64, now: f64) -> Duration {
        self.refill(now);
        let wait = ((amount - self.capacity) / self.fill_rate).max(0.0);
        self.capacity -= amount;
        Duration::try_from_secs_f64(wait).unwrap_or(Duration::MAX)
    }
}

#[cfg(test)]
mod tests {
    //! Expected values from botocore's published tests of the same design
    //! (`tests/unit/retries/test_throttling.py`, `test_bucket.py` and
    //! `test_adaptive.py`), which it verified by hand.

    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn cubic_starts_at_its_zero_point_and_cuts_by_beta() {
        let cubic = Cubic::new(10.0, 0.0, 0.7);
        assert!(close(cubic.k, 1.957_433_820_584_431_7), "{}", cubic.k);
        // Below the old maximum before `k`, at it at `k`, above it after.
        assert!(cubic.success(cubic.k / 3.0) <= 10.0);
        assert!(cubic.success(cubic.k / 1.1) <= 10.0);
        assert!(close(cubic.success(cubic.k), 10.0));
        assert!(cubic.success(cubic.k * 1.1) >= 10.0);

        let mut cubic = Cubic::new(10.0, 0.0, 0.7);
        assert!(close(cubic.throttled(8.0, 1.0), 8.0 * 0.7));
        assert_eq!(cubic.w_max, 8.0);
        assert!(close(cubic.k, 1.817_120_592_832_139_7), "{}", cubic.k);
        assert_eq!(cubic.last_fail, 1.0);

        let mut cubic = Cubic::new(10.0, 0.0, 0.6);
        assert_eq!(cubic.throttled(10.0, 1.0), 6.0);
        assert!(close(cubic.success(1.0), 6.0));
    }

    #[test]
    fn the_rate_is_measured_per_half_second_and_smoothed() {
        let mut clocker = RateClocker::new(0.0);
        assert_eq!(clocker.measured, 0.0);
        assert_eq!(clocker.record(1.0), 0.8);

        let mut clocker = RateClocker::new(0.0);
        for second in 1..=20 {
            clocker.record(f64::from(second));
        }
        assert!(close(clocker.measured, 1.0), "{}", clocker.measured);

        let mut clocker = RateClocker::new(0.0);
        for at in [0.1, 0.2, 0.3, 0.4, 0.49] {
            clocker.record(at);
        }
        // Still in the first bucket: the previous bucket's rate, none.
        assert_eq!(clocker.measured, 0.0);
        // Six requests in half a second is 12 a second.
        assert_eq!(clocker.record(0.5), 12.0 * 0.8);

        let mut clocker = RateClocker::new(0.0);
        for at in [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0] {
            clocker.record(at);
        }
        assert!((1.99..=2.0).contains(&clocker.measured));
        clocker.record(14.0);
        assert!((0.1..=2.0).contains(&clocker.measured));
    }

    #[test]
    fn the_bucket_fills_at_its_rate_and_makes_the_rest_wait() {
        let mut bucket = TokenBucket::new(10.0, 0.1, 0.0);
        for i in 0..20 {
            let at = 1.0 + 0.1 * f64::from(i);
            assert_eq!(bucket.reserve(1.0, at), Duration::ZERO, "at {at}");
        }

        // A token every 0.1 s: one at 0.1, then half a token's wait at
        // 0.15, then one free again just past 0.3.
        let mut bucket = TokenBucket::new(10.0, 0.1, 0.0);
        assert_eq!(bucket.reserve(1.0, 0.1), Duration::ZERO);
        assert!(close(bucket.reserve(1.0, 0.15).as_secs_f64(), 0.05));
        assert_eq!(bucket.reserve(1.0, 0.300_001), Duration::ZERO);

        let mut bucket = TokenBucket::new(10.0, 0.1, 0.0);
        bucket.set_max_rate(0.5, 1.0);
        assert_eq!((bucket.fill_rate, bucket.max_capacity), (0.5, 1.0));
        let mut bucket = TokenBucket::new(1.0, 0.2, 0.0);
        bucket.set_max_rate(0.1, 1.0);
        assert_eq!((bucket.fill_rate, bucket.max_capacity), (0.2, 1.0));
    }

    #[test]
    fn nothing_waits_until_a_throttle_and_the_rate_follows_the_measured_one() {
        let at = Duration::from_secs_f64;
        let limiter = RateLimiter::new(at(0.0));
        for i in 0..50 {
            let now = at(f64::from(i) * 0.01);
            assert_eq!(limiter.before_attempt(now), Duration::ZERO);
            limiter.after_attempt(now, false);
        }
        // Ten a second for two seconds, then a throttle.
        let limiter = RateLimiter::new(at(0.0));
        for i in 1..=20 {
            limiter.after_attempt(at(f64::from(i) * 0.1), false);
        }
        limiter.after_attempt(at(2.05), true);
        let state = limiter.0.lock().unwrap();
        assert!(state.enabled);
        let measured = state.clocker.measured;
        assert!((9.0..=10.0).contains(&measured), "{measured}");
        // The new rate is β times the rate sent at.
        assert!(close(state.bucket.fill_rate, measured * BETA));
        drop(state);
        // Sending faster than that now waits.
        let waits: Vec<Duration> = (0..10).map(|_| limiter.before_attempt(at(2.1))).collect();
        assert!(
            waits.last().unwrap() > &Duration::from_millis(500),
            "{waits:?}"
        );
    }

    #[test]
    fn a_success_never_raises_the_rate_past_twice_the_measured_one() {
        let limiter = RateLimiter::new(Duration::ZERO);
        let at = |i: u32| Duration::from_secs_f64(f64::from(i) * 0.05);
        // Twenty a second: a throttle at three seconds, then successes at
        // the same pace until thirty seconds, long after which the curve
        // alone would allow thousands a second.
        for i in 1..60 {
            limiter.after_attempt(at(i), false);
        }
        limiter.after_attempt(at(60), true);
        for i in 61..=600 {
            limiter.after_attempt(at(i), false);
        }
        let state = limiter.0.lock().unwrap();
        let measured = state.clocker.measured;
        assert!((19.0..=21.0).contains(&measured), "{measured}");
        assert!(state.cubic.success(30.0) > 1000.0);
        assert!(close(state.bucket.fill_rate, 2.0 * measured));
    }
}
