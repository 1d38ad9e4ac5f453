//! The client's event stream frame decoder. Nothing may panic, and how the bytes are split
//! into chunks must not change what is decoded.
#![no_main]

use lambda_rt::client::fuzzing::decode_event_stream;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&chunk, bytes)) = data.split_first() else { return };
    let whole = decode_event_stream([bytes]);
    let chunked = decode_event_stream(bytes.chunks(usize::from(chunk).max(1)));
    assert_eq!(whole, chunked);
});
