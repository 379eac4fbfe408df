//! The widget's entry, built by trunk for wasm32 (with the `entry`
//! feature). It starts nothing by itself: the loader
//! (`loader/matrix-channels.js`) calls the exported `mount` for each
//! widget element as it comes near the viewport, and `unmount` when it
//! goes. A binary rather than a cdylib, because a cdylib also keeps every
//! `#[wasm_bindgen]` export of its dependencies, used or not; and without
//! `main`, because std's `main` sets up a runtime for a program that never
//! runs as one (docs/benchmarks.md has what each costs).
#![no_main]

/// Naming the exports links the library in; with nothing of it named,
/// nothing of it is linked and wasm-bindgen has nothing to bind.
#[used]
static EXPORTS: [fn(web_sys::HtmlElement) -> bool; 2] = [
    matrix_channels_widget::mount,
    matrix_channels_widget::unmount,
];

/// Talc instead of the standard library's dlmalloc: smaller, and as fast
/// for mounting 500 rows (docs/benchmarks.md). A single-threaded wasm
/// build has no atomics, which its unlocked dynamic variant requires.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
