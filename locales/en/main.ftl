# Main menu, help, language, access, shared words.

menu-title = 📚 <b>CodeVault</b> keeps your code files and backs them up. What would you like to do?
cancelled = Cancelled. Nothing was changed.
help-text =
    <b>CodeVault</b> keeps your code, every version of it, and backs it up.

    • Send me code as a message or a text file, and I save it under a name you choose.
    • 📂 My files: open, search, download and edit your files.
    • 📦 Backup & restore: one ZIP of everything, restored safely, with undo.
    • /cancel leaves any step without changing anything.
help-more =
    • Every change is kept as a version; any old version can be made current again, or compared with another.
    • Deleted files stay in the ♻️ recycle bin for 7 days.
    • Send me any ZIP to import its code; you decide about files that already exist.
    • 🐙 GitHub backs up a repository (private ones with your token) and can import its files.
    • ☁️ Google Drive uploads your backups to your own Drive, by hand or on a schedule.
    • A long paste that Telegram splits into several messages is joined back into one file. To send code in pieces by hand: /long, the pieces, then /done.
    • 🔎 /search finds files by words in their name, code, notes or tags (<code>/search parse lang:rust tag:work</code>), or 🔎 Search in 📂 My files.

    Commands: /start /menu /save /long /done /files /backup /restore /drive /github /language /help /search /cancel
language-plain-text = plain text
language-self = English
language-choose = 🌐 Choose your language:
language-changed = ✅ Language set to English.
language-zone = 🌍 Time zone: <b>{ $zone }</b> — it is { $time } there now. Dates and times are shown on its clocks.
language-zone-choose = 🌍 Which time zone should dates and times be shown in? (Now: { $zone }.) Pick one below, or send a zone name such as <code>Europe/Paris</code> or an offset such as <code>UTC+3</code>. Summer time is followed.
language-zone-set = ✅ Dates and times are now shown in { $zone }.
time-today = today, { $time }
time-yesterday = yesterday, { $time }
time-tomorrow = tomorrow, { $time }
zone-unknown = ⚠️ I don't know the time zone <b>{ $zone }</b>. Send a name from the time-zone database such as <code>Europe/Paris</code> or <code>America/New_York</code>, or an offset from UTC such as <code>UTC+3</code> or <code>UTC-04:30</code>.
private-chat-only = CodeVault works in a private chat only. Please message me directly.
access-denied = ⛔ This CodeVault bot is private. Ask its owner to add your Telegram id.
unsupported-message = I can save code sent as text or as a text document. Use /menu to see everything I can do.
unknown-command = I do not know that command. Use /menu to see everything I can do.
finish-current-step = Please finish the current step first, or send /cancel.
error-unknown-button = This button is not valid. Please use /menu.
error-stale-button = This button belongs to an earlier step that is no longer open. Nothing was changed.
error-internal = ⚠️ Something went wrong on our side and nothing was changed. Please try again in a moment.
work-interrupted = ⚠️ This did not finish: the bot restarted while it was working on it. Nothing half-done was kept. Please try again.
task-busy = ⏳ I am still { $what }. I do one long action at a time: please wait until it finishes (or cancel it), then try again.
task-doing-backup = making your backup
task-doing-github = backing up a GitHub repository
task-doing-upload = uploading a backup to Google Drive
task-doing-restore = restoring a backup
task-doing-import = importing an archive
task-doing-fetch = downloading a backup from Google Drive
task-doing-retention = removing old backups from Google Drive
task-rate-limited = ⏳ You started { $max ->
        [one] one long action
       *[other] { $max } long actions
    } (backups, downloads, uploads, restores, imports) in the last hour, as many as this bot allows. You can start the next one at { $time }.
task-progress-bytes = { $done } of { $size } ({ $percent }%)
task-progress-bytes-so-far = { $done } received so far
task-progress-files = { $done } of { $total ->
        [one] { $total } file
       *[other] { $total } files
    } ({ $percent }%)
task-progress-files-so-far = { $done ->
        [one] { $done } file
       *[other] { $done } files
    } so far
task-stopping = ✖️ Stopping…
task-cancelled = ✖️ Cancelled. Nothing was stored.
task-not-running = This action is no longer running, so there is nothing to cancel.
flood-skipped = ⚠️ You sent messages faster than I can handle them, so I skipped { $count ->
        [one] one of them
       *[other] { $count } of them
    }. Please send those again, a few at a time.
size-bytes = { $n } B
size-kb = { $n } KB
size-mb = { $n } MB
size-gb = { $n } GB

btn-save-code = Save code
btn-my-files = My files
btn-backup-restore = Backup & restore
btn-google-drive = Google Drive
btn-github = GitHub
btn-language = Language
btn-help = Help
btn-back = Back
btn-main-menu = Main menu
btn-cancel = Cancel
btn-previous = Previous
btn-more-help = More
btn-next = Next

# The command menu Telegram shows when the user types / (3–256 characters each).
command-start = Start CodeVault
command-menu = Open the main menu
command-save = Save code as a new file
command-long = Send code longer than one message, in pieces
command-done = Finish a long code sent in pieces
command-files = Browse your saved files
command-backup = Create, list and restore backups
command-restore = Restore your files from a backup
command-drive = Back up to your own Google Drive
command-github = Back up a GitHub repository
command-language = Change the language
command-help = What this bot does and how
command-search = Search your files: /search words lang:rust tag:work
command-cancel = Leave the current step without changes

# Toasts: a short note over the chat when a button's change is made.
toast-favourite-added = ⭐ Added to favourites
toast-favourite-removed = ☆ Removed from favourites
toast-version-made-current = ⏪ Version made current
toast-file-binned = 🗑 Moved to the recycle bin
toast-file-restored = ♻️ File restored
toast-rated = ⭐ Rating saved
toast-rating-cleared = Rating cleared
toast-backup-deleted = 🗑 Backup deleted
toast-saved = ✅ Saved
