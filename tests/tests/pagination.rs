//! The next-page step generated for `@paginated` operations, driven
//! through three pages of responses without I/O: each request carries the
//! token the previous response gave, paging stops when the token is absent
//! or empty, and `PageTokens` stops a service that repeats a token.

use fixtures_generated::http::operations::ListNotes;
use fixtures_generated::http::types::{ListNotesInput, ListNotesOutput, PageInfo};
use fixtures_generated::runtime::{Operation, PageTokens, Paginated};
use integration_tests::http_response;

/// The token a request sends in its `token` query parameter.
fn sent_token(request: &http::Request<fixtures_generated::runtime::ByteStream>) -> Option<String> {
    request.uri().query().and_then(|query| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("token=").map(str::to_owned))
    })
}

#[test]
fn three_pages_then_stop() {
    // What the service answers to each token it is sent.
    let pages = [
        (
            None,
            r#"{"Page": {"NextToken": "t1"}, "Notes": ["a", "b"]}"#,
        ),
        (
            Some("t1"),
            r#"{"Page": {"NextToken": "t2"}, "Notes": ["c"]}"#,
        ),
        (Some("t2"), r#"{"Page": {}, "Notes": ["d"]}"#),
    ];
    let mut input = ListNotesInput::builder().limit(2).build();
    let mut notes = Vec::new();
    let mut requests = 0;
    loop {
        let request = ListNotes::serialize_request(&input).unwrap();
        let token = sent_token(&request);
        let (_, body) = pages
            .iter()
            .find(|(expected, _)| expected.map(str::to_owned) == token)
            .expect("a token the service gave");
        requests += 1;
        let output = ListNotes::parse_response(&http_response(200, &[], body)).unwrap();
        notes.extend(output.notes.clone().unwrap_or_default());
        match ListNotes::next_page(&input, &output) {
            Some(next) => {
                assert_eq!(next.limit, Some(2), "the page size carries over");
                input = next;
            }
            None => break,
        }
    }
    assert_eq!(requests, 3);
    assert_eq!(notes, ["a", "b", "c", "d"]);
}

#[test]
fn an_empty_or_absent_token_ends_the_listing() {
    let sent = ListNotesInput::builder().next_token("t1").build();
    assert_eq!(ListNotes::next_page(&sent, &output("")), None);
    assert_eq!(
        ListNotes::next_page(&sent, &ListNotesOutput::builder().build()),
        None
    );
    let next = ListNotes::next_page(&sent, &output("t2")).unwrap();
    assert_eq!(next.next_token.as_deref(), Some("t2"));
    assert_eq!(ListNotes::page_token(&next).as_deref(), Some(&b"t2"[..]));
    assert_eq!(
        ListNotes::page_token(&ListNotesInput::builder().build()),
        None
    );
}

/// A service that answers t1, t2, t1: the step follows it, and the tokens
/// the requests would send catch the cycle at the first repeat.
#[test]
fn a_token_sent_before_is_caught() {
    let mut tokens = PageTokens::default();
    let mut input = ListNotesInput::builder().build();
    let mut repeated = None;
    for answer in ["t1", "t2", "t1"] {
        input = ListNotes::next_page(&input, &output(answer)).unwrap();
        let token = ListNotes::page_token(&input).unwrap();
        if let Err(error) = tokens.admit(&token) {
            repeated = Some(error.to_string());
            break;
        }
    }
    let repeated = repeated.expect("the third token repeats the first");
    assert!(
        repeated.contains("\"t1\" again after 2 different tokens"),
        "{repeated}"
    );
}

fn output(token: &str) -> ListNotesOutput {
    ListNotesOutput::builder()
        .page(PageInfo::builder().next_token(token).build())
        .build()
}
