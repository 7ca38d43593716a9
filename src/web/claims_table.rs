//! The claims table from [`ClaimsReport::rows`]: name, value (times in UTC, local and relative),
//! meaning, notes and status.
//!
//! [`ClaimsReport::rows`]: crate::core::claims::ClaimsReport::rows

use yew::prelude::*;

use crate::core::claims::{self, ClaimRow};
use crate::core::invisible;

use super::format;

fn row(r: &ClaimRow) -> Html {
    let (class, label) = match r.status {
        Some(s) => {
            let (c, l) = format::check_status(s);
            (Some(c), l)
        }
        None => (None, "—"),
    };
    // Invisible and direction-changing characters are shown as ⟨U+…⟩ (the row's notes say why).
    let shown = r.value_revealed.clone().unwrap_or_else(|| r.value.clone());
    let name = invisible::reveal(&r.name).unwrap_or_else(|| r.name.clone());
    let value = match &r.time {
        Some(t) => html! {
            <>
                <span class="mono wrap">{ format::breakable(&shown) }</span>
                <ul class="time-forms">
                    <li>{ t.utc.clone() }</li>
                    <li>{ "local: " }{ t.local.clone() }</li>
                    <li><strong>{ t.relative.clone() }</strong></li>
                </ul>
            </>
        },
        None => html! { <span class="mono wrap">{ format::breakable(&shown) }</span> },
    };
    html! {
        <tr class={classes!(class.map(|c| format!("row-{c}")))} data-claim={r.name.clone()}>
            <th scope="row" data-label="Claim" class="mono wrap">{ name }</th>
            <td data-label="Value">{ value }</td>
            <td data-label="Meaning">
                <span class="wrap">{ format::rich(&r.meaning) }</span>
                if !r.notes.is_empty() {
                    <ul class="notes">
                        { for r.notes.iter().map(|n| html! { <li class="wrap">{ format::rich(n) }</li> }) }
                    </ul>
                }
            </td>
            <td data-label="Status" class={classes!(class.is_none().then_some("no-status"))}>
                <span class={classes!("badge", class)}>{ label }</span>
            </td>
        </tr>
    }
}

/// One table of claim rows.
fn table(rows: &[&ClaimRow], caption: Html, testid: &'static str) -> Html {
    html! {
        <table class="claims" data-testid={testid}>
            <caption>{ caption }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Claim" }</th>
                    <th scope="col">{ "Value" }</th>
                    <th scope="col">{ "Meaning and notes" }</th>
                    <th scope="col">{ "Status" }</th>
                </tr>
            </thead>
            <tbody>
                { for rows.iter().copied().map(row) }
            </tbody>
        </table>
    }
}

/// The claims table; `evaluated_at` (RFC 3339) is shown in the caption. The claims AWS reads,
/// those a trust policy can check (`checkable`) and those with a remark come first
/// ([`claims::is_primary`]); the others, which only describe the workload, are folded under it.
/// A plain function: the decoded-token panel renders it.
pub fn view(rows: &[ClaimRow], evaluated_at: &str, checkable: &[&str]) -> Html {
    let (primary, others): (Vec<&ClaimRow>, Vec<&ClaimRow>) =
        rows.iter().partition(|r| claims::is_primary(r, checkable));
    // Folding one or two rows would hide more than it saves.
    let (primary, others) = if others.len() <= 2 {
        (rows.iter().collect(), Vec::new())
    } else {
        (primary, others)
    };
    let caption = html! { <>{ "Claims, evaluated at " }{ evaluated_at.to_string() }</> };
    html! {
        <>
            <div class="table-wrap">{ table(&primary, caption, "claims-table") }</div>
            if !others.is_empty() {
                <details class="claims-more" data-testid="claims-more">
                    <summary>
                        { format!("{} more claims describing the workload: STS does not read them, and IAM has no condition key for them", others.len()) }
                    </summary>
                    <div class="table-wrap">
                        { table(&others, html! { { "More claims" } }, "claims-table-more") }
                    </div>
                </details>
            }
        </>
    }
}
