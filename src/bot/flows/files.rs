//! 📂 My files: list, tag filter, ⭐ favourites, a file, download, history, versions and their
//! comparison, delete, recycle bin.

pub mod callback;
mod compare;
mod views;

use teloxide::types::MessageId;

use self::{callback::FilesCallback, views::Shown};

use crate::{
    bot::{
        Ctx, HandlerResult, Target,
        ui::{self, shown_name},
    },
    domain::Id,
};

/// My files, first page, no filter.
pub async fn start(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    list(ctx, target, 0, None).await
}

pub async fn on_button(ctx: Ctx, target: Target, callback: FilesCallback) -> HandlerResult {
    let ctx = &ctx;
    match callback {
        FilesCallback::List { page, tag } => list(ctx, target, page, tag).await,
        FilesCallback::TagFilter => tag_filter(ctx, target).await,
        FilesCallback::Favourites { page } => favourites(ctx, target, page).await,
        FilesCallback::Favourite { file, favourite } => {
            ctx.library()
                .set_favourite(ctx.user, &file, favourite)
                .await?;
            ctx.toast(if favourite {
                "toast-favourite-added"
            } else {
                "toast-favourite-removed"
            });
            // The screen again with its star changed; a long code is not sent again.
            show_file(ctx, target, &file, false).await
        }
        FilesCallback::Open(key) => show_file(ctx, target, &key, true).await,
        FilesCallback::Download(key) => download(ctx, &key).await,
        FilesCallback::History { file, page } => history(ctx, target, &file, page).await,
        FilesCallback::Version(version_id) => version(ctx, target, &version_id).await,
        FilesCallback::CompareWith { version, page } => {
            compare_with(ctx, target, &version, page).await
        }
        FilesCallback::Diff { one, other } => diff(ctx, target, &one, &other).await,
        FilesCallback::MakeCurrent(version_id) => make_current(ctx, target, &version_id).await,
        FilesCallback::Delete(key) => delete(ctx, target, &key).await,
        FilesCallback::Bin { page } => bin(ctx, target, page).await,
        FilesCallback::RestoreFromBin(key) => restore(ctx, target, &key).await,
    }
}

async fn list(
    ctx: &Ctx,
    target: Option<MessageId>,
    page: u32,
    tag_index: Option<u32>,
) -> HandlerResult {
    let library = ctx.library();
    let tags = match tag_index {
        Some(_) => library.tags(ctx.user).await?,
        None => Vec::new(),
    };
    // A stale index (the tag is gone) shows the whole list rather than a wrong filter.
    let tag =
        tag_index.and_then(|index| Some((index, tags.get(usize::try_from(index).ok()?)?.as_str())));
    let page = library
        .list(ctx.user, tag.map(|(_, tag)| tag), page)
        .await?;
    let shown = tag.map_or(Shown::All, |(index, tag)| Shown::Tagged(index, tag));
    ctx.show(target, views::list(ctx.locale, &page, shown))
        .await
}

async fn favourites(ctx: &Ctx, target: Option<MessageId>, page: u32) -> HandlerResult {
    let page = ctx.library().favourites(ctx.user, page).await?;
    ctx.show(target, views::list(ctx.locale, &page, Shown::Favourites))
        .await
}

async fn tag_filter(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    let tags = ctx.library().tags(ctx.user).await?;
    ctx.show(target, views::tag_filter(ctx.locale, &tags)).await
}

/// The file's screen; its code too long for it comes as a document when `send_code`.
async fn show_file(
    ctx: &Ctx,
    target: Option<MessageId>,
    key: &Id,
    send_code: bool,
) -> HandlerResult {
    let library = ctx.library();
    let file = library.open(ctx.user, key).await?;
    let favourite = library.is_favourite(ctx.user, key).await?;
    let (screen, code_as_document) = views::file(&ctx.reader(), &file, favourite);
    ctx.show(target, screen).await?;
    if code_as_document && send_code {
        ctx.send_file(&file.name, file.code.into_bytes()).await?;
    }
    Ok(())
}

