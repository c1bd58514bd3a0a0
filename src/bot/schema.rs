//! The whole update tree in one place: who may use the bot, the dialogue, commands, then
//! messages routed by the flow the dialogue is in and buttons routed by their flow. Each flow
//! has one entry for its buttons (`on_button`) and, when it has steps that take a message, one
//! for messages (`on_message`). A service's error a handler returns is told to the user here
//! (`reported`); the guard around it all answers the rest.

use std::{ops::ControlFlow, sync::Arc};

use teloxide::{
    dispatching::{UpdateFilterExt, UpdateHandler, dialogue::ErasedStorage},
    dptree::{case, di::DependencyMap},
    prelude::*,
};

use super::{
    BotDialogue, BotError, Command, Ctx, HandlerResult, Sender, Services, State, Target, access,
    callback::Callback,
    flood::ChatLoad,
    flows::{
        backups, drive, files, github, import, language, menu, notes, restore, save, search,
        selection, tasks,
    },
    guard,
    input::{self, Input},
    state::{
        BackupsState, DriveState, ImportState, NotesState, RestoreState, SaveState, SearchState,
        SelectionState,
    },
};

/// The tree, guarded; `load` is the per-chat backlog the update listener admits updates
/// against.
pub fn schema(load: Arc<ChatLoad>) -> UpdateHandler<BotError> {
    let tree = dptree::filter_map(Sender::of)
        .branch(dptree::filter(|sender: Sender| !sender.private).endpoint(access::not_private))
        .branch(dptree::filter(not_allowed).endpoint(access::not_allowed))
        .map_async(Ctx::reading_of)
        .chain(enter_dialogue())
        .map(Ctx::build)
        .chain(reported(
            dptree::entry().branch(messages()).branch(buttons()),
        ));
    guard::guarded(tree, load)
}

/// Runs `inner`; a service's error it ends with is told to the user (`Ctx::report`), any
/// other goes on to the guard.
fn reported(inner: UpdateHandler<BotError>) -> UpdateHandler<BotError> {
    let description = inner.description().clone();
    let sig = inner.sig().clone();
    dptree::from_fn_with_description(
        description,
        move |deps: DependencyMap, cont| {
            let inner = inner.clone();
            async move {
                let ctx: Option<Arc<Ctx>> = deps.try_get();
                match (inner.execute(deps, cont).await, ctx) {
                    (ControlFlow::Break(Err(BotError::Service(failure))), Some(ctx)) => {
                        ControlFlow::Break(ctx.report(failure).await)
                    }
                    (outcome, _) => outcome,
                }
            }
        },
        sig,
    )
}

fn not_allowed(sender: Sender, services: Arc<Services>) -> bool {
    let allowed = &services.settings.allowed_users;
    !allowed.is_empty() && !allowed.contains(&sender.user)
}

fn messages() -> UpdateHandler<BotError> {
    Update::filter_message()
        .branch(teloxide::filter_command::<Command, _>().endpoint(menu::on_command))
        .branch(dptree::filter(input::is_unsupported).endpoint(input::unsupported))
        .branch(dptree::filter(input::is_unknown_command).endpoint(input::unknown_command))
        .filter_map(Input::of)
        // Outside any step a message is code to save, or an archive to import.
        .branch(case![State::Idle].endpoint(save::on_free_message))
        .branch(case![State::Save(state)].endpoint(save::on_message))
        .branch(case![State::Notes(state)].endpoint(notes::on_message))
        .branch(case![State::Selection(state)].endpoint(selection::on_message))
        .branch(case![State::Restore(state)].endpoint(restore::on_message))
        .branch(case![State::Import(state)].endpoint(import::on_message))
        .branch(case![State::Github(state)].endpoint(github::on_message))
        .branch(case![State::Drive(state)].endpoint(drive::on_message))
        .branch(case![State::Backups(state)].endpoint(backups::on_message))
        .branch(case![State::Search(state)].endpoint(search::on_message))
        .branch(case![State::Language(state)].endpoint(language::on_message))
}

