//! caseboard: run a Local Area Agreement case conference from the terminal,
//! with every decision durably on the record.
//!
//! Data flows one way: input → [`app::Action`] → [`app::update`] → store →
//! state → [`ui::render`]. The [`domain`] is pure; only [`store`] talks SQLite;
//! only [`runtime`] and [`ui`] touch the terminal.

pub mod app;
pub mod cli;
pub mod domain;
pub mod layout;
pub mod runtime;
pub mod store;
pub mod synthetic;
pub mod ui;
