//! A terminal that only counts what it would be sent: the real lean
//! backend writing into a byte counter, on a fixed viewport (no tty).

use caseboard_tui::runtime::lean::LeanBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;

/// A writer that only counts bytes; clones share the count.
#[derive(Clone, Default)]
pub struct Sink(Rc<Cell<u64>>);

impl Sink {
    /// The bytes written since the last call.
    pub fn take(&self) -> u64 {
        self.0.replace(0)
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len() as u64);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub type Term = Terminal<LeanBackend<Sink>>;

/// A `width`×`height` terminal writing into `sink`.
pub fn terminal(sink: &Sink, width: u16, height: u16) -> Term {
    Terminal::with_options(
        LeanBackend::with_size(sink.clone(), width, height),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        },
    )
    .expect("a terminal in memory")
}
