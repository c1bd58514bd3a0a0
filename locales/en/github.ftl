# 🐙 GitHub: repository backups and the optional token.

github-menu =
    🐙 <b>GitHub</b>

    Back up a repository as a ZIP, straight from GitHub: its files, plus a manifest with the repository, branch and commit. You can then import its files into 📂 My files.

    { $token }
github-token-connected = 🔑 Token: connected as <b>{ $login }</b> (since { $since }). Private repositories it can read can be backed up.
github-token-none = 🔑 Token: none. Public repositories work without one; connect a token for private ones.
github-ask-repo =
    📦 Send the repository to back up, for example:
    <code>owner/repo</code>
    <code>https://github.com/owner/repo</code>
    <code>https://github.com/owner/repo/tree/branch</code>

    Add a branch, tag or commit after a space to pick one (<code>owner/repo v1.2.0</code>); otherwise the default branch is used.
github-ask-token =
    🔑 Send your GitHub personal access token (fine-grained with read access to contents, or classic with the <code>repo</code> scope).

    I delete your message right away and keep the token encrypted.
github-token-saved = ✅ Token saved for <b>{ $login }</b>. Your message holding it was deleted.
github-token-not-a-token = ⚠️ That does not look like a token (a token is one word without spaces). Send the token again, or tap Cancel.
github-token-refused = ⚠️ GitHub refused this token (wrong, expired or revoked). Nothing was saved. Send another token, or tap Cancel.
github-token-no-key = ⚠️ This bot cannot keep tokens safely, so private repositories are not available here. Public repositories still work without a token.
github-token-removed = ✅ Your GitHub token was removed.
github-remove-confirm = Remove the token of <b>{ $login }</b>? Private repositories can then no longer be backed up.
github-downloading = ⏳ Downloading <b>{ $repo }</b> from GitHub…
github-backup-done =
    ✅ <b>{ $repo }</b> backed up.
    Branch/tag: <code>{ $ref }</code> · commit <code>{ $commit }</code>
    { $files ->
        [one] { $files } file
       *[other] { $files } files
    }, { $size }.
github-left-out-links = ⚠️ Left out: { $links ->
        [one] { $links } symbolic link
       *[other] { $links } symbolic links
    }.
github-left-out-unsafe = ⚠️ Left out: { $unsafe ->
        [one] { $unsafe } file whose name cannot be stored safely
       *[other] { $unsafe } files whose names cannot be stored safely
    }.
github-left-out-both = ⚠️ Left out: { $links ->
        [one] { $links } symbolic link
       *[other] { $links } symbolic links
    }, { $unsafe ->
        [one] { $unsafe } file whose name cannot be stored safely
       *[other] { $unsafe } files whose names cannot be stored safely
    }.
github-repo-unrecognized = ⚠️ I could not read a repository in that. Send <code>owner/repo</code> or a GitHub link, or tap Cancel.
github-repo-bad-owner = ⚠️ That owner name is not valid on GitHub (letters, digits and hyphens, up to 39). Try again, or tap Cancel.
github-repo-bad-name = ⚠️ That repository name is not valid on GitHub (letters, digits, <code>.</code> <code>-</code> <code>_</code>, up to 100). Try again, or tap Cancel.
github-repo-bad-ref = ⚠️ That is not a valid branch, tag or commit name. Try again, or tap Cancel.
github-error-not-found = ❌ Repository <b>{ $repo }</b> was not found, or your token cannot read it. Nothing was stored.
github-error-not-found-no-token = ❌ Repository <b>{ $repo }</b> was not found. If it is private, connect a token first (🔑 Connect token). Nothing was stored.
github-error-ref-not-found = ❌ <b>{ $repo }</b> has no branch, tag or commit <code>{ $ref }</code>. Nothing was stored.
github-error-empty = ❌ Repository <b>{ $repo }</b> is empty: there is nothing to back up.
github-error-bad-token = ❌ GitHub refused your saved token (expired or revoked). Connect a new one (🔑 Replace token). Nothing was stored.
github-error-forbidden = ❌ Your token may not read <b>{ $repo }</b>. Give it access to this repository, or replace it. Nothing was stored.
github-error-rate-limited = ⌛ GitHub's rate limit is used up until { $reset }. Try again after that; connecting a token raises the limit. Nothing was stored.
github-error-rate-limited-later = ⌛ GitHub's rate limit is used up. Try again in a few minutes. Nothing was stored.
github-error-too-large = ❌ The repository archive is larger than { $max } MB, the most I download. Nothing was stored.
github-error-too-large-unpacked = ❌ The repository's files add up to more than { $max } MB unpacked, the most I keep. Nothing was stored.
github-error-timeout = ⌛ GitHub did not answer in time. Please try again later. Nothing was stored.
github-error-network = 📡 I could not reach GitHub. Please try again later. Nothing was stored.
github-error-unexpected = ❌ GitHub answered with an unexpected error ({ $status }). Please try again later. Nothing was stored.
github-error-token-unreadable = 🔑 Your saved token can no longer be read (the bot's key changed). Please connect it again (🔑 Replace token). Nothing was stored.
github-error-bad-archive = ❌ GitHub sent an archive I cannot read. Please try again later. Nothing was stored.
github-error-cancelled = ✖️ The backup of <b>{ $repo }</b> was cancelled. Nothing was stored.

btn-back-up-repo = Back up a repository
btn-recent-repo = Recent repository
btn-connect-token = Connect token
btn-replace-token = Replace token
btn-remove-token = Remove token
btn-confirm-remove-token = Remove token
btn-import-into-files = Import into my files
