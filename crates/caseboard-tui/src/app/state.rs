//! What the app state answers (the selection, the objections in view, why
//! nothing can be recorded) and the moves that keep it consistent.

use super::filter::Filter;
use super::{review, App, Flash, Mode, ModeClass, Pane, Tone, View};
use caseboard_core::{Board, Event, ObjectionState, ObjectionStatus, PriorityState};
use chrono::{DateTime, FixedOffset};

impl App {
    pub fn new(
        board: Board,
        actor: String,
        read_only: bool,
        source: String,
        now: DateTime<FixedOffset>,
    ) -> Self {
        let filter = Filter::default();
        let visible = filter.visible(&board);
        App {
            board,
            filter_text: String::new(),
            filter,
            visible,
            selected: 0,
            offset: 0,
            focus: Pane::Board,
            objection_cursor: 0,
            mode: Mode::Normal,
            flash: None,
            actor,
            read_only,
            read_only_because: None,
            presenting: false,
            light: false,
            test_card: false,
            source,
            now,
            size: (80, 24),
            evidence_scroll: 0,
            quit: false,
            help_scroll: 0,
            review: None,
            untrusted: None,
        }
    }

    /// A read-only review of `events`, at the last one, with the timeline
    /// in focus.
    pub fn for_review(
        board: Board,
        events: Vec<caseboard_core::Event>,
        source: String,
        now: DateTime<FixedOffset>,
    ) -> Self {
        let pack = board.pack().clone();
        let mut app = App::new(board, String::new(), true, source, now);
        app.review = Some(review::Review::new(pack, events));
        app.focus = Pane::Timeline;
        app.follow_event();
        app
    }

    /// In a review, chooses the priority the event at the cursor is about,
    /// so the evidence and objections show what the event concerns.
    fn follow_event(&mut self) {
        let Some(id) = self
            .review
            .as_ref()
            .and_then(|r| r.at())
            .and_then(|e| e.body.priority())
        else {
            return;
        };
        let Some(at) = self.board.priorities().iter().position(|p| p.id == id) else {
            return;
        };
        if let Some(row) = self.visible.iter().position(|&i| i == at) {
            self.select(row);
        }
    }

    /// Replays the board to the review's cursor (see [`review::Review::replay`]).
    pub(super) fn replay(&mut self) {
        let Some(review) = &mut self.review else {
            return;
        };
        review.replay(&mut self.board);
        if !self.filter.is_empty() {
            self.refilter();
        }
        self.follow_event();
    }

    pub(super) fn timeline_page(&self) -> usize {
        crate::layout::timeline_rows_visible(self.size).max(1)
    }

    pub(super) fn move_timeline(&mut self, to: isize) {
        let page = self.timeline_page();
        if let Some(review) = &mut self.review {
            let last = review.shown_len().saturating_sub(1) as isize;
            review.go(to.clamp(0, last.max(0)) as usize, page);
        }
        self.replay();
    }

    /// The moment the clocks on screen (item timer, speaking time) count to:
    /// now, or in a review the moment of the event replayed to.
    pub fn moment(&self) -> chrono::DateTime<chrono::Utc> {
        match self.review.as_ref().and_then(|r| r.at()) {
            Some(event) => event.at,
            None => self.now.with_timezone(&chrono::Utc),
        }
    }

    pub fn mode_class(&self) -> ModeClass {
        let view = match self.mode {
            Mode::Normal => return self.view_class(),
            Mode::Form(_) => View::Form,
            Mode::Confirm(_) => View::Confirm,
            Mode::Help => View::Help,
            Mode::Filter { .. } => View::Filter,
        };
        ModeClass {
            view,
            writable: !self.read_only,
        }
    }

    /// The view under whatever is open over it: the board, the projector
    /// or a review.
    pub fn view_class(&self) -> ModeClass {
        let view = if self.presenting {
            View::Projector
        } else if self.review.is_some() {
            View::Review
        } else {
            View::Board
        };
        ModeClass {
            view,
            writable: !self.read_only,
        }
    }

