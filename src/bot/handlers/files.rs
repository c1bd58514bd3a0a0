//! My files: list, tag filter, a file, download, history, versions, delete, recycle bin.

use teloxide::types::MessageId;

use crate::{
    bot::{
        Ctx, HandlerResult,
        ui::{self, shown_name},
        views,
    },
    domain::Id,
};

pub async fn list(
    ctx: &Ctx,
    target: Option<MessageId>,
    page: u32,
    tag_index: Option<u32>,
) -> HandlerResult {
    let library = ctx.library();
    let tags = match tag_index {
        Some(_) => match library.tags(ctx.user).await {
            Ok(tags) => tags,
            Err(error) => return ctx.fail(target, &error).await,
        },
        None => Vec::new(),
    };
    // A stale index (the tag is gone) shows the whole list rather than a wrong filter.
    let tag =
        tag_index.and_then(|index| Some((index, tags.get(usize::try_from(index).ok()?)?.as_str())));
    match library.list(ctx.user, tag.map(|(_, tag)| tag), page).await {
        Ok(page) => {
            ctx.show(target, views::files::list(ctx.locale, &page, tag))
                .await
        }
        Err(error) => ctx.fail(target, &error).await,
    }
}

pub async fn tag_filter(ctx: &Ctx, target: Option<MessageId>) -> HandlerResult {
    match ctx.library().tags(ctx.user).await {
        Ok(tags) => {
            ctx.show(target, views::files::tag_filter(ctx.locale, &tags))
                .await
        }
        Err(error) => ctx.fail(target, &error).await,
    }
}

pub async fn open(ctx: &Ctx, target: Option<MessageId>, key: &Id) -> HandlerResult {
    let file = match ctx.library().open(ctx.user, key).await {
        Ok(file) => file,
        Err(error) => return ctx.fail(target, &error).await,
    };
    let (screen, code_as_document) = views::files::file(ctx.locale, &file);
    ctx.show(target, screen).await?;
    if code_as_document {
        ctx.send_file(&file.name, file.code.into_bytes()).await?;
    }
    Ok(())
}

pub async fn download(ctx: &Ctx, target: Option<MessageId>, key: &Id) -> HandlerResult {
    match ctx.library().open(ctx.user, key).await {
        Ok(file) => ctx.send_file(&file.name, file.code.into_bytes()).await,
        Err(error) => ctx.fail(target, &error).await,
    }
}

pub async fn history(ctx: &Ctx, target: Option<MessageId>, key: &Id, page: u32) -> HandlerResult {
    match ctx.library().history(ctx.user, key, page).await {
        Ok(history) => {
            ctx.show(target, views::files::history(ctx.locale, &history))
                .await
        }
        Err(error) => ctx.fail(target, &error).await,
    }
}

pub async fn version(ctx: &Ctx, target: Option<MessageId>, version_id: &Id) -> HandlerResult {
    let library = ctx.library();
    let shown = async {
        let version = library.version(ctx.user, version_id).await?;
        let current = library.open(ctx.user, &version.key).await?;
        Ok((version, current.version))
    };
    let (version, current) = match shown.await {
        Ok(shown) => shown,
        Err(error) => return ctx.fail(target, &error).await,
    };
    let (screen, code_as_document) = views::files::version(ctx.locale, &version, current);
    ctx.show(target, screen).await?;
    if code_as_document {
        ctx.send_file(&version.name, version.code.into_bytes())
            .await?;
    }
    Ok(())
}

pub async fn make_current(ctx: &Ctx, target: Option<MessageId>, version_id: &Id) -> HandlerResult {
    let old = match ctx.library().version(ctx.user, version_id).await {
        Ok(old) => old.version,
        Err(error) => return ctx.fail(target, &error).await,
    };
    match ctx.library().make_current(ctx.user, version_id).await {
        Ok(file) => {
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
        Err(error) => ctx.fail(target, &error).await,
    }
}

pub async fn delete(ctx: &Ctx, target: Option<MessageId>, key: &Id) -> HandlerResult {
    match ctx.library().delete(ctx.user, key).await {
        Ok(file) => {
            let days = ctx.library().limits().recycle_bin_days;
            ctx.show(target, views::files::deleted(ctx.locale, &file, days))
                .await
        }
        Err(error) => ctx.fail(target, &error).await,
    }
}

pub async fn bin(ctx: &Ctx, target: Option<MessageId>, page: u32) -> HandlerResult {
    let days = ctx.library().limits().recycle_bin_days;
    match ctx.library().bin(ctx.user, page).await {
        Ok(page) => {
            ctx.show(target, views::files::bin(ctx.locale, &page, days))
                .await
        }
        Err(error) => ctx.fail(target, &error).await,
    }
}

pub async fn restore(ctx: &Ctx, target: Option<MessageId>, key: &Id) -> HandlerResult {
    match ctx.library().restore(ctx.user, key).await {
        Ok(restored) => {
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
        Err(error) => ctx.fail(target, &error).await,
    }
}
