//! Credentials fetched once and kept until shortly before they expire.
//!
//! Many calls may want credentials at the same moment, when none are
//! cached yet or when the cached ones are about to expire: one of them
//! fetches, the others wait for its answer instead of fetching too. If
//! that caller is cancelled, a waiter takes over. Waiters are woken once
//! per fetch, so work stays linear in the number of callers.

use std::fmt;
use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use super::{Clock, Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

/// How long before their expiry credentials are fetched again.
const REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);
/// After a failed refresh, how long credentials that still work are used
/// before the next try.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// A provider whose answers are kept: credentials without an expiry for
/// good, temporary ones until five minutes before they expire. A refresh
/// that fails while the old credentials still work keeps them (and tries
/// again ten seconds later); otherwise its error is the answer.
pub struct CachedCredentials {
    provider: Arc<dyn ProvideCredentials>,
    clock: Clock,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    current: Option<Credentials>,
    /// Set after a failed refresh: until then, credentials that still
    /// work count as fresh.
    retry_at: Option<SystemTime>,
    /// Counts completed fetches, so a waiter knows when one has ended.
    generation: u64,
    /// The error of the last fetch, for the callers that waited for it.
    last_error: Option<CredentialsError>,
    fetching: bool,
    waiters: Vec<Waker>,
}

impl State {
    fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        let current = self.current.as_ref()?;
        let fresh = match current.expiry() {
            None => true,
            Some(expiry) => {
                now + REFRESH_BEFORE < expiry
                    || (current.valid_at(now) && self.retry_at.is_some_and(|at| now < at))
            }
        };
        fresh.then(|| current.clone())
    }
}

impl CachedCredentials {
    /// Caches `provider`'s answers, judging expiry by the system clock.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self::with_clock(provider, Clock::system())
    }

    /// Caches `provider`'s answers, judging expiry by `clock`.
    pub fn with_clock(provider: impl ProvideCredentials + 'static, clock: Clock) -> Self {
        Self {
            provider: Arc::new(provider),
            clock,
            state: Arc::default(),
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        loop {
            let seen = {
                let mut state = lock(&self.state);
                if let Some(fresh) = state.fresh(self.clock.now()) {
                    return Ok(fresh);
                }
                if !state.fetching {
                    state.fetching = true;
                    break;
                }
                state.generation
            };
            match (Wait {
                state: &self.state,
                seen,
            })
            .await
            {
                Waited::Fetched => {
                    let state = lock(&self.state);
                    let now = self.clock.now();
                    match (&state.current, &state.last_error) {
                        (Some(current), _) if current.valid_at(now) => return Ok(current.clone()),
                        (_, Some(error)) => return Err(error.clone()),
                        _ => continue,
                    }
                }
                // The fetching caller was cancelled: fetch again.
                Waited::Abandoned => continue,
            }
        }
        let mut fetch = Fetch {
            state: &self.state,
            done: false,
        };
        let result = self.provider.provide_credentials().await;
        fetch.finish(result, self.clock.now())
    }
}

impl ProvideCredentials for CachedCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        // The common case, cached credentials, without waiting on a future.
        if let Some(fresh) = lock(&self.state).fresh(self.clock.now()) {
            return Box::pin(std::future::ready(Ok(fresh)));
        }
        Box::pin(self.load())
    }
}

impl fmt::Debug for CachedCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("CachedCredentials")
            .field("current", &state.current)
            .finish_non_exhaustive()
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // The state is consistent between statements, so a panic elsewhere
    // while it was held leaves nothing half-done.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The caller that fetches; if it is dropped before it finishes, the
/// waiters are told to try again.
struct Fetch<'a> {
    state: &'a Mutex<State>,
    done: bool,
}

impl Fetch<'_> {
    fn finish(
        &mut self,
        result: Result<Credentials, CredentialsError>,
        now: SystemTime,
    ) -> Result<Credentials, CredentialsError> {
        self.done = true;
        let mut state = lock(self.state);
        let answer = match result {
            Ok(credentials) => {
                state.current = Some(credentials.clone());
                state.retry_at = None;
                state.last_error = None;
                Ok(credentials)
            }
            Err(error) => match &state.current {
                Some(old) if old.valid_at(now) => {
                    let old = old.clone();
                    state.retry_at = Some(now + RETRY_AFTER_FAILURE);
                    state.last_error = None;
                    Ok(old)
                }
                _ => {
                    state.last_error = Some(error.clone());
                    Err(error)
                }
            },
        };
        state.generation += 1;
        state.fetching = false;
        let waiters = mem::take(&mut state.waiters);
        drop(state);
        waiters.into_iter().for_each(Waker::wake);
        answer
    }
}

impl Drop for Fetch<'_> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let mut state = lock(self.state);
        state.fetching = false;
        let waiters = mem::take(&mut state.waiters);
        drop(state);
        waiters.into_iter().for_each(Waker::wake);
    }
}

enum Waited {
    Fetched,
    Abandoned,
}

/// Waits until the fetch under way ends or is abandoned.
struct Wait<'a> {
    state: &'a Mutex<State>,
    seen: u64,
}

