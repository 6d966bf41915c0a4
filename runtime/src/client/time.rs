//! Waiting: backoff between attempts, and timeouts. The timer is a trait,
//! so the client needs no particular async runtime.

use std::future::Future;
use std::task::Poll;
use std::time::Duration;

use super::BoxFuture;

/// A timer: a future that completes after `duration`.
pub trait Sleep: Send + Sync {
    /// Completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// The time ran out before the future completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Elapsed;

/// Runs `future` for at most `limit`.
pub(crate) async fn timeout<F: Future>(
    timer: &dyn Sleep,
    limit: Duration,
    future: F,
) -> Result<F::Output, Elapsed> {
    let mut future = std::pin::pin!(future);
    let mut alarm = timer.sleep(limit);
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        alarm.as_mut().poll(cx).map(|()| Err(Elapsed))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::task::{Context, Wake, Waker};

    struct NoWake;
    impl Wake for NoWake {
        fn wake(self: Arc<Self>) {}
    }

    /// A timer whose alarms have already gone off.
    struct Expired;
    impl Sleep for Expired {
        fn sleep(&self, _: Duration) -> BoxFuture<'static, ()> {
            Box::pin(std::future::ready(()))
        }
    }

    /// A timer whose alarms never go off.
    struct Never;
    impl Sleep for Never {
        fn sleep(&self, _: Duration) -> BoxFuture<'static, ()> {
            Box::pin(std::future::pending())
        }
    }

    fn poll_once<F: Future>(future: F) -> Poll<F::Output> {
        let waker = Waker::from(Arc::new(NoWake));
        std::pin::pin!(future).poll(&mut Context::from_waker(&waker))
    }

    #[test]
    fn the_future_wins_when_it_is_ready_and_the_alarm_otherwise() {
        let second = Duration::from_secs(1);
        assert_eq!(
            poll_once(timeout(&Expired, second, std::future::ready(7))),
            Poll::Ready(Ok(7))
        );
        assert_eq!(
            poll_once(timeout(&Expired, second, std::future::pending::<()>())),
            Poll::Ready(Err(Elapsed))
        );
        assert_eq!(
            poll_once(timeout(&Never, second, std::future::pending::<()>())),
            Poll::Pending
        );
    }
}
