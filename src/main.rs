//! The widget's entry, built by trunk for wasm32 (with the `entry`
//! feature). It starts nothing by itself: the loader
//! (`loader/matrix-channels.js`) calls the exported `mount` for each
//! widget element as it comes near the viewport, and `unmount` when it
//! goes. Why a binary and not a cdylib: a cdylib also keeps every
//! `#[wasm_bindgen]` export of its dependencies (leptos's server_fn brought
//! wasm-streams'), 63 KiB more wasm here (262 KiB against 199 KiB after
//! wasm-opt). Why no `main`: std's `main` sets the runtime up (names the
//! main thread, flushes stdout at exit, with io errors' texts) for a
//! program that never runs as one.
#![no_main]

/// Naming the exports links the library in; with nothing of it named,
/// nothing of it is linked and wasm-bindgen has nothing to bind.
#[used]
static EXPORTS: [fn(web_sys::HtmlElement) -> bool; 2] = [
    matrix_channels_widget::mount,
    matrix_channels_widget::unmount,
];

/// Talc instead of the standard library's dlmalloc: 610 B less gzip (1.4 KB
/// raw) in the release wasm; mounting 500 rows took the same time with
/// either, within noise. A single-threaded wasm build has no atomics,
/// which its unlocked dynamic variant requires.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