    /// The board rows the filter lets through, as indices into the board.
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    pub fn selected_priority(&self) -> Option<&PriorityState> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.board.priorities().get(i))
            .map(|p| &**p)
    }

    /// The selected priority's objections in the order shown: open first.
    pub fn objections_in_view(&self) -> Vec<&ObjectionState> {
        let Some(p) = self.selected_priority() else {
            return Vec::new();
        };
        let all: Vec<&ObjectionState> = self.board.objections_for(&p.id).collect();
        let open = all
            .iter()
            .copied()
            .filter(|o| o.status == ObjectionStatus::Open);
        let closed = all
            .iter()
            .copied()
            .filter(|o| o.status != ObjectionStatus::Open);
        open.chain(closed).collect()
    }

    pub fn selected_objection(&self) -> Option<&ObjectionState> {
        self.objections_in_view()
            .get(self.objection_cursor)
            .copied()
    }

    pub(super) fn page(&self) -> usize {
        if self.focus == Pane::Timeline {
            return self.timeline_page();
        }
        crate::layout::board_rows_visible_in(self.size, self.review.is_some()).max(1)
    }

    pub(super) fn select(&mut self, index: usize) {
        let last = self.visible.len().saturating_sub(1);
        let index = index.min(last);
        if index != self.selected {
            self.evidence_scroll = 0;
            self.objection_cursor = 0;
        }
        self.selected = index;
        let page = self.page();
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(self.visible.len().saturating_sub(page));
    }

    /// Re-applies the filter, keeping the same priority selected if it is
    /// still shown.
    pub(super) fn refilter(&mut self) {
        let keep = self.visible.get(self.selected).copied();
        self.filter = Filter::parse(&self.filter_text);
        self.visible = self.filter.visible(&self.board);
        let index = keep
            .and_then(|k| self.visible.iter().position(|&i| i == k))
            .unwrap_or(0);
        self.offset = 0;
        self.selected = 0;
        self.select(index);
    }

    /// Moves within the focused pane: the board's selection, the evidence's
    /// scroll, or the objection cursor.
    pub(super) fn step(&mut self, by: isize) {
        match self.focus {
            Pane::Timeline => {
                let at = self.review.as_ref().map_or(0, |r| r.cursor) as isize;
                self.move_timeline(at + by);
            }
            Pane::Board => {
                let target = (self.selected as isize + by).max(0) as usize;
                self.select(target);
            }
            Pane::Evidence => {
                self.evidence_scroll =
                    (self.evidence_scroll as isize + by).clamp(0, u16::MAX as isize) as u16;
            }
            Pane::Objections => {
                let n = self.objections_in_view().len();
                self.objection_cursor = (self.objection_cursor as isize + by)
                    .clamp(0, n.saturating_sub(1) as isize)
                    as usize;
            }
        }
    }

    pub(super) fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.flash = Some(Flash {
            tone,
            text: text.into(),
        });
    }

    pub(super) fn fold(&mut self, events: &[Event]) {
        for e in events {
            self.board.apply(e);
        }
        // Statuses changed: a filter on them must see the new ones.
        if !self.filter.is_empty() {
            self.refilter();
        }
    }

    /// Shows `board` in place of the one the screen opened with (the log's
    /// own, when the board kept in the file was not it): the filter is
    /// applied afresh and the objection cursor kept within its list.
    pub(super) fn replace_board(&mut self, board: Board) {
        self.board = board;
        self.refilter();
        self.objection_cursor = 0;
    }

    /// Whether anything can be recorded from this screen.
    pub fn can_record(&self) -> bool {
        !self.read_only && self.untrusted.is_none()
    }

    /// Why nothing at all can be recorded from this screen, if so.
    pub fn write_refusal(&self) -> Option<String> {
        if let Some(problem) = &self.untrusted {
            return Some(format!(
                "Nothing can be recorded while the record is not trusted: {problem}."
            ));
        }
        if !self.read_only {
            return None;
        }
        Some(match &self.read_only_because {
            Some(reason) => format!("Nothing can be recorded here: {reason}."),
            None => "This session is open read-only: nothing can be recorded here.".to_string(),
        })
    }

    /// The priority the timer and speaker keys act on: the one under
    /// discussion, else the selected one.
    pub(super) fn item_in_hand(&self) -> Option<String> {
        self.board
            .current()
            .or(self.selected_priority())
            .map(|p| p.id.clone())
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        use crate::layout::Hit;
        match crate::layout::hit_in(self.size, self.review.is_some(), column, row) {
            Some(Hit::BoardRow(n)) => {
                self.focus = Pane::Board;
                self.select(self.offset + n);
            }
            Some(Hit::Pane(p)) => self.focus = p,
            None => {}
        }
    }
}
