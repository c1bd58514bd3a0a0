# Backup & restore: create, My backups, a backup, rate, note, delete, multi-delete, parts.

backups-menu = 📦 <b>גיבוי ושחזור</b>. גיבוי הוא קובץ ZIP אחד עם כל הקבצים שלכם ועם מניפסט <code>metadata.json</code>, והוא נבדק אחרי שהוא נשמר.
backups-title = 🗂 <b>הגיבויים שלי</b> — { $count ->
        [one] גיבוי אחד
       *[other] { $count } גיבויים
    }, עמוד { $page } מתוך { $pages }
backups-empty = עדיין אין לכם גיבויים. הקישו על 📦 יצירת גיבוי.
backups-select = 🗑 הקישו על הגיבויים שתרצו למחוק (נבחרו: { $count }).
backups-confirm-delete-selected = למחוק לצמיתות את { $count ->
        [one] הגיבוי הזה
       *[other] { $count } הגיבויים האלה
    }?
backups-deleted = 🗑 { $count ->
        [one] נמחק גיבוי אחד
       *[other] נמחקו { $count } גיבויים
    }.
backup-creating = ⏳ יוצר את הגיבוי שלכם…
backup-created = ✅ הגיבוי נוצר ונבדק: { $files ->
        [one] קובץ אחד
       *[other] { $files } קבצים
    }, { $size }.
backup-created-empty = ✅ הגיבוי נוצר, אבל עדיין אין לכם קבצים: יש בו רק <code>metadata.json</code>.
backup-quota-pruned = ♻️ אפשר לשמור עד { $max ->
        [one] גיבוי אחד
       *[other] { $max } גיבויים
    }, ולכן { $count ->
        [one] הגיבוי הישן ביותר שלא דורג נמחק
       *[other] { $count } הגיבויים הישנים ביותר שלא דורגו נמחקו
    }. דרגו גיבוי כדי לשמור אותו.
backup-caption = 📦 גיבוי של CodeVault — { $files ->
        [one] קובץ אחד
       *[other] { $files } קבצים
    }, { $size }. ID: { $id }
backup-part-caption = 📦 הגיבוי { $id } של CodeVault, חלק { $part } מתוך { $count }
backup-too-big = ⚠️ הגיבוי הזה בגודל { $size }, יותר מ־{ $limit }, הגודל המרבי שטלגרם מאפשר לבוט לשלוח. הוא שמור בבטחה. שלחו אותו בחלקים, או העלו אותו ל־Google Drive.
backup-details =
    { $type }
    נוצר: { $created }
    קבצים: { $files }
    גודל הקבצים: { $size }
    ארכיון: { $archive }
    SHA-256: <code>{ $sha256 }</code>
    ID: <code>{ $id }</code>
    דירוג: { $rating }
    הערה: { $note }
backup-repo = מאגר: { $repo } · { $ref } · { $commit }
backup-type-full-backup = 📦 גיבוי מלא
backup-type-github-repo-zip = 🐙 מאגר GitHub
backup-type-google-drive-backup = ☁️ גיבוי Google Drive
backup-type-imported-zip = 📥 ZIP מיובא
backup-type-pre-restore = 🛟 גיבוי ביטחון לפני שחזור
backup-rate-ask = 🏷 כמה טוב הגיבוי הזה? גיבוי מדורג אף פעם לא נמחק כדי לפנות מקום.
backup-note-ask =
    📝 ההערה לגיבוי: { $current }
    שלחו הערה חדשה (עד 1000 תווים), או מחקו אותה.
backup-note-saved = ✅ ההערה נשמרה.
backup-note-cleared = ✅ ההערה הוסרה.
backup-confirm-delete = 🗑 למחוק לצמיתות את הגיבוי { $backup }?
backup-deleted = 🗑 הגיבוי נמחק.

btn-create-backup = יצירת גיבוי
btn-my-backups = הגיבויים שלי
btn-restore = שחזור
btn-rate = דירוג
btn-upload-to-drive = העלאה ל־Drive
btn-send-in-parts = שליחה בחלקים
btn-confirm-delete = אישור מחיקה
btn-select-several = בחירה מרובה
btn-select-page = בחירת כל העמוד
btn-delete-selected = מחיקת הנבחרים ({ $count })
btn-rate-excellent = מצוין
btn-rate-good = טוב
btn-rate-ok = סביר
btn-rate-clear = הסרת הדירוג

error-backup-not-found = ⚠️ הגיבוי לא נמצא. ייתכן שהוא נמחק.
error-backup-damaged = ⚠️ העותק השמור של הגיבוי הזה כבר לא תואם לסכום הביקורת שלו, ולכן הוא לא נשלח. צרו גיבוי חדש.
error-backup-failed = ⚠️ לא הצלחנו ליצור את הגיבוי ולשמור אותו בבטחה, ולכן שום דבר לא נשמר. הקבצים שלכם לא השתנו. נסו שוב מאוחר יותר.

restore-plan =
    ♻️ <b>שחזור</b> של הגיבוי מ־{ $date }: { $total ->
        [one] קובץ אחד
       *[other] { $total } קבצים
    }.
    חדשים: { $new } · ללא שינוי: { $unchanged } · התנגשויות: { $conflicts }
    לפני שמשהו נכתב, נשמר גיבוי ביטחון של הספרייה שלכם, כך שאפשר יהיה לבטל את השחזור.
