//! One [`Check`]: its status in words, what was compared (expected vs found), why, and the fix.
//!
//! [`Check`]: crate::core::finding::Check

use yew::prelude::*;

use crate::core::finding::Check;

use super::format;

/// The check, as a list item.
pub fn view(c: &Check) -> Html {
    let (class, label) = format::check_status(c.status);
    // The differing characters are marked only where the check failed or warns: a passing
    // check's values are equal, or (e.g. a range) not compared character by character.
    let diff = c.differing().filter(|_| {
        matches!(
            c.status,
            crate::core::finding::CheckStatus::Fail | crate::core::finding::CheckStatus::Warn
        )
    });
    html! {
        <li class={classes!("check", format!("row-{class}"))} data-check={c.id}>
            <p class="check-title">
                <span class={classes!("badge", class)}>{ label }</span>
                { " " }{ format::rich(&c.title) }
            </p>
            if c.expected.is_some() || c.actual.is_some() {
                <dl class="facts compact">
                    if let Some(e) = &c.expected {
                        <dt>{ "Expected" }</dt>
                        <dd class="mono wrap value" data-testid="check-expected">
                            { format::marked(e, diff.as_ref().map(|d| &d.expected)) }
                        </dd>
                    }
                    if let Some(a) = &c.actual {
                        <dt>{ "Found" }</dt>
                        <dd class="mono wrap value" data-testid="check-actual">
                            { format::marked(a, diff.as_ref().map(|d| &d.actual)) }
                        </dd>
                    }
                </dl>
            }
            { for c.confusables.iter().map(|n| html! {
                <p class="small wrap confusable-note" data-testid="confusable-note" data-side={format!("{:?}", n.side).to_lowercase()}>
                    <strong>{ "Look-alike characters: " }</strong>{ format::rich(&n.sentence()) }
                </p>
            }) }
            <p class="small wrap">{ format::rich(&c.detail) }</p>
            if let Some(fix) = &c.fix {
                <p class="small wrap"><strong>{ "Fix: " }</strong>{ format::rich(fix) }</p>
            }
        </li>
    }
}
