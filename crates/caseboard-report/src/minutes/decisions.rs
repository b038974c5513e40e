//! What was decided: the summary line, the targets, local priorities, and
//! what was rejected, deferred or not decided.

use super::markdown::{period_value, plural, table};
use super::{md, Minutes};
use crate::report::tally;
use caseboard_core::pack::PriorityKind;
use caseboard_core::Status;
use std::fmt::Write;

impl Minutes<'_> {
    pub(super) fn summary(&mut self) {
        let board = self.board;
        let statutory_total = board
            .priorities()
            .iter()
            .filter(|p| p.kind == PriorityKind::Statutory)
            .count();
        let (statutory, local, rejected, deferred, undecided) = tally(board);
        let to_be_set = board
            .priorities()
            .iter()
            .filter(|p| matches!(p.status, Status::Accepted { target: None }))
            .count();
        let _ = writeln!(
            self.out,
            "## Summary\n\nDesignated accepted **{} / {}** · statutory agreed **{statutory} / {statutory_total}** · kept local **{local}** · rejected **{rejected}** · deferred **{deferred}** · undecided **{undecided}**\n",
            board.designated_accepted(),
            board.cap()
        );
        if to_be_set > 0 {
            let _ = writeln!(
                self.out,
                "{} accepted with the target still to be set.\n",
                plural(to_be_set, "priority was", "priorities were")
            );
        }
    }

    /// Rows of accepted-or-agreed tables: id, title, indicator, baseline,
    /// agreed target, rationale, decided.
    pub(super) fn target_rows(&self, kind: PriorityKind, only_accepted: bool) -> Vec<Vec<String>> {
        self.board
            .priorities()
            .iter()
            .filter(|p| p.kind == kind)
            .filter(|p| !only_accepted || matches!(p.status, Status::Accepted { .. }))
            .map(|p| {
                let (indicator, baseline) = self.headline(&p.id);
                let proposed = self.proposed(&p.id).map(period_value);
                let agreed = match (&p.status, proposed) {
                    (Status::Accepted { target }, proposed) => {
                        let mut s = target
                            .as_ref()
                            .map(period_value)
                            .unwrap_or_else(|| "to be set".to_string());
                        if let Some(proposed) = proposed {
                            let _ = write!(s, " (proposed {proposed})");
                        }
                        s
                    }
                    (status, proposed) => {
                        let mut s = format!("not agreed: {}", status.word());
                        if let Some(proposed) = proposed {
                            let _ = write!(s, "; proposed {proposed}");
                        }
                        s
                    }
                };
                let current = p.decisions.last();
                vec![
                    md(&p.id),
                    self.title_of(&p.id),
                    indicator,
                    baseline,
                    agreed,
                    current.map(Self::reason).unwrap_or_else(|| "—".into()),
                    Self::decided(&p.decisions, self.board.zone()),
                ]
            })
            .collect()
    }

    const TARGET_HEADERS: [&'static str; 7] = [
        "priority",
        "title",
        "headline indicator",
        "baseline",
        "agreed target",
        "rationale",
        "decided by, when",
    ];

    pub(super) fn designated(&mut self) {
        self.out.push_str("## Agreed designated targets\n\n");
        let rows = self.target_rows(PriorityKind::Designated, true);
        table(&mut self.out, &Self::TARGET_HEADERS, rows);
    }

    pub(super) fn statutory(&mut self) {
        self.out.push_str("## Statutory targets\n\n");
        let rows = self.target_rows(PriorityKind::Statutory, false);
        table(&mut self.out, &Self::TARGET_HEADERS, rows);
    }

    /// Rows for priorities in `status`: id, title, [indicator,] reason, decided.
    pub(super) fn reason_rows(&self, status: &Status, with_indicator: bool) -> Vec<Vec<String>> {
        self.board
            .priorities()
            .iter()
            .filter(|p| &p.status == status)
            .map(|p| {
                let mut row = vec![md(&p.id), self.title_of(&p.id)];
                if with_indicator {
                    row.push(self.headline(&p.id).0);
                }
                row.push(
                    p.decisions
                        .last()
                        .map(Self::reason)
                        .unwrap_or_else(|| "—".into()),
                );
                row.push(Self::decided(&p.decisions, self.board.zone()));
                row
            })
            .collect()
    }

    pub(super) fn local(&mut self) {
        self.out.push_str(
            "## Local priorities\n\nRejected as designated targets, kept as local priorities.\n\n",
        );
        let rows = self.reason_rows(&Status::KeptLocal, true);
        table(
            &mut self.out,
            &[
                "priority",
                "title",
                "headline indicator",
                "reason",
                "decided by, when",
            ],
            rows,
        );
    }

    pub(super) fn rejected_and_deferred(&mut self) {
        let headers = ["priority", "title", "reason", "decided by, when"];
        self.out
            .push_str("## Rejected and deferred\n\n### Rejected\n\n");
        let rows = self.reason_rows(&Status::Rejected, false);
        table(&mut self.out, &headers, rows);
        self.out.push_str("### Deferred\n\n");
        let rows = self.reason_rows(&Status::Deferred, false);
        table(&mut self.out, &headers, rows);
        let undecided: Vec<Vec<String>> = self
            .board
            .priorities()
            .iter()
            .filter(|p| p.status == Status::Undecided)
            .map(|p| {
                vec![
                    md(&p.id),
                    self.title_of(&p.id),
                    p.kind.as_str().to_string(),
                    p.open_objections.to_string(),
                ]
            })
            .collect();
        if !undecided.is_empty() {
            self.out.push_str("### Not decided\n\n");
            table(
                &mut self.out,
                &["priority", "title", "kind", "open objections"],
                &undecided,
            );
        }
    }
}
