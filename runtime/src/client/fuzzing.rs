//! Entry points for the fuzz targets in `fuzz/` (feature `fuzzing`): the client's response
//! decoding without a network. Not an API: nothing outside the fuzz targets should call these.

use super::{error_response, frames::FrameReader, SdkError};
use crate::binding::{HttpOutput, Operation};
use crate::event_stream::{EventStreamError, RawEvent};
use crate::http::HttpResponse;

/// Decodes a whole response as the client does for operation `O`: a 2xx status is read into
/// the output, anything else into the operation's error.
pub fn decode_response<O: Operation>(
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
) -> Result<O::Output, SdkError<O::Error>> {
    // Pairs no HTTP message could carry are dropped: a real response cannot hold them.
    let headers: http::HeaderMap = headers
        .iter()
        .filter_map(|(k, v)| {
            Some((http::HeaderName::from_bytes(k.as_bytes()).ok()?, http::HeaderValue::from_str(v).ok()?))
        })
        .collect();
    if (200..300).contains(&status) {
        let response = HttpResponse { status, headers, body: body.into() };
        O::Output::from_http(&response).map_err(|e| {
            SdkError::InvalidResponse(super::InvalidResponse { status, request_id: None, reason: e.to_string() })
        })
    } else {
        Err(error_response::<O::Error>(status, &headers, &body).error)
    }
}

/// Decodes an event stream body delivered in the given chunks, as the client does: events
/// until the first error, then a truncation error if the body ended inside a frame.
pub fn decode_event_stream<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> Vec<Result<RawEvent, EventStreamError>> {
    let mut reader = FrameReader::default();
    let mut out = Vec::new();
    for chunk in chunks {
        reader.push(chunk);
        while let Some(item) = reader.next_event() {
            let failed = item.is_err();
            out.push(item);
            if failed {
                return out;
            }
        }
    }
    if reader.is_truncated() {
        out.push(Err(EventStreamError::Frame("the response ended in the middle of a frame".into())));
    }
    out
}
