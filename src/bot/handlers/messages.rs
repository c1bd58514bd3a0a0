//! Messages: commands, then the rest by the flow the dialogue is in.

use teloxide::types::Message;

use crate::bot::{
    Command, Ctx, HandlerResult, State,
    flows::{drive, github, import, menu, notes, restore, save, selection},
    input::{self, Input},
};

pub async fn command(ctx: Ctx, command: Command) -> HandlerResult {
    menu::on_command(ctx, command).await
}

pub async fn handle(ctx: Ctx, message: Message, state: State) -> HandlerResult {
    if input::is_unsupported(message.clone()) {
        return input::unsupported(ctx).await;
    }
    if input::is_unknown_command(message.clone()) {
        return input::unknown_command(ctx).await;
    }
    let Some(input) = Input::of(message.clone()) else {
        return Ok(());
    };
    match state {
        State::Idle => save::on_free_message(ctx, input).await,
        State::Save(state) => save::on_message(ctx, input, state).await,
        State::Notes(state) => notes::on_message(ctx, input, state).await,
        State::Selection(state) => selection::on_message(ctx, input, state).await,
        State::Restore(state) => restore::on_message(ctx, input, state).await,
        State::Import(state) => import::on_message(ctx, input, state).await,
        State::Github(state) => github::on_message(ctx, message, input, state).await,
        State::Drive(state) => drive::on_message(ctx, input, state).await,
    }
}
