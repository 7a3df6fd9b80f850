//! The inventory screen's state: the text filter, the view (needs attention, expired, …), the
//! sort, the overview's narrowing, the list's scroll position and the selected certificate with
//! its report, its PEM text and its verdict under a policy. Its view is in `inventory_view`.

use std::sync::Arc;

use iced::Task;
use iced::widget::{scrollable, text_editor};
use time::OffsetDateTime;

use super::intent::Intent;
use super::inventory::Loaded;
use super::revocation_check;
use super::work::work;
use crate::pki::CertificateReport;
use crate::pki::status::Assessment;
use crate::pki::verify::PolicyVerdict;
use crate::store::CertificateRow;

/// The filter field, focused by Ctrl+F and found by tests.
pub const FILTER_ID: &str = "inventory-filter";

/// The scrolled list, scrolled to keep a row picked by keyboard in view.
pub const LIST_ID: &str = "inventory-list";

/// Every row has this height, so the visible slice follows from the scroll offset.
pub const ROW_HEIGHT: f32 = 34.0;

#[derive(Debug, Clone)]
pub enum Message {
    Filter(String),
    ShowOnly(Show),
    SortBy(SortColumn),
    Scrolled(scrollable::Viewport),
    SelectRow(i64),
    PemAction(text_editor::Action),
    /// Lift the overview's narrowing (a bar's dates or a status).
    ClearNarrowing,
    /// The verdict under a policy for a selected certificate (its id).
    PolicyJudged(i64, Result<Option<PolicyVerdict>, String>),
    /// A button of the detail pane that asks the window for something.
    Intent(Intent),
    /// The revocation check's buttons (over the list and in the detail).
    Revocation(revocation_check::Message),
}

/// What the window does after a message of this screen.
pub enum Action {
    None,
    Run(Task<Message>),
    Intent(Intent),
    Revocation(revocation_check::Message),
}

/// How the overview narrowed the list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Narrowing {
    /// Expiring in `[start, end)`.
    Expiring(OffsetDateTime, OffsetDateTime),
    /// Under this overall status.
    Status(crate::pki::StatusCode),
}

impl Narrowing {
    fn admits(self, row: &CertificateRow, assessment: &Assessment) -> bool {
        match self {
            Self::Expiring(start, end) => start <= row.facts.not_after && row.facts.not_after < end,
            Self::Status(code) => assessment.overall == code,
        }
    }
}

pub struct State {
    pub filter: String,
    pub show: Show,
    pub sort: SortColumn,
    pub ascending: bool,
    /// The list narrowed from the overview: a bar's expiry dates or one status.
    pub narrowed: Option<Narrowing>,
    /// Indexes into the loaded rows, filtered and sorted: what the list shows.
    pub visible: Vec<usize>,
    /// The list's scroll position and visible height, to draw only the visible rows.
    pub scroll_offset: f32,
    pub viewport_height: f32,
    pub selected_row: Option<i64>,
    pub row_report: Option<CertificateReport>,
    /// The selected certificate's verdict under its policy (its id), once judged.
    pub policy_verdict: Option<(i64, PolicyVerdict)>,
    pub pem_view: text_editor::Content,
}

impl Default for State {
    fn default() -> Self {
        Self {
            filter: String::new(),
            show: Show::All,
            sort: SortColumn::Status,
            ascending: true,
            narrowed: None,
            visible: Vec::new(),
            scroll_offset: 0.0,
            viewport_height: 800.0,
            selected_row: None,
            row_report: None,
            policy_verdict: None,
            pem_view: text_editor::Content::new(),
        }
    }
}

impl State {
    pub fn update(&mut self, message: Message, loaded: Option<&Arc<Loaded>>) -> Action {
        match message {
            Message::Filter(text) => {
                self.filter = text;
                self.refresh(loaded);
                Action::Run(list_to_top())
            }
            Message::SortBy(column) => {
                // A second click on the same column reverses the order.
                self.ascending = self.sort != column || !self.ascending;
                self.sort = column;
                self.refresh(loaded);
                Action::Run(list_to_top())
            }
            Message::ShowOnly(show) => {
                self.show = show;
                self.refresh(loaded);
                Action::Run(list_to_top())
            }
            Message::ClearNarrowing => {
                self.narrowed = None;
                self.refresh(loaded);
                Action::Run(list_to_top())
            }
            Message::Scrolled(viewport) => {
                self.scroll_offset = viewport.absolute_offset().y;
                self.viewport_height = viewport.bounds().height;
                Action::None
            }
            Message::SelectRow(id) => match loaded {
                Some(loaded) => Action::Run(self.select(id, loaded)),
                None => Action::None,
            },
            Message::PemAction(action) => {
                // Selection and copy only: the PEM is shown, not edited.
                if !action.is_edit() {
                    self.pem_view.perform(action);
                }
                Action::None
            }
            Message::PolicyJudged(id, result) => {
                match result {
                    Ok(Some(verdict)) if self.selected_row == Some(id) => {
                        self.policy_verdict = Some((id, verdict));
                    }
                    Ok(_) => {}
                    Err(error) => eprintln!("certdeck: no policy verdict for #{id}: {error}"),
                }
                Action::None
            }
            Message::Intent(intent) => Action::Intent(intent),
            Message::Revocation(message) => Action::Revocation(message),
        }
    }

