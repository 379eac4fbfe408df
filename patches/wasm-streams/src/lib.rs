//! A stand-in for wasm-streams 0.5, for this workspace only (the root
//! `Cargo.toml`'s `[patch.crates-io]`). Leptos links its server functions
//! into every app, and they name `wasm_streams::ReadableStream`; the real
//! crate's `#[wasm_bindgen]` classes are exports, which stay in any wasm
//! that depends on it, with the closures they make — in the widget, which
//! has no server function, bytes every visitor downloads for nothing
//! (docs/benchmarks.md). This crate makes no export.
//!
//! What it keeps: a browser's stream read as a Rust `Stream`
//! ([`ReadableStream::from_raw`], [`ReadableStream::into_stream`]). What it
//! refuses: a Rust stream made into a browser's
//! ([`ReadableStream::from_stream`]), which needs exported callbacks; the
//! stream it gives is locked, and `fetch` refuses it.

#![deny(missing_docs)]

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;


/// Readable streams, as in wasm-streams.
pub mod readable {
    pub use super::{IntoStream, ReadableStream};

    /// The browser's types.
    pub mod sys {
        pub use web_sys::ReadableStream;
    }
}

/// A browser's readable stream.
#[derive(Debug)]
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps a browser's stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        ReadableStream { raw }
    }

    /// A stream already locked, which `fetch` refuses as a body: making a
    /// browser's stream of a Rust one needs callbacks exported to
    /// JavaScript, which this crate does not have. `stream` is dropped.
    pub fn from_stream<St>(stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        drop(stream);
        let raw = web_sys::ReadableStream::new().unwrap_or_else(|_| JsValue::NULL.unchecked_into());
        // Locked by a reader nobody reads with.
        let _ = raw.get_reader();
        ReadableStream { raw }
    }

    /// The browser's stream.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// Its chunks as a Rust stream, read one at a time; it ends after the
    /// last chunk or the first error.
    pub fn into_stream(self) -> IntoStream<'static> {
        let reader = self.raw.get_reader().unchecked_into();
        IntoStream {
            reader: Some(reader),
            read: None,
            _reader: std::marker::PhantomData,
        }
    }
}

/// A browser's stream read as a Rust `Stream` ([`ReadableStream::into_stream`]).
pub struct IntoStream<'reader> {
    reader: Option<web_sys::ReadableStreamDefaultReader>,
    read: Option<JsFuture>,
    _reader: std::marker::PhantomData<&'reader ()>,
}

impl Stream for IntoStream<'_> {
    type Item = Result<JsValue, JsValue>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let Some(reader) = &this.reader else {
            return Poll::Ready(None);
        };
        let read = this
            .read
            .get_or_insert_with(|| JsFuture::from(reader.read()));
        let result = match Pin::new(read).poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.read = None;
        let chunk = result.and_then(|result| {
            let done = js_sys::Reflect::get(&result, &"done".into())?;
            if done.is_truthy() {
                return Ok(None);
            }
            js_sys::Reflect::get(&result, &"value".into()).map(Some)
        });
        match chunk {
            Ok(Some(value)) => Poll::Ready(Some(Ok(value))),
            Ok(None) => {
                this.reader = None;
                Poll::Ready(None)
            }
            Err(error) => {
                this.reader = None;
                Poll::Ready(Some(Err(error)))
            }
        }
    }
}
