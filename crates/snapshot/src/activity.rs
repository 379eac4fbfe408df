//! Each room's activity: its recent timeline read page by page, as the
//! core's `ActivityCount` decides, with the rooms done of all shown as
//! the run goes.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};

use matrix_channels_core::activity::ActivityCount;
use matrix_channels_core::snapshot::SnapshotRoom;

use crate::homeserver::{Access, Homeserver, RequestError};
use crate::output;
use crate::run::Report;

/// Fills in the activity of every room the bot may read, as of `now_ms`;
/// a room it may not read keeps none, and the report says so.
pub fn read_activity(
    homeserver: &Homeserver,
    rooms: &mut [SnapshotRoom],
    now_ms: u64,
    report: &mut Report,
) {
    let mut progress = Progress::new(rooms.len());
    for room in rooms.iter_mut() {
        let name = output::quote(
            room.alias
                .as_deref()
                .or(room.name.as_deref())
                .or(room.room_id.as_deref())
                .unwrap_or("a room"),
        );
        let Some(room_id) = room.room_id.clone() else {
            progress.step(&name, "no room ID, no activity");
            continue;
        };
        match count(homeserver, &room_id, now_ms) {
            Ok(Some(count)) => {
                let activity = count.activity();
                let capped = if count.capped() { "at least " } else { "" };
                progress.step(
                    &name,
                    &format!(
                        "{capped}{} in 7 days, {capped}{} in 30",
                        messages(activity.messages_7d),
                        activity.messages_30d
                    ),
                );
                report.activity += 1;
                room.activity = Some(activity);
            }
            Ok(None) => {
                progress.step(&name, "history not readable by the bot");
                report.warnings.push(format!(
                    "no activity for {name}: the bot may not read its history (invite the bot, \
                     or make the history readable)"
                ));
            }
            Err(error @ RequestError::Unreachable(_)) => {
                progress.step(&name, "the homeserver could not be reached");
                report.warnings.push(format!(
                    "no activity for {name}: the homeserver at {} {error}; the remaining rooms \
                     have none either",
                    homeserver.base_url
                ));
                break;
            }
            Err(error) => {
                progress.step(&name, "no activity");
                report.warnings.push(format!(
                    "no activity for {name}: the homeserver at {} {error} while reading its \
                     messages",
                    homeserver.base_url
                ));
            }
        }
    }
    progress.finish();
}

/// `n` messages, in words.
fn messages(n: u64) -> String {
    match n {
        1 => "1 message".to_owned(),
        n => format!("{n} messages"),
    }
}

/// The room's count; `None` when the bot may not read its timeline.
fn count(
    homeserver: &Homeserver,
    room_id: &str,
    now_ms: u64,
) -> Result<Option<ActivityCount>, RequestError> {
    let mut count = ActivityCount::new(now_ms);
    let mut from: Option<String> = None;
    while count.limit() > 0 {
        let page = match homeserver.messages(room_id, from.as_deref(), count.limit())? {
            Access::Granted(page) => page,
            Access::Forbidden | Access::NotFound => return Ok(None),
        };
        from = count.page(page, from.as_deref());
    }
    Ok(Some(count))
}

/// Rooms done of all, on stderr: indicatif's bar on a terminal; a plain
/// line per room otherwise, as a CI log keeps it.
struct Progress {
    /// `None` when stderr is not a terminal.
    bar: Option<ProgressBar>,
    done: usize,
    all: usize,
}

impl Progress {
    fn new(all: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(all as u64);
            if let Ok(style) =
                ProgressStyle::with_template("matrix-channels: activity {pos}/{len} {wide_msg}")
            {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar, done: 0, all }
    }

    /// One room done; `name` is already quoted, `what` the tool's words.
    fn step(&mut self, name: &str, what: &str) {
        self.done += 1;
        let line = output::line(&format!("{name}: {what}"));
        match &self.bar {
            Some(bar) => {
                bar.set_message(line);
                bar.inc(1);
            }
            None => {
                // Progress is a courtesy: a closed stderr does not fail the run.
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "matrix-channels: activity {}/{}: {line}",
                    self.done,
                    self.all
                );
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish();
            // The bar leaves the cursor on its line: the report's lines
            // start on their own.
            let _ = writeln!(std::io::stderr());
        }
    }
}
