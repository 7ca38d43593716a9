//! The signature arithmetic, loaded when first needed: a Web Worker runs a second WebAssembly
//! module (`src/bin/tokenscope-crypto.rs`, built by Trunk beside the page) that answers
//! [`Job`]s with [`crypto::compute`]. The page's own module links no crypto crate, so its first
//! load is lighter; the worker's files are requested the first time a signature is checked.
//!
//! - [`Answers`] live in their own reducer ([`SignatureAnswers`]); the analysis is a memo of the
//!   inputs *and* the answers, so an answer re-renders exactly once.
//! - Each job is posted once (in flight or answered), so re-renders never repeat work.
//! - If the worker cannot start or fails, the answers say so and the signature panel shows why;
//!   the verdict stays incomplete, never a success.
//! - Messages are JSON text: a list of (number, job) in, a list of (number, answer) out: the page
//!   keeps the jobs it numbered, so it never reads a job back (and links no job deserializer).
//!   The worker first
//!   says [`READY`] once its module is running: jobs asked before then wait in the page (a
//!   message sent while the worker is still loading its module would find no handler).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen_futures::wasm_bindgen::JsCast as _;
use wasm_bindgen_futures::wasm_bindgen::JsValue;
use wasm_bindgen_futures::wasm_bindgen::closure::Closure;
use yew::{Callback, Reducible};

use crate::core::crypto::{self, Answer, Answers, Job, SignatureMath as _};

/// The worker's script (`static/tokenscope-crypto_loader.js`, copied by Trunk next to
/// `index.html`).
const WORKER_URL: &str = "./tokenscope-crypto_loader.js";

/// The worker's first message: its module is running and listening.
const READY: &str = "ready";

/// The answers received so far (a reducer, so that answers arriving together are all kept).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignatureAnswers(pub Rc<Answers>);

/// What can happen to the answers.
pub enum AnswersAction {
    /// The worker answered these jobs.
    Answered(Vec<(Job, Answer)>),
    /// The worker could not start or failed: why.
    Failed(String),
}

impl Reducible for SignatureAnswers {
    type Action = AnswersAction;

    fn reduce(self: Rc<Self>, action: AnswersAction) -> Rc<Self> {
        let next = match action {
            AnswersAction::Answered(new) => self.0.with(new),
            AnswersAction::Failed(why) => self.0.failed(why),
        };
        Rc::new(SignatureAnswers(Rc::new(next)))
    }
}

/// The page's side of the worker: started on first use, kept for the page's life.
struct Client {
    worker: web_sys::Worker,
    /// Jobs asked for and not answered yet (posted, or waiting for [`READY`]), by their number.
    in_flight: Vec<(u32, Job)>,
    /// The next job's number.
    next: u32,
    /// Whether the worker said [`READY`].
    ready: bool,
    /// Jobs asked for before the worker was ready.
    queued: Vec<(u32, Job)>,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// Posts the jobs that are neither answered nor in flight; answers come back through `dispatch`.
pub fn ask(jobs: &[Job], answers: &Answers, dispatch: &Callback<AnswersAction>) {
    let new: Vec<Job> = jobs.iter().filter(|j| !answers.knows(j)).cloned().collect();
    if new.is_empty() || answers.unavailable().is_some() {
        return;
    }
    let outcome = CLIENT.with(|cell| {
        let Ok(mut slot) = cell.try_borrow_mut() else {
            return Ok(());
        };
        if slot.is_none() {
            *slot = Some(start(dispatch.clone())?);
        }
        let Some(client) = slot.as_mut() else {
            return Ok(());
        };
        let mut to_post: Vec<(u32, Job)> = Vec::new();
        for job in new {
            if !client.in_flight.iter().any(|(_, j)| *j == job) {
                to_post.push((client.next, job));
                client.next = client.next.wrapping_add(1);
            }
        }
        if to_post.is_empty() {
            return Ok(());
        }
        client.in_flight.extend(to_post.iter().cloned());
        if client.ready {
            post(&client.worker, &to_post)
        } else {
            client.queued.extend(to_post);
            Ok(())
        }
    });
    if let Err(why) = outcome {
        dispatch.emit(AnswersAction::Failed(format!(
            "the page's signature module could not start ({why})"
        )));
    }
}

fn post(worker: &web_sys::Worker, jobs: &[(u32, Job)]) -> Result<(), String> {
    let text = serde_json::to_string(jobs).map_err(|e| e.to_string())?;
    worker
        .post_message(&JsValue::from_str(&text))
        .map_err(describe)
}

/// The worker is ready: posts what waited for it.
fn on_ready() -> Result<(), String> {
    CLIENT.with(|cell| {
        let Ok(mut slot) = cell.try_borrow_mut() else {
            return Ok(());
        };
        let Some(client) = slot.as_mut() else {
            return Ok(());
        };
        client.ready = true;
        let queued = std::mem::take(&mut client.queued);
        if queued.is_empty() {
            Ok(())
        } else {
            post(&client.worker, &queued)
        }
    })
}

/// Starts the worker and wires its answers and errors to `dispatch`.
fn start(dispatch: Callback<AnswersAction>) -> Result<Client, String> {
    let worker = web_sys::Worker::new(WORKER_URL).map_err(describe)?;
    let on_answer = dispatch.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let text = e.data().as_string().unwrap_or_default();
            if text == READY {
                if let Err(why) = on_ready() {
                    on_answer.emit(AnswersAction::Failed(format!(
                        "the page's signature module could not be asked ({why})"
                    )));
                }
                return;
            }
            match serde_json::from_str::<Vec<(u32, Answer)>>(&text) {
                Ok(numbered) => {
                    let answered = CLIENT.with(|cell| {
                        let Ok(mut slot) = cell.try_borrow_mut() else {
                            return Vec::new();
                        };
                        let Some(client) = slot.as_mut() else {
                            return Vec::new();
                        };
                        numbered
                            .into_iter()
                            .filter_map(|(id, answer)| {
                                let at = client.in_flight.iter().position(|(n, _)| *n == id)?;
                                Some((client.in_flight.swap_remove(at).1, answer))
                            })
                            .collect()
                    });
                    on_answer.emit(AnswersAction::Answered(answered));
                }
                Err(err) => on_answer.emit(AnswersAction::Failed(format!(
                    "the page's signature module answered something unreadable ({err})"
                ))),
            }
        });
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        let detail = e
            .dyn_ref::<web_sys::ErrorEvent>()
            .map(|e| e.message())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| format!("{WORKER_URL} could not be loaded"));
        dispatch.emit(AnswersAction::Failed(format!(
            "the page's signature module failed: {detail}; reload the page to try again"
        )));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Client {
        worker,
        in_flight: Vec::new(),
        next: 0,
        ready: false,
        queued: Vec::new(),
        _on_message: on_message,
        _on_error: on_error,
    })
}

fn describe(err: JsValue) -> String {
    err.as_string()
        .or_else(|| {
            err.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "unknown error".to_string())
}

/// The worker's side: answers every message with [`crypto::answer_message`]. Called by the
/// `tokenscope-crypto` binary inside the worker.
pub fn serve() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let text = e.data().as_string().unwrap_or_default();
            let _ = reply.post_message(&JsValue::from_str(&crypto::answer_message(&text)));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}
