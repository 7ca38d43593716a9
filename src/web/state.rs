//! The page's state and its reducer. No DOM, no clock, no network: the shell passes the current
//! time in ([`Action::SetNow`]), hands fetched documents over ([`Action::FetchFinished`]) and
//! the URL fragment of a share link ([`Action::OpenLink`]).

use std::rc::Rc;

use yew::Reducible;

use crate::core::jwk::{KeyInput, KeyInputError};
use crate::core::session::{self, Fetched, Inputs, SettingField as Field, Settings, SharedLink};
use crate::core::share::{self, RecordedSignature};
use crate::core::timefmt;

use super::example;
use super::gallery::Item;

/// The keys panel's network state.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchState {
    /// Nothing fetched.
    Idle,
    /// A fetch is running; results for any other `id` are stale and dropped.
    Loading {
        /// Identifies this fetch.
        id: u32,
        /// The issuer being fetched for.
        iss: String,
        /// The first URL requested.
        url: String,
    },
    /// Finished (successfully or not).
    Done(Rc<Fetched>),
}

/// The evaluation time as typed, and the instant in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalTime {
    /// The text in the input.
    pub text: String,
    /// The instant in effect (the last one that parsed), unix seconds.
    pub at: i64,
    /// Why `text` does not parse, when it does not.
    pub error: Option<String>,
}

impl EvalTime {
    fn at(at: i64) -> Self {
        EvalTime {
            text: timefmt::format_rfc3339(at),
            at,
            error: None,
        }
    }
}

/// Everything the page holds.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The token text as pasted.
    pub token: String,
    /// The evaluation time.
    pub eval: EvalTime,
    /// The viewer's offset from UTC, minutes ahead of UTC.
    pub offset_minutes: i32,
    /// The keys paste box's text.
    pub pasted_text: String,
    /// What the core made of the paste box (`None` while it is empty).
    pub pasted: Option<Rc<Result<KeyInput, KeyInputError>>>,
    /// Fetched (or example, or shared) documents.
    pub fetch: FetchState,
    /// The trust policy text.
    pub policy: String,
    /// The STS request settings as typed.
    pub settings: Settings,
    /// The banner of the share link the page was opened from, or why a link could not be opened.
    pub link: Option<Result<Rc<SharedLink>, String>>,
    /// The signature verdict recorded in the last link opened. Kept apart from the banner: it
    /// stays when the banner is dismissed or a damaged link arrives, and applies only while the
    /// token is still that link's.
    pub recorded: Option<Rc<Recorded>>,
    /// What "Undo" would take back ("Apply suggested fix" or "Try an example") and the state
    /// before it. Any later edit forgets it: undoing then would discard that edit too.
    pub undo: Option<(Undoable, Rc<State>)>,
    /// The gallery entry loaded last: its note shows while the token is the entry's.
    pub gallery: Option<Rc<Item>>,
}

/// The actions that overwrite what the user typed, and can be taken back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undoable {
    /// "Apply suggested fix" replaced the policy or settings.
    Fix,
    /// "Try an example" replaced the token, keys, policy and time.
    Example,
    /// A gallery entry replaced the token, keys, policy, settings and time.
    Gallery,
}

impl Undoable {
    /// `fix` or `example` (the undo bar's `data-undo`).
    pub fn as_str(self) -> &'static str {
        match self {
            Undoable::Fix => "fix",
            Undoable::Example => "example",
            Undoable::Gallery => "gallery",
        }
    }

    /// What the undo bar says was done.
    pub fn done(self) -> &'static str {
        match self {
            Undoable::Fix => "The suggested fix was applied.",
            Undoable::Example => "The example replaced what was on the page.",
            Undoable::Gallery => "The gallery entry replaced what was on the page.",
        }
    }
}

/// A signature verdict recorded in a share link, and the token text it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The token text as restored from the link.
    pub token: String,
    /// The verdict.
    pub signature: RecordedSignature,
}

impl State {
    /// The initial state: no token, evaluated at `now`.
    pub fn new(now: i64, offset_minutes: i32) -> Self {
        State {
            token: String::new(),
            eval: EvalTime::at(now),
            offset_minutes,
            pasted_text: String::new(),
            pasted: None,
            fetch: FetchState::Idle,
            policy: String::new(),
            settings: Settings::default(),
            link: None,
            recorded: None,
            undo: None,
            gallery: None,
        }
    }

