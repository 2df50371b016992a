//! The staff list of files: filters, sorting, chosen columns, pagination, and the bulk form.
//!
//! Everything lives in the query string (bookmarkable, shareable, usable without JavaScript).
//! Filters are predicates on `files` alone, so the count needs no join; with a call chosen,
//! the state, commune and amount filters use the `(call_id, …)` indexes; drafts are left out
//! with `state IN (every other state)` rather than `<>`, which an index can serve. The full-text
//! box matches every word of the folded query ([`super::search_fold`]) in `search_text`.

use super::{
    commune_label, money, search_fold, staff_members, state_badge, state_label, CallLabels,
    FileLabels, Organisations, STAFF_EVENTS,
};
use crate::model::{Calls, Files};
use askama::Template;
use axum::extract::{Path, RawQuery};
use axum::response::Response;
use chrono::{DateTime, Utc};
use essor_domain::lifecycle::FileState;
use essor_domain::money::Cents;
use essor_platform::session::Users;
use essor_platform::web::{self, render, render_invalid, AppError, AppResult, Ctx, FormErrors};
use sea_query::{Alias, Asterisk, Cond, Expr, Func, LikeExpr, Order, Query, SelectStatement};
use std::collections::BTreeMap;

pub(crate) const PER_PAGE: u64 = 50;

/// A column of the list. The number is always shown: it names the row and links to the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Col {
    Number,
    Title,
    Org,
    Call,
    State,
    Amount,
    Commune,
    Submitted,
    Updated,
    Assignee,
    Labels,
}

impl Col {
    pub(crate) const ALL: [Col; 11] = [
        Col::Number,
        Col::Title,
        Col::Org,
        Col::Call,
        Col::State,
        Col::Amount,
        Col::Commune,
        Col::Submitted,
        Col::Updated,
        Col::Assignee,
        Col::Labels,
    ];

    const DEFAULT: [Col; 8] = [
        Col::Number,
        Col::Title,
        Col::Org,
        Col::State,
        Col::Amount,
        Col::Commune,
        Col::Submitted,
        Col::Assignee,
    ];

    pub(crate) fn key(self) -> &'static str {
        match self {
            Col::Number => "number",
            Col::Title => "title",
            Col::Org => "org",
            Col::Call => "call",
            Col::State => "state",
            Col::Amount => "amount",
            Col::Commune => "commune",
            Col::Submitted => "submitted",
            Col::Updated => "updated",
            Col::Assignee => "assignee",
            Col::Labels => "labels",
        }
    }

    fn parse(s: &str) -> Option<Col> {
        Col::ALL.into_iter().find(|c| c.key() == s)
    }

    fn sortable(self) -> bool {
        !matches!(self, Col::Call | Col::Labels)
    }

    fn label(self, p: &Ctx) -> String {
        p.t(format!("instruction-col-{}", self.key()))
    }
}

/// The list's query string, read leniently: unknown values are ignored (the form only offers
/// valid ones), never refused.
#[derive(Debug, Clone)]
pub(crate) struct ListParams {
    pub call: Option<i64>,
    /// "" (every state but drafts), "all" (drafts too) or one state.
    pub state: String,
    pub label: Option<i64>,
    /// "" (anyone or no one), "none" (unassigned) or a staff member's id.
    pub assignee: String,
    pub commune: String,
    /// Amount bounds in euros, as typed.
    pub min: String,
    pub max: String,
    pub q: String,
    pub sort: Col,
    pub desc: bool,
    pub cols: Vec<Col>,
    pub page: u64,
}

