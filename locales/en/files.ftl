# My files: list, file screen, notes, tags, history, recycle bin.

files-count =
    { $count ->
        [one] { $count } file
       *[other] { $count } files
    }
files-title = 📂 <b>My files</b> — { files-count }, page { $page } of { $pages }
files-filtered-by = 🏷 Tag: <b>{ $tag }</b>
files-empty = You have no files yet. Send me some code to save it.
files-none-with-tag = No file has this tag.
files-choose-tag = 🏷 Show only the files with the tag:
files-no-tags = None of your files has a tag yet. Open a file and tap 🏷 Tags to add some.
version-label = v{ $version }
file-details =
    📄 <b>{ $name }</b>
    Language: { $language }
    Version: { $version }
    Size: { $size }
    Created: { $created }
    Updated: { $updated }
    Tags: { $tags }
    Note: { $note }
file-more-tags = { $count ->
        [one] +{ $count } more
       *[other] +{ $count } more
    }
file-code-as-document = The code is too long for a message, so I sent it as a document.
file-deleted = 🗑 <b>{ $name }</b> was moved to the recycle bin. You can restore it there for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }.
file-restored = ♻️ <b>{ $name }</b> is back in your files.
file-restored-renamed = A file called <b>{ $old }</b> already exists, so the restored one got a new name.
note-ask =
    📝 Note for <b>{ $name }</b>: { $current }
    Send the new note (up to 1000 characters), or clear it.
note-saved = ✅ Note saved for <b>{ $name }</b>.
note-cleared = ✅ Note removed from <b>{ $name }</b>.
tags-ask =
    🏷 Tags of <b>{ $name }</b>: { $current }
    Send the new tags separated by spaces or commas (they replace the old ones), or clear them.
tags-saved = ✅ Tags saved for <b>{ $name }</b>.
tags-cleared = ✅ Tags removed from <b>{ $name }</b>.
history-title = 🕘 History of <b>{ $name }</b> — { $count ->
        [one] { $count } version
       *[other] { $count } versions
    }. Tap one to view it.
version-title = 🕘 <b>{ $name }</b>, version { $version } of { $current } — { $updated }
version-made-current = ⏪ The content of version { $old } of <b>{ $name }</b> is now the current version ({ $version }).
bin-title = ♻️ <b>Recycle bin</b> — { files-count }. Files stay here for { $days ->
        [one] { $days } day
       *[other] { $days } days
    }; tap one to restore it.
bin-empty = The recycle bin is empty.

btn-download = Download
btn-note = Note
btn-tags = Tags
btn-history = History
btn-delete = Delete
btn-recycle-bin = Recycle bin
btn-restore-file = Restore
btn-make-current = Make this version current
btn-filter-by-tag = Filter by tag
btn-all-files = All files
btn-clear-note = Clear the note
btn-clear-tags = Clear the tags
btn-open-file = Open the file

error-file-not-found = ⚠️ That file was not found. It may have been deleted.
error-note-too-long = ⚠️ The note is too long: at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }. It was not saved.
error-tags-too-many = ⚠️ Too many tags: at most { $max }. Nothing was changed.
error-tag-too-long = ⚠️ The tag “{ $tag }…” is too long: at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    }. Nothing was changed.
error-tag-invalid = ⚠️ The tag “{ $tag }” has characters a tag cannot have (letters, digits and - _ . : / + are fine). Nothing was changed.

# 🔀 Comparing two versions of a file.
btn-compare-with-current = Compare with the current version
btn-compare-with = Compare with another version
compare-pick = 🔀 Compare version { $version } of <b>{ $name }</b> with:
compare-title = 🔀 <b>{ $name }</b>: changes from version { $older } to version { $newer }
compare-identical = These versions have the same content.
compare-as-document = The changes are too long for a message: they come as a .diff document.

# ✏️ Renaming a file.
rename-ask = ✏️ Send a new name for <b>{ $name }</b>. Folders are written with /, as in src/app.py.
rename-name-taken = ⚠️ You already have a file called <b>{ $name }</b>. Replace it (that file goes to the 🗑 recycle bin, where you can get it back), pick another name, or cancel?
file-renamed = ✏️ <b>{ $old }</b> is now called <b>{ $name }</b> (version { $version }; the history keeps the old name).
file-renamed-replacing = ✏️ <b>{ $old }</b> is now called <b>{ $name }</b> (version { $version }; the history keeps the old name). The file that was called <b>{ $name }</b> is in the 🗑 recycle bin.

btn-search = Search
btn-new-search = New search
search-ask =
    🔎 Send the words to look for in your files' names, code, notes and tags. Every word must appear; case does not matter, and what you type is searched as it is.
    Narrow it with <code>lang:rust</code> or <code>tag:work</code>; "words in quotes" are searched together.
search-send-words = 🔎 Send the words to search for as a text message (or /cancel).
search-title = 🔎 <b>{ $query }</b>: { $count ->
        [one] 1 file found
       *[other] { $count } files found
    } (page { $page } of { $pages })
search-none = Try other words, fewer words, or without a filter.
search-hit = line { $line }: <code>{ $text }</code>
error-search-empty = ⚠️ Nothing to search for: send some words (a filter alone, like <code>lang:rust</code>, is fine too).
error-search-too-long = ⚠️ The search is too long: at most { $max ->
        [one] one character
       *[other] { $max } characters
    }.
error-search-too-many-words = ⚠️ Too many words: at most { $max ->
        [one] one word
       *[other] { $max } words
    } in one search.
error-search-language = ⚠️ I know no language called “{ $language }”. Try the name as it shows on a file's screen, like <code>lang:python</code>.
error-search-tag = ⚠️ “{ $tag }” cannot be a tag (letters, digits and - _ . : / + are fine).

files-favourites = ⭐ Favourites
files-no-favourites = No favourites yet: open a file and tap ⭐ Add to favourites.
btn-favourites = Favourites
btn-favourite = Add to favourites
btn-unfavourite = Remove from favourites