    /// This state with the share link in `fragment` opened, or with the reason it cannot be.
    /// Fragments that are not share links (e.g. `#jwks-input`) leave the state as it is.
    pub fn open_link(self, fragment: &str) -> State {
        if !share::is_share_fragment(fragment) {
            return self;
        }
        let decoded = match share::decode(fragment) {
            Ok(decoded) => decoded,
            Err(err) => {
                return State {
                    link: Some(Err(err.to_string())),
                    ..self
                };
            }
        };
        // The same path as the CLI's `--link`: the core restores the inputs.
        self.restored(session::restore(decoded))
    }

    /// This state with what a share link (or a gallery entry) restores.
    fn restored(self, restored: session::Restored) -> State {
        let inputs = restored.inputs(self.offset_minutes);
        let recorded = inputs.recorded_signature.clone().map(|signature| {
            Rc::new(Recorded {
                token: inputs.token.clone(),
                signature,
            })
        });
        State {
            token: inputs.token,
            eval: EvalTime::at(inputs.at),
            offset_minutes: inputs.offset_minutes,
            pasted: inputs.pasted,
            pasted_text: inputs.pasted_text,
            fetch: match inputs.fetched {
                Some(f) => FetchState::Done(f),
                None => FetchState::Idle,
            },
            policy: inputs.policy,
            settings: inputs.settings,
            link: Some(Ok(Rc::new(restored.link))),
            recorded,
            undo: None,
            gallery: None,
        }
    }

    /// What the analysis depends on ([`session::analyze`]).
    pub fn inputs(&self) -> Inputs {
        Inputs {
            token: self.token.clone(),
            pasted: self.pasted.clone(),
            pasted_text: self.pasted_text.clone(),
            policy: self.policy.clone(),
            settings: self.settings.clone(),
            recorded_signature: match &self.recorded {
                Some(r) if r.token == self.token => Some(r.signature.clone()),
                _ => None,
            },
            fetched: match &self.fetch {
                FetchState::Done(f) => Some(Rc::clone(f)),
                _ => None,
            },
            at: self.eval.at,
            offset_minutes: self.offset_minutes,
        }
    }
}

/// The core's suggested fix: an edited policy and changed settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// The policy to use instead, if the fix edits it.
    pub policy: Option<String>,
    /// Settings to change (field, value).
    pub settings: Vec<(Field, String)>,
}