restore-conflict = ⚠️ התנגשות { $index } מתוך { $total }: הקובץ <b>{ $name }</b> כבר קיים עם תוכן אחר. להחליף אותו (הגרסה הנוכחית תישאר בהיסטוריה שלו), לדלג עליו או לשמור את שניהם?
restore-applying = ⏳ משחזר…
restore-report = ✅ { $restored ->
        [one] שוחזר קובץ אחד
       *[other] שוחזרו { $restored } קבצים
    }. חדשים: { $new }, הוחלפו: { $replaced }, נשמרו שתי הגרסאות: { $kept }, דולגו: { $skipped }, ללא שינוי: { $unchanged }.
restore-undone = ↩️ השחזור בוטל: הקבצים שלכם חזרו למצב שבו היו לפניו.
restore-plan-changed = ⚠️ הקבצים שלכם השתנו בזמן שבחרתם, ולכן שום דבר לא שוחזר. התחילו את השחזור מחדש.
error-backup-corrupt = ⚠️ הגיבוי הזה פגום (קובץ או סכום הביקורת שלו לא תואמים), ולכן אי אפשר לשחזר אותו. שום דבר לא השתנה.
error-restore-failed = ⚠️ לא הצלחנו להשלים את השחזור, ולכן שום דבר לא השתנה. נסו שוב מאוחר יותר.

btn-start-restore = שחזור
btn-keep-both = שמירת שניהם
btn-replace-all = החלפת כל השאר
btn-skip-all = דילוג על כל השאר
btn-keep-both-all = שמירת שניהם לכל השאר
btn-undo-restore = ביטול השחזור
restore-choose-option = בחרו באחד הכפתורים שלמעלה כדי לטפל בהתנגשות, או שלחו /cancel.

import-send-zip = 📥 שלחו לי קובץ .zip (עד 20 מ״ב). אני בודק אותו במלואו לפני שמשהו נשמר.
import-storing = ⏳ שומר את הארכיון…
import-too-big = ⚠️ הארכיון גדול מ־{ $max } מ״ב, הגודל המרבי שטלגרם מאפשר לבוט להוריד. שום דבר לא נשמר.
import-confirm = 📥 לייבא { $count ->
        [one] קובץ אחד
       *[other] { $count } קבצים
    } בתור <b>{ $repo }</b>? דולגו: { $skipped } (תיקיות, קבצים בינאריים, .git, node_modules, קבצי עזר של macOS, קבצים שחורגים ממגבלת הגודל). הארכיון נשמר כגיבוי, ואתם מחליטים מה לעשות בקבצים שכבר קיימים.
import-is-backup = ♻️ זה גיבוי של CodeVault ({ $id }) עם { $count ->
        [one] קובץ אחד
       *[other] { $count } קבצים
    }. לשחזר אותו? אתם מחליטים מה לעשות בקבצים שכבר קיימים.
import-no-files = ⚠️ בארכיון אין אף קובץ טקסט לייבוא (רק תיקיות, קבצים בינאריים או קבצים שהוחרגו). שום דבר לא נשמר.
import-error-not-a-zip = ⚠️ זה לא ארכיון ZIP, או שהוא קטוע. שום דבר לא נשמר.
import-error-empty = ⚠️ ארכיון ה־ZIP הזה ריק. שום דבר לא נשמר.
import-error-unsafe-path = ⚠️ הארכיון מכיל נתיב לא בטוח ({ $name }) שמצביע אל מחוץ לתיקייה שלו. שום דבר לא נשמר.
import-error-non-utf8 = ⚠️ בארכיון יש שמות קבצים שאינם UTF-8 תקין. שום דבר לא נשמר.
import-error-symlink = ⚠️ הארכיון מכיל קישור סמלי ({ $name }), וזה אסור. שום דבר לא נשמר.
import-error-encrypted = ⚠️ הארכיון מכיל קובץ מוצפן ({ $name }). שלחו אותו בלי סיסמה. שום דבר לא נשמר.
import-error-too-many-entries = ⚠️ בארכיון יש { $max ->
        [one] יותר מפריט אחד
       *[other] יותר מ־{ $max } פריטים
    }. שום דבר לא נשמר.
import-error-too-large = ⚠️ אחרי החילוץ הארכיון יהיה גדול מ־{ $max } מ״ב. שום דבר לא נשמר.
import-error-ratio = ⚠️ הקובץ { $name } דחוס הרבה יותר מקבצים אמיתיים ("פצצת zip"), ולכן הארכיון נדחה. שום דבר לא נשמר.
import-error-overlapping = ⚠️ הפריטים בארכיון חולקים את אותם נתונים (טריק של "פצצת zip"), ולכן הארכיון נדחה. שום דבר לא נשמר.
import-error-inflates = ⚠️ אחרי החילוץ הקובץ { $name } גדול יותר ממה שמוצהר בארכיון, ולכן הארכיון נדחה. שום דבר לא נשמר.
import-error-inconsistent = ⚠️ הארכיון פגום: הפריטים שבו אינם תואמים את תוכן העניינים שלו, ולכן כלים שונים יחלצו ממנו קבצים שונים. שום דבר לא נשמר.
import-error-corrupt = ⚠️ הקובץ { $name } שבארכיון פגום (סכום הביקורת שלו לא תואם). שום דבר לא נשמר.
import-error-duplicate = ⚠️ הקובץ { $name } מופיע פעמיים בארכיון. שום דבר לא נשמר.
import-error-manifest-too-large = ⚠️ הקובץ metadata.json שבארכיון גדול מדי. שום דבר לא נשמר.
import-error-bad-manifest = ⚠️ הקובץ metadata.json שבארכיון אינו תקין. שום דבר לא נשמר.
import-error-checksum = ⚠️ הקובץ { $name } לא תואם ל־SHA-256 שמופיע ב־metadata.json של הארכיון. שום דבר לא נשמר.

btn-import-zip = ייבוא ZIP
btn-confirm-import = ייבוא
