//! `update()` driven by synthetic key events, as a note-taker would type:
//! every action, and what each records (checked by applying the commands
//! through the rules, as the store does).

use caseboard_core::meeting::{Answer, Position, Presence, Question};
use caseboard_core::pack::{ObjectionKind, Tier};
use caseboard_core::rules::Command;
use caseboard_core::{Outcome, Status};
use caseboard_testkit::app::{
    app_on, apply_at, at, commit, demo_board, draw, fill_the_cap, key, keys, paint, press,
    recorded, screen_text, select, submit_form,
};
use caseboard_tui::app::{update, Action, App, Confirm, Edit, Effect, Mode, Pane, WriteResult};
use caseboard_tui::ui::Theme;
use crossterm::event::{KeyCode, KeyModifiers};

fn app() -> App {
    app_on(demo_board(), false, (120, 35))
}

#[test]
fn moving_paging_and_panes() {
    let mut app = app();
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Down);
    assert_eq!(app.selected_priority().unwrap().id, "P03");
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(app.selected_priority().unwrap().id, "P02");
    key(&mut app, KeyCode::Char('G'));
    assert_eq!(app.selected_priority().unwrap().id, "S10");
    key(&mut app, KeyCode::Home);
    assert_eq!(app.selected, 0);
    key(&mut app, KeyCode::PageDown);
    assert!(app.selected > 10, "a page is more than a row");
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.selected, 0);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Evidence);
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(
        (app.selected, app.evidence_scroll),
        (0, 1),
        "j scrolls the focused evidence"
    );
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus, Pane::Board);
}

#[test]
fn enter_takes_an_item_up_and_t_runs_its_timer() {
    let mut app = app();
    select(&mut app, "P04");
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(
        recorded(&effects),
        vec![Command::TakeUp {
            priority: "P04".into()
        }]
    );
    commit(&mut app, &effects);
    assert_eq!(app.board.current().unwrap().id, "P04");
    assert!(app.board.current().unwrap().timer.is_running());
    // Browsing does not move the item under discussion; the timer key acts on it.
    key(&mut app, KeyCode::Char('j'));
    let effects = key(&mut app, KeyCode::Char('t'));
    assert_eq!(
        recorded(&effects),
        vec![Command::ToggleTimer {
            priority: "P04".into()
        }]
    );
    commit(&mut app, &effects);
    assert!(!app.board.priority("P04").unwrap().timer.is_running());
}

#[test]
fn accept_with_target_reject_local_defer() {
    let mut app = app();
    select(&mut app, "P02");
    let effects = submit_form(&mut app, 'a', &["Agreed", "2010/11=5.6"]);
    assert!(
        matches!(&recorded(&effects)[..], [Command::Decide { outcome: Outcome::Accept, target: Some(t), .. }] if t.value == 5.6)
    );
    commit(&mut app, &effects);
    assert!(matches!(
        app.board.priority("P02").unwrap().status,
        Status::Accepted { target: Some(_) }
    ));

    select(&mut app, "P05");
    key(&mut app, KeyCode::Char('r'));
    keys(&mut app, "Local matter");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char(' '));
    let effects = key_enter(&mut app);
    commit(&mut app, &effects);
    assert_eq!(app.board.priority("P05").unwrap().status, Status::KeptLocal);

    select(&mut app, "P06");
    key(&mut app, KeyCode::Char('d'));
    // A rationale is required: the form explains and stays open, and no
    // write is asked of the store.
    let effects = key(&mut app, KeyCode::Enter);
    assert!(effects.is_empty(), "{effects:?}");
    let Mode::Form(form) = &app.mode else {
        panic!("the form stays open")
    };
    assert!(form
        .error
        .as_deref()
        .unwrap()
        .contains("rationale is required"));
    keys(&mut app, "Await data");
    let effects = key_enter(&mut app);
    commit(&mut app, &effects);
    assert_eq!(app.board.priority("P06").unwrap().status, Status::Deferred);
}

fn key_enter(app: &mut App) -> Vec<Effect> {
    key(app, KeyCode::Enter)
}

