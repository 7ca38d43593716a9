//! The page: state, the memoised analysis, share links in the URL fragment, and the layout of the
//! panels.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen_futures::wasm_bindgen::JsCast;
use wasm_bindgen_futures::wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::core::claims;
use crate::core::jwt::DecodeError;
use crate::core::oidc;
use crate::core::policy;
use crate::core::session::{self, Analysis, DocumentOrigin as Origin, KeySource, SharedLink};
use crate::core::share;

use super::checked_claims::CheckedClaims;
use super::crypto_worker::{self, SignatureAnswers};
use super::decoded_view::DecodedView;
use super::eval_time::EvalTimeControl;
use super::example;
use super::fetch;
use super::format;
use super::header::Header;
use super::keys_panel::KeysPanel;
use super::link_banner::{KeysNow, LinkBanner};
use super::policy_editor::PolicyEditor;
use super::request_settings::RequestSettings;
use super::share_panel::SharePanel;
use super::shared::Shared;
use super::signature_panel::SignaturePanel;
use super::state::{Action, FetchState, State};
use super::sts_trace::StsTrace;
use super::sts_verdict::StsVerdict;
use super::token_panel::TokenPanel;
use super::tools::{PageDocuments, ToolInputs};
use super::tools_launcher;

/// The browser's clock, unix seconds.
fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Writes this build's version and commit into the static footer (`#build` in index.html).
fn show_build() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("build"))
    {
        el.set_text_content(Some(&format!(
            "TokenScope {}",
            crate::core::version::DESCRIPTION
        )));
    }
}

/// The viewer's offset from UTC in minutes ahead of UTC (JavaScript counts minutes behind).
fn local_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// The URL fragment (with its `#`), or empty.
fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Which keys the page uses, compared with those of the link it was opened from: the banner must
/// not claim the link's keys are in use when pasted keys win, when the token now names another
/// issuer, or after a re-fetch.
fn link_keys(state: &State, link: &Result<Rc<SharedLink>, String>, analysis: &Analysis) -> KeysNow {
    let Ok(link) = link else {
        return KeysNow::Link;
    };
    let fetch_is_link = match (&state.fetch, &link.fetched) {
        (FetchState::Loading { .. }, _) => return KeysNow::Loading,
        (FetchState::Done(now), Some(shared)) => Rc::ptr_eq(now, shared),
        (FetchState::Idle, None) => true,
        _ => false,
    };
    let replaced = |how: String, restorable: bool| KeysNow::Replaced {
        how,
        link_had_keys: link.fetched.is_some(),
        restorable: restorable && link.fetched.is_some(),
    };
    if matches!(analysis.keys, Some((_, KeySource::Pasted { .. }))) {
        return replaced(
            "pasted in the keys box, which takes precedence".to_string(),
            false,
        );
    }
    if fetch_is_link {
        return match &analysis.fetched_for_other_issuer {
            Some(other) => replaced(
                format!(
                    "none in use: the link's documents are for {}, not for this token's issuer",
                    format::shown(other)
                ),
                false,
            ),
            None => KeysNow::Link,
        };
    }
    let how = match &state.fetch {
        FetchState::Done(now) => match (&now.failure, &now.jwks) {
            (Some(failed), _) => format!(
                "re-fetching failed at {} ({})",
                failed.what.as_str(),
                format::shown(&failed.url)
            ),
            (None, Some(jwks)) if now.origin == Origin::Network => {
                format!("fetched today from {}", format::shown(&jwks.url))
            }
            (None, _) => now.origin.label().to_string(),
        },
        _ => "none".to_string(),
    };
    replaced(how, true)
}

/// What a history entry's state holds once the share link in its URL has been applied.
const APPLIED: &str = "tokenscope:link-applied";

/// Whether the current history entry's link was applied already (Back/Forward returned to it).
fn entry_applied() -> bool {
    web_sys::window()
        .and_then(|w| w.history().ok())
        .and_then(|h| h.state().ok())
        .and_then(|s| s.as_string())
        .is_some_and(|s| s == APPLIED)
}

/// Marks the current history entry as applied (its URL stays as it is).
fn mark_entry_applied() {
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state(
            &wasm_bindgen_futures::wasm_bindgen::JsValue::from_str(APPLIED),
            "",
        );
    }
}

