//! The demo app and the note-taker's hands: the demo pack's board, an app
//! on it at a fixed moment, keys sent through the keymap as typed, and the
//! store's part played in memory (check, then apply).

use caseboard_core::rules::{self, Command};
use caseboard_core::validate::parse_pack;
use caseboard_core::{Board, Event};
use caseboard_tui::app::keymap::action_for;
use caseboard_tui::app::{update, Action, App, Effect, WriteResult};
use caseboard_tui::ui::{render, Screen, Theme};
use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::{Frame, Terminal};
use std::sync::Arc;

/// Who records in the tests' sessions.
pub const ACTOR: &str = "Test";

/// 12 March 2008 (the demo conference's date), `h:m:s` UTC.
pub fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2008, 3, 12, h, m, s)
        .single()
        .expect("a valid time")
}

/// The moment the tests' apps think it is: 10:30 UTC on the conference day.
pub fn meeting_time() -> DateTime<FixedOffset> {
    local(at(10, 30, 0))
}

/// `t` as the app's clock holds it (UTC, as a fixed offset).
pub fn local(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&FixedOffset::east_opt(0).expect("UTC"))
}

/// The demo pack's board, nothing recorded.
pub fn demo_board() -> Board {
    Board::new(Arc::new(
        parse_pack(crate::DEMO_PACK).expect("the demo pack is valid"),
    ))
}

/// An app on `board` at `(width, height)`, recording as [`ACTOR`] at
/// [`meeting_time`].
pub fn app_on(board: Board, read_only: bool, (width, height): (u16, u16)) -> App {
    let mut app = App::new(
        board,
        ACTOR.into(),
        read_only,
        "sessions/demo.caseboard".into(),
        meeting_time(),
    );
    update(&mut app, Action::Resize(width, height));
    app
}

/// The demo pack's app, nothing recorded, writable.
pub fn demo_app(size: (u16, u16)) -> App {
    app_on(demo_board(), false, size)
}

/// Checks `command` against `board` as the store does and applies the event
/// it becomes, recorded by [`ACTOR`] a minute after 10:00 for each event
/// before it. Panics if the rules refuse it.
pub fn apply(board: &mut Board, command: Command) -> Event {
    let when = at(10, 0, 0) + Duration::minutes(board.last_seq() as i64);
    apply_at(board, when, ACTOR, command)
}

/// Accepts designated priorities other than `except`, in pack order, until
/// the cap is reached; the events.
pub fn fill_the_cap(board: &mut Board, except: &str) -> Vec<Event> {
    let designated: Vec<String> = board
        .priorities()
        .iter()
        .filter(|p| p.kind == caseboard_core::pack::PriorityKind::Designated && p.id != except)
        .map(|p| p.id.clone())
        .collect();
    let cap = board.cap() as usize;
    designated
        .into_iter()
        .take(cap)
        .map(|priority| {
            apply(
                board,
                Command::Decide {
                    priority,
                    outcome: caseboard_core::Outcome::Accept,
                    rationale: String::new(),
                    local: false,
                    target: None,
                },
            )
        })
        .collect()
}

/// [`apply`] at a given time and by a given person.
pub fn apply_at(board: &mut Board, when: DateTime<Utc>, actor: &str, command: Command) -> Event {
    let event = match rules::apply(board, command.clone(), actor, when) {
        Ok((event, _)) => event,
        Err(refusal) => panic!("{command:?} refused: {refusal}"),
    };
    board.apply(&event);
    event
}

/// A key with modifiers, sent as the terminal would: through the keymap of
/// the app's mode into `update`. A key the mode does not bind does nothing.
pub fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
    match action_for(app.mode_class(), KeyEvent::new(code, modifiers)) {
        Some(action) => update(app, action),
        None => Vec::new(),
    }
}

/// A key without modifiers, through the keymap.
pub fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    press(app, code, KeyModifiers::NONE)
}

/// Types `text` one key at a time; the effects of all of them.
pub fn keys(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| key(app, KeyCode::Char(c)))
        .collect()
}

