//! The page's entry point when trunk builds the demo: mount every widget.

fn main() {
    matrix_channels::mount_all();
}
