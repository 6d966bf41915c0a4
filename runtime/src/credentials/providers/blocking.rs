//! Work that blocks (a child process) run on a thread of its own, awaited
//! without any particular async runtime.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

struct Slot<T> {
    value: Option<T>,
    finished: bool,
    waker: Option<Waker>,
}

/// Runs `work` on a new thread; the future gives its result, or `None`
/// if the thread panicked.
pub(crate) fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> impl Future<Output = Option<T>> {
    let slot = Arc::new(Mutex::new(Slot {
        value: None,
        finished: false,
        waker: None,
    }));
    let filled = slot.clone();
    std::thread::spawn(move || {
        // Marks the slot finished even if `work` panics.
        struct Finish<T>(Arc<Mutex<Slot<T>>>);
        impl<T> Drop for Finish<T> {
            fn drop(&mut self) {
                let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
                slot.finished = true;
                if let Some(waker) = slot.waker.take() {
                    waker.wake();
                }
            }
        }
        let finish = Finish(filled);
        let value = work();
        finish
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .value = Some(value);
    });
    Wait(slot)
}

struct Wait<T>(Arc<Mutex<Slot<T>>>);

impl<T> Future for Wait<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.finished {
            return Poll::Ready(slot.value.take());
        }
        slot.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}
