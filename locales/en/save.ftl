# Saving code: text or document → name → note.

save-send-code = ➕ Send me the code as a message, or a text file as a document.
save-ask-name =
    Detected language: <b>{ $language }</b>.
    What should this file be called? Send a name, or take the suggestion: <code>{ $suggested }</code>
save-ask-new-name = ✏️ Send a new name for the file.
save-try-another-name = Please send another name.
save-name-taken = ⚠️ You already have a file called <b>{ $name }</b>. Replace it (the old content stays in its history), pick another name, or cancel?
save-choose-option = Please choose one of the buttons above: replace, rename or cancel.
save-ask-note = 📝 Add a note to <b>{ $name }</b>? Send it as a message, or skip.
save-empty-code = ⚠️ There is no code in that message — it is empty. Nothing was saved.
save-binary-refused = ⚠️ That file is binary, not text, so it cannot be saved as code. Nothing was saved.
save-document-too-big-for-telegram = ⚠️ That document is larger than { $max } MB, which is the most Telegram lets a bot download. Nothing was saved.
file-saved = ✅ Saved <b>{ $name }</b> (version { $version }).

btn-replace = Replace
btn-rename = Rename
btn-skip = Skip
btn-use-name = Use this name

error-name-empty = ⚠️ The name is empty.
error-name-too-long = ⚠️ The name is too long: at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    } for a file or folder name.
error-name-path-too-long = ⚠️ The name with its folders is too long: at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    } in all.
error-name-separator = ⚠️ A name cannot start or end with /, or contain //: / only separates folders, as in src/app.py.
error-name-backslash = ⚠️ A name cannot contain \ — use / to separate folders, as in src/app.py.
error-name-reserved = ⚠️ A name, or a folder in it, cannot be . or .. or only dots.
error-name-control = ⚠️ A name cannot contain control characters.
error-name-bidi = ⚠️ A name cannot contain marks that change the direction of text: they make it read as another name.
error-name-invisible = ⚠️ A name cannot contain invisible characters: they make it look like another name.
error-name-as-sent = The name you sent, with its hidden characters shown: <code>{ $name }</code>
error-name-taken = ⚠️ A file with this name already exists.
error-file-too-large = ⚠️ That file is larger than { $max } MB, the limit for one file. Nothing was saved.
error-too-many-files = ⚠️ Your library already holds { $max ->
        [one] { $max } file
       *[other] { $max } files
    }, the limit. Delete some files first. Nothing was saved.
error-library-full = ⚠️ Your library would pass { $max } MB, the limit. Delete some files first. Nothing was saved.

# Code in pieces: a paste Telegram split, or /long … /done.
save-long-send-pieces = 📜 Long code: send it in as many messages as you need, and I join them in order (a paste Telegram split is joined exactly as it was pasted). Send /done when everything is sent, or /cancel.
save-long-piece-received = 📥 { $count ->
        [one] { $count } piece
       *[other] { $count } pieces
    } so far ({ $chars } characters). Send more, or /done to name the file.
save-long-not-collecting = There is nothing to finish. For code longer than one message, send /long, then the pieces, then /done.
save-long-empty = Nothing has arrived yet: send the code as messages, then /done (or /cancel).
save-long-text-only = While collecting a long paste I take text messages only. Send /done to finish, or /cancel.
save-pieces-joined = 📎 Put together from { $count ->
        [one] { $count } message
       *[other] { $count } messages
    }: { $chars } characters.

# 🆕 A new version of a file.
btn-new-version = New version
btn-save-version = Save as the new version
save-version-send = 🆕 Send the code for version { $version } of <b>{ $name }</b>, as a message or a text document.
save-version-ask = 🆕 Save this code ({ $chars } characters) as version { $version } of <b>{ $name }</b>?
save-version-confirm = Please tap ✅ to save the code as the new version, or 🚫 to cancel.
version-unchanged = The code is the same as the current version of <b>{ $name }</b> (version { $version }): nothing was saved.