    /// Selects certificate `id`: its report, its PEM, and its verdict judged on a worker thread.
    pub fn select(&mut self, id: i64, loaded: &Arc<Loaded>) -> Task<Message> {
        self.selected_row = Some(id);
        self.row_report = loaded.report(id);
        let pem = self
            .row_report
            .as_ref()
            .map(|r| r.cert.to_pem())
            .unwrap_or_default();
        self.pem_view = text_editor::Content::with_text(&pem);
        self.policy_verdict = None;
        let loaded = loaded.clone();
        Task::perform(
            work(move || super::policy_view::judge(&loaded, id)),
            move |result| Message::PolicyJudged(id, result),
        )
    }

    /// The inventory was loaded again: the list follows it, the selection is kept (on first
    /// load the top row is selected) and judged again.
    pub fn reloaded(&mut self, loaded: &Arc<Loaded>) -> Task<Message> {
        self.refresh(Some(loaded));
        let selected = self
            .selected_row
            .or_else(|| Some(loaded.rows[*self.visible.first()?].0.id));
        match selected {
            Some(id) => self.select(id, loaded),
            None => Task::none(),
        }
    }

    /// Forgets the selection (another inventory was opened).
    pub fn forget_selection(&mut self) {
        self.selected_row = None;
        self.row_report = None;
        self.policy_verdict = None;
    }

    /// Where the selected row is shown (its position in display order).
    pub fn selected_position(&self, loaded: &Loaded) -> Option<usize> {
        let id = self.selected_row?;
        self.visible.iter().position(|&i| loaded.rows[i].0.id == id)
    }

    /// After the selected certificate was deleted and the inventory loaded again: the row that
    /// took its place (`position`), else the last, is selected.
    pub fn select_at(&mut self, position: usize, loaded: &Arc<Loaded>) -> Task<Message> {
        self.forget_selection();
        let Some(&index) = self.visible.get(position).or_else(|| self.visible.last()) else {
            return Task::none();
        };
        self.select(loaded.rows[index].0.id, loaded)
    }

    /// Shows certificate `id`: what hides it is cleared, it is selected and scrolled into view.
    pub fn show_certificate(&mut self, id: i64, loaded: &Arc<Loaded>) -> Task<Message> {
        if !self.filter.is_empty() || self.show != Show::All || self.narrowed.is_some() {
            self.filter.clear();
            self.show = Show::All;
            self.narrowed = None;
            self.refresh(Some(loaded));
        }
        let judge = self.select(id, loaded);
        match self.selected_position(loaded) {
            Some(position) => Task::batch([judge, self.keep_in_view(position)]),
            None => judge,
        }
    }

    /// The next (`true`) or previous row, picked by keyboard, kept in view.
    pub fn step(&mut self, next: bool, loaded: &Arc<Loaded>) -> Task<Message> {
        let target = match (next, self.selected_position(loaded)) {
            (true, Some(p)) => p + 1,
            (false, Some(p)) => p.saturating_sub(1),
            _ => 0,
        };
        let Some(&index) = self.visible.get(target) else {
            return Task::none();
        };
        let judge = self.select(loaded.rows[index].0.id, loaded);
        Task::batch([judge, self.keep_in_view(target)])
    }

    /// Shows the list narrowed as the overview asked (no text filter or view hiding more).
    pub fn narrow(&mut self, narrowing: Narrowing, loaded: Option<&Arc<Loaded>>) -> Task<Message> {
        self.narrowed = Some(narrowing);
        self.filter.clear();
        self.show = Show::All;
        self.refresh(loaded);
        list_to_top()
    }

    /// Esc: clears the text filter, if there is one (`None` when there was nothing to clear).
    pub fn clear_filter(&mut self, loaded: Option<&Arc<Loaded>>) -> Option<Task<Message>> {
        if self.filter.is_empty() {
            return None;
        }
        self.filter.clear();
        self.refresh(loaded);
        Some(list_to_top())
    }