/// The whole page.
#[component]
pub fn App() -> Html {
    let state =
        use_reducer(|| State::new(now_unix(), local_offset_minutes()).open_link(&location_hash()));
    // The signature arithmetic runs in a worker loaded on first use: the analysis is a memo of
    // the inputs and of the answers received so far.
    let answers = use_reducer(SignatureAnswers::default);
    let analysis = Shared(use_memo(
        (state.inputs(), Rc::clone(&answers.0)),
        |(inputs, answers)| session::analyze_with(inputs, &**answers),
    ));
    {
        let pending = analysis
            .report()
            .map(|r| r.signature.pending.clone())
            .unwrap_or_default();
        let known = Rc::clone(&answers.0);
        let dispatch = answers.dispatcher().to_callback();
        use_effect_with(pending, move |jobs| {
            crypto_worker::ask(jobs, &known, &dispatch)
        });
    }
    let fetch_ids = use_memo((), |()| Cell::new(0_u32));

    {
        // A share link pasted into the address bar of an open page arrives as `hashchange`, in a
        // new history entry. Back or Forward to an entry whose link was applied already (e.g.
        // after following the `#jwks-input` anchor) leaves the user's edits alone: each entry is
        // marked once its link is applied, and the mark comes back with the entry.
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            show_build();
            // The link in the address bar at load was applied by the initial state.
            if share::is_share_fragment(&location_hash()) {
                mark_entry_applied();
            }
            let listener = Closure::<dyn Fn()>::new(move || {
                let hash = location_hash();
                if !share::is_share_fragment(&hash) || entry_applied() {
                    return;
                }
                dispatcher.dispatch(Action::OpenLink(hash));
                mark_entry_applied();
            });
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback(
                        "hashchange",
                        listener.as_ref().unchecked_ref(),
                    );
                }
                drop(listener);
            }
        });
    }

    let on_token = state.dispatcher().to_callback().reform(Action::SetToken);
    let on_example = state
        .dispatcher()
        .to_callback()
        .reform(|()| Action::LoadExample);
    let on_clear = state.dispatcher().to_callback().reform(|()| Action::Clear);
    let on_gallery = state.dispatcher().to_callback().reform(Action::LoadGallery);
    let gallery = state
        .gallery
        .clone()
        .filter(|item| item.entry.state.token.as_deref() == Some(state.token.as_str()));
    let on_undo = state
        .dispatcher()
        .to_callback()
        .reform(|_: MouseEvent| Action::Undo);
    let on_eval = state.dispatcher().to_callback().reform(Action::SetEvalText);
    let on_now = state
        .dispatcher()
        .to_callback()
        .reform(|()| Action::SetNow(now_unix()));
    let on_paste = state.dispatcher().to_callback().reform(Action::SetPasted);
    let on_policy = state.dispatcher().to_callback().reform(Action::SetPolicy);
    let on_setting = state
        .dispatcher()
        .to_callback()
        .reform(|(field, text)| Action::SetSetting(field, text));
    let on_reset = state
        .dispatcher()
        .to_callback()
        .reform(|()| Action::ResetSettings);
    let on_apply = state.dispatcher().to_callback().reform(Action::ApplyFix);
    let on_eval_at = state.dispatcher().to_callback().reform(Action::SetNow);
    let on_dismiss = state
        .dispatcher()
        .to_callback()
        .reform(|()| Action::DismissLink);
    let on_link_time = state
        .dispatcher()
        .to_callback()
        .reform(|()| Action::UseLinkTime);
    let on_link_keys = state
        .dispatcher()
        .to_callback()
        .reform(|()| Action::UseLinkKeys);
    let on_fetch = {
        let dispatcher = state.dispatcher();
        let iss = analysis.iss.clone();
        let loading = matches!(state.fetch, FetchState::Loading { .. });
        Callback::from(move |()| {
            let Some(iss) = iss.clone().filter(|_| !loading) else {
                return;
            };
            let id = fetch_ids.get().wrapping_add(1);
            fetch_ids.set(id);
            let url = oidc::discovery_url(&iss).unwrap_or_else(|_| iss.clone());
            dispatcher.dispatch(Action::FetchStarted {
                id,
                iss: iss.clone(),
                url,
            });
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let fetched = fetch::fetch_issuer_documents(iss).await;
                dispatcher.dispatch(Action::FetchFinished { id, fetched });
            });
        })
    };

    let report = analysis.report().map(Shared);
    let (error, repairs, length) = match &analysis.result {
        Ok(r) => (None, r.token.repairs.clone(), Some(r.token.length)),
        Err(DecodeError::Empty) => (None, Vec::new(), None),
        Err(e) => (Some(e.clone()), Vec::new(), None),
    };
    let decode_failed = error.is_some();
    let is_example = state.token == example::token();
    // Without a token there is no report; the policy's syntax is still worth checking.
    let syntax_only = report.is_none().then(|| state.policy.clone());
    let syntax_error = use_memo(syntax_only, |text| match text {
        Some(t) if !t.trim().is_empty() => policy::parse_policy(t).err(),
        _ => None,
    });
    let policy_error = match &report {
        Some(r) => format::policy_error(r).cloned(),
        None => (*syntax_error).clone(),
    };
    let sts = report.as_ref().and_then(|r| r.sts.as_ref());
    let policy_problems = sts.map(|s| s.policy_problems.clone()).unwrap_or_default();
    let assumptions = sts.map(|s| s.assumptions.clone()).unwrap_or_default();
    let trace = report.clone().filter(|r| r.sts.is_some());
    let policy_text = AttrValue::from(state.policy.clone());
    let tool_inputs = Rc::new(ToolInputs {
        token: state.token.clone(),
        policy: state.policy.clone(),
        keys: state.pasted_text.clone(),
        documents: PageDocuments::of(&analysis.0),
        settings: state.settings.clone(),
        at: state.eval.at,
        offset_minutes: state.offset_minutes,
    });

    html! {
        <>
            <Header />
            <main class="layout">
                if let Some((what, _)) = &state.undo {
                    <div class="undo-bar" role="status" data-testid="undo-bar" data-undo={what.as_str()}>
                        <span>{ what.done() }</span>
                        <button type="button" class="secondary small-button" data-testid="undo" onclick={on_undo}>
                            { "Undo" }
                        </button>
                    </div>
                }
                if let Some(link) = state.link.clone() {
                    <div class="banner-row">
                        <LinkBanner keys={link_keys(&state, &link, &analysis)} {link} at={state.eval.at} now={now_unix()}
                                    can_fetch={analysis.iss.is_some()}
                                    on_now={on_now.clone()} {on_link_time}
                                    on_fetch={on_fetch.clone()} {on_link_keys} {on_dismiss} />
                    </div>
                }
                <div class="columns">
                <div class="col col-main">
                    // The answer first, at every width; the token box under it.
                    <StsVerdict report={report.clone()} {decode_failed}
                                policy={policy_text.clone()} {on_apply} on_eval_at={on_eval_at.clone()} />
                    if let Some(r) = &report {
                        { tools_launcher::suggestion(&r.findings, &tool_inputs) }
                    }
                    <TokenPanel
                        token={state.token.clone()}
                        {is_example}
                        {error}
                        {repairs}
                        {length}
                        on_input={on_token}
                        {on_example}
                        {on_clear}
                        {gallery}
                        {on_gallery}
                    >
                        if let Some(report) = report.clone() {
                            <CheckedClaims {report} />
                        }
                    </TokenPanel>
                    <PolicyEditor text={policy_text.clone()} error={policy_error}
                                  problems={policy_problems} on_input={on_policy} />
                </div>
                <div class="col col-side">
                    <SignaturePanel report={report.clone()} {decode_failed} />
                    <RequestSettings settings={state.settings.clone()}
                                     defaults={analysis.defaults.clone()}
                                     errors={analysis.setting_errors.clone()}
                                     {assumptions} on_change={on_setting} {on_reset} />
                    <EvalTimeControl
                        eval={state.eval.clone()}
                        offset_minutes={state.offset_minutes}
                        on_input={on_eval}
                        {on_now}
                        times={analysis.report().map(|r| (
                            r.claims.times.clone(),
                            r.token.claims.as_object().and_then(claims::warn_after),
                        ))}
                        on_at={on_eval_at.clone()}
                    />
                    <KeysPanel
                        analysis={analysis.clone()}
                        fetch={state.fetch.clone()}
                        pasted_text={state.pasted_text.clone()}
                        pasted={state.pasted.clone()}
                        {on_fetch}
                        {on_paste}
                    />
                    <SharePanel analysis={analysis.clone()} policy={policy_text}
                                at={state.eval.at} now={now_unix()} />
                </div>
                <div class="col col-detail">
                    if let Some(report) = trace {
                        <StsTrace {report} />
                    }
                    if let Some(report) = report.clone() {
                        <DecodedView {report} />
                    }
                </div>
                </div>
                { tools_launcher::tools_panel(&tool_inputs) }
            </main>
        </>
    }
}