impl Future for Wait<'_> {
    type Output = Waited;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Waited> {
        let mut state = lock(self.state);
        if state.generation != self.seen {
            return Poll::Ready(Waited::Fetched);
        }
        if !state.fetching {
            return Poll::Ready(Waited::Abandoned);
        }
        state.waiters.push(cx.waker().clone());
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;

    use super::super::block_on;
    use super::*;

    const EPOCH: SystemTime = SystemTime::UNIX_EPOCH;

    /// A provider that answers from a script and counts its calls.
    struct Scripted {
        calls: Arc<AtomicUsize>,
        answers: Mutex<Vec<Result<Credentials, CredentialsError>>>,
    }

    impl ProvideCredentials for Scripted {
        fn provide_credentials(&self) -> CredentialsFuture<'_> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            let answer = self.answers.lock().unwrap().remove(0);
            Box::pin(std::future::ready(answer))
        }
    }

    fn expiring(key: &str, at_secs: u64) -> Credentials {
        Credentials::new(key, "secret", None)
            .with_expiry(Some(EPOCH + Duration::from_secs(at_secs)))
    }

    fn cache(
        answers: Vec<Result<Credentials, CredentialsError>>,
        now: Arc<AtomicUsize>,
    ) -> (CachedCredentials, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let provider = Scripted {
            calls: calls.clone(),
            answers: Mutex::new(answers),
        };
        let clock =
            Clock::from_fn(move || EPOCH + Duration::from_secs(now.load(Ordering::SeqCst) as u64));
        (CachedCredentials::with_clock(provider, clock), calls)
    }

    #[test]
    fn credentials_are_kept_until_shortly_before_they_expire() {
        let now = Arc::new(AtomicUsize::new(0));
        let (cache, calls) = cache(
            vec![Ok(expiring("first", 3_600)), Ok(expiring("second", 7_200))],
            now.clone(),
        );
        let get = || block_on(cache.provide_credentials()).unwrap();
        assert_eq!(get().access_key_id(), "first");
        now.store(3_600 - 301, Ordering::SeqCst);
        assert_eq!(get().access_key_id(), "first");
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        // Within five minutes of the expiry, they are fetched again.
        now.store(3_600 - 299, Ordering::SeqCst);
        assert_eq!(get().access_key_id(), "second");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_failed_refresh_keeps_credentials_that_still_work() {
        let now = Arc::new(AtomicUsize::new(3_500));
        let failure = || Err(CredentialsError::provider_failed("the endpoint refused"));
        let (cache, calls) = cache(
            vec![
                Ok(expiring("first", 3_600)),
                failure(),
                failure(),
                failure(),
            ],
            now.clone(),
        );
        let get = || block_on(cache.provide_credentials());
        assert_eq!(get().unwrap().access_key_id(), "first");
        assert_eq!(get().unwrap().access_key_id(), "first");
        // The failure is not retried at once, but ten seconds later.
        assert_eq!(get().unwrap().access_key_id(), "first");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        now.store(3_511, Ordering::SeqCst);
        assert_eq!(get().unwrap().access_key_id(), "first");
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        // Once they have expired, the failure is the answer.
        now.store(3_600, Ordering::SeqCst);
        let error = get().unwrap_err();
        assert!(error.to_string().contains("refused"), "{error}");
    }

    /// A provider whose answer waits for a signal, counting its calls.
    struct Gated {
        calls: AtomicUsize,
        open: Arc<Mutex<(bool, Vec<Waker>)>>,
    }

    struct Opened(Arc<Mutex<(bool, Vec<Waker>)>>);

    impl Future for Opened {
        type Output = Result<Credentials, CredentialsError>;
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            let mut open = self.0.lock().unwrap();
            if open.0 {
                return Poll::Ready(Ok(Credentials::new("shared", "secret", None)));
            }
            open.1.push(cx.waker().clone());
            Poll::Pending
        }
    }

    impl ProvideCredentials for Gated {
        fn provide_credentials(&self) -> CredentialsFuture<'_> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            Box::pin(Opened(self.open.clone()))
        }
    }

    struct Count(AtomicUsize);
    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn concurrent_first_calls_fetch_once_and_survive_a_cancelled_fetcher() {
        let open = Arc::new(Mutex::new((false, Vec::new())));
        let provider = Arc::new(Gated {
            calls: AtomicUsize::new(0),
            open: open.clone(),
        });
        let cache = CachedCredentials::new(provider.clone());
        let woken = Arc::new(Count(AtomicUsize::new(0)));
        let waker = Waker::from(woken.clone());
        let mut cx = Context::from_waker(&waker);
        let mut calls: Vec<_> = (0..50).map(|_| cache.provide_credentials()).collect();
        for call in &mut calls {
            assert!(call.as_mut().poll(&mut cx).is_pending());
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
        // The fetching caller gives up: one waiter takes over.
        drop(calls.remove(0));
        for call in &mut calls {
            assert!(call.as_mut().poll(&mut cx).is_pending());
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
        let wakers = {
            let mut open = open.lock().unwrap();
            open.0 = true;
            mem::take(&mut open.1)
        };
        wakers.into_iter().for_each(Waker::wake);
        for call in &mut calls {
            match call.as_mut().poll(&mut cx) {
                Poll::Ready(answer) => assert_eq!(answer.unwrap().access_key_id(), "shared"),
                Poll::Pending => panic!("a caller was left waiting"),
            }
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
    }
}
