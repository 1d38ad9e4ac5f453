//! Peer tests only: see `tests/`.
