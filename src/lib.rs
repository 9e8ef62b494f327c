//! Frontline: a customer-service training simulator.
//!
//! `core` holds every rule and no user interface; `cli` is the terminal front end.

pub mod cli;
pub mod core;
