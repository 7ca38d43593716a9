//! One [`Check`]: its status in words, what was compared (expected vs found), why, and the fix.
//!
//! [`Check`]: crate::core::finding::Check

use yew::prelude::*;

use crate::core::finding::Check;

use super::format;

/// The check, as a list item.
pub fn view(c: &Check) -> Html {
    let (class, label) = format::check_status(c.status);
    html! {
        <li class={classes!("check", format!("row-{class}"))} data-check={c.id}>
            <p class="check-title">
                <span class={classes!("badge", class)}>{ label }</span>
                { " " }{ format::rich(&c.title) }
            </p>
            if c.expected.is_some() || c.actual.is_some() {
                <dl class="facts compact">
                    if let Some(e) = &c.expected {
                        <dt>{ "Expected" }</dt><dd class="mono wrap value">{ format::shown(e) }</dd>
                    }
                    if let Some(a) = &c.actual {
                        <dt>{ "Found" }</dt><dd class="mono wrap value">{ format::shown(a) }</dd>
                    }
                </dl>
            }
            <p class="small wrap">{ format::rich(&c.detail) }</p>
            if let Some(fix) = &c.fix {
                <p class="small wrap"><strong>{ "Fix: " }</strong>{ format::rich(fix) }</p>
            }
        </li>
    }
}
