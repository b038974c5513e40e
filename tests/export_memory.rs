//! Exports stream: a session's log is read and written one event at a time,
//! so what an export holds beyond the board does not grow with the log.
//! Measured by counting the heap this thread holds (every allocation
//! through Rust's allocator, SQLite's own page cache aside), not by time.

use caseboard::cli::{run, Cli};
use caseboard_store::{Store, StoreError};
use caseboard_testkit::synthetic::{self, Size};
use clap::Parser;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;

/// The system allocator, counting what the threads that ask hold.
struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static HELD: Cell<i64> = const { Cell::new(0) };
    static MOST: Cell<i64> = const { Cell::new(0) };
}

fn note(change: i64) {
    // A thread being torn down has no counters left: nothing to count.
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let held = HELD.get() + change;
            HELD.set(held);
            MOST.set(MOST.get().max(held));
        }
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note(layout.size() as i64);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            note(layout.size() as i64);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        note(-(layout.size() as i64));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            note(new_size as i64 - layout.size() as i64);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most heap `f` held at once on this thread, beyond what was held
/// when it started.
fn most_held<T>(f: impl FnOnce() -> T) -> (T, i64) {
    HELD.set(0);
    MOST.set(0);
    COUNTING.set(true);
    let out = f();
    COUNTING.set(false);
    (out, MOST.get())
}

const EVENTS: usize = 4000;

/// A generated session of [`EVENTS`] events on a 60-priority pack.
fn generated(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("generated.caseboard");
    let size = Size {
        priorities: 60,
        indicators: 200,
        objections: 120,
        events: EVENTS,
    };
    synthetic::session(&path, size, 7, 500).unwrap();
    path
}

const KB: i64 = 1024;

#[test]
fn the_streaming_read_holds_one_event_at_a_time_and_exports_hold_no_copy_of_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let session = generated(dir.path());

    // The whole log loaded, for scale: what holding every event costs.
    let store = Store::open_for_review(&session).unwrap();
    let (events, loaded) = most_held(|| store.events_after(0).unwrap());
    assert_eq!(events.len(), EVENTS);
    drop(events);
    assert!(
        loaded > 1024 * KB,
        "holding {EVENTS} events takes {loaded} bytes: the measure sees them"
    );

    // Read in passes: once the board is folded, reading the events again
    // holds one at a time, however many there are.
    let store = Store::open_for_review(&session).unwrap();
    let record = store.stream_record().unwrap();
    assert_eq!(record.events, EVENTS as u64);
    let mut seen = 0u64;
    let (read, held) = most_held(|| {
        record.each_event(|e| {
            seen += 1;
            assert_eq!(e.seq, seen, "in order");
            Ok::<_, StoreError>(())
        })
    });
    read.unwrap();
    assert_eq!(seen, EVENTS as u64);
    assert!(
        held < 16 * KB,
        "the read held {held} bytes at once; all {EVENTS} events take {loaded}"
    );
    let mut links = 0;
    let (read, held) = most_held(|| {
        record.each_link(|_, _, _| {
            links += 1;
            Ok::<_, StoreError>(())
        })
    });
    read.unwrap();
    assert_eq!(links, EVENTS);
    assert!(
        held < 16 * KB,
        "the chain's links held {held} bytes at once"
    );
    drop(record);
    drop(store);

    // Each export, as the command runs it, holds what opening and folding
    // hold, plus its buffers: never the log (loading it, and the text
    // made of it, held several times these budgets).
    let (_, folding) = most_held(|| {
        let store = Store::open_for_review(&session).unwrap();
        let record = store.stream_record().unwrap();
        store.notices();
        record.board.last_seq()
    });
    for format in ["json", "md", "csv"] {
        let out = dir.path().join(format!("record.{format}"));
        let cli = Cli::try_parse_from([
            "caseboard".as_ref(),
            "export".as_ref(),
            session.as_os_str(),
            "--format".as_ref(),
            format.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .unwrap();
        let (exported, export) = most_held(|| run(cli));
        assert!(exported.unwrap(), "{format}: exported");
        let written = std::fs::metadata(&out).unwrap().len() as i64;
        let beyond = export - folding;
        // The minutes hold their document (the board's decisions in words,
        // the objections borrowed from the board) and one section of text
        // at a time; JSON and CSV only their buffers.
        let budget = if format == "md" { 512 * KB } else { 128 * KB };
        assert!(
            beyond < budget,
            "{format}: the export held {beyond} bytes beyond the fold's {folding} \
             (it wrote {written} bytes; all {EVENTS} events take {loaded})"
        );
    }
}