/// A button's flow handles it; flows with steps also get their state, or `None` when the
/// dialogue is not at one of their steps (then their step buttons are stale).
fn buttons() -> UpdateHandler<BotError> {
    Update::filter_callback_query()
        .map(|query: CallbackQuery| query.data.as_deref().and_then(Callback::parse))
        .branch(dptree::filter(|callback: Option<Callback>| callback.is_none()).endpoint(unknown))
        .filter_map(|callback: Option<Callback>| callback)
        .chain(fallible::<Target>(dptree::map_async(press)))
        .branch(case![Callback::Menu(callback)].endpoint(menu::on_button))
        .branch(case![Callback::Language(callback)].endpoint(language::on_button))
        .branch(case![Callback::Files(callback)].endpoint(files::on_button))
        .branch(
            case![Callback::Notes(callback)]
                .map(State::of::<NotesState>)
                .endpoint(notes::on_button),
        )
        .branch(
            case![Callback::Save(callback)]
                .map(State::of::<SaveState>)
                .endpoint(save::on_button),
        )
        .branch(
            case![Callback::Backups(callback)]
                .map(State::of::<BackupsState>)
                .endpoint(backups::on_button),
        )
        .branch(
            case![Callback::Selection(callback)]
                .map(State::of::<SelectionState>)
                .endpoint(selection::on_button),
        )
        .branch(
            case![Callback::Restore(callback)]
                .map(State::of::<RestoreState>)
                .endpoint(restore::on_button),
        )
        .branch(
            case![Callback::Import(callback)]
                .map(State::of::<ImportState>)
                .endpoint(import::on_button),
        )
        .branch(case![Callback::Github(callback)].endpoint(github::on_button))
        .branch(
            case![Callback::Drive(callback)]
                .map(State::of::<DriveState>)
                .endpoint(drive::on_button),
        )
        .branch(
            case![Callback::Search(callback)]
                .map(State::of::<SearchState>)
                .endpoint(search::on_button),
        )
        .branch(case![Callback::Tasks(callback)].endpoint(tasks::on_button))
}

/// Data no flow parses: a forged button, or one from a release that no longer has it.
async fn unknown(ctx: Ctx, query: CallbackQuery) -> HandlerResult {
    tracing::warn!(user = ctx.user, "unparseable callback data");
    ctx.bot
        .answer_callback_query(query.id)
        .text(ctx.locale.t("error-unknown-button"))
        .show_alert(true)
        .await?;
    Ok(())
}

/// Takes a button press in hand: answers the query, leaves the step if the button does not
/// answer it, and names the message whose screen the answer replaces.
async fn press(ctx: Ctx, query: CallbackQuery, callback: Callback, state: State) -> Step<Target> {
    let pressed = async {
        // Answered first so the button stops spinning, whatever happens next; a button that
        // tells of its change is answered by the guard after it, with the toast.
        if callback.toasts() {
            ctx.defer_answer(query.id.clone());
        } else {
            ctx.bot.answer_callback_query(query.id.clone()).await?;
        }
        // Any other button leaves the step in progress, as a command does.
        if callback.leaves(&state) {
            ctx.reset().await?;
        }
        Ok::<_, BotError>(query.message.as_ref().map(|message| message.id()))
    };
    Step(pressed.await.map_err(Arc::new))
}

/// The chat's dialogue and its state. Unlike teloxide's `dialogue::enter`, which logs a
/// storage failure and drops the update unanswered, a failure here is an error the guard
/// answers.
fn enter_dialogue() -> UpdateHandler<BotError> {
    let read = dptree::map(|storage: Arc<ErasedStorage<State>>, sender: Sender| {
        BotDialogue::new(storage, sender.chat)
    })
    .map_async(|dialogue: BotDialogue| async move {
        let state = dialogue
            .get_or_default()
            .await
            .map_err(|error| Arc::new(BotError::Dialogue(error)));
        Step(state)
    });
    fallible::<State>(read)
}

/// What a step of the tree that can fail hands on. dptree passes on only values it can clone,
/// so the error is shared.
#[derive(Clone)]
struct Step<T>(Result<T, Arc<BotError>>);

/// `step`, which yields a [`Step`]: its value goes on to the branches after it, its error ends
/// the update there, as the handler's error, for the guard to answer.
fn fallible<T>(step: UpdateHandler<BotError>) -> UpdateHandler<BotError>
where
    T: Clone + Send + Sync + 'static,
{
    step.branch(
        dptree::filter_map(|step: Step<T>| step.0.err())
            .endpoint(|error: Arc<BotError>| async move { Err(BotError::Shared(error)) }),
    )
    .filter_map(|step: Step<T>| step.0.ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_well_formed() {
        // dptree checks how handlers chain as the tree is built, and panics on a mistake.
        let _tree = schema(ChatLoad::new(1));
    }
}
