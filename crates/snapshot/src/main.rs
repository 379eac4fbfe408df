//! `matrix-channels snapshot`: writes a space's rooms and counts to a JSON
//! file at a site's build time, for Jekyll's `_data/` and the widget's
//! `snapshot` attribute (see the README's "Snapshot" section).
//!
//! With a bot's token in `MATRIX_ACCESS_TOKEN` it reads the space's
//! hierarchy, which lists every room the bot can see, with counts and
//! avatars an anonymous browser cannot get. Without one it asks the
//! anonymous room summary of the rooms it is told about. The snapshot
//! format and every Matrix rule are the core's (`matrix-channels-core`);
//! this program does the requests and the files.

#![deny(missing_docs)]

mod activity;
mod args;
mod avatars;
mod error;
mod files;
mod homeserver;
mod output;
mod run;

use std::process::ExitCode;
use std::time::Instant;

use args::{parse_args, NoSnapshot, TOKEN_VARIABLE};

fn main() -> ExitCode {
    let options = match parse_args(std::env::args_os()) {
        Ok(options) => options,
        Err(NoSnapshot::Asked(help)) => {
            // The help or the version, on stdout.
            let _ = help.print();
            return ExitCode::SUCCESS;
        }
        Err(NoSnapshot::Usage(message)) => {
            eprintln!("{}", output::line(&format!("matrix-channels: {message}")));
            return ExitCode::from(2);
        }
    };
    let token = std::env::var(TOKEN_VARIABLE)
        .ok()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let started = Instant::now();
    match run::run(&options, token) {
        Ok((snapshot, report)) => {
            for warning in &report.warnings {
                eprintln!("{}", output::warning(warning));
            }
            let space = snapshot
                .space
                .as_ref()
                .and_then(|s| s.name.clone())
                .unwrap_or_else(|| options.space.to_string());
            println!(
                "{}",
                output::summary(
                    snapshot.rooms.len(),
                    &space,
                    &options.out,
                    report.pages,
                    report.avatars,
                    report.activity,
                    started.elapsed().as_secs_f64(),
                )
            );
            ExitCode::SUCCESS
        }
        Err(error @ error::SnapshotError::Usage(_)) => {
            eprintln!("{}", output::error(&error));
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("{}", output::error(&error));
            eprintln!("matrix-channels: no snapshot written");
            ExitCode::FAILURE
        }
    }
}