impl ListParams {
    pub(crate) fn from_query(raw: &str) -> ListParams {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(raw.as_bytes())
            .into_owned()
            .collect();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.trim().to_owned())
                .unwrap_or_default()
        };
        let id = |k: &str| get(k).parse::<i64>().ok().filter(|n| *n > 0);
        let state = get("state");
        let state = if state == "all" || FileState::parse(&state).is_some() {
            state
        } else {
            String::new()
        };
        let assignee = get("assignee");
        let assignee = if assignee == "none" || assignee.parse::<i64>().is_ok_and(|n| n > 0) {
            assignee
        } else {
            String::new()
        };
        let commune = get("commune").to_ascii_uppercase();
        let commune = if commune.len() == 5 && commune.bytes().all(|b| b.is_ascii_alphanumeric()) {
            commune
        } else {
            String::new()
        };
        let chosen: Vec<Col> = pairs
            .iter()
            .filter(|(k, _)| k == "cols")
            .filter_map(|(_, v)| Col::parse(v))
            .collect();
        let cols = if chosen.is_empty() {
            Col::DEFAULT.to_vec()
        } else {
            Col::ALL
                .into_iter()
                .filter(|c| *c == Col::Number || chosen.contains(c))
                .collect()
        };
        let sort = Col::parse(&get("sort"))
            .filter(|c| c.sortable())
            .unwrap_or(Col::Submitted);
        // Without a direction, dates come newest first, everything else in ascending order.
        let desc = match get("dir").as_str() {
            "asc" => false,
            "desc" => true,
            _ => matches!(sort, Col::Updated | Col::Submitted),
        };
        let page = get("page")
            .parse::<u64>()
            .ok()
            .filter(|n| *n >= 1)
            .unwrap_or(1)
            .min(1_000_000);
        let mut q: String = get("q").chars().take(200).collect();
        q = q.trim().to_owned();
        ListParams {
            call: id("call"),
            state,
            label: id("label"),
            assignee,
            commune,
            min: get("min").chars().take(40).collect(),
            max: get("max").chars().take(40).collect(),
            q,
            sort,
            desc,
            cols,
            page,
        }
    }

    /// The parameters as query pairs, without the page (empty values left out by [`href`]).
    fn pairs(&self, sort: Col, desc: bool) -> Vec<(&'static str, String)> {
        let mut v = vec![
            ("call", self.call.map(|c| c.to_string()).unwrap_or_default()),
            ("state", self.state.clone()),
            (
                "label",
                self.label.map(|l| l.to_string()).unwrap_or_default(),
            ),
            ("assignee", self.assignee.clone()),
            ("commune", self.commune.clone()),
            ("min", self.min.clone()),
            ("max", self.max.clone()),
            ("q", self.q.clone()),
            ("sort", sort.key().to_owned()),
            ("dir", (if desc { "desc" } else { "asc" }).to_owned()),
        ];
        if self.cols != Col::DEFAULT {
            v.extend(self.cols.iter().map(|c| ("cols", c.key().to_owned())));
        }
        v
    }

    fn href(&self, page: u64, sort: Col, desc: bool) -> String {
        let mut pairs = self.pairs(sort, desc);
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        href("/staff/files", &pairs)
    }

    /// The whole query string, to come back to the same list (after a bulk action).
    pub(crate) fn query(&self) -> String {
        let h = self.href(self.page, self.sort, self.desc);
        h.split_once('?')
            .map(|(_, q)| q.to_owned())
            .unwrap_or_default()
    }
}

