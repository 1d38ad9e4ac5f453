//! Paginators: list operations that take a `Marker` and return a `NextMarker`, consumed as
//! async streams of pages or of items.

use super::{Client, InvalidResponse, SdkError};
use crate::binding::Operation;
use futures_core::Stream;
use futures_util::{stream, StreamExt};
use std::pin::Pin;

/// A list operation whose results come in pages. Generated code implements it for every
/// operation with a `Marker` input member and a `NextMarker` output member.
pub trait Paginated: Operation + 'static {
    /// One entry of a page.
    type Item: Send + 'static;
    /// Sets the input's `Marker`.
    fn set_marker(input: &mut Self::Input, marker: Option<String>);
    /// The output's `NextMarker`.
    fn next_marker(output: &Self::Output) -> Option<&str>;
    /// Takes the entries of a page.
    fn take_items(output: &mut Self::Output) -> Vec<Self::Item>;
}

/// A stream of pages, each a whole output.
pub type PageStream<O> =
    Pin<Box<dyn Stream<Item = Result<<O as Operation>::Output, SdkError<<O as Operation>::Error>>> + Send>>;

/// A stream of the entries of every page, in order.
pub type ItemStream<O> =
    Pin<Box<dyn Stream<Item = Result<<O as Paginated>::Item, SdkError<<O as Operation>::Error>>> + Send>>;

/// Walks the pages of a list operation, starting from the input's own `Marker`. A page
/// without a `NextMarker` (or with an empty one) is the last; a failed page ends the stream
/// after yielding its error.
pub struct Paginator<O: Paginated> {
    client: Client,
    input: O::Input,
    page_limit: Option<usize>,
}

impl<O: Paginated> std::fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator").field("operation", &O::NAME).field("page_limit", &self.page_limit).finish()
    }
}

struct State<O: Paginated> {
    client: Client,
    input: Option<O::Input>,
    sent_marker: Option<String>,
    pages_left: Option<usize>,
}

impl<O: Paginated> Paginator<O> {
    /// A paginator for `input`.
    pub fn new(client: Client, input: O::Input) -> Self {
        Paginator { client, input, page_limit: None }
    }

    /// Stops after this many pages.
    pub fn page_limit(mut self, pages: usize) -> Self {
        self.page_limit = Some(pages);
        self
    }

    /// The pages.
    pub fn pages(self) -> PageStream<O> {
        let state =
            State::<O> { client: self.client, sent_marker: None, input: Some(self.input), pages_left: self.page_limit };
        Box::pin(stream::unfold(state, |mut st| async move {
            let mut input = st.input.take()?;
            if st.pages_left == Some(0) {
                return None;
            }
            st.pages_left = st.pages_left.map(|n| n - 1);
            let result = st.client.call_ref::<O>(&input, false).await;
            match result {
                Ok(output) => {
                    let next = O::next_marker(&output).filter(|m| !m.is_empty()).map(str::to_string);
                    match next {
                        Some(m) if st.sent_marker.as_deref() == Some(m.as_str()) => {
                            // The service handed back the marker it was given: following
                            // it would loop forever.
                            let e = SdkError::InvalidResponse(InvalidResponse {
                                status: 200,
                                request_id: None,
                                reason: format!(
                                    "{} returned the marker it was sent as NextMarker; \
                                     stopping to avoid an endless loop",
                                    O::NAME
                                ),
                            });
                            Some((Err(e), st))
                        }
                        Some(m) => {
                            O::set_marker(&mut input, Some(m.clone()));
                            st.sent_marker = Some(m);
                            st.input = Some(input);
                            Some((Ok(output), st))
                        }
                        None => Some((Ok(output), st)),
                    }
                }
                Err(e) => Some((Err(e), st)),
            }
        }))
    }

    /// The entries of every page.
    pub fn items(self) -> ItemStream<O> {
        Box::pin(self.pages().flat_map(|page| {
            let items: Vec<_> = match page {
                Ok(mut output) => O::take_items(&mut output).into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            stream::iter(items)
        }))
    }
}