#[test]
fn a_bad_target_is_explained_in_the_form() {
    let mut app = app();
    select(&mut app, "P02");
    assert!(submit_form(&mut app, 'a', &["", "lots"]).is_empty());
    let Mode::Form(form) = &app.mode else {
        panic!()
    };
    assert!(form.error.as_deref().unwrap().contains("PERIOD=VALUE"));
}

#[test]
fn accepting_over_open_objections_asks_first() {
    let mut app = app();
    select(&mut app, "P01"); // has an open objection in the demo pack
    assert!(
        submit_form(&mut app, 'a', &["Agreed"]).is_empty(),
        "nothing recorded before the answer"
    );
    assert!(matches!(
        app.mode,
        Mode::Confirm(Confirm::OverObjections { .. })
    ));
    // "No" goes back to the form as it was typed.
    key(&mut app, KeyCode::Char('n'));
    let Mode::Form(form) = &app.mode else {
        panic!("back to the form")
    };
    assert_eq!(form.fields[0].text_value(), "Agreed");
    key(&mut app, KeyCode::Enter);
    let effects = key(&mut app, KeyCode::Char('y'));
    let events = commit(&mut app, &effects);
    let caseboard_core::EventBody::DecisionRecorded(d) = &events[0].body else {
        panic!()
    };
    assert!(
        !d.open_objections.is_empty(),
        "the record notes the open objections"
    );
}

#[test]
fn esc_cancels_a_form_without_recording() {
    let mut app = app();
    key(&mut app, KeyCode::Char('a'));
    keys(&mut app, "half typed");
    assert!(key(&mut app, KeyCode::Esc).is_empty());
    assert_eq!(app.mode, Mode::Normal);
    assert!(app
        .flash
        .as_ref()
        .unwrap()
        .text
        .contains("nothing was recorded"));
}

#[test]
fn objections_raised_resolved_and_withdrawn_from_the_keyboard() {
    let mut app = app();
    select(&mut app, "P25");
    key(&mut app, KeyCode::Char('o'));
    keys(&mut app, "Replace NI 39 with NI 20");
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "c"); // kind: jumps to "counter proposal"
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Right); // raised by: the first attendee
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "NI 20");
    let effects = key(&mut app, KeyCode::Enter);
    let commands = recorded(&effects);
    let [Command::RaiseObjection {
        kind,
        raised_by,
        alternative,
        alternative_title: None,
        ..
    }] = &commands[..]
    else {
        panic!("{commands:?}")
    };
    assert_eq!(*kind, ObjectionKind::CounterProposal);
    assert!(raised_by.is_some());
    assert_eq!(alternative.as_deref(), Some("NI 20"));
    commit(&mut app, &effects);
    let open_before = app.board.priority("P25").unwrap().open_objections;

    // Resolve the first objection shown, from the objections pane.
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Objections);
    let first = app.selected_objection().unwrap().id.clone();
    key(&mut app, KeyCode::Char('x'));
    keys(&mut app, "Agreed to use both");
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(
        recorded(&effects),
        vec![Command::ResolveObjection {
            objection: first,
            note: "Agreed to use both".into()
        }]
    );
    commit(&mut app, &effects);
    assert_eq!(
        app.board.priority("P25").unwrap().open_objections,
        open_before - 1
    );

    let next = app.selected_objection().unwrap().id.clone();
    key(&mut app, KeyCode::Char('w'));
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(
        recorded(&effects),
        vec![Command::WithdrawObjection {
            objection: next,
            note: String::new()
        }]
    );
}

