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

/// A member that carries a page token: `String` or `Option<String>`.
pub trait TokenMember {
    /// Sets the token (a required member takes the empty string for none).
    fn set_token(&mut self, token: Option<String>);
    /// The token, if any.
    fn token(&self) -> Option<&str>;
}

impl TokenMember for String {
    fn set_token(&mut self, token: Option<String>) {
        *self = token.unwrap_or_default();
    }

    fn token(&self) -> Option<&str> {
        Some(self)
    }
}

impl TokenMember for Option<String> {
    fn set_token(&mut self, token: Option<String>) {
        *self = token;
    }

    fn token(&self) -> Option<&str> {
        self.as_deref()
    }
}

/// A member that holds a page's entries: `Vec<T>` or `Option<Vec<T>>`.
pub trait ItemsMember<T> {
    /// Takes the entries out.
    fn take_items(&mut self) -> Vec<T>;
}

impl<T> ItemsMember<T> for Vec<T> {
    fn take_items(&mut self) -> Vec<T> {
        std::mem::take(self)
    }
}

impl<T> ItemsMember<T> for Option<Vec<T>> {
    fn take_items(&mut self) -> Vec<T> {
        self.take().unwrap_or_default()
    }
}

/// Writes the async client's methods: one per operation, each naming the operation's marker,
/// input, output and error types in the invoking crate's `operations` module:
///
/// ```text
/// impl Client {
///     lambda_rt::client_methods! {
///         /// Doc of the method.
///         get_function: call GetFunction(GetFunctionInput) -> GetFunctionOutput, GetFunctionError;
///     }
/// }
/// ```
///
/// `call` sends the request and reads the whole response; `call_event_stream` returns once
/// the headers arrive and streams the body's events. The method name is the module's.
// `crate::` names the invoking (generated) crate's modules on purpose.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! client_methods {
    ($(
        $(#[$meta:meta])*
        $method:ident : $call:ident $op:ident ($input:ident) -> $output:ident, $error:ident;
    )*) => {$(
        $(#[$meta])*
        pub async fn $method(
            &self,
            input: crate::operations::$method::$input,
        ) -> Result<crate::operations::$method::$output, $crate::client::SdkError<crate::operations::$method::$error>> {
            self.inner.$call::<crate::operations::$method::$op>(input).await
        }
    )*};
}

/// Writes the paginators of list operations: a `<operation>_paginator` method on the client
/// and the [`Paginated`] impl of the operation's marker, from the input member that carries
/// the token, the output member with the next token, and the output list of entries:
///
/// ```text
/// lambda_rt::paginators!(Client {
///     #[cfg(feature = "list_functions")]
///     list_functions_paginator: list_functions::ListFunctions(ListFunctionsInput)
///         marker -> next_marker, functions: crate::types::FunctionConfiguration;
/// });
/// ```
// `crate::` names the invoking (generated) crate's modules on purpose.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! paginators {
    ($client:ident {$(
        $(#[cfg($cfg:meta)])?
        $(#[deprecated $($deprecated:tt)*])?
        $method:ident : $module:ident :: $op:ident ($input:ident) $token:ident -> $next:ident, $items:ident : $item:ty;
    )*}) => {$(
        $(#[cfg($cfg)])?
        impl $client {
            #[doc = concat!(
                "Pages through [`", stringify!($op), "`](crate::operations::", stringify!($module), "): `.pages()` \
                streams each output, `.items()` each entry of `", stringify!($items), "`, following the next token \
                until the last page."
            )]
            $(#[deprecated $($deprecated)*])?
            pub fn $method(
                &self,
                input: crate::operations::$module::$input,
            ) -> $crate::client::Paginator<crate::operations::$module::$op> {
                $crate::client::Paginator::new(self.inner.clone(), input)
            }
        }

        $(#[cfg($cfg)])?
        impl $crate::client::Paginated for crate::operations::$module::$op {
            type Item = $item;

            fn set_marker(input: &mut Self::Input, marker: Option<String>) {
                $crate::client::TokenMember::set_token(&mut input.$token, marker);
            }

            fn next_marker(output: &Self::Output) -> Option<&str> {
                $crate::client::TokenMember::token(&output.$next)
            }

            fn take_items(output: &mut Self::Output) -> Vec<Self::Item> {
                $crate::client::ItemsMember::take_items(&mut output.$items)
            }
        }
    )*};
}
