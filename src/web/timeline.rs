//! The token's life as a timeline: `iat`, `nbf`, `warnafter` and `exp` on one axis, the span in
//! which the token is valid, and the evaluation time, which a slider under the picture moves.
//! Drawn as inline SVG; the instants are also given in words for assistive technology.
//!
//! Coordinates are whole numbers (a drawing 6000 units wide, scaled to the panel): formatting and
//! parsing floats would add their code to the page's first load.

use yew::prelude::*;

use crate::core::claims::Times;
use crate::core::timefmt;

/// Width and height of the drawing (it scales to the panel).
const W: i64 = 6000;
const H: i64 = 600;
/// Left and right margins.
const M: i64 = 240;

/// One instant on the axis: (name, unix seconds).
type Point = (&'static str, i64);

/// Width of a label of `chars` characters, in drawing units (130-unit monospace, with a gap).
fn label_width(chars: usize) -> i64 {
    i64::try_from(chars)
        .unwrap_or(i64::MAX / 100)
        .saturating_mul(80)
        .saturating_add(100)
}

/// Labels, one per distinct instant (instants at the same second share one: `iat = nbf`), each
/// above or below the axis, whichever leaves it clear of the label before it on that side.
fn labels(points: &[Point], domain: (i64, i64)) -> Vec<(String, i64, i64, bool)> {
    let mut merged: Vec<(String, i64)> = Vec::new();
    for (name, t) in points {
        match merged.last_mut() {
            Some((names, last)) if last == t => {
                names.push_str(" = ");
                names.push_str(name);
            }
            _ => merged.push(((*name).to_string(), *t)),
        }
    }
    // The right edge of the last label above and below.
    let (mut above, mut below) = (i64::MIN, i64::MIN);
    merged
        .into_iter()
        .map(|(text, t)| {
            let half = label_width(text.chars().count()) / 2;
            // Kept inside the drawing at both ends.
            let x = x_of(t, domain).clamp(half, W.saturating_sub(half).max(half));
            let left = x.saturating_sub(half);
            let up = left >= above || (left < below && above <= below);
            if up {
                above = x.saturating_add(half);
            } else {
                below = x.saturating_add(half);
            }
            (text, t, x, up)
        })
        .collect()
}

/// The axis: from a little before the first instant to a little after the last.
fn domain(points: &[Point]) -> (i64, i64) {
    let lo = points.iter().map(|p| p.1).min().unwrap_or(0);
    let hi = points.iter().map(|p| p.1).max().unwrap_or(0);
    let span = (i128::from(hi) - i128::from(lo)).max(120);
    let pad = i64::try_from(span / 16).unwrap_or(i64::MAX);
    (lo.saturating_sub(pad), hi.saturating_add(pad))
}

/// Where `t` is drawn (wide arithmetic: instants can be anywhere in `i64`).
fn x_of(t: i64, (lo, hi): (i64, i64)) -> i64 {
    let span = (i128::from(hi) - i128::from(lo)).max(1);
    let offset = (i128::from(t) - i128::from(lo)).clamp(0, span);
    let inner = i128::from(W - 2 * M);
    i64::try_from(offset * inner / span).map_or(W - M, |x| M + x)
}

/// The timeline, or nothing when the token has no time claims.
pub fn view(times: &Times, warn_after: Option<i64>, on_at: &Callback<i64>) -> Html {
    let mut points: Vec<Point> = [
        ("iat", times.iat),
        ("nbf", times.nbf),
        ("warnafter", warn_after),
        ("exp", times.exp),
    ]
    .into_iter()
    .filter_map(|(name, t)| t.map(|t| (name, t)))
    .collect();
    if points.is_empty() {
        return Html::default();
    }
    points.sort_by_key(|p| p.1);
    let at = times.at;
    let domain = domain(&[points.as_slice(), &[("evaluated", at)]].concat());
    let start = times.nbf.into_iter().chain(times.iat).max();
    let valid = times
        .exp
        .map(|exp| (x_of(start.unwrap_or(domain.0), domain), x_of(exp, domain)));
    let inside = !times.expired && !times.not_yet_valid;
    let words = points
        .iter()
        .map(|(name, t)| format!("{name} {}", timefmt::format_utc(*t)))
        .chain([format!("evaluated at {}", timefmt::format_utc(at))])
        .collect::<Vec<_>>()
        .join("; ");
    let on_slide = {
        let on_at = on_at.clone();
        Callback::from(move |e: InputEvent| {
            // The slider steps by whole seconds; a value it cannot give as an integer is ignored.
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>()
                && let Ok(t) = input.value().parse::<i64>()
            {
                on_at.emit(t);
            }
        })
    };
    let ax = x_of(at, domain);
    html! {
        <div class="timeline" data-testid="timeline" data-state={if inside { "valid" } else { "invalid" }}>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={format!("The token's life: {words}")}>
                <line x1={M.to_string()} x2={(W - M).to_string()} y1="300" y2="300" class="tl-axis" />
                if let Some((x1, x2)) = valid {
                    <rect x={x1.to_string()} y="250" width={x2.saturating_sub(x1).max(10).to_string()} height="100" rx="30"
                          class="tl-valid" data-testid="timeline-valid" />
                }
                { for points.iter().map(|(name, t)| {
                    let x = x_of(*t, domain);
                    html! {
                        <g class="tl-point" data-point={*name} data-unix={t.to_string()}>
                            <line x1={x.to_string()} x2={x.to_string()} y1="220" y2="380" class="tl-tick" />
                        </g>
                    }
                }) }
                <g class={classes!("tl-at", (!inside).then_some("tl-at-outside"))} data-testid="timeline-at" data-unix={at.to_string()}>
                    <path d={format!("M{ax} 240 l-60 -100 h120 z")} />
                    <line x1={ax.to_string()} x2={ax.to_string()} y1="240" y2="400" />
                </g>
                { for labels(&points, domain).into_iter().map(|(text, _, x, up)| {
                    let y = if up { "150" } else { "540" };
                    html! {
                        <text x={x.to_string()} {y} text-anchor="middle" class="tl-label">{ text }</text>
                    }
                }) }

            </svg>
            <label class="small" for="timeline-slider">{ "Move the evaluation time along the token's life" }</label>
            <input id="timeline-slider" type="range" data-testid="timeline-slider"
                   min={domain.0.to_string()} max={domain.1.to_string()} step="1" value={at.to_string()}
                   aria-valuetext={format!("evaluated at {}", timefmt::format_utc(at))}
                   oninput={on_slide} />
        </div>
    }
}