#[test]
fn a_counter_proposal_may_name_an_indicator_not_in_the_pack() {
    let mut app = app_on(demo_board(), false, (200, 50));
    select(&mut app, "P07");
    let effects = key(&mut app, KeyCode::Enter);
    commit(&mut app, &effects);
    key(&mut app, KeyCode::Char('o'));
    keys(&mut app, "Measure what residents see");
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "c"); // kind: counter proposal
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "NI 999");
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "Local bus punctuality");
    let effects = key(&mut app, KeyCode::Enter);
    let commands = recorded(&effects);
    let [Command::RaiseObjection {
        kind: ObjectionKind::CounterProposal,
        alternative: Some(code),
        alternative_title: Some(title),
        ..
    }] = &commands[..]
    else {
        panic!("{commands:?}")
    };
    assert_eq!(
        (code.as_str(), title.as_str()),
        ("NI 999", "Local bus punctuality")
    );
    commit(&mut app, &effects);
    // The objections pane and the projector say what it would put in its
    // place, and that the pack does not hold it.
    let words = "NI 999 Local bus punctuality (not in the pack)";
    let board = screen_text(&draw(&app, &Theme::colour()));
    assert!(
        board.contains(&format!("Proposes instead: {words}")),
        "{board}"
    );
    key(&mut app, KeyCode::Char('p'));
    let projector = screen_text(&draw(&app, &Theme::colour()));
    // (wrapped at this width after "not in the")
    assert!(
        projector.contains(
            "Measure what residents see (replace with NI 999 Local bus punctuality (not in the"
        ) && projector.contains("pack))"),
        "{projector}"
    );
}

#[test]
fn a_resolution_without_a_note_is_refused_in_the_form_and_asks_no_write() {
    let mut app = app();
    select(&mut app, "P25");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Pane::Objections);
    assert!(
        app.selected_objection().is_some(),
        "P25 has an open objection"
    );
    key(&mut app, KeyCode::Char('x'));
    let effects = key(&mut app, KeyCode::Enter);
    assert!(
        recorded(&effects).is_empty(),
        "no write is asked: {effects:?}"
    );
    let Mode::Form(form) = &app.mode else {
        panic!("the form stays open: {:?}", app.mode)
    };
    assert_eq!(
        form.error.as_deref(),
        Some(
            "Not recorded: a note saying how it was resolved is required to resolve an objection."
        )
    );
    // Typing the note then records it.
    keys(&mut app, "Agreed");
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(recorded(&effects).len(), 1);
}

#[test]
fn checklist_positions_and_attendance_record_only_changes() {
    let mut app = app();
    select(&mut app, "P03");
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Home); // first question: yes
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Right); // second: unknown -> yes
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(
        recorded(&effects),
        vec![
            Command::AnswerChecklist {
                priority: "P03".into(),
                question: Question::EvidenceSufficient,
                answer: Answer::Yes
            },
            Command::AnswerChecklist {
                priority: "P03".into(),
                question: Question::RightPeople,
                answer: Answer::Yes
            },
        ]
    );
    commit(&mut app, &effects);
    assert_eq!(app.board.priority("P03").unwrap().readiness(), (2, 0));
    // Opening and saving again with no change records nothing.
    key(&mut app, KeyCode::Char('c'));
    assert!(key(&mut app, KeyCode::Enter).is_empty());

    key(&mut app, KeyCode::Char('v'));
    key(&mut app, KeyCode::Home); // locality: support
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(
        recorded(&effects),
        vec![Command::RecordPosition {
            priority: "P03".into(),
            tier: Tier::Local,
            position: Position::Support
        }]
    );
    commit(&mut app, &effects);
    assert_eq!(
        app.board.priority("P03").unwrap().agreement_mark(),
        "L✓ R? C?"
    );

    key(&mut app, KeyCode::Char('@'));
    key(&mut app, KeyCode::Right); // first attendee: present
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::End); // second: apologies
    let effects = key(&mut app, KeyCode::Enter);
    let commands = recorded(&effects);
    assert!(matches!(
        &commands[..],
        [
            Command::RecordAttendance {
                presence: Presence::Present,
                ..
            },
            Command::RecordAttendance {
                presence: Presence::Apologies,
                ..
            }
        ]
    ));
}

#[test]
fn notes_and_actions_with_line_breaks_and_paste() {
    let mut app = app();
    select(&mut app, "P07");
    key(&mut app, KeyCode::Char('n'));
    keys(&mut app, "First line");
    press(&mut app, KeyCode::Enter, KeyModifiers::ALT);
    update(&mut app, Action::Paste("pasted\nsecond".into()));
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(
        recorded(&effects),
        vec![Command::AddNote {
            priority: Some("P07".into()),
            text: "First line\npasted\nsecond".into()
        }]
    );
    commit(&mut app, &effects);

    key(&mut app, KeyCode::Char('A'));
    keys(&mut app, "Send baseline data");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "2008-04-30");
    let effects = key(&mut app, KeyCode::Enter);
    let commands = recorded(&effects);
    assert!(
        matches!(&commands[..], [Command::AddAction { owner: Some(_), due: Some(d), .. }] if d == "2008-04-30")
    );
}

