//! The generated validators over every operation's input, bound from a JSON body and labels.
//! Nothing may panic, and what the strict check (servers) accepts the lenient one (clients)
//! accepts too.
#![no_main]

use arbitrary::Arbitrary;
use lambda_fuzz::{visit_operation, Visit};
use lambda_rt::binding::{match_path, HttpInput, Operation};
use lambda_rt::http::{HttpRequest, Method};
use lambda_rt::Validate;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    operation: u8,
    labels: Vec<String>,
    query: Vec<(String, String)>,
    body: Vec<u8>,
}

struct Check(Input);
impl Visit for Check {
    type Out = ();
    fn visit<O: Operation + 'static>(self) {
        let Input { labels, query, body, .. } = self.0;
        let path = lambda_fuzz::fill_path(O::BINDING.path, &labels, false);
        let Some(bound) = match_path(O::BINDING.segments, &path) else { return };
        let Ok(method) = Method::from_bytes(O::BINDING.method.as_bytes()) else { return };
        let req = HttpRequest { method, path, query, body: body.into(), ..Default::default() };
        let Ok(input) = O::Input::from_http(&req, &bound) else { return };
        let strict = input.validate_strict();
        let lenient = input.validate();
        if strict.is_ok() {
            assert!(lenient.is_ok(), "{}: strict accepts what lenient refuses: {lenient:?}", O::NAME);
        }
        if let Err(e) = strict {
            assert!(!e.to_string().is_empty());
        }
    }
}

fuzz_target!(|input: Input| {
    visit_operation(input.operation as usize, Check(input));
});
