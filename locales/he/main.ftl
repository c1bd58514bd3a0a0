# Main menu, help, language, access, shared words.

menu-title = 📚 הבוט <b>CodeVault</b> שומר את קובצי הקוד שלכם ומגבה אותם. מה תרצו לעשות?
cancelled = בוטל. שום דבר לא השתנה.
help-text =
    הבוט <b>CodeVault</b> שומר את הקוד שלכם, כל גרסה שלו, ומגבה אותו.

    • שלחו לי קוד כהודעה או כקובץ טקסט, ואשמור אותו בשם שתבחרו.
    • 📂 הקבצים שלי: פתיחה, חיפוש, הורדה ועריכה של הקבצים שלכם.
    • 📦 גיבוי ושחזור: ZIP אחד של הכול, ושחזור בטוח עם אפשרות ביטול.
    • הפקודה /cancel יוצאת מכל שלב בלי לשנות דבר.
help-more =
    • כל שינוי נשמר כגרסה, ואפשר להפוך כל גרסה ישנה לנוכחית שוב, או להשוות אותה לאחרת.
    • קבצים שנמחקו נשמרים ב־♻️ סל המחזור למשך 7 ימים.
    • שלחו לי כל ZIP כדי לייבא ממנו קוד; אתם מחליטים על קבצים שכבר קיימים.
    • 🐙 ‏GitHub מגבה מאגר (פרטי — עם הטוקן שלכם) ויכול לייבא את הקבצים שלו.
    • ☁️ ‏Google Drive מעלה את הגיבויים ל־Drive שלכם, ידנית או לפי לוח זמנים.
    • הדבקה ארוכה שטלגרם מפצל לכמה הודעות מחוברת בחזרה לקובץ אחד. כדי לשלוח קוד בחלקים ידנית: /long, החלקים, ואז /done.
    • 🔎 ‏/search מוצא קבצים לפי מילים בשם, בקוד, בהערות או בתגיות (<code>/search parse lang:rust tag:work</code>), או 🔎 חיפוש ב־📂 הקבצים שלי.

    פקודות: /start /menu /save /long /done /files /backup /restore /drive /github /language /help /search /cancel
language-plain-text = טקסט פשוט
language-self = עברית
language-choose = 🌐 בחרו שפה:
language-changed = ✅ השפה הוגדרה לעברית.
language-zone = 🌍 אזור זמן: <b>{ $zone }</b> — השעה שם עכשיו { $time }. תאריכים ושעות מוצגים לפי השעון שלו.
language-zone-choose = 🌍 לפי איזה אזור זמן להציג תאריכים ושעות? (כעת: { $zone }.) בחרו מהרשימה, או שלחו שם אזור כמו <code>Asia/Jerusalem</code> או הפרש משעון UTC כמו <code>UTC+3</code>. שעון הקיץ נלקח בחשבון.
language-zone-set = ✅ תאריכים ושעות מוצגים עכשיו לפי { $zone }.
time-today = היום, { $time }
time-yesterday = אתמול, { $time }
time-tomorrow = מחר, { $time }
zone-unknown = ⚠️ אני לא מכיר את אזור הזמן <b>{ $zone }</b>. שלחו שם ממאגר אזורי הזמן כמו <code>Asia/Jerusalem</code> או <code>Europe/Paris</code>, או הפרש משעון UTC כמו <code>UTC+3</code> או <code>UTC-04:30</code>.
private-chat-only = הבוט CodeVault פועל רק בצ׳אט פרטי. כתבו לי ישירות.
access-denied = ⛔ הבוט הזה של CodeVault פרטי. בקשו מבעל הבוט להוסיף את מזהה הטלגרם שלכם.
unsupported-message = אני יודע לשמור קוד שנשלח כטקסט או כמסמך טקסט. שלחו /menu כדי לראות את כל מה שאני יודע לעשות.
unknown-command = אני לא מכיר את הפקודה הזו. שלחו /menu כדי לראות את כל מה שאני יודע לעשות.
finish-current-step = קודם סיימו את השלב הנוכחי, או שלחו /cancel.
error-unknown-button = הכפתור הזה לא תקין. השתמשו ב־/menu.
error-stale-button = הכפתור הזה שייך לשלב קודם שכבר לא פתוח. שום דבר לא השתנה.
error-internal = ⚠️ משהו השתבש אצלנו ושום דבר לא השתנה. נסו שוב בעוד רגע.
work-interrupted = ⚠️ הפעולה לא הסתיימה: הבוט הופעל מחדש באמצע העבודה עליה. שום דבר חלקי לא נשמר. נסו שוב.
task-busy = ⏳ אני עדיין { $what }. אני מבצע פעולה ארוכה אחת בכל פעם: חכו שתסתיים (או בטלו אותה) ונסו שוב.
task-doing-backup = מכין את הגיבוי שלכם
task-doing-github = מגבה מאגר GitHub
task-doing-upload = מעלה גיבוי ל־Google Drive
task-doing-restore = משחזר גיבוי
task-doing-import = מייבא ארכיון
task-doing-fetch = מוריד גיבוי מ־Google Drive
task-doing-retention = מוחק גיבויים ישנים מ־Google Drive
task-rate-limited = ⏳ התחלתם { $max ->
        [one] פעולה ארוכה אחת
        [two] שתי פעולות ארוכות
       *[other] { $max } פעולות ארוכות
    } (גיבויים, הורדות, העלאות, שחזורים, ייבואים) בשעה האחרונה, המספר המרבי שהבוט הזה מאפשר. אפשר להתחיל את הבאה ב־{ $time }.
