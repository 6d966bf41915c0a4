//! Operations, and the builders of their shapes.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;
use std::hash::{BuildHasher, RandomState};

use crate::request::{RequestError, RequestOptions};
use crate::response::ServiceError;

/// An operation whose results come in pages (`@paginated`): the step from
/// one page to the next, without I/O.
pub trait Paginated: Operation {
    /// The input that asks for the page after `output`, which answered
    /// `input`; `None` after the last page, when `output` carries no token
    /// or an empty one. A service that hands out a token it gave before
    /// would be asked forever: [`PageTokens`] catches that.
    fn next_page(input: &Self::Input, output: &Self::Output) -> Option<Self::Input>;

    /// The page token `input` sends, if any, as bytes that tell tokens
    /// apart: a string token's own, or the document form of a token of
    /// another type (DynamoDB's keys are maps).
    fn page_token(input: &Self::Input) -> Option<Cow<'_, [u8]>>;
}

/// The page tokens one listing has sent, so that a service cycling through
/// tokens (A, B, A, ...) is stopped at the first repeat instead of being
/// asked for the same pages forever. Only a 128-bit hash of each token is
/// kept, so memory stays small however long a hostile service makes them;
/// the hash keys are random, so no service can aim for a collision.
#[derive(Debug, Default, Clone)]
pub struct PageTokens {
    keys: [RandomState; 2],
    seen: BTreeSet<(u64, u64)>,
}

impl PageTokens {
    /// Records `token` as sent with the next request; an error when it was
    /// sent before.
    pub fn admit(&mut self, token: &[u8]) -> Result<(), RepeatedPageToken> {
        let [first, second] = &self.keys;
        if self
            .seen
            .insert((first.hash_one(token), second.hash_one(token)))
        {
            return Ok(());
        }
        Err(RepeatedPageToken {
            token: String::from_utf8_lossy(token).chars().take(64).collect(),
            pages: self.seen.len(),
        })
    }
}

/// A service sent a page token it had sent before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedPageToken {
    /// The token, cut to its first 64 characters.
    token: String,
    /// How many different tokens came before it.
    pages: usize,
}

impl fmt::Display for RepeatedPageToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the service sent the page token {:?} again after {} different tokens; stopping, since asking for it would repeat pages forever",
            self.token, self.pages
        )
    }
}

impl std::error::Error for RepeatedPageToken {}

/// A paginated operation whose pages hold a list (or map) of items
/// (`@paginated`'s `items`): how to take them out of a page.
pub trait PaginatedItems: Paginated {
    /// The items of one page: a list, or a map whose entries are the items.
    type Items: IntoIterator<Item = Self::Item>;
    /// One item.
    type Item;

    /// The page's items; none when the page leaves them out.
    fn items(output: Self::Output) -> Self::Items;
}

/// A model operation: its name and the types it takes and returns.
pub trait Operation {
    /// The operation's name in the model.
    const NAME: &'static str;
    /// The input type, `()` when the operation takes none.
    type Input;
    /// The output type, `()` when the operation returns none.
    type Output;
    /// The operation's error: one variant per error the model lists, and one
    /// for anything else.
    type Error: std::error::Error + ServiceError + Send + Sync + 'static;

    /// The HTTP request for `input`, with the default [`RequestOptions`].
    /// Its URI holds the path and query only: the caller adds the endpoint
    /// (see [`crate::request::apply_endpoint`]), then signs and sends it.
    fn serialize_request(
        input: &Self::Input,
    ) -> Result<http::Request<crate::ByteStream>, RequestError> {
        Self::serialize_request_with(input, &RequestOptions::default())
    }

    /// The HTTP request for `input`, written as `options` say.
    fn serialize_request_with(
        input: &Self::Input,
        options: &RequestOptions,
    ) -> Result<http::Request<crate::ByteStream>, RequestError>;

    /// The output member that takes the response body as it streams in,
    /// for an operation whose output has an `@streaming` blob (S3's
    /// `GetObject`): a client reads the rest of the response as usual,
    /// then hands the body to the caller unread. `None` for the others.
    const STREAMED_OUTPUT: Option<fn(&mut Self::Output) -> &mut crate::ByteStream> = None;

    /// The response checksums an `@httpChecksum` operation's responses may
    /// carry, which a client validates as the body goes by.
    const RESPONSE_CHECKSUMS: &'static [crate::checksum::ChecksumAlgorithm] = &[];

    /// Reads the service's response into the output, or into the typed error
    /// for a status outside 2xx. A streamed output member gets a copy of the
    /// body in memory.
    fn parse_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Self::Output, Self::Error>;

    /// The endpoint parameters `input` sets through its
    /// `smithy.rules#contextParam` members; none for most operations.
    fn endpoint_context(input: &Self::Input) -> Vec<(&'static str, crate::endpoint::Value)> {
        let _ = input;
        Vec::new()
    }
}

/// `build()` was called without every required member set.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct BuildError {
    shape: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// The error of a builder, from each required member's name and whether
    /// it is absent; generated code's own.
    #[doc(hidden)]
    pub fn missing(shape: &'static str, members: &[(&'static str, bool)]) -> Self {
        let missing = members
            .iter()
            .filter(|(_, absent)| *absent)
            .map(|(member, _)| *member)
            .collect();
        Self { shape, missing }
    }

    /// The shape being built.
    pub fn shape(&self) -> &'static str {
        self.shape
    }

    /// The model names of every required member that was not set.
    pub fn missing_members(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build `{}`: missing required member", self.shape)?;
        if self.missing.len() > 1 {
            f.write_str("s")?;
        }
        for (i, name) in self.missing.iter().enumerate() {
            f.write_str(if i == 0 { " `" } else { ", `" })?;
            f.write_str(name)?;
            f.write_str("`")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_token_sent_before_is_refused() {
        let mut tokens = PageTokens::default();
        for token in ["A", "B", "C"] {
            tokens.admit(token.as_bytes()).unwrap();
        }
        let error = tokens.admit(b"A").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the service sent the page token \"A\" again after 3 different tokens; stopping, since asking for it would repeat pages forever"
        );
        let long = "x".repeat(10_000);
        tokens.admit(long.as_bytes()).unwrap();
        let error = tokens.admit(long.as_bytes()).unwrap_err();
        assert_eq!(error.token.len(), 64);
    }

    #[test]
    fn build_errors_name_every_missing_member() {
        let one = BuildError::missing("Distribution", &[("Region", true), ("Id", false)]);
        assert_eq!(
            one.to_string(),
            "cannot build `Distribution`: missing required member `Region`"
        );
        let two = BuildError::missing("Route", &[("Host", true), ("Port", true)]);
        assert_eq!(
            two.to_string(),
            "cannot build `Route`: missing required members `Host`, `Port`"
        );
        assert_eq!(two.missing_members(), ["Host", "Port"]);
    }
}