async fn download(ctx: &Ctx, key: &Id) -> HandlerResult {
    let file = ctx.library().open(ctx.user, key).await?;
    ctx.send_file(&file.name, file.code.into_bytes()).await
}

async fn history(ctx: &Ctx, target: Option<MessageId>, key: &Id, page: u32) -> HandlerResult {
    let history = ctx.library().history(ctx.user, key, page).await?;
    ctx.show(target, views::history(&ctx.reader(), &history))
        .await
}

async fn version(ctx: &Ctx, target: Option<MessageId>, version_id: &Id) -> HandlerResult {
    let library = ctx.library();
    let version = library.version(ctx.user, version_id).await?;
    let current = library.open(ctx.user, &version.key).await?;
    let (screen, code_as_document) = views::version(&ctx.reader(), &version, &current);
    ctx.show(target, screen).await?;
    if code_as_document {
        ctx.send_file(&version.name, version.code.into_bytes())
            .await?;
    }
    Ok(())
}

/// The other versions of the file, to compare `version_id` with.
async fn compare_with(
    ctx: &Ctx,
    target: Option<MessageId>,
    version_id: &Id,
    page: u32,
) -> HandlerResult {
    let library = ctx.library();
    let picked = library.version(ctx.user, version_id).await?;
    let history = library.history(ctx.user, &picked.key, page).await?;
    let screen = compare::pick_other(&ctx.reader(), &picked, &history);
    ctx.show(target, screen).await
}

async fn diff(ctx: &Ctx, target: Option<MessageId>, one: &Id, other: &Id) -> HandlerResult {
    let comparison = ctx.library().compare(ctx.user, one, other).await?;
    let (screen, diff_as_document) = compare::diff(ctx.locale, &comparison);
    ctx.show(target, screen).await?;
    let name = compare::document_name(&comparison);
    match comparison.diff {
        Some(diff) if diff_as_document => ctx.send_file(&name, diff.into_bytes()).await,
        _ => Ok(()),
    }
}

async fn make_current(ctx: &Ctx, target: Option<MessageId>, version_id: &Id) -> HandlerResult {
    let old = ctx.library().version(ctx.user, version_id).await?.version;
    let file = ctx.library().make_current(ctx.user, version_id).await?;
    ctx.toast("toast-version-made-current");
    let text = ctx.locale.t_with(
        "version-made-current",
        &[
            ("name", shown_name(&file.name).into()),
            ("old", old.into()),
            ("version", file.version.into()),
        ],
    );
    ctx.show(
        target,
        ui::files::after_action(ctx.locale, text, Some(&file.key)),
    )
    .await
}

async fn delete(ctx: &Ctx, target: Option<MessageId>, key: &Id) -> HandlerResult {
    let file = ctx.library().delete(ctx.user, key).await?;
    ctx.toast("toast-file-binned");
    let days = ctx.library().limits().recycle_bin_days;
    ctx.show(target, views::deleted(ctx.locale, &file, days))
        .await
}

async fn bin(ctx: &Ctx, target: Option<MessageId>, page: u32) -> HandlerResult {
    let days = ctx.library().limits().recycle_bin_days;
    let page = ctx.library().bin(ctx.user, page).await?;
    ctx.show(target, views::bin(&ctx.reader(), &page, days))
        .await
}

async fn restore(ctx: &Ctx, target: Option<MessageId>, key: &Id) -> HandlerResult {
    let restored = ctx.library().restore(ctx.user, key).await?;
    ctx.toast("toast-file-restored");
    let text = ctx.locale.t_with(
        "file-restored",
        &[("name", shown_name(&restored.file.name).into())],
    );
    let text = match &restored.renamed_from {
        Some(old) => format!(
            "{text}\n{}",
            ctx.locale
                .t_with("file-restored-renamed", &[("old", shown_name(old).into())])
        ),
        None => text,
    };
    ctx.show(
        target,
        ui::files::after_action(ctx.locale, text, Some(&restored.file.key)),
    )
    .await
}
