//! HTTP client support: signing, retries, transport, event stream decoding.
