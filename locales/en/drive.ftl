# ☁️ Google Drive: connect, upload, schedule, retention.

drive-menu =
    ☁️ <b>Google Drive</b>

    { $status }
drive-not-configured = Google Drive is not available on this bot. Your backups are still kept here in 📦 Backup & restore.
drive-status-disconnected = Not connected. Connect your Google account and I upload your backups into a folder of your Drive, by hand or on a schedule. I can see only the files I create there.
drive-status-reconnect = ⚠️ Your Google grant was revoked or has expired, so uploads have stopped. Connect again to resume; your backups are kept in the bot.
drive-status-unchanged = ⏸ Last scheduled run: { $time }. Nothing had changed since the last upload, so nothing was uploaded.
drive-status-connected =
    Account: <b>{ $account }</b>
    Folder: <b>{ $folder }</b>
    Schedule: { $schedule }
    Kept in Drive: { $policy }
    Last success: { $last_success }
    Next run: { $next_run }
    Last error: { $last_error }
drive-status-full = ⚠️ Google Drive is full: the last backup did not fit. Free some space in your Google account; the next scheduled run tries again.
drive-account-unknown = your Google account
drive-never = never
drive-none = —
drive-schedule-off = off
drive-schedule-daily = daily at { $hour } ({ $zone })
drive-schedule-every-days = every { $days ->
        [one] day
       *[other] { $days } days
    } at { $hour } ({ $zone })
drive-schedule-weekly = weekly, { $on_day } at { $hour } ({ $zone })
drive-schedule-monthly = monthly, on the 1st at { $hour } ({ $zone })

drive-connect-instructions =
    🔗 <b>Connect Google Drive</b>

    1. Open { $url }
    2. Enter the code <code>{ $code }</code>
    3. Allow CodeVault to see and manage the files it creates in your Drive.

    I am waiting for your approval and will tell you when it is done.
drive-connect-waiting =
    ⏳ Not connected yet. Open { $url }, enter <code>{ $code }</code> and allow access; I will tell you when it is done.
drive-connected = ✅ Google Drive is connected ({ $account }). Backups go to the folder <b>{ $folder }</b>.
drive-connect-denied = ❌ Access was not allowed, so Drive is not connected. You can try again any time.
drive-connect-expired = ⌛ The code expired before it was used. Tap 🔗 Connect Google Drive to get a new one.
drive-connect-failed = ❌ I could not reach Google to connect Drive. Please try again later.
drive-connect-interrupted = ⌛ I am no longer waiting for that code (it expired, was refused, or I restarted). Tap 🔗 Connect Google Drive to get a new one.
drive-connect-cancelled = Connecting Google Drive was cancelled. Nothing was changed.

drive-backing-up = ⏳ Making a backup and uploading it to Google Drive…
drive-uploading = ⏳ Uploading the backup to Google Drive…
drive-uploaded = ✅ <b>{ $name }</b> is in your Drive folder <b>{ $folder }</b>.
drive-pruned = { $count ->
        [one] { $count } older bot-made backup was
       *[other] { $count } older bot-made backups were
    } removed from the folder (you keep { $policy }).
drive-upload-failed = ❌ The upload to Google Drive failed: { $reason } The backup is kept in the bot, and I will try again at { $retry }.
drive-upload-failed-kept = ❌ The upload to Google Drive failed: { $reason } The backup is kept in the bot.
drive-upload-cancelled = ✖️ The upload to Google Drive was cancelled: nothing was put in your Drive. The backup is kept in the bot.
drive-reason-rate-limited = Google is rate-limiting uploads.
drive-reason-full = your Google Drive is full. Free some space in your Google account (or keep fewer backups there: 🗂 Kept in Drive), and the next upload goes through.
drive-reason-network = Google could not be reached.
drive-reason-checksum = the file in Drive did not match the backup, so it was removed.
drive-reason-google = Google Drive reported an error.
drive-reason-storage = the backup could not be read here.
drive-error-not-connected = Connect Google Drive first: ☁️ Google Drive → 🔗 Connect Google Drive.
drive-error-reconnect = 🔑 Your Google grant was revoked or has expired, so Drive is now disconnected. Connect again from ☁️ Google Drive; your backups are kept in the bot.
drive-error-no-key = ⚠️ Google Drive cannot be connected on this bot: it cannot keep your Google sign-in safely. Your backups are still kept here in 📦 Backup & restore.
drive-error-backup = ❌ The backup could not be made, so nothing was uploaded. Please try again.