#[test]
fn speakers_queue_and_next_speaker() {
    let mut app = app();
    select(&mut app, "P08");
    let effects = key(&mut app, KeyCode::Enter);
    commit(&mut app, &effects);
    key(&mut app, KeyCode::Char('s'));
    key(&mut app, KeyCode::Right);
    let effects = key(&mut app, KeyCode::Enter);
    let [Command::QueueSpeaker { attendee, .. }] = &recorded(&effects)[..] else {
        panic!()
    };
    let attendee = attendee.clone();
    commit(&mut app, &effects);
    let effects = key(&mut app, KeyCode::Char('S'));
    assert_eq!(
        recorded(&effects),
        vec![Command::CallNextSpeaker {
            priority: "P08".into()
        }]
    );
    commit(&mut app, &effects);
    assert_eq!(
        app.board
            .priority("P08")
            .unwrap()
            .floor
            .as_ref()
            .unwrap()
            .attendee,
        attendee
    );
}

#[test]
fn a_speaker_is_taken_out_of_the_queue_with_x() {
    let mut app = app();
    select(&mut app, "P08");
    let effects = key(&mut app, KeyCode::Enter);
    commit(&mut app, &effects);
    // Nobody queued: the form says so and records nothing.
    key(&mut app, KeyCode::Char('X'));
    let Mode::Form(form) = &app.mode else {
        panic!("a form opens")
    };
    assert!(
        form.refusal
            .as_deref()
            .is_some_and(|r| r.contains("Nobody is in the speakers queue for P08")),
        "{:?}",
        form.refusal
    );
    assert!(recorded(&key(&mut app, KeyCode::Enter)).is_empty());
    key(&mut app, KeyCode::Esc);
    // Two queued, the first called: the form lists the one with the floor
    // first, then the queue.
    for right in [1, 2] {
        key(&mut app, KeyCode::Char('s'));
        for _ in 0..right {
            key(&mut app, KeyCode::Right);
        }
        let effects = key(&mut app, KeyCode::Enter);
        commit(&mut app, &effects);
    }
    let effects = key(&mut app, KeyCode::Char('S'));
    commit(&mut app, &effects);
    let p08 = app.board.priority("P08").unwrap();
    let speaking = p08.floor.as_ref().unwrap().attendee.clone();
    let waiting = p08.queue[0].clone();
    key(&mut app, KeyCode::Char('X'));
    let Mode::Form(form) = &app.mode else {
        panic!("a form opens")
    };
    assert!(form.refusal.is_none(), "{:?}", form.refusal);
    assert_eq!(form.fields[0].text_value(), speaking);
    // The one waiting is taken out; the one speaking keeps the floor.
    key(&mut app, KeyCode::Right);
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(
        recorded(&effects),
        vec![Command::RemoveSpeaker {
            priority: "P08".into(),
            attendee: waiting.clone()
        }]
    );
    commit(&mut app, &effects);
    let p08 = app.board.priority("P08").unwrap();
    assert!(p08.queue.is_empty());
    assert_eq!(p08.floor.as_ref().unwrap().attendee, speaking);
    // Then the one speaking: their turn ends, its time kept.
    let effects = submit_form(&mut app, 'X', &[]);
    commit(&mut app, &effects);
    let p08 = app.board.priority("P08").unwrap();
    assert!(p08.floor.is_none());
    assert!(p08.spoken.iter().any(|(who, _)| *who == speaking));
}

#[test]
fn filter_by_text_status_and_kind() {
    let mut app = app();
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "kind:stat");
    assert_eq!(app.visible().len(), 5);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.selected_priority().unwrap().id, "S01");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.visible().len(), 45);
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "alcohol");
    assert!(!app.visible().is_empty());
    assert!(app.selected_priority().unwrap().id.starts_with('P'));
    key(&mut app, KeyCode::Backspace);
    update(&mut app, Action::Edit(Edit::Clear));
    keys(&mut app, "status:accepted");
    assert_eq!(app.visible().len(), 0, "nothing accepted yet");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.visible().len(), 45);
}