    /// Filters and sorts the loaded rows again; the list starts at its top.
    fn refresh(&mut self, loaded: Option<&Arc<Loaded>>) {
        self.visible = match loaded {
            Some(loaded) => {
                let mut visible = visible_rows(
                    &loaded.rows,
                    &self.filter,
                    self.show,
                    self.sort,
                    self.ascending,
                );
                if let Some(narrowed) = self.narrowed {
                    visible.retain(|&index| {
                        let (row, assessment) = &loaded.rows[index];
                        narrowed.admits(row, assessment)
                    });
                }
                visible
            }
            None => Vec::new(),
        };
        self.scroll_offset = 0.0;
    }

    /// Scrolls the list so that the row at `position` (in display order) is fully visible.
    fn keep_in_view(&self, position: usize) -> Task<Message> {
        let top = position as f32 * ROW_HEIGHT;
        let y = if top < self.scroll_offset {
            top
        } else if top + ROW_HEIGHT > self.scroll_offset + self.viewport_height {
            top + ROW_HEIGHT - self.viewport_height
        } else {
            return Task::none();
        };
        iced::widget::operation::scroll_to(LIST_ID, scrollable::AbsoluteOffset { x: 0.0, y })
    }
}

/// After the list changed (filter, sort, view): show its top, as `refresh` assumes.
fn list_to_top() -> Task<Message> {
    iced::widget::operation::snap_to(LIST_ID, scrollable::RelativeOffset::START)
}

/// The list's columns that it can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    /// Worst status first (the precedence of [`crate::pki::status::StatusCode`]), then soonest expiry.
    Status,
    Name,
    Issuer,
    Kind,
    Expires,
    /// The nodes a certificate is assigned to (unassigned last when ascending).
    Nodes,
}

/// Which certificates the list shows, besides the text filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    All,
    /// Anything with an error or warning status.
    NeedsAttention,
    Expired,
    /// Valid now, expiring within the warning period.
    Expiring,
    WithKey,
    Authorities,
}

impl Show {
    pub const ALL: [Show; 6] = [
        Show::All,
        Show::NeedsAttention,
        Show::Expired,
        Show::Expiring,
        Show::WithKey,
        Show::Authorities,
    ];

    fn admits(self, row: &CertificateRow, assessment: &Assessment) -> bool {
        use crate::pki::status::{Severity, StatusCode};
        use crate::store::Role;
        match self {
            Show::All => true,
            Show::NeedsAttention => assessment
                .statuses
                .iter()
                .any(|s| matches!(s.severity, Severity::Error | Severity::Warning)),
            Show::Expired => assessment.has(StatusCode::Expired),
            Show::Expiring => assessment.has(StatusCode::Expiring),
            Show::WithKey => row.has_private_key,
            Show::Authorities => matches!(row.role, Role::Root | Role::Intermediate),
        }
    }
}

impl std::fmt::Display for Show {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = match self {
            Show::All => crate::fl!("show-all"),
            Show::NeedsAttention => crate::fl!("show-attention"),
            Show::Expired => crate::fl!("show-expired"),
            Show::Expiring => crate::fl!("show-expiring"),
            Show::WithKey => crate::fl!("show-with-key"),
            Show::Authorities => crate::fl!("show-authorities"),
        };
        f.write_str(&label)
    }
}

/// The indexes into `rows` that the list shows, in display order. Computed when the filter,
/// the view or the sort changes — never per frame — so scrolling 10,000 rows stays cheap.
pub fn visible_rows(
    rows: &[(CertificateRow, Assessment)],
    filter: &str,
    show: Show,
    sort: SortColumn,
    ascending: bool,
) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    let mut visible: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, (row, assessment))| show.admits(row, assessment) && row.matches_text(&needle))
        .map(|(index, _)| index)
        .collect();
    let key_name = |index: &usize| rows[*index].0.name.to_lowercase();
    match sort {
        SortColumn::Status => visible.sort_by_key(|&i| {
            let (row, assessment) = &rows[i];
            (assessment.overall, row.facts.not_after)
        }),
        SortColumn::Name => visible.sort_by_cached_key(key_name),
        SortColumn::Issuer => {
            visible.sort_by_cached_key(|&i| (rows[i].0.issuer.to_lowercase(), key_name(&i)))
        }
        SortColumn::Kind => visible.sort_by_cached_key(|&i| (rows[i].0.role as u8, key_name(&i))),
        SortColumn::Expires => visible.sort_by_key(|&i| rows[i].0.facts.not_after),
        SortColumn::Nodes => visible.sort_by_cached_key(|&i| {
            let nodes = &rows[i].0.nodes;
            (
                nodes.is_empty(),
                nodes.join(", ").to_lowercase(),
                key_name(&i),
            )
        }),
    }
    if !ascending {
        visible.reverse();
    }
    visible
}