/// Opens a form with the key `open`, types `fields` with Tab between them
/// and presses Enter; the effects of the Enter.
pub fn submit_form(app: &mut App, open: char, fields: &[&str]) -> Vec<Effect> {
    key(app, KeyCode::Char(open));
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            key(app, KeyCode::Tab);
        }
        keys(app, field);
    }
    key(app, KeyCode::Enter)
}

/// Moves the board's selection to priority `id` with `g` and `j`.
pub fn select(app: &mut App, id: &str) {
    key(app, KeyCode::Char('g'));
    while app.selected_priority().map(|p| p.id.as_str()) != Some(id) {
        let before = app.selected;
        key(app, KeyCode::Char('j'));
        assert_ne!(before, app.selected, "{id} not found on the board");
    }
}

/// The commands the effects ask the store to record.
pub fn recorded(effects: &[Effect]) -> Vec<Command> {
    effects
        .iter()
        .flat_map(|e| match e {
            Effect::Record(c) => c.clone(),
            Effect::Quit => vec![],
        })
        .collect()
}

/// Plays the store's part: checks and applies the commands the effects ask
/// for (see [`apply`]), then tells the app they are committed.
pub fn commit(app: &mut App, effects: &[Effect]) -> Vec<Event> {
    let mut board = app.board.clone();
    let events: Vec<Event> = recorded(effects)
        .into_iter()
        .map(|command| apply(&mut board, command))
        .collect();
    update(
        app,
        Action::Written(WriteResult::Recorded {
            caught_up: vec![],
            events: events.clone(),
            warnings: vec![],
        }),
    );
    events
}

/// Renders the note-taker's whole screen into `frame`: the one place the
/// tests call the screen's renderer, so a change to how it is called is
/// made here once.
pub fn paint(frame: &mut Frame, app: &App, screen: &Screen) {
    render(frame, app, screen);
}

/// The whole screen drawn into a test backend of the app's size, from a
/// fresh [`Screen`] (nothing kept from an earlier frame).
pub fn draw(app: &App, theme: &Theme) -> Terminal<TestBackend> {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    let screen = Screen::new(*theme);
    terminal
        .draw(|f| paint(f, app, &screen))
        .expect("drawing into memory");
    terminal
}

/// What the screen says, a line a row; a wide character is read once.
pub fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let symbol = buf[(x, y)].symbol();
            out.push_str(symbol);
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

/// Fails if any cell drawn holds a control character or a bidi control:
/// whatever a pack or an entry says, nothing reaches the terminal that
/// could move the cursor, retitle the window or reorder the text.
pub fn assert_no_controls(terminal: &Terminal<TestBackend>) {
    for cell in terminal.backend().buffer().content() {
        for c in cell.symbol().chars() {
            assert!(
                !c.is_control(),
                "control character {c:?} reached the screen"
            );
            assert!(
                !('\u{202a}'..='\u{202e}').contains(&c)
                    && !('\u{2066}'..='\u{2069}').contains(&c)
                    && c != '\u{061c}',
                "bidi control {c:?} reached the screen"
            );
        }
    }
}

/// Who the projector's tests record as: the chair.
pub const CHAIR: &str = "Helen Marsden";

/// Applies `command` as the chair at `when`, as the store would.
pub fn record_at(board: &mut Board, when: DateTime<Utc>, command: Command) {
    apply_at(board, when, CHAIR, command);
}

/// Records the chair's decision on `id` at `when`, with `target` if given.
pub fn decide_at(
    board: &mut Board,
    when: DateTime<Utc>,
    id: &str,
    outcome: caseboard_core::Outcome,
    target: Option<(&str, f64)>,
) {
    record_at(
        board,
        when,
        Command::Decide {
            priority: id.into(),
            outcome,
            rationale: "Agreed in the room".into(),
            local: false,
            target: target.map(|(period, value)| caseboard_core::pack::PeriodValue {
                period: period.into(),
                value,
            }),
        },
    );
}

/// The projector's app on `board` at `now`: read-only, as `present` opens it.
pub fn projector_app(board: Board, now: DateTime<Utc>) -> App {
    App::new(
        board,
        CHAIR.into(),
        true,
        "sessions/demo.caseboard".into(),
        local(now),
    )
}