task-progress-bytes = { $done } מתוך { $size } ({ $percent }%)
task-progress-bytes-so-far = התקבלו { $done } עד עכשיו
task-progress-files = { $done } מתוך { $total ->
        [one] קובץ אחד
        [two] שני קבצים
       *[other] { $total } קבצים
    } ({ $percent }%)
task-progress-files-so-far = { $done ->
        [one] קובץ אחד
        [two] שני קבצים
       *[other] { $done } קבצים
    } עד עכשיו
task-stopping = ✖️ עוצר…
task-cancelled = ✖️ בוטל. שום דבר לא נשמר.
task-not-running = הפעולה הזו כבר לא רצה, אז אין מה לבטל.
flood-skipped = ⚠️ שלחתם הודעות מהר יותר ממה שאני מספיק לטפל בהן, ולכן דילגתי על { $count ->
        [one] אחת מהן
        [two] שתיים מהן
       *[other] { $count } מהן
    }. שלחו אותן שוב, כמה בכל פעם.
size-bytes = { $n } בייט
size-kb = { $n } ק״ב
size-mb = { $n } מ״ב
size-gb = { $n } ג״ב

btn-save-code = שמירת קוד
btn-my-files = הקבצים שלי
btn-backup-restore = גיבוי ושחזור
btn-google-drive = Google Drive
btn-github = GitHub
btn-language = שפה
btn-help = עזרה
btn-back = חזרה
btn-main-menu = תפריט ראשי
btn-cancel = ביטול
btn-previous = הקודם
btn-more-help = עוד
btn-next = הבא

# The command menu Telegram shows when the user types / (3–256 characters each).
command-start = הפעלת CodeVault
command-menu = פתיחת התפריט הראשי
command-save = שמירת קוד כקובץ חדש
command-long = שליחת קוד ארוך מהודעה אחת, בחלקים
command-done = סיום קוד ארוך שנשלח בחלקים
command-files = הקבצים השמורים שלכם
command-backup = יצירה, רשימה ושחזור של גיבויים
command-restore = שחזור הקבצים שלכם מגיבוי
command-drive = גיבוי ל־Google Drive שלכם
command-github = גיבוי מאגר GitHub
command-language = שינוי השפה
command-help = מה הבוט עושה ואיך
command-search = חיפוש בקבצים: /search מילים lang:rust tag:work
command-cancel = יציאה מהשלב הנוכחי בלי שינויים

# Toasts: a short note over the chat when a button's change is made.
toast-favourite-added = ⭐ נוסף למועדפים
toast-favourite-removed = ☆ הוסר מהמועדפים
toast-version-made-current = ⏪ הגרסה הפכה לנוכחית
toast-file-binned = 🗑 הועבר לסל המחזור
toast-file-restored = ♻️ הקובץ שוחזר
toast-rated = ⭐ הדירוג נשמר
toast-rating-cleared = הדירוג נמחק
toast-backup-deleted = 🗑 הגיבוי נמחק
toast-saved = ✅ נשמר