/// `path?k=v&…`, leaving out empty values.
pub(crate) fn href(path: &str, params: &[(&str, String)]) -> String {
    let query: Vec<String> = params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", web::urlencode(v)))
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// The filters once read: what the query will test.
struct Filters {
    call: Option<i64>,
    states: Vec<&'static str>,
    label: Option<i64>,
    /// `Some(None)`: unassigned files.
    assignee: Option<Option<i64>>,
    commune: Option<String>,
    min: Option<Cents>,
    max: Option<Cents>,
    words: Vec<String>,
    number: String,
}

/// Most words of the search box taken into account.
const MAX_WORDS: usize = 8;

impl Filters {
    fn read(p: &Ctx, params: &ListParams, errors: &mut FormErrors) -> Filters {
        let states: Vec<&'static str> = match params.state.as_str() {
            "all" => vec![],
            "" => FileState::ALL
                .iter()
                .filter(|s| **s != FileState::Draft)
                .map(|s| s.as_str())
                .collect(),
            s => FileState::parse(s)
                .map(|s| vec![s.as_str()])
                .unwrap_or_default(),
        };
        let mut amount = |name: &str, raw: &str| {
            if raw.trim().is_empty() {
                return None;
            }
            match Cents::parse_eur(raw) {
                Ok(c) => Some(c),
                Err(_) => {
                    errors.add(name, p.t("instruction-error-amount"));
                    None
                }
            }
        };
        let min = amount("min", &params.min);
        let max = amount("max", &params.max);
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                errors.add("max", p.t("instruction-error-amount-range"));
            }
        }
        let folded = search_fold(&params.q);
        Filters {
            call: params.call,
            states,
            label: params.label,
            assignee: match params.assignee.as_str() {
                "" => None,
                "none" => Some(None),
                id => id.parse().ok().map(Some),
            },
            commune: (!params.commune.is_empty()).then(|| params.commune.clone()),
            min,
            max,
            words: folded
                .split(' ')
                .filter(|w| !w.is_empty())
                .take(MAX_WORDS)
                .map(str::to_owned)
                .collect(),
            number: params.q.to_lowercase(),
        }
    }

    /// `… FROM files WHERE …`: predicates on `files` only.
    fn apply(&self, q: &mut SelectStatement) {
        let col = |c: Files| Expr::col((Files::Table, c));
        if let Some(call) = self.call {
            q.and_where(col(Files::CallId).eq(call));
        }
        match self.states.as_slice() {
            [] => {}
            [one] => {
                q.and_where(col(Files::State).eq(*one));
            }
            many => {
                q.and_where(col(Files::State).is_in(many.iter().copied()));
            }
        }
        if let Some(label) = self.label {
            q.and_where(
                col(Files::Id).in_subquery(
                    Query::select()
                        .column(FileLabels::FileId)
                        .from(FileLabels::Table)
                        .and_where(Expr::col(FileLabels::LabelId).eq(label))
                        .to_owned(),
                ),
            );
        }
        match self.assignee {
            None => {}
            Some(None) => {
                q.and_where(col(Files::AssigneeId).is_null());
            }
            Some(Some(id)) => {
                q.and_where(col(Files::AssigneeId).eq(id));
            }
        }
        if let Some(c) = &self.commune {
            q.and_where(col(Files::CommuneCode).eq(c.as_str()));
        }
        if let Some(min) = self.min {
            q.and_where(col(Files::RequestedAmount).gte(min.0));
        }
        if let Some(max) = self.max {
            q.and_where(col(Files::RequestedAmount).lte(max.0));
        }
        if !self.words.is_empty() {
            // Folded words hold no wildcard (see `search_fold`), so they go in the pattern as is.
            let mut all = Cond::all();
            for w in &self.words {
                all = all.add(col(Files::SearchText).like(format!("%{w}%")));
            }
            q.cond_where(
                Cond::any()
                    .add(all)
                    .add(Expr::expr(Func::lower(col(Files::Number))).like(contains(&self.number))),
            );
        }
    }
}

/// `%term%` with the term's wildcards escaped by `!` (the same on both engines).
fn contains(term: &str) -> LikeExpr {
    let mut pattern = String::from("%");
    for c in term.chars() {
        if matches!(c, '%' | '_' | '!') {
            pattern.push('!');
        }
        pattern.push(c);
    }
    pattern.push('%');
    LikeExpr::new(pattern).escape('!')
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    number: String,
    title: String,
    state: String,
    requested_amount: Option<i64>,
    commune_code: Option<String>,
    submitted_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
    org_name: String,
    call_title: String,
    assignee_name: Option<String>,
}

/// One option of a select.
pub(crate) struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub(crate) fn opt(value: impl ToString, label: impl Into<String>, current: &str) -> Opt {
    let value = value.to_string();
    Opt {
        selected: value == current,
        value,
        label: label.into(),
    }
}

/// A column header: its name, and for sortable columns the link and `aria-sort`.
struct Header {
    label: String,
    href: Option<String>,
    aria_sort: Option<&'static str>,
    /// A visual cue of the order, hidden from screen readers (they read `aria-sort`).
    arrow: &'static str,
}

struct Cell {
    text: String,
    /// A badge class for states; empty otherwise.
    class: &'static str,
}

struct Line {
    id: i64,
    number: String,
    cells: Vec<Cell>,
    selected: bool,
}

/// What the bulk form holds, to fill it again when it is refused.
#[derive(Debug, Default, Clone)]
pub(crate) struct BulkForm {
    pub selected: Vec<i64>,
    pub event: String,
    pub reason: String,
    pub label: String,
    pub assignee: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "instruction/list.html")]
struct ListTpl<'a> {
    p: &'a Ctx,
    params: &'a ListParams,
    errors: FormErrors,
    calls: Vec<Opt>,
    states: Vec<Opt>,
    labels: Vec<Opt>,
    staff: Vec<Opt>,
    communes: Vec<Opt>,
    chooser: Vec<Opt>,
    headers: Vec<Header>,
    lines: Vec<Line>,
    total: String,
    page: u64,
    pages: u64,
    prev: Option<String>,
    next: Option<String>,
    bulk: BulkForm,
    events: Vec<Opt>,
    bulk_labels: Vec<Opt>,
    bulk_staff: Vec<Opt>,
    back: String,
}

impl ListTpl<'_> {
    fn position(&self) -> String {
        self.p.t1(
            "instruction-page-position",
            "position",
            format!("{} / {}", self.page, self.pages),
        )
    }
}

