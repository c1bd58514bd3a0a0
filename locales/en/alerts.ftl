# Operators' alerts (sent to the admins in telegram.admins), when a condition starts and when it clears.

alert-backup-failing = 🚨 <b>Scheduled backups failing</b>: user <code>{ $user }</code>, destination { $destination }. Failures in a row: { $failures }. Last error: { $error }
alert-no-success = 🚨 <b>No scheduled backup has succeeded</b> lately. Users with a schedule: { $scheduled }. Last success of any: { $last }.
alert-damaged = 🚨 <b>Damaged backup</b>: backup <code>{ $backup }</code> of user <code>{ $user }</code>, made { $created }, was found damaged by the scrub on { $found }. Its owner was told; it can no longer be restored or downloaded.
alert-dump-failing = 🚨 <b>Scheduled database dump failed</b>. Failures in a row: { $failures }. Last error: { $error }
alert-dump-missing = 🚨 <b>Scheduled database dump missing</b>: none was made within its period. Last dump: { $last }.
alert-store-full = 🚨 <b>The store's disk is nearly full</b>: { $percent }% used.
alert-resolved = ✅ <b>Resolved</b>: { $what } (alert open since { $since }).
alert-what-backup-failing = scheduled backups of user <code>{ $user }</code> to { $destination } failing
alert-what-no-success = no scheduled backup succeeding
alert-what-damaged = backup <code>{ $backup }</code> of user <code>{ $user }</code> damaged (the backup is gone now)
alert-what-dump-failing = scheduled database dump failing
alert-what-dump-missing = scheduled database dump missing
alert-what-store-full = the store's disk nearly full
alert-what-user-not-backed-up = user <code>{ $user }</code> told their automatic backups are not succeeding
alert-no-error = (no error text)
alert-never = never
