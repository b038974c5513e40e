//! The board filter typed after `/`: words that must all match. A bare word
//! matches the id, title, indicator codes, theme names, status or kind;
//! `status:`, `kind:` and `theme:` narrow a word to one of those. An
//! indicator code (`NI 39`, `ni39`) matches that indicator exactly.

use caseboard_core::{Board, PriorityState};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Status(String),
    Kind(String),
    Theme(String),
    /// An indicator code, without spaces, lower case (`ni39`).
    Indicator(String),
    Text(String),
}

/// `ni 39` typed as one code, or `ni39`: the code without spaces.
fn indicator_code(word: &str, next: Option<&str>) -> Option<(String, bool)> {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match word.strip_prefix("ni") {
        Some("") if next.is_some_and(digits) => Some((format!("ni{}", next?), true)),
        Some(n) if digits(n) => Some((format!("ni{n}"), false)),
        _ => None,
    }
}

fn squeezed(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    terms: Vec<Term>,
}

impl Filter {
    pub fn parse(text: &str) -> Filter {
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        let mut terms = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < words.len() {
            let lower = &words[i];
            i += 1;
            if let Some((code, took_next)) = indicator_code(lower, words.get(i).map(String::as_str))
            {
                terms.push(Term::Indicator(code));
                i += usize::from(took_next);
                continue;
            }
            terms.push(match lower.split_once(':') {
                Some(("status", v)) => Term::Status(v.to_string()),
                Some(("kind", v)) => Term::Kind(v.to_string()),
                Some(("theme", v)) => Term::Theme(v.to_string()),
                _ => Term::Text(lower.clone()),
            });
        }
        Filter { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn matches(&self, board: &Board, p: &PriorityState) -> bool {
        let spec = board.spec(&p.id);
        let theme_match = |v: &str| {
            spec.is_some_and(|s| {
                s.themes.iter().any(|t| {
                    t.to_lowercase().starts_with(v)
                        || board
                            .theme(t)
                            .is_some_and(|th| th.name.to_lowercase().contains(v))
                })
            })
        };
        self.terms.iter().all(|term| match term {
            Term::Status(v) => p.status.word().starts_with(v.as_str()),
            Term::Kind(v) => p.kind.as_str().starts_with(v.as_str()),
            Term::Theme(v) => theme_match(v),
            Term::Indicator(code) => {
                spec.is_some_and(|s| s.indicators.iter().any(|c| squeezed(c) == *code))
            }
            Term::Text(v) => {
                p.id.to_lowercase().contains(v.as_str())
                    || p.status.word().starts_with(v.as_str())
                    || p.kind.as_str().starts_with(v.as_str())
                    || theme_match(v)
                    || spec.is_some_and(|s| {
                        s.title.to_lowercase().contains(v.as_str())
                            || s.indicators
                                .iter()
                                .any(|c| c.to_lowercase().contains(v.as_str()))
                    })
            }
        })
    }

    /// Indices of the priorities that match, in agenda order.
    pub fn visible(&self, board: &Board) -> Vec<usize> {
        board
            .priorities()
            .iter()
            .enumerate()
            .filter(|(_, p)| self.is_empty() || self.matches(board, p))
            .map(|(i, _)| i)
            .collect()
    }
}