/// What can happen to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The token text changed.
    SetToken(String),
    /// "Clear": forget the token and the documents fetched for it.
    Clear,
    /// The evaluation time text changed.
    SetEvalText(String),
    /// "Now" (the shell reads the clock).
    SetNow(i64),
    /// The keys paste box changed.
    SetPasted(String),
    /// "Fetch keys" was clicked.
    FetchStarted {
        /// Identifies the fetch.
        id: u32,
        /// The issuer.
        iss: String,
        /// The discovery URL.
        url: String,
    },
    /// A fetch finished.
    FetchFinished {
        /// Identifies the fetch.
        id: u32,
        /// What it read.
        fetched: Fetched,
    },
    /// "Try an example".
    LoadExample,
    /// A gallery entry was chosen: it opens as its share link would (no banner: the note says
    /// which entry it is).
    LoadGallery(Rc<Item>),
    /// The trust policy text changed.
    SetPolicy(String),
    /// A request setting changed.
    SetSetting(Field, String),
    /// "Apply suggested fix".
    ApplyFix(Fix),
    /// A share link arrived in the URL fragment (on load, or typed into the address bar of the
    /// open page). The shell does not send it for Back/Forward to an entry already applied.
    OpenLink(String),
    /// The shared-link banner was dismissed (what the link restored stays).
    DismissLink,
    /// "Use the link's keys again" after a re-fetch.
    UseLinkKeys,
    /// "Back to the shared time" after "Evaluate now instead".
    UseLinkTime,
    /// "Reset to the defaults for this token".
    ResetSettings,
    /// "Undo": back to the state before the last fix applied or example loaded.
    Undo,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        // What the user can take back: set by a fix or the example, kept by what the page does on
        // its own (a fetch finishing), forgotten by any edit.
        next.undo = match &action {
            Action::ApplyFix(_) => Some((
                Undoable::Fix,
                Rc::new(State {
                    undo: None,
                    ..(*self).clone()
                }),
            )),
            Action::LoadExample => Some((
                Undoable::Example,
                Rc::new(State {
                    undo: None,
                    ..(*self).clone()
                }),
            )),
            Action::LoadGallery(_) => Some((
                Undoable::Gallery,
                Rc::new(State {
                    undo: None,
                    ..(*self).clone()
                }),
            )),
            Action::FetchStarted { .. } | Action::FetchFinished { .. } | Action::DismissLink => {
                self.undo.clone()
            }
            _ => None,
        };
        match action {
            Action::Undo => {
                return match &self.undo {
                    Some((_, before)) => Rc::clone(before),
                    None => self,
                };
            }
            Action::SetToken(text) => next.token = text,
            // The policy and the request settings describe the role, not the token: they stay.
            Action::Clear => {
                next.token.clear();
                next.fetch = FetchState::Idle;
                next.link = None;
                next.gallery = None;
            }
            Action::SetEvalText(text) => {
                match timefmt::parse_instant(&text) {
                    Ok(at) => {
                        next.eval.at = at;
                        next.eval.error = None;
                    }
                    Err(why) => next.eval.error = Some(why),
                }
                next.eval.text = text;
            }
            Action::SetNow(now) => next.eval = EvalTime::at(now),
            Action::SetPasted(text) => {
                next.pasted = session::parse_pasted(&text);
                next.pasted_text = text;
            }
            Action::FetchStarted { id, iss, url } => {
                next.fetch = FetchState::Loading { id, iss, url };
            }
            Action::FetchFinished { id, fetched } => match &next.fetch {
                FetchState::Loading { id: current, .. } if *current == id => {
                    next.fetch = FetchState::Done(Rc::new(fetched));
                }
                // A result for a fetch that was superseded (example, clear, another fetch).
                _ => return self,
            },
            Action::LoadExample => {
                let ex = example::load();
                next.token = ex.token;
                next.fetch = FetchState::Done(Rc::new(ex.fetched));
                next.pasted_text.clear();
                next.pasted = None;
                if let Some(at) = ex.eval_at {
                    next.eval = EvalTime::at(at);
                }
                next.policy = ex.policy;
                next.settings = Settings::default();
                next.link = None;
                next.gallery = None;
            }
            Action::LoadGallery(item) => {
                let undo = next.undo.take();
                let opened = next.restored(item.entry.restore());
                return Rc::new(State {
                    link: None,
                    undo,
                    gallery: Some(item),
                    ..opened
                });
            }
            Action::SetPolicy(text) => next.policy = text,
            Action::SetSetting(field, text) => next.settings.set(field, text),
            Action::ApplyFix(Fix { policy, settings }) => {
                if let Some(policy) = policy {
                    next.policy = policy;
                }
                for (field, value) in settings {
                    next.settings.set(field, value);
                }
            }
            // Other fragments are in-page anchors: nothing to do.
            Action::OpenLink(fragment) if !share::is_share_fragment(&fragment) => return self,
            Action::OpenLink(fragment) => return Rc::new(next.open_link(&fragment)),
            Action::DismissLink => next.link = None,
            Action::UseLinkKeys => {
                if let Some(Ok(link)) = &next.link {
                    next.fetch = match &link.fetched {
                        Some(f) => FetchState::Done(Rc::clone(f)),
                        None => FetchState::Idle,
                    };
                }
            }
            Action::UseLinkTime => {
                if let Some(Ok(link)) = &next.link {
                    next.eval = EvalTime::at(link.at);
                }
            }
            Action::ResetSettings => next.settings = Settings::default(),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    //! The reducer, natively: `cargo test --no-default-features --features web --lib web::`.

    use std::rc::Rc;

    use yew::Reducible;

    use super::{Action, FetchState, State};
    use crate::core::jwt;
    use crate::core::report::{self, AnalysisInput};
    use crate::core::session::{self, DocumentOrigin as Origin, Fetched};
    use crate::core::share::{self, ShareInput, ShareMode};
    use crate::core::sts::StsRequest;
    use crate::web::example;

    const NOW: i64 = 1_900_000_000;

    /// A link made from the example as the share panel makes it, with the session name changed.
    fn example_link(mode: ShareMode) -> (String, i64) {
        let ex = example::load();
        let at = ex.eval_at.unwrap_or(NOW);
        let token = jwt::decode(&ex.token).unwrap();
        let jwks = ex.fetched.jwks.as_ref().unwrap();
        let report = report::analyze(&AnalysisInput {
            token: &ex.token,
            keys: Some(&jwks.content),
            discovery: None,
            at,
            offset_minutes: 0,
        })
        .unwrap();
        let mut request = StsRequest::defaults_for(&token);
        request.session_name = "from-the-link".into();
        let state = share::state_for(
            &ShareInput {
                token: Some(&token),
                signature: Some(&report.signature),
                keys: Some(&jwks.text),
                keys_origin: Some("example"),
                discovery: None,
                discovery_origin: None,
                policy: Some(&ex.policy),
                request: Some(&request),
                at,
                fetch_failure: None,
            },
            mode,
        );
        (format!("#{}", share::encode(&state)), at)
    }

    fn reduce(state: State, actions: impl IntoIterator<Item = Action>) -> State {
        let mut s = Rc::new(state);
        for a in actions {
            s = s.reduce(a);
        }
        Rc::try_unwrap(s).unwrap_or_else(|rc| (*rc).clone())
    }

    fn opened() -> (State, i64) {
        let (link, at) = example_link(ShareMode::WithoutSignature);
        (State::new(NOW, 60).open_link(&link), at)
    }

    #[test]
    fn a_link_restores_token_time_keys_and_its_recorded_verdict() {
        let (s, at) = opened();
        assert!(matches!(&s.link, Some(Ok(_))));
        assert!(s.token.ends_with('.'), "the signature is left out");
        assert_eq!(s.eval.at, at);
        assert!(matches!(&s.fetch, FetchState::Done(f) if f.origin == Origin::Shared));
        assert!(s.inputs().recorded_signature.is_some());
    }

    #[test]
    fn the_recorded_verdict_outlives_the_banner_and_a_damaged_link() {
        let (s, _) = opened();
        let s = reduce(s, [Action::DismissLink]);
        assert!(s.link.is_none());
        assert!(s.inputs().recorded_signature.is_some());
        let s = reduce(s, [Action::OpenLink("#v1.@@@".into())]);
        assert!(matches!(&s.link, Some(Err(_))));
        assert!(s.inputs().recorded_signature.is_some());
    }

    #[test]
    fn the_recorded_verdict_applies_only_to_the_links_token() {
        let (s, _) = opened();
        let token = s.token.clone();
        let s = reduce(s, [Action::SetToken(format!("{token}x"))]);
        assert!(s.inputs().recorded_signature.is_none());
        let s = reduce(s, [Action::SetToken(token)]);
        assert!(s.inputs().recorded_signature.is_some());
        let s = reduce(s, [Action::LoadExample]);
        assert!(s.link.is_none());
        assert!(s.inputs().recorded_signature.is_none());
    }

    #[test]
    fn open_link_inputs_are_the_cores_restored_inputs() {
        // One path for page and CLI: the page's inputs after opening a link are exactly what
        // the core restores from it (the settings rules are tested in `core::session`).
        let (link, _) = example_link(ShareMode::WithoutSignature);
        let (s, _) = opened();
        let restored = session::restore(share::decode(&link).unwrap());
        assert_eq!(s.inputs(), restored.inputs(60));
        assert_eq!(s.settings.session_name.as_deref(), Some("from-the-link"));
    }

    #[test]
    fn the_links_time_and_keys_come_back_after_evaluate_now_and_a_refetch() {
        let (s, at) = opened();
        let FetchState::Done(shared) = s.fetch.clone() else {
            panic!("no shared documents");
        };
        let s = reduce(
            s,
            [
                Action::SetNow(NOW),
                Action::FetchStarted {
                    id: 1,
                    iss: shared.iss.clone(),
                    url: "https://issuer.example/.well-known/openid-configuration".into(),
                },
                Action::FetchFinished {
                    id: 1,
                    fetched: Fetched {
                        origin: Origin::Network,
                        iss: shared.iss.clone(),
                        discovery: None,
                        jwks: None,
                        failure: None,
                    },
                },
            ],
        );
        assert_eq!(s.eval.at, NOW);
        assert!(matches!(&s.fetch, FetchState::Done(f) if f.origin == Origin::Network));
        let s = reduce(s, [Action::UseLinkTime, Action::UseLinkKeys]);
        assert_eq!(s.eval.at, at);
        assert!(matches!(&s.fetch, FetchState::Done(f) if Rc::ptr_eq(f, &shared)));
    }

    #[test]
    fn clear_forgets_the_token_and_the_banner_but_not_the_role() {
        let (s, _) = opened();
        let policy = s.policy.clone();
        let settings = s.settings.clone();
        let s = reduce(s, [Action::Clear]);
        assert!(s.token.is_empty() && s.link.is_none());
        assert_eq!(s.fetch, FetchState::Idle);
        assert_eq!((s.policy, s.settings), (policy, settings));
    }

    #[test]
    fn fragments_that_are_not_links_change_nothing() {
        let (s, _) = opened();
        let again = reduce(s.clone(), [Action::OpenLink("#jwks-input".into())]);
        assert_eq!(again, s);
    }

    #[test]
    fn undo_takes_back_a_fix_or_the_example_until_the_next_edit() {
        use super::{Fix, Undoable};
        let empty = State::new(NOW, 0);
        let typed = reduce(
            empty,
            [
                Action::SetToken("my token".into()),
                Action::SetPolicy("mine".into()),
            ],
        );
        // The example overwrites what was typed; Undo brings it back, whole.
        let ex = reduce(typed.clone(), [Action::LoadExample]);
        assert_eq!(ex.undo.as_ref().map(|u| u.0), Some(Undoable::Example));
        let back = reduce(ex.clone(), [Action::Undo]);
        assert_eq!(
            (back.token.as_str(), back.policy.as_str()),
            ("my token", "mine")
        );
        assert_eq!(back, typed);
        // A fix: undone to the policy before it; a fetch finishing keeps the offer, an edit ends it.
        let fixed = reduce(
            ex.clone(),
            [Action::ApplyFix(Fix {
                policy: Some("fixed".into()),
                settings: Vec::new(),
            })],
        );
        assert_eq!(fixed.undo.as_ref().map(|u| u.0), Some(Undoable::Fix));
        assert_eq!(reduce(fixed.clone(), [Action::Undo]).policy, ex.policy);
        let edited = reduce(fixed, [Action::SetPolicy("fixed, then edited".into())]);
        assert!(edited.undo.is_none());
        assert_eq!(
            reduce(edited.clone(), [Action::Undo]),
            edited,
            "nothing to undo"
        );
    }

    #[test]
    fn a_gallery_entry_opens_as_its_link_without_a_banner_and_undo_brings_back_the_page() {
        use super::Undoable;
        use crate::web::gallery::Item;
        let g = crate::core::gallery::parse(include_str!("../../static/gallery.json")).unwrap();
        let entry = g
            .entries
            .into_iter()
            .find(|e| e.id == "subject-mismatch")
            .unwrap();
        let link = format!("#{}", entry.link());
        let item = Rc::new(Item {
            link: entry.link(),
            entry,
        });
        let typed = reduce(State::new(NOW, 60), [Action::SetToken("mine".into())]);
        let s = reduce(typed.clone(), [Action::LoadGallery(Rc::clone(&item))]);
        // The inputs are the link's; no banner; the note knows the entry; Undo is offered.
        assert_eq!(s.inputs(), State::new(NOW, 60).open_link(&link).inputs());
        assert!(s.link.is_none());
        assert_eq!(
            s.gallery.as_ref().map(|g| g.entry.id.as_str()),
            Some("subject-mismatch")
        );
        assert_eq!(s.undo.as_ref().map(|u| u.0), Some(Undoable::Gallery));
        assert_eq!(reduce(s.clone(), [Action::Undo]), typed);
        // The example and Clear forget the entry.
        assert!(reduce(s.clone(), [Action::LoadExample]).gallery.is_none());
        assert!(reduce(s, [Action::Clear]).gallery.is_none());
    }
}