#[test]
fn help_presentation_and_quitting() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.mode, Mode::Help);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('p'));
    assert!(app.presenting);
    key(&mut app, KeyCode::Char('p'));
    assert!(!app.presenting);
    // Ctrl-C asks; q does not.
    assert!(press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL).is_empty());
    assert!(matches!(app.mode, Mode::Confirm(Confirm::Quit { .. })));
    key(&mut app, KeyCode::Char('n'));
    assert!(!app.quit);
    press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(key(&mut app, KeyCode::Char('y')), vec![Effect::Quit]);
    assert!(app.quit);
    let mut app2 = self::app();
    assert_eq!(key(&mut app2, KeyCode::Char('q')), vec![Effect::Quit]);
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut app = app();
    // 120×35: the board's first priority row is at screen row 3.
    update(&mut app, Action::Click { column: 10, row: 5 });
    assert_eq!(app.selected_priority().unwrap().id, "P03");
    update(
        &mut app,
        Action::Scroll {
            column: 10,
            row: 5,
            down: true,
        },
    );
    assert_eq!(app.selected_priority().unwrap().id, "P06");
    update(
        &mut app,
        Action::Click {
            column: 100,
            row: 5,
        },
    );
    assert_eq!(app.focus, Pane::Evidence);
}

#[test]
fn read_only_views_refuse_to_record() {
    let mut app = app_on(demo_board(), true, (120, 35));
    for c in ['t', 'S'] {
        assert!(key(&mut app, KeyCode::Char(c)).is_empty());
    }
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    assert_eq!(app.mode, Mode::Normal);
    // A form key opens its form with the refusal; Enter in it records nothing.
    for c in ['a', 'r', 'd', 'o', 'n'] {
        assert!(key(&mut app, KeyCode::Char(c)).is_empty());
        let Mode::Form(form) = &app.mode else {
            panic!("{c} opens its form")
        };
        assert!(form.refusal.as_deref().unwrap().contains("read-only"));
        assert!(keys(&mut app, "Not a priority for us.").is_empty());
        assert!(key(&mut app, KeyCode::Enter).is_empty());
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.mode, Mode::Normal);
    }
}

#[test]
fn another_screens_entries_arrive_and_a_failed_write_keeps_the_form() {
    let mut app = app();
    let mut board = app.board.clone();
    let event = apply_at(
        &mut board,
        at(10, 5, 0),
        "Other",
        Command::TakeUp {
            priority: "P09".into(),
        },
    );
    update(&mut app, Action::Arrived(vec![event]));
    assert_eq!(app.board.current().unwrap().id, "P09");
    assert!(app.flash.as_ref().unwrap().text.contains("another screen"));

    key(&mut app, KeyCode::Char('n'));
    keys(&mut app, "keep me");
    update(
        &mut app,
        Action::Written(WriteResult::Failed("disk full".into())),
    );
    assert!(
        matches!(app.mode, Mode::Form(_)),
        "what was typed is not lost"
    );
    assert!(app.flash.as_ref().unwrap().text.contains("NOT RECORDED"));
}

#[test]
fn a_refusal_is_known_before_asking_about_objections() {
    // Fill the cap (35) with other designated priorities.
    let mut app = app();
    let mut board = app.board.clone();
    let events = fill_the_cap(&mut board, "P01");
    update(&mut app, Action::Arrived(events));
    assert_eq!(
        app.board.designated_accepted(),
        app.board.cap(),
        "the cap is full"
    );
    select(&mut app, "P01"); // open objections, and the cap is full
    key(&mut app, KeyCode::Char('a'));
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    let Mode::Form(form) = &app.mode else {
        panic!("no confirmation for what would be refused")
    };
    // Known as the form opened, and said in it.
    assert!(
        form.refusal.as_deref().unwrap().contains("cap"),
        "{:?}",
        form.refusal
    );
}

