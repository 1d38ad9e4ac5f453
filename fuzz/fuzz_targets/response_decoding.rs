//! The client's decoding of every operation's responses: status, headers and body into the
//! output or the operation's error. Nothing may panic.
#![no_main]

use arbitrary::Arbitrary;
use lambda_fuzz::{visit_operation, Visit};
use lambda_rt::binding::Operation;
use lambda_rt::client::fuzzing::decode_response;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    operation: u8,
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

struct Decode(Input);
impl Visit for Decode {
    type Out = ();
    fn visit<O: Operation + 'static>(self) {
        let Input { status, headers, body, .. } = self.0;
        let status = 100 + status % 500;
        if let Err(e) = decode_response::<O>(status, headers, body) {
            // Writing the error is part of what a caller does with it.
            let _ = format!("{e} {e:?}");
        }
    }
}

fuzz_target!(|input: Input| {
    visit_operation(input.operation as usize, Decode(input));
});