drive-schedule-choose = ⏰ How often should I back up to Google Drive? (Now: { $schedule }.)
drive-schedule-hour = ⏰ At what hour? (Time zone: { $zone }.)
drive-schedule-weekday = 🗓 On which day of the week?
drive-zone-choose = 🌍 In which time zone should the hour be read? (Now: { $zone }.) Pick one below, or send a zone name such as <code>Europe/Paris</code> or an offset such as <code>UTC+3</code>. Summer time is followed.
drive-schedule-saved = ✅ Automatic backups: { $schedule }. Next run: { $next_run }.
drive-history-on = 🕘 Backups for Drive hold every file's earlier versions.
drive-history-off = 🕘 Backups for Drive hold only the current version of each file.
drive-protected-on = 🔒 Backups for Drive are protected by your password.
drive-protected-off = 🔓 Backups for Drive are not protected by a password.
drive-ask-password = 🔒 Send the password to protect your Drive backups with (scheduled ones and ☁️ Back up now): at least { $min } characters. I delete your message at once and keep the password sealed (encrypted, usable for your backups only); you need it to open those backups anywhere else.
drive-password-set = 🔒 From now on your backups for Drive are protected by that password. Keep it safe: without it nobody can open them outside the bot.
drive-password-removed = 🔓 Your backups for Drive are no longer protected by a password; the ones already made keep theirs.
drive-password-unreadable = ⚠️ The password for your Drive backups cannot be opened any more, so no backup was made. Set it again in ☁️ Google Drive, or remove it.
drive-retention-choose =
    🗂 Which of the bot's backups should stay in your Drive folder? Now: { $policy }.
    Keep the newest 3–30, or 📅 the newest backup of each day, week and month, as backup tools do (days, weeks and months on the clocks of your schedule's time zone; a week runs Monday to Sunday). Before anything is deleted you see what would go. Your own files there are never touched.
drive-kept-newest = { $keep ->
        [one] the newest backup made by the bot
       *[other] the newest { $keep } backups made by the bot
    }
drive-kept-generations = the newest bot-made backup of each day, week and month (days: { $daily }, weeks: { $weekly }, months: { $monthly }; weeks from Monday)
drive-retention-days = 📅 Keep the newest backup of each of the last how many days? (0: none by day. Weeks and months come next.)
drive-retention-weeks = 📅 Days: { $daily }. And of each of the last how many weeks (Monday to Sunday)? (0: none by week.)
drive-retention-months = 📅 Days: { $daily }, weeks: { $weekly }. And of each of the last how many months?
drive-retention-looking = ⏳ Looking at your Drive folder…
drive-retention-preview = 🗂 Keep { $policy } in your Drive folder? { $count ->
        [one] This backup made by the bot would be deleted now:
       *[other] These { $count } backups made by the bot would be deleted now:
    }
drive-retention-preview-none = 🗂 Keep { $policy } in your Drive folder? Nothing would be deleted now ({ $count ->
        [one] { $count } backup made by the bot is there
       *[other] { $count } backups made by the bot are there
    }).
drive-retention-applied = ✅ From now on your Drive folder keeps { $policy }.
drive-retention-removed = 🗑 { $count ->
        [one] I deleted this backup made by the bot:
       *[other] I deleted these { $count } backups made by the bot:
    }
drive-retention-removed-none = Nothing had to be deleted.
drive-retention-more = … and { $count ->
        [one] { $count } more backup
       *[other] { $count } more backups
    }.
drive-retention-applying = ⏳ Deleting the bot's older backups from your Drive folder…
drive-disconnect-confirm = Disconnect Google Drive ({ $account })? I revoke my access and forget the tokens. The files already in your Drive stay there.
drive-disconnecting = ⏳ Disconnecting Google Drive…
drive-disconnected = ✅ Google Drive is disconnected and my access revoked. Files already in your Drive stay there.
drive-disconnected-unconfirmed = ⚠️ Google Drive is disconnected here: I forgot my tokens and upload nothing more. But Google did not confirm that my access is revoked, so CodeVault may still be listed in your Google account. To remove it yourself, open https://myaccount.google.com/permissions, choose CodeVault and remove its access. Files already in your Drive stay there.

drive-notice-failed = ☁️ Your automatic backup could not be uploaded to Google Drive: { $reason } The backup is kept in the bot; I will try again at { $retry }.
drive-notice-failed-kept = ☁️ Your automatic backup could not be uploaded to Google Drive: { $reason } The backup is kept in the bot.
drive-notice-reconnect = ☁️ 🔑 Your Google grant was revoked or has expired, so automatic backups to Drive have stopped. Connect again from ☁️ Google Drive; your backups are kept in the bot.
drive-notice-not-backed-up = ☁️ ⚠️ Your automatic backups to Google Drive have not succeeded since { $since }, so Drive has no recent copy of your library. Open ☁️ Google Drive to see the last error; connect again there if it asks you to. Your files and the backups kept in the bot are safe.
drive-notice-pruned = ☁️ Your automatic backup was made.
drive-notice-no-room = ☁️ Your automatic backup was not made.

drive-copies-loading = ⏳ Looking for your backups in Google Drive…
drive-copies-title =
    📥 <b>Restore from Google Drive</b> — page { $page } of { $pages }
    The backups I made in your Drive folder, newest first. Pick one: I download it, check it, keep it in 🗂 My backups and show you what restoring it would change before anything is written.
drive-copies-empty = There are no backups made by me in your Drive folder.
drive-copy-files-unknown = ? files
drive-fetching = ⏳ Downloading <b>{ $name }</b> from Google Drive…
drive-restore-kept = 📥 <b>{ $name }</b> came back from Google Drive whole and checked, and is kept in 🗂 My backups.
drive-restore-kept-already = 📥 You still have the backup <b>{ $name }</b> in 🗂 My backups, intact, so nothing had to be downloaded: it is the one restored.
drive-restore-not-found = ❌ That backup is not in your Google Drive folder any more (or it is not one of yours), so nothing was downloaded. Open 📥 Restore from Drive again to see what is there.
drive-restore-too-large = ❌ That backup is larger than { $max } MB, the most a restore takes in, so it was not downloaded. Nothing was kept.
drive-restore-checksum = ❌ What Google Drive sent does not match its own checksum of the file, so nothing was kept. Please try again; if it keeps happening, the copy in Drive is damaged.
drive-restore-damaged = ❌ The file in Google Drive is not a backup I can restore: it is damaged, or was changed after I uploaded it. Nothing was kept.
drive-restore-unreachable = ❌ I could not reach Google Drive, so nothing was downloaded. Please try again later.
drive-restore-failed = ❌ The backup could not be kept here, so nothing was changed. Please try again later.

btn-connect-drive = Connect Google Drive
btn-check-connection = Check connection
btn-back-up-now = Back up now
btn-restore-from-drive = Restore from Drive
btn-schedule = Schedule
btn-retention = Kept in Drive
btn-drive-history-on = Add history to Drive backups
btn-drive-history-off = Drive backups without history
btn-drive-password = Protect Drive backups with a password
btn-drive-password-remove = Remove the password of Drive backups
btn-generations = By day, week and month
btn-apply-retention = Apply
btn-disconnect-drive = Disconnect
btn-confirm-disconnect = Disconnect
schedule-off = Off
schedule-daily = Daily
schedule-weekly = Weekly
schedule-monthly = Monthly
schedule-every-days = Every { $days ->
        [one] day
       *[other] { $days } days
    }
btn-time-zone = Time zone: { $zone }
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
on-weekday-1 = on Mondays
on-weekday-2 = on Tuesdays
on-weekday-3 = on Wednesdays
on-weekday-4 = on Thursdays
on-weekday-5 = on Fridays
on-weekday-6 = on Saturdays
on-weekday-7 = on Sundays