#[test]
fn a_pasted_line_break_is_kept_whatever_the_terminal_sends() {
    let mut app = app();
    key(&mut app, KeyCode::Char('n'));
    update(&mut app, Action::Paste("first\r\nsecond\rthird".into()));
    let effects = key(&mut app, KeyCode::Enter);
    assert!(
        matches!(&recorded(&effects)[..], [Command::AddNote { text, .. }] if text == "first\nsecond\nthird")
    );
}

#[test]
fn only_the_answers_changed_in_the_form_are_recorded() {
    // Another screen answers the first question while this form is open.
    let mut app = app();
    select(&mut app, "P06");
    key(&mut app, KeyCode::Char('c'));
    let mut board = app.board.clone();
    let event = apply_at(
        &mut board,
        at(10, 5, 0),
        "Other",
        Command::AnswerChecklist {
            priority: "P06".into(),
            question: Question::EvidenceSufficient,
            answer: Answer::Yes,
        },
    );
    update(&mut app, Action::Arrived(vec![event]));
    // This note-taker changes only the second answer.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Right);
    let effects = key(&mut app, KeyCode::Enter);
    assert_eq!(
        recorded(&effects),
        vec![Command::AnswerChecklist {
            priority: "P06".into(),
            question: Question::RightPeople,
            answer: Answer::Yes
        }],
        "the other screen's answer is not undone"
    );
}

#[test]
fn the_speakers_queue_is_the_item_under_discussion() {
    let mut app = app();
    select(&mut app, "P08");
    let effects = key(&mut app, KeyCode::Enter);
    commit(&mut app, &effects);
    select(&mut app, "P09"); // browsing elsewhere
    key(&mut app, KeyCode::Char('s'));
    key(&mut app, KeyCode::Right);
    let effects = key(&mut app, KeyCode::Enter);
    assert!(
        matches!(&recorded(&effects)[..], [Command::QueueSpeaker { priority, .. }] if priority == "P08")
    );
}

#[test]
fn the_help_scrolls_when_the_window_is_short() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::PageDown);
    assert_eq!(app.help_scroll, 11);
    assert_eq!(
        app.mode,
        Mode::Help,
        "moving keys scroll the help rather than leaving it"
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.help_scroll, 0, "it opens at the top");
}

#[test]
fn attendance_and_meeting_wide_notes_are_shown() {
    let mut app = app();
    key(&mut app, KeyCode::Char('@'));
    key(&mut app, KeyCode::Right); // the first attendee: present
    let effects = key(&mut app, KeyCode::Enter);
    commit(&mut app, &effects);
    key(&mut app, KeyCode::Char('n'));
    keys(&mut app, "Next meeting on 2 April");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char(' ')); // about the meeting as a whole
    let effects = key(&mut app, KeyCode::Enter);
    commit(&mut app, &effects);
    // Scroll the evidence pane to its end and read it.
    key(&mut app, KeyCode::Tab);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 35)).unwrap();
    let screen = caseboard_tui::ui::Screen::new(caseboard_tui::ui::Theme::colour());
    let mut seen = String::new();
    for _ in 0..40 {
        terminal.draw(|f| paint(f, &app, &screen)).unwrap();
        seen.push_str(&format!("{}", terminal.backend()));
        key(&mut app, KeyCode::Char('j'));
    }
    assert!(
        seen.contains("Attendance: 1 present"),
        "attendance is shown"
    );
    assert!(
        seen.contains("Next meeting on 2 April"),
        "the meeting-wide note is shown"
    );
}

/// `NI 39` is an indicator code: the filter finds the priority that
/// carries it (P25), not P39 nor every title with "ni" in it.
#[test]
fn filtering_by_an_indicator_code_matches_that_code() {
    use caseboard_tui::app::filter::Filter;
    let app = app();
    let ids = |text: &str| -> Vec<String> {
        let board = &app.board;
        Filter::parse(text)
            .visible(board)
            .into_iter()
            .map(|i| board.priorities()[i].id.clone())
            .collect()
    };
    for typed in ["NI 39", "ni39", "NI39", "  ni   39 "] {
        assert_eq!(ids(typed), ["P25"], "{typed:?}");
    }
    assert_eq!(ids("NI 198"), ["P39"]);
    assert!(
        ids("NI 3").is_empty(),
        "a code matches whole, not as a prefix"
    );
    // A word beside it still narrows as before.
    assert_eq!(ids("NI 39 alcohol"), ["P25"]);
    assert!(ids("NI 39 travel").is_empty());
}

