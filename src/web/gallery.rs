//! "Gallery of failures": a list of complete, offline diagnoses, one per failure of the
//! catalogue and the built-in example. The list is the page's own `gallery.json`, requested the
//! first time the gallery is opened (never on load), read by [`crate::core::gallery`]; one click
//! loads an entry as its share link would, and each entry offers that link.

use std::rc::Rc;

use wasm_bindgen_futures::wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::core::gallery::{self, Entry};
use crate::core::sts::FailureMode;

use super::{fetch, format};

/// The file, beside the page (Trunk copies it from `static/`).
const FILE: &str = "gallery.json";

/// An entry with its share link's fragment (without `#`; base64url, made here, never data).
pub struct Item {
    /// The entry.
    pub entry: Entry,
    /// Its share link's fragment.
    pub link: String,
}

// The link encodes the whole state: comparing it (and the id) compares the entry, without a
// deep comparison (or a Debug form) of every state in the page's module.
impl PartialEq for Item {
    fn eq(&self, other: &Self) -> bool {
        self.entry.id == other.entry.id && self.link == other.link
    }
}

impl std::fmt::Debug for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Item").field(&self.entry.id).finish()
    }
}

/// The gallery as read: the entries, and the failures with no entry (title, reason).
type Loaded = Rc<(Vec<Rc<Item>>, Vec<(String, String)>)>;

/// Properties of [`GalleryControl`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// An entry was chosen.
    pub on_load: Callback<Rc<Item>>,
}

/// The "Gallery of failures" button and, once opened, its list.
#[component]
pub fn GalleryControl(props: &Props) -> Html {
    let open = use_state_eq(|| false);
    let data = use_state(|| None::<Result<Loaded, String>>);
    let requested = use_mut_ref(|| false);
    let toggle = {
        let (open, data) = (open.clone(), data.clone());
        Callback::from(move |_: MouseEvent| {
            open.set(!*open);
            if !std::mem::replace(&mut *requested.borrow_mut(), true) {
                let data = data.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    data.set(Some(
                        fetch::fetch_page_file(FILE).await.and_then(|t| read(&t)),
                    ));
                });
            }
        })
    };
    let list = match (*open, &*data) {
        (false, _) => Html::default(),
        (true, None) => html! { <p class="small muted gallery">{ "Loading the gallery…" }</p> },
        (true, Some(Err(why))) => html! {
            <p class="small gallery" role="alert" data-testid="gallery-error">{ why.clone() }</p>
        },
        (true, Some(Ok(loaded))) => {
            let on_load = props.on_load.clone();
            let open = open.clone();
            let choose = Callback::from(move |item: Rc<Item>| {
                open.set(false);
                on_load.emit(item);
                // The answer first: on a phone the verdict is above the list.
                let verdict = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("verdict"))
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(verdict) = verdict {
                    let _ = verdict.focus();
                }
            });
            list_view(loaded, &choose)
        }
    };
    html! {
        <>
            <button type="button" class="secondary" data-testid="gallery-button"
                    aria-expanded={open.to_string()} onclick={toggle}>
                { "Gallery of failures" }
            </button>
            { list }
        </>
    }
}

/// Reads the file with the core and makes each entry's link once.
fn read(text: &str) -> Result<Loaded, String> {
    let g = gallery::parse(text).map_err(|e| e.to_string())?;
    let items = g
        .entries
        .into_iter()
        .map(|entry| {
            let link = entry.link();
            Rc::new(Item { entry, link })
        })
        .collect();
    let missing = g
        .not_covered
        .into_iter()
        .map(|n| {
            let title = FailureMode::from_id(&n.id).map_or(n.id, |m| m.title().to_string());
            (title, n.reason)
        })
        .collect();
    Ok(Rc::new((items, missing)))
}

fn list_view(loaded: &Loaded, choose: &Callback<Rc<Item>>) -> Html {
    let (items, missing) = &**loaded;
    html! {
        <div class="gallery" data-testid="gallery">
            <p class="small muted">
                { format!("{} failures, each a complete diagnosis with no network: pick one to see \
                   STS's answer, the failing check and its fix.", items.len()) }
            </p>
            <ul class="gallery-list">
                { for items.iter().map(|item| {
                    let e = &item.entry;
                    let onclick = choose.reform({
                        let item = Rc::clone(item);
                        move |_: MouseEvent| Rc::clone(&item)
                    });
                    let answer = e.code.clone().unwrap_or_else(|| e.outcome.as_str().to_string());
                    html! {
                        <li>
                            <button type="button" class="gallery-entry" data-testid="gallery-entry"
                                    data-id={e.id.clone()} {onclick}>
                                <span>{ e.title.clone() }</span>
                                <code class="small">{ answer }</code>
                            </button>
                            <a class="small" href={format!("#{}", item.link)} data-testid="gallery-link"
                               aria-label={format!("Share link: {}", e.title)}>
                                { "link" }
                            </a>
                        </li>
                    }
                }) }
            </ul>
            { for missing.iter().map(|(title, reason)| html! {
                <p class="small muted">{ format::rich(&format!("Not in the gallery: {title} — {reason}.")) }</p>
            }) }
        </div>
    }
}
