# Scrubbing: a stored backup found damaged when the bot read it back again.

backup-damaged-line = ⚠️ <b>Damaged</b>: on { $date } its stored archive no longer matched the checksum recorded when it was made, so it cannot be restored or downloaded.
backup-damaged-notice = ⚠️ Your backup of { $date } (ID <code>{ $id }</code>) is damaged: when I checked it again, its stored archive no longer matched the checksum recorded when it was made. It can no longer be restored or downloaded. Your files are not affected.
backup-damaged-drive-copy = ☁️ A copy of it is in your Google Drive: you can restore it from there (☁️ Google Drive).
backup-damaged-no-copy = There is no copy of it in your Google Drive. Create a new backup to have one you can rely on.
