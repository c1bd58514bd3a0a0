# Backup & restore: create, My backups, a backup, rate, note, delete, multi-delete, parts.

backups-menu = 📦 <b>Backup & restore</b>. A backup is one ZIP of all your files with a <code>metadata.json</code> manifest, checked after it is stored.
backups-title = 🗂 <b>My backups</b> — { $count ->
        [one] { $count } backup
       *[other] { $count } backups
    }, page { $page } of { $pages }
backups-empty = You have no backups yet. Tap 📦 Create backup.
backups-select = 🗑 Tap the backups to delete ({ $count } selected).
backups-confirm-delete-selected = Delete { $count ->
        [one] this backup
       *[other] these { $count } backups
    } for good?
backups-deleted = 🗑 Deleted { $count ->
        [one] { $count } backup
       *[other] { $count } backups
    }.
backup-creating = ⏳ Creating your backup…
backup-created = ✅ Backup created and verified: { $files ->
        [one] 1 file
       *[other] { $files } files
    }, { $size } of code, archive { $archive }.
backup-created-empty = ✅ Backup created, but you have no files yet: it holds only <code>metadata.json</code>.
backup-created-versions = 🕘 With the history: { $versions ->
        [one] 1 earlier version
       *[other] { $versions } earlier versions
    } of your files.