pub(crate) async fn list(p: Ctx, RawQuery(raw): RawQuery) -> AppResult<Response> {
    p.require_staff()?;
    let params = ListParams::from_query(raw.as_deref().unwrap_or(""));
    render_list(&p, params, FormErrors::default(), BulkForm::default()).await
}

/// The list of one call: the same list, filtered.
pub(crate) async fn for_call(p: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    p.require_staff()?;
    let id = super::path_id(&id)?;
    crate::model::call_by_id(p.state.db(), essor_domain::ids::CallId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(web::see_other(&format!("/staff/files?call={id}")))
}

/// Renders the list for `params`; with `errors` (a refused filter or bulk form), as a 422.
pub(crate) async fn render_list(
    p: &Ctx,
    params: ListParams,
    mut errors: FormErrors,
    bulk: BulkForm,
) -> AppResult<Response> {
    let db = p.state.db();
    let filters = Filters::read(p, &params, &mut errors);
    let mut base = Query::select();
    base.from(Files::Table);
    filters.apply(&mut base);
    let mut count_q = base.clone();
    count_q.expr(Expr::col(Asterisk).count());
    let (total,): (i64,) = db.fetch_one(&count_q).await?;
    let pages = (total.max(0) as u64).div_ceil(PER_PAGE).max(1);
    let page = params.page.min(pages);

    let mut q = base;
    q.columns([
        (Files::Table, Files::Id),
        (Files::Table, Files::Number),
        (Files::Table, Files::Title),
        (Files::Table, Files::State),
        (Files::Table, Files::RequestedAmount),
        (Files::Table, Files::CommuneCode),
        (Files::Table, Files::SubmittedAt),
        (Files::Table, Files::UpdatedAt),
    ])
    .expr_as(
        Expr::col((Organisations::Table, Organisations::Name)),
        Alias::new("org_name"),
    )
    .expr_as(
        Expr::col((Calls::Table, Calls::Title)),
        Alias::new("call_title"),
    )
    .expr_as(
        Expr::col((Users::Table, Users::DisplayName)),
        Alias::new("assignee_name"),
    )
    .inner_join(
        Organisations::Table,
        Expr::col((Organisations::Table, Organisations::Id)).equals((Files::Table, Files::OrgId)),
    )
    .inner_join(
        Calls::Table,
        Expr::col((Calls::Table, Calls::Id)).equals((Files::Table, Files::CallId)),
    )
    .left_join(
        Users::Table,
        Expr::col((Users::Table, Users::Id)).equals((Files::Table, Files::AssigneeId)),
    );
    order(&mut q, params.sort, params.desc);
    q.limit(PER_PAGE).offset((page - 1) * PER_PAGE);
    let rows: Vec<Row> = db.fetch_all(&q).await?;

    let labels_of = if params.cols.contains(&Col::Labels) {
        labels_of(db, &rows.iter().map(|r| r.id).collect::<Vec<_>>()).await?
    } else {
        BTreeMap::new()
    };
    let lang = p.lang();
    let lines = rows
        .iter()
        .map(|r| Line {
            id: r.id,
            number: r.number.clone(),
            selected: bulk.selected.contains(&r.id),
            cells: params
                .cols
                .iter()
                .filter(|c| **c != Col::Number)
                .map(|c| {
                    let text = match c {
                        Col::Number => r.number.clone(),
                        Col::Title => r.title.clone(),
                        Col::Org => r.org_name.clone(),
                        Col::Call => r.call_title.clone(),
                        Col::State => state_label(p, &r.state),
                        Col::Amount => r
                            .requested_amount
                            .map(|a| money(lang, Cents(a)))
                            .unwrap_or_default(),
                        Col::Commune => r
                            .commune_code
                            .as_deref()
                            .map(|c| commune_label(p, c))
                            .unwrap_or_default(),
                        Col::Submitted => {
                            r.submitted_at.map(|d| p.datetime(&d)).unwrap_or_default()
                        }
                        Col::Updated => p.datetime(&r.updated_at),
                        Col::Assignee => r.assignee_name.clone().unwrap_or_default(),
                        Col::Labels => labels_of
                            .get(&r.id)
                            .map(|l| l.join(", "))
                            .unwrap_or_default(),
                    };
                    Cell {
                        text,
                        class: if *c == Col::State {
                            state_badge(&r.state)
                        } else {
                            ""
                        },
                    }
                })
                .collect(),
        })
        .collect();

    let headers = params
        .cols
        .iter()
        .map(|c| {
            let current = params.sort == *c;
            // A click on the sorted column reverses it; another column starts ascending.
            let next_desc = current && !params.desc;
            Header {
                label: c.label(p),
                href: c.sortable().then(|| params.href(1, *c, next_desc)),
                aria_sort: match (current, params.desc) {
                    (false, _) => None,
                    (true, true) => Some("descending"),
                    (true, false) => Some("ascending"),
                },
                arrow: match (current, params.desc) {
                    (false, _) => "",
                    (true, true) => "▼",
                    (true, false) => "▲",
                },
            }
        })
        .collect();

    let call_rows: Vec<(i64, String)> = db
        .fetch_all(
            Query::select()
                .columns([Calls::Id, Calls::Title])
                .from(Calls::Table)
                .order_by(Calls::CreatedAt, Order::Desc)
                .order_by(Calls::Id, Order::Desc),
        )
        .await?;
    let current_call = params.call.map(|c| c.to_string()).unwrap_or_default();
    let calls = call_rows
        .iter()
        .map(|(id, title)| opt(id, title.clone(), &current_call))
        .collect();
    let label_rows = call_labels(db, params.call).await?;
    let current_label = params.label.map(|l| l.to_string()).unwrap_or_default();
    let with_call = params.call.is_none();
    let label_text = |name: &str, call: &str| {
        if with_call {
            format!("{name} — {call}")
        } else {
            name.to_owned()
        }
    };
    let labels = label_rows
        .iter()
        .map(|(id, name, call)| opt(id, label_text(name, call), &current_label))
        .collect();
    let bulk_labels = label_rows
        .iter()
        .map(|(id, name, call)| opt(id, label_text(name, call), &bulk.label))
        .collect();
    let staff_rows = staff_members(db).await?;
    let staff = staff_rows
        .iter()
        .map(|(id, name)| opt(id, name.clone(), &params.assignee))
        .collect();
    let bulk_staff = staff_rows
        .iter()
        .map(|(id, name)| opt(id, name.clone(), &bulk.assignee))
        .collect();
    let communes = p
        .state
        .territory()
        .communes
        .iter()
        .map(|c| opt(&c.code, format!("{} ({})", c.name, c.code), &params.commune))
        .collect();
    let states = FileState::ALL
        .iter()
        .map(|s| opt(s.as_str(), state_label(p, s.as_str()), &params.state))
        .collect();
    let chooser = Col::ALL
        .iter()
        .filter(|c| **c != Col::Number)
        .map(|c| Opt {
            value: c.key().to_owned(),
            label: c.label(p),
            selected: params.cols.contains(c),
        })
        .collect();
    let events = STAFF_EVENTS
        .iter()
        .map(|e| opt(e.as_str(), super::event_label(p, *e), &bulk.event))
        .collect();
    let tpl = ListTpl {
        p,
        params: &params,
        total: p.t.tn("instruction-list-count", "count", total),
        page,
        pages,
        prev: (page > 1).then(|| params.href(page - 1, params.sort, params.desc)),
        next: (page < pages).then(|| params.href(page + 1, params.sort, params.desc)),
        errors,
        calls,
        states,
        labels,
        staff,
        communes,
        chooser,
        headers,
        lines,
        bulk,
        events,
        bulk_labels,
        bulk_staff,
        back: params.query(),
    };
    if tpl.errors.is_empty() {
        render(&tpl)
    } else {
        render_invalid(&tpl)
    }
}

/// Sorts by `col`; empty values last in both directions (the engines disagree on where NULLs
/// go), then by id so that pages never overlap.
fn order(q: &mut SelectStatement, col: Col, desc: bool) {
    let dir = if desc { Order::Desc } else { Order::Asc };
    let f = |c: Files| Expr::col((Files::Table, c));
    let (expr, nullable) = match col {
        Col::Number | Col::Call | Col::Labels => (f(Files::Number), false),
        Col::Title => (Expr::expr(Func::lower(f(Files::Title))), false),
        Col::Org => (
            Expr::expr(Func::lower(Expr::col((
                Organisations::Table,
                Organisations::Name,
            )))),
            false,
        ),
        Col::State => (f(Files::State), false),
        Col::Amount => (f(Files::RequestedAmount), true),
        Col::Commune => (f(Files::CommuneCode), true),
        Col::Submitted => (f(Files::SubmittedAt), true),
        Col::Updated => (f(Files::UpdatedAt), false),
        Col::Assignee => (
            Expr::expr(Func::lower(Expr::col((Users::Table, Users::DisplayName)))),
            true,
        ),
    };
    if nullable {
        let null_test = match col {
            Col::Amount => f(Files::RequestedAmount).is_null(),
            Col::Commune => f(Files::CommuneCode).is_null(),
            Col::Submitted => f(Files::SubmittedAt).is_null(),
            _ => f(Files::AssigneeId).is_null(),
        };
        q.order_by_expr(null_test, Order::Asc);
    }
    q.order_by_expr(expr.into(), dir.clone());
    q.order_by((Files::Table, Files::Id), dir);
}

/// Labels of a call (or of every call, with the call's title), by name.
pub(crate) async fn call_labels(
    db: &essor_platform::db::Db,
    call: Option<i64>,
) -> anyhow::Result<Vec<(i64, String, String)>> {
    let mut q = Query::select();
    q.columns([
        (CallLabels::Table, CallLabels::Id),
        (CallLabels::Table, CallLabels::Name),
    ])
    .column((Calls::Table, Calls::Title))
    .from(CallLabels::Table)
    .inner_join(
        Calls::Table,
        Expr::col((Calls::Table, Calls::Id)).equals((CallLabels::Table, CallLabels::CallId)),
    )
    .order_by((CallLabels::Table, CallLabels::Name), Order::Asc)
    .order_by((CallLabels::Table, CallLabels::Id), Order::Asc);
    if let Some(c) = call {
        q.and_where(Expr::col((CallLabels::Table, CallLabels::CallId)).eq(c));
    }
    db.fetch_all(&q).await
}

/// The label names of each of these files.
async fn labels_of(
    db: &essor_platform::db::Db,
    ids: &[i64],
) -> anyhow::Result<BTreeMap<i64, Vec<String>>> {
    let mut out: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows: Vec<(i64, String)> = db
        .fetch_all(
            Query::select()
                .column((FileLabels::Table, FileLabels::FileId))
                .column((CallLabels::Table, CallLabels::Name))
                .from(FileLabels::Table)
                .inner_join(
                    CallLabels::Table,
                    Expr::col((CallLabels::Table, CallLabels::Id))
                        .equals((FileLabels::Table, FileLabels::LabelId)),
                )
                .and_where(
                    Expr::col((FileLabels::Table, FileLabels::FileId)).is_in(ids.iter().copied()),
                )
                .order_by((CallLabels::Table, CallLabels::Name), Order::Asc),
        )
        .await?;
    for (id, name) in rows {
        out.entry(id).or_default().push(name);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_read_leniently() {
        let p = ListParams::from_query(
            "call=3&state=refused&label=x&assignee=none&commune=92050&q=%20%C3%A9cole%20&sort=amount&dir=asc&cols=title&cols=bogus&page=0",
        );
        assert_eq!(p.call, Some(3));
        assert_eq!(p.state, "refused");
        assert_eq!(p.label, None);
        assert_eq!(p.assignee, "none");
        assert_eq!(p.commune, "92050");
        assert_eq!(p.q, "école");
        assert_eq!(p.sort, Col::Amount);
        assert!(!p.desc);
        assert_eq!(p.cols, vec![Col::Number, Col::Title]);
        assert_eq!(p.page, 1);
        let d = ListParams::from_query("state=nonsense&assignee=-2&commune=x&sort=labels");
        assert_eq!(d.state, "");
        assert_eq!(d.assignee, "");
        assert_eq!(d.commune, "");
        assert_eq!(d.sort, Col::Submitted, "labels are not sortable");
        assert!(d.desc, "newest first by default");
        assert_eq!(d.cols, Col::DEFAULT.to_vec());
    }

    #[test]
    fn links_keep_the_parameters() {
        let p = ListParams::from_query("q=a%26b&cols=title&state=all");
        let h = p.href(2, Col::Title, false);
        assert_eq!(
            h,
            "/staff/files?state=all&q=a%26b&sort=title&dir=asc&cols=number&cols=title&page=2"
        );
        let back = ListParams::from_query(&ListParams::from_query(&p.query()).query());
        assert_eq!(back.q, "a&b");
        assert_eq!(back.cols, vec![Col::Number, Col::Title]);
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        let e = contains("50%_off!");
        let q = Query::select()
            .column(Files::Id)
            .from(Files::Table)
            .and_where(Expr::col(Files::Number).like(e))
            .to_string(sea_query::SqliteQueryBuilder);
        assert!(q.contains("'%50!%!_off!!%' ESCAPE '!'"), "{q}");
    }
}
