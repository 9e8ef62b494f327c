//! Integration tests: one binary, one module per area.

mod allocation;
mod cli;
mod library;
mod properties;
mod session;
mod support;
mod transcripts;
mod validation;
