//! The screens: app state and [`app::update`] (input → action → effects),
//! the keymap that feeds keys, footer and help, the layout, one file per
//! pane in [`ui`], and the thin [`runtime`] that owns the terminal.
//!
//! Data flows one way: input → [`app::Action`] → [`app::update`] → store →
//! state → [`ui::render`].

pub mod app;
pub mod layout;
pub mod runtime;
pub mod ui;
