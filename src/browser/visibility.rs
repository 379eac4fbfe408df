//! Whether the page is visible, from `visibilitychange` events: counts are
//! refreshed only while someone can see them.

use futures::channel::mpsc;
use futures::StreamExt;
use gloo_events::EventListener;
use web_sys::Document;

/// Tells when the page is visible.
pub struct Visibility {
    document: Option<Document>,
    changes: mpsc::UnboundedReceiver<()>,
    _listener: Option<EventListener>,
}

impl Visibility {
    /// Starts listening.
    pub fn watch() -> Visibility {
        let document = web_sys::window().and_then(|w| w.document());
        let (sender, changes) = mpsc::unbounded();
        let listener = document.as_ref().map(|document| {
            EventListener::new(document, "visibilitychange", move |_| {
                let _ = sender.unbounded_send(());
            })
        });
        Visibility {
            document,
            changes,
            _listener: listener,
        }
    }

    /// Returns once the page is visible (at once when it is).
    pub async fn until_visible(&mut self) {
        while self.document.as_ref().is_some_and(Document::hidden) {
            if self.changes.next().await.is_none() {
                return;
            }
        }
    }
}
