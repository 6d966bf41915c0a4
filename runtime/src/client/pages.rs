//! Paginated operations as streams of pages and of items, over the
//! sans-IO step [`Paginated::next_page`].

use std::pin::Pin;
use std::task::{ready, Context, Poll};

use super::{BoxFuture, CallError, ClientCore, OperationSpec, SendError, SendErrorKind};
use crate::{PageTokens, Paginated, PaginatedItems};

/// A page, or why it did not come.
type Page<O> = Result<<O as crate::Operation>::Output, CallError<<O as crate::Operation>::Error>>;
/// An item, or why its page did not come.
type Item<O> = Result<<O as PaginatedItems>::Item, CallError<<O as crate::Operation>::Error>>;
/// A page and the input that asks for the next one.
type PageResult<O> = Result<
    (
        <O as crate::Operation>::Output,
        Option<<O as crate::Operation>::Input>,
    ),
    CallError<<O as crate::Operation>::Error>,
>;

/// The pages of a paginated operation, fetched one call at a time as
/// they are asked for. A [`futures_core::Stream`]; [`Pages::next`] serves
/// without a stream library. Ends after the last page, or after an error;
/// a page token the service sent before ends it with a
/// [`SendErrorKind::Pagination`] error after the page that carried it.
pub struct Pages<O: Paginated> {
    core: ClientCore,
    spec: &'static OperationSpec,
    next: Next<O::Input>,
    tokens: PageTokens,
    pending: Option<BoxFuture<'static, PageResult<O>>>,
}

/// What the next poll of a [`Pages`] does.
enum Next<I> {
    /// Asks for the page of this input.
    Page(I),
    /// Reports why paging stopped.
    Fail(SendError),
    /// Nothing: the pages are over.
    Done,
}

// Nothing in a `Pages` is pinned in place: the call under way is boxed.
impl<O: Paginated> Unpin for Pages<O> {}

impl<O> Pages<O>
where
    O: Paginated + 'static,
    O::Input: Clone + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: Send + 'static,
{
    /// The pages that start with `first`.
    pub fn new(core: ClientCore, spec: &'static OperationSpec, first: O::Input) -> Self {
        let mut pages = Self {
            core,
            spec,
            next: Next::Done,
            tokens: PageTokens::default(),
            pending: None,
        };
        pages.next = pages.admit(first);
        pages
    }

    /// `input`, unless its token was sent before.
    fn admit(&mut self, input: O::Input) -> Next<O::Input> {
        match O::page_token(&input).map(|token| self.tokens.admit(&token)) {
            Some(Err(repeated)) => Next::Fail(SendError::new(SendErrorKind::Pagination, repeated)),
            Some(Ok(())) | None => Next::Page(input),
        }
    }

    /// The next page; `None` after the last one.
    pub async fn next(&mut self) -> Option<Page<O>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Page<O>>> {
        let pending = match &mut self.pending {
            Some(pending) => pending,
            None => {
                let input = match std::mem::replace(&mut self.next, Next::Done) {
                    Next::Page(input) => input,
                    Next::Fail(error) => return Poll::Ready(Some(Err(CallError::Send(error)))),
                    Next::Done => return Poll::Ready(None),
                };
                let core = self.core.clone();
                let spec = self.spec;
                self.pending.insert(Box::pin(async move {
                    let output = core.call::<O>(&input, spec).await?;
                    let next = O::next_page(&input, &output);
                    Ok((output, next))
                }))
            }
        };
        let result = ready!(pending.as_mut().poll(cx));
        self.pending = None;
        Poll::Ready(Some(result.map(|(output, next)| {
            if let Some(input) = next {
                self.next = self.admit(input);
            }
            output
        })))
    }
}

impl<O> futures_core::Stream for Pages<O>
where
    O: Paginated + 'static,
    O::Input: Clone + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: Send + 'static,
{
    type Item = Page<O>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

/// The items of every page of a paginated operation, in order. A
/// [`futures_core::Stream`]; [`Items::next`] serves without a stream
/// library. Ends after the last item, or after an error.
pub struct Items<O: PaginatedItems> {
    pages: Pages<O>,
    page: Option<<O::Items as IntoIterator>::IntoIter>,
}

// The page iterator is only read through `&mut`, never pinned.
impl<O: PaginatedItems> Unpin for Items<O> {}

impl<O> Items<O>
where
    O: PaginatedItems + 'static,
    O::Input: Clone + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: Send + 'static,
{
    /// The items of the pages that start with `first`.
    pub fn new(core: ClientCore, spec: &'static OperationSpec, first: O::Input) -> Self {
        Self {
            pages: Pages::new(core, spec, first),
            page: None,
        }
    }

    /// The next item; `None` after the last one.
    pub async fn next(&mut self) -> Option<Item<O>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Item<O>>> {
        loop {
            if let Some(item) = self.page.as_mut().and_then(Iterator::next) {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(self.pages.poll_page(cx)) {
                None => return Poll::Ready(None),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                Some(Ok(output)) => self.page = Some(O::items(output).into_iter()),
            }
        }
    }
}

impl<O> futures_core::Stream for Items<O>
where
    O: PaginatedItems + 'static,
    O::Input: Clone + Send + Sync + 'static,
    O::Output: Send + 'static,
    O::Error: Send + 'static,
{
    type Item = Item<O>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}
