//! HTTP server support: routing glue, error responses, signature verification, event stream encoding.
