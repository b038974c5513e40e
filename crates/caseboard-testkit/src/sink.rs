//! A terminal that only counts what it would be sent: the real lean
//! backend writing into a byte counter, on a fixed viewport (no tty).

use caseboard_tui::runtime::lean::LeanBackend;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::layout::Rect;
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};
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
    fixed(LeanBackend::with_size(sink.clone(), width, height))
}

/// A terminal on `backend`, whose size it knows, with a fixed viewport
/// of that size (no tty).
pub fn fixed<W: Write>(backend: LeanBackend<W>) -> Terminal<LeanBackend<W>> {
    use ratatui::backend::Backend;
    let size = backend.size().expect("a backend with a known size");
    Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, size.width, size.height)),
        },
    )
    .expect("a terminal in memory")
}

/// Draws a frame as the runtime does, inside the synchronized-update
/// wrapper (DEC 2026) that makes the terminal show it whole: those bytes
/// are sent with every frame, so they count.
pub fn frame<W: Write>(term: &mut Terminal<LeanBackend<W>>, paint: impl FnOnce(&mut Frame)) {
    crossterm::queue!(term.backend_mut().writer_mut(), BeginSynchronizedUpdate)
        .expect("write to memory");
    term.draw(paint).expect("draw to memory");
    crossterm::queue!(term.backend_mut().writer_mut(), EndSynchronizedUpdate)
        .expect("write to memory");
}