backup-created-protected = 🔒 Protected by your password (WinZip AES-256: 7-Zip, WinZip, Keka or Python's pyzipper open it). I did not keep the password: without it nobody can open this backup, me included.
backup-ask-password = 🔒 <b>Backup with a password</b>
    Send the password to protect it with: at least { $min } characters. I delete your message at once and never keep the password, so keep it safe: without it, nobody can open the backup — not even me.
backup-ask-password-history = 🕘 With every file's earlier versions.
backup-ask-password-plain = 🕘 Without the earlier versions.
error-password-too-short = ⚠️ A password needs at least { $min } characters. I deleted your message; send a longer one, or /cancel.
error-password-too-long = ⚠️ A password has at most { $max ->
        [one] one character
       *[other] { $max } characters
    }. I deleted your message; send a shorter one, or /cancel.
backup-password-lost = ⚠️ The password for this backup is no longer known here (the bot restarted before it was made), so nothing was made. Please start it again.
backup-protected-parts = 🔒 A protected backup cannot be sent in parts: each part would need your password to be written, and I do not keep it. Upload it to Google Drive instead.
backup-protected = 🔒 Protected by a password.
archive-ask-password = 🔒 <b>{ $name }</b> is protected by a password. Send it to open the archive; I delete your message at once. /cancel stops, changing nothing.
archive-password-required = 🔒 This archive is protected by a password, which is no longer known here, so nothing was changed. Open it again and give its password.
archive-wrong-password = 🔑 That password does not open this archive. Nothing was changed; I deleted your message. Send it again, or /cancel.
archive-unnamed = This archive
backup-quota-pruned = ♻️ To make room, I removed { $count ->
        [one] the oldest unrated backup
       *[other] the { $count } oldest unrated backups
    } of this kind ({ $class }: you keep up to { $limit ->
        [one] { $limit } backup
       *[other] { $limit } backups
    }, and { $quota } of backups in all). Backups of other kinds are never removed for it; rate a backup to keep it:
backup-no-room = ⚠️ There is no room for a new backup of this kind ({ $class }): you have { $stored ->
        [one] { $stored } backup
       *[other] { $stored } backups
    } of it and the limit is { $limit ->
        [one] { $limit } backup
       *[other] { $limit } backups
    }, and rated backups are never removed to make room. Nothing was stored or changed. Delete a backup or clear a rating, then try again.
backup-no-room-bytes = ⚠️ There is no room for a new backup: your backups take { $used } of the { $limit } you may keep, and only unrated backups of the same kind are removed to make room. Nothing was stored or changed. Delete a backup you no longer need (or clear a rating), then try again.
backup-no-room-bytes-sized = ⚠️ This backup ({ $size }) does not fit: your other backups take { $used } of the { $limit } you may keep, and only unrated backups of the same kind are removed to make room. Nothing was kept or removed. Delete a backup you no longer need (or clear a rating), then try again.
backup-class-manual = 📦🐙 backups you made
backup-class-scheduled = ☁️ backups made for Google Drive
backup-class-snapshot = 🛟 safety snapshots before a restore
backup-class-imported = 📥 imported ZIPs
backups-usage = 💾 { $used } of { $quota } · 📦🐙 { $manual } · ☁️ { $scheduled } · 🛟 { $snapshots } · 📥 { $imports }
backup-caption = 📦 CodeVault backup — { $files ->
        [one] 1 file
       *[other] { $files } files
    }, { $size } of code, archive { $archive }. ID: { $id }
backup-row-archive = archive { $size }
backup-part-caption = 📦 CodeVault backup { $id }, part { $part } of { $count }
backup-too-big = ⚠️ This backup is { $size }, more than the { $limit } Telegram lets a bot send. It is stored safely. Send it in parts, or upload it to Google Drive.
backup-undelivered = ⚠️ Telegram did not take the archive, so it was not delivered. Backup { $id } is stored safely: tap ⬇️ Download to try again.
backup-details =
    { $type }
    Created: { $created }
    Files: { $files }
    Size of the files: { $size }
    Archive: { $archive }
    SHA-256: <code>{ $sha256 }</code>
    ID: <code>{ $id }</code>
    Rating: { $rating }
    Note: { $note }
backup-repo = Repository: { $repo } · { $ref } · { $commit }
backup-type-full-backup = 📦 Full backup
backup-type-github-repo-zip = 🐙 GitHub repository
backup-type-google-drive-backup = ☁️ Google Drive backup
backup-type-imported-zip = 📥 Imported ZIP
backup-type-pre-restore = 🛟 Safety snapshot before a restore
backup-rate-ask = 🏷 How good is this backup? A rated backup is never removed to make room.
backup-note-ask =
    📝 Note: { $current }
    Send the new note (up to 1000 characters), or clear it.
backup-note-saved = ✅ Note saved.
backup-note-cleared = ✅ Note removed.
backup-confirm-delete = 🗑 Delete the backup { $backup } for good?
backup-deleted = 🗑 The backup was deleted.

btn-create-backup = Create backup
btn-backup-with-history = With history
btn-backup-with-password = With password
btn-protect-history-on = Add the history
btn-protect-history-off = Without the history
btn-my-backups = My backups
btn-restore = Restore
btn-rate = Rate
btn-upload-to-drive = Upload to Drive
btn-send-in-parts = Send in parts
btn-confirm-delete = Confirm delete
btn-select-several = Select several
btn-select-page = Select page
btn-delete-selected = Delete selected ({ $count })
btn-rate-excellent = Excellent
btn-rate-good = Good
btn-rate-ok = OK
btn-rate-clear = Clear

error-backup-not-found = ⚠️ That backup was not found. It may have been deleted.
error-backup-damaged = ⚠️ The stored copy of this backup no longer matches its checksum, so it was not sent. Please create a new backup.
error-backup-failed = ⚠️ The backup could not be created and stored safely, so nothing was kept. Your files are unchanged. Please try again later.
error-backup-cancelled = ✖️ Cancelled. Nothing was kept, and your files are unchanged.

restore-plan =
    ♻️ <b>Restore</b> the backup of { $date }: { $total ->
        [one] 1 file
       *[other] { $total } files
    }.
    { restore-plan-counts }
import-plan =
    📥 <b>Import</b> of <b>{ $document }</b>: { $total ->
        [one] 1 file
       *[other] { $total } files
    }.
    { restore-plan-counts }
restore-plan-counts =
    New: { $new } · Unchanged: { $unchanged } · Conflicts: { $conflicts }
    Before anything is written, a safety snapshot of your library is stored, so this can be undone.
restore-plan-versions = 🕘 The backup holds the history too: { $versions ->
        [one] 1 earlier version
       *[other] { $versions } earlier versions
    }. A file that comes back gets its whole history; a file you have gains only the versions its history lacks (the same content is never added twice).
restore-admit-title = ⚠️ Some files broke the library's rules for names, notes and tags:
restore-admit-refused = { $count ->
        [one] 1 file has no valid name and will be left out
       *[other] { $count } files have no valid name and will be left out
    }: { $names }
restore-admit-renamed = { $count ->
        [one] 1 file has a listed name that is not valid and will take its path in the archive
       *[other] { $count } files have listed names that are not valid and will take their paths in the archive
    }: { $names }
restore-admit-duplicates = { $count ->
        [one] 1 file has the same name as a file before it and will be left out
       *[other] { $count } files have the same names as files before them and will be left out
    }: { $names }
restore-admit-notes = { $count ->
        [one] 1 note was
       *[other] { $count } notes were
    } cut to { $max } characters: { $names }
restore-admit-tags = { $count ->
        [one] 1 tag was
       *[other] { $count } tags were
    } dropped (not valid, or more than { $max } on a file): { $names }
restore-conflict = ⚠️ Conflict { $index } of { $total }: <b>{ $name }</b> exists with other content. Replace it (the current version stays in its history), skip it, or keep both?
restore-applying = ⏳ Restoring…
restore-report = ✅ Restored { $restored ->
        [one] { $restored } file
       *[other] { $restored } files
    }: { $new } new, { $replaced } replaced, { $kept } kept both, { $skipped } skipped, { $unchanged } unchanged.
restore-report-versions = 🕘 { $versions ->
        [one] 1 earlier version was
       *[other] { $versions } earlier versions were
    } written into the files' histories.
restore-undone = ↩️ The restore was undone: { $binned ->
        [0] no file it added needed removing
        [one] { $binned } file it added is now in the recycle bin
       *[other] { $binned } files it added are now in the recycle bin
    }; { $reverted ->
        [0] no file it replaced needed its earlier content back
        [one] { $reverted } file it replaced has its earlier content back
       *[other] { $reverted } files it replaced have their earlier content back
    } (the restored version stays in the history).
restore-undone-versions = 🕘 { $versions ->
        [one] 1 earlier version it had added to a history was
       *[other] { $versions } earlier versions it had added to histories were
    } taken out again.
restore-undone-left = ⚠️ { $count ->
        [one] { $count } file was changed after the restore, so it was left as it is
       *[other] { $count } files were changed after the restore, so they were left as they are
    }: { $names }
restore-undo-already = ℹ️ This restore was already undone. Nothing was changed.
restore-undo-unavailable = ⚠️ This backup cannot undo a restore: only the ↩️ Undo button in a restore's report can, and restores made by an older version of the bot cannot be undone. Nothing was changed. You can still restore any backup from 🗂 My backups.
restore-snapshot-needs-room = ♻️ Before it writes anything, a restore stores a safety snapshot of your files as a backup.
restore-plan-changed = ⚠️ Your files changed while you were choosing, so nothing was restored. Please start the restore again.
restore-cancelled = 🚫 Restore cancelled: nothing was written, and your files are unchanged.
restore-nothing = { $total ->
        [one] ✅ Nothing to restore: the backup's only file is already in your library, unchanged.
       *[other] ✅ Nothing to restore: all { $total } files of this backup are already in your library, unchanged.
    }
restore-nothing-empty = ✅ Nothing to restore: this backup holds no files.
import-nothing = { $total ->
        [one] ✅ Nothing to import: the archive's only file is already in your library, unchanged.
       *[other] ✅ Nothing to import: all { $total } files of this archive are already in your library, unchanged.
    }
import-nothing-empty = ✅ Nothing to import: this archive holds no code files.
restore-too-large = ⚠️ This backup holds more than a restore can take in at once (at most { $entries ->
        [one] { $entries } file
       *[other] { $entries } files
    } and { $max } MB), so nothing was changed. Download it to get its files.
error-backup-corrupt = ⚠️ This backup is damaged (a file or its checksum does not match), so it cannot be restored. Nothing was changed.
error-restore-failed = ⚠️ The restore could not be completed, so nothing was changed. Please try again later.

btn-start-restore = Restore
btn-keep-both = Keep both
btn-replace-all = Replace all remaining
btn-skip-all = Skip all remaining
btn-keep-both-all = Keep both for all remaining
btn-undo-restore = Undo restore
restore-choose-option = Please choose one of the buttons above for the conflict, or send /cancel.

import-send-zip = 📥 Send me a .zip file (up to 20 MB). I check it completely before anything is stored.
import-storing = ⏳ Storing the archive…
import-too-big = ⚠️ That archive is larger than { $max } MB, the most Telegram lets a bot download. Nothing was stored.
import-confirm = 📥 Import { $count ->
        [one] 1 file
       *[other] { $count } files
    } as <b>{ $repo }</b>? Skipped: { $skipped } (folders, binaries, .git, node_modules, macOS extras, files over the size limit). The archive is kept as a backup, and you decide about files that already exist.
import-confirm-plain = 📥 Import { $count ->
        [one] 1 file
       *[other] { $count } files
    } from <b>{ $document }</b>? Skipped: { $skipped } (folders, binaries, .git, node_modules, macOS extras, files over the size limit). The archive is kept as a backup, and you decide about files that already exist.
import-unnamed = the archive
import-is-backup = ♻️ This is a CodeVault backup ({ $id }) with { $count ->
        [one] 1 file
       *[other] { $count } files
    }. Restore it? You decide about files that already exist.
import-no-files = ⚠️ That archive holds no text file to import (only folders, binaries or excluded files). Nothing was stored.
import-error-not-a-zip = ⚠️ That is not a ZIP archive, or it is truncated. Nothing was stored.
import-error-empty = ⚠️ That ZIP archive is empty. Nothing was stored.
import-error-unsafe-path = ⚠️ The archive contains an unsafe path ({ $name }) that would point outside its folder. Nothing was stored.
import-error-non-utf8 = ⚠️ The archive has file names that are not valid UTF-8. Nothing was stored.
import-error-symlink = ⚠️ The archive contains a symbolic link ({ $name }), which is not allowed. Nothing was stored.
import-error-encrypted = ⚠️ The archive contains an encrypted file ({ $name }). Please send it without a password. Nothing was stored.
import-error-too-many-entries = ⚠️ The archive has more than { $max ->
        [one] { $max } entry
       *[other] { $max } entries
    }. Nothing was stored.
import-error-too-large = ⚠️ The archive would unpack to more than { $max } MB. Nothing was stored.
import-error-ratio = ⚠️ { $name } is compressed far more than real files are (a “zip bomb”), so the archive was refused. Nothing was stored.
import-error-overlapping = ⚠️ The archive's entries share their data (a “zip bomb” trick), so it was refused. Nothing was stored.
import-error-inflates = ⚠️ { $name } unpacks to more than the archive declares, so it was refused. Nothing was stored.
import-error-inconsistent = ⚠️ The archive is damaged: its entries do not match its table of contents, so different tools would unpack different files. Nothing was stored.
import-error-corrupt = ⚠️ { $name } in the archive is damaged (its checksum does not match). Nothing was stored.
import-error-duplicate = ⚠️ { $name } appears twice in the archive. Nothing was stored.
import-error-manifest-too-large = ⚠️ The archive's metadata.json is too large. Nothing was stored.
import-error-bad-manifest = ⚠️ The archive's metadata.json is not valid. Nothing was stored.
import-error-checksum = ⚠️ { $name } does not match the SHA-256 in the archive's metadata.json. Nothing was stored.

btn-import-zip = Import ZIP
btn-confirm-import = Import
