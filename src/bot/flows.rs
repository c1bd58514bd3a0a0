//! One module per flow: its callback data (`<flow>/callback.rs`), its dialogue state
//! (`<flow>/state.rs`, when it has steps), its handlers (`<flow>.rs`, with one entry for its
//! buttons, `on_button`, and one for messages at its steps, `on_message`) and its screens
//! (`<flow>/views.rs`), side by side. `schema` routes to the entries.
//!
//! A flow may build any flow's buttons (callback types are data). It never uses another flow's
//! handlers or screens: what several flows show lives in `ui`, what they reply in `Ctx`. It may
//! call another flow's entry functions where it hands over to it — `start` (the flow's first
//! screen) and the few listed here — and only in this direction, so there are no cycles:
//!
//! - `menu` → `save`, `files`, `backups`, `drive`, `github`, `language` (`start`), `save`
//!   (`start_long`, `done`), `search` (`on_command`);
//! - `selection` → `save` (`take_code`), `import` (`is_zip`, `received`);
//! - `drive` → `save` (`take_code`), `restore` (`show_kept_plan`);
//! - `save` → `import` (`is_zip`, `received`);
//! - `import` → `restore` (`show_import_plan`).
//!
//! No flow uses `menu`. The task runner (`bot/tasks.rs`, outside the flows) calls each flow's
//! task function (`backups::create_task`, `github::back_up_task`, `drive::upload_task`, …), as
//! the schema calls their handlers.

pub mod backups;
pub mod drive;
pub mod files;
pub mod github;
pub mod import;
pub mod language;
pub mod menu;
pub mod notes;
pub mod restore;
pub mod save;
pub mod search;
pub mod selection;
pub mod tasks;