/// The accept form opens on the headline indicator's proposal: Enter
/// accepts it as proposed; a figure typed replaces it; and a period of
/// another form is refused in the form, which stays open with what was typed.
#[test]
fn the_accept_form_starts_from_the_proposal() {
    let mut app = app();
    select(&mut app, "P01");
    key(&mut app, KeyCode::Char('a'));
    let Mode::Form(form) = &app.mode else {
        panic!("no form")
    };
    assert!(form.context[0].contains("NI 112"), "{:?}", form.context);
    assert!(
        form.context[1].contains("baseline 44.2 (1998)"),
        "{:?}",
        form.context
    );
    assert!(
        form.context[1].contains("proposed 24.3 (2010)"),
        "{:?}",
        form.context
    );
    assert_eq!(form.fields[1].text_value(), "2010=24.3");
    key_enter(&mut app);
    // P01 has an open objection: the question, then yes.
    assert!(matches!(
        app.mode,
        Mode::Confirm(Confirm::OverObjections { .. })
    ));
    let effects = key(&mut app, KeyCode::Char('y'));
    assert!(
        matches!(&recorded(&effects)[..], [Command::Decide { target: Some(t), .. }] if t.period == "2010" && t.value == 24.3),
        "{effects:?}"
    );

    // Typing into the proposal replaces it; `%` is allowed.
    let mut app = self::app();
    select(&mut app, "P02");
    let effects = submit_form(&mut app, 'a', &["", "2009/10=12.125%"]);
    assert!(
        matches!(&recorded(&effects)[..], [Command::Decide { target: Some(t), .. }] if t.period == "2009/10" && t.value == 12.125),
        "{effects:?}"
    );
    commit(&mut app, &effects);
    // Accepting it again starts from the target agreed, written in full.
    key(&mut app, KeyCode::Char('a'));
    let Mode::Form(form) = &app.mode else {
        panic!("no form")
    };
    assert_eq!(form.fields[1].text_value(), "2009/10=12.125");
    key(&mut app, KeyCode::Esc);

    // NI 112 is measured in calendar years: 2010/11 is refused, in the form.
    let mut app = self::app();
    select(&mut app, "P01");
    let mut effects = submit_form(&mut app, 'a', &["", "2010/11=20"]);
    if matches!(app.mode, Mode::Confirm(_)) {
        effects = key(&mut app, KeyCode::Char('y'));
    }
    assert!(recorded(&effects).is_empty(), "{effects:?}");
    let Mode::Form(form) = &app.mode else {
        panic!("the form closed on a refused period")
    };
    assert_eq!(
        form.fields[1].text_value(),
        "2010/11=20",
        "what was typed stays"
    );
    let error = form.error.as_deref().unwrap_or_default();
    assert!(error.contains("calendar years"), "{error}");
}

#[test]
fn the_logs_own_board_replaces_a_kept_one_under_the_filter_in_use() {
    let mut app = app();
    key(&mut app, KeyCode::Char('/'));
    keys(&mut app, "status:deferred");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.visible().len(), 0, "the board opened with shows none");
    // The log's own board: P07 deferred.
    let mut board = app.board.clone();
    apply_at(
        &mut board,
        at(10, 5, 0),
        "Helen Marsden",
        Command::Decide {
            priority: "P07".into(),
            outcome: Outcome::Defer,
            rationale: "awaiting the Place Survey".into(),
            local: false,
            target: None,
        },
    );
    update(&mut app, Action::BoardRebuilt(Box::new(board)));
    assert_eq!(app.board.priority("P07").unwrap().status, Status::Deferred);
    assert_eq!(app.visible().len(), 1, "the filter sees the board shown");
    assert_eq!(app.selected_priority().unwrap().id, "P07");
}
