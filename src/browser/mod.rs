//! The browser adapters, each in a file of its own: the only code that
//! talks to the page and the browser's APIs. They hand plain values to the
//! core and take its decisions; none of them decides anything itself.

pub mod fetch;
pub mod json;
pub mod lock;
pub mod page;
pub mod storage;
pub mod timer;
