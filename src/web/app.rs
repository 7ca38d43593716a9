//! The page: state, the memoised analysis, and the layout of the panels.

use std::cell::Cell;

use yew::prelude::*;

use crate::core::jwt::DecodeError;
use crate::core::oidc;

use super::analysis;
use super::decoded_view::DecodedView;
use super::eval_time::EvalTimeControl;
use super::example;
use super::fetch;
use super::header::Header;
use super::keys_panel::KeysPanel;
use super::signature_panel::SignaturePanel;
use super::state::{Action, State};
use super::token_panel::TokenPanel;

/// The browser's clock, unix seconds.
fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// The viewer's offset from UTC in minutes ahead of UTC (JavaScript counts minutes behind).
fn local_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// The whole page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(now_unix(), local_offset_minutes()));
    let analysis = use_memo(state.inputs(), analysis::run);
    let fetch_ids = use_memo((), |()| Cell::new(0_u32));

    let on_token = state.dispatcher().to_callback().reform(Action::SetToken);
    let on_example = state
        .dispatcher()
        .to_callback()
        .reform(|()| Action::LoadExample);
    let on_clear = state.dispatcher().to_callback().reform(|()| Action::Clear);
    let on_eval = state.dispatcher().to_callback().reform(Action::SetEvalText);
    let on_now = state
        .dispatcher()
        .to_callback()
        .reform(|()| Action::SetNow(now_unix()));
    let on_paste = state.dispatcher().to_callback().reform(Action::SetPasted);
    let on_fetch = {
        let dispatcher = state.dispatcher();
        let iss = analysis.iss.clone();
        Callback::from(move |()| {
            let Some(iss) = iss.clone() else {
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

    let report = analysis.report();
    let (error, repairs, length) = match &analysis.result {
        Ok(r) => (None, r.token.repairs.clone(), Some(r.token.length)),
        Err(DecodeError::Empty) => (None, Vec::new(), None),
        Err(e) => (Some(e.clone()), Vec::new(), None),
    };
    let decode_failed = error.is_some();
    let is_example = state.token == example::token();

    html! {
        <>
            <Header />
            <main class="layout">
                <div class="col col-main">
                    <TokenPanel
                        token={state.token.clone()}
                        {is_example}
                        {error}
                        {repairs}
                        {length}
                        on_input={on_token}
                        {on_example}
                        {on_clear}
                    />
                    if let Some(report) = report.clone() {
                        <DecodedView {report} />
                    }
                </div>
                <div class="col col-side">
                    <SignaturePanel report={report.clone()} {decode_failed} />
                    <EvalTimeControl
                        eval={state.eval.clone()}
                        offset_minutes={state.offset_minutes}
                        on_input={on_eval}
                        {on_now}
                    />
                    <KeysPanel
                        analysis={analysis.clone()}
                        fetch={state.fetch.clone()}
                        pasted_text={state.pasted_text.clone()}
                        pasted={state.pasted.clone()}
                        {on_fetch}
                        {on_paste}
                    />
                </div>
            </main>
            <footer class="site-footer small muted">
                { "TokenScope runs entirely in your browser. It predicts what AWS STS checks; where \
                   AWS documents nothing, it says so." }
            </footer>
        </>
    }
}
