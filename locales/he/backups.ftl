# Backup & restore: create, My backups, a backup, rate, note, delete, multi-delete, parts.

backups-menu = 📦 <b>גיבוי ושחזור</b>. גיבוי הוא קובץ ZIP אחד עם כל הקבצים שלכם ועם מניפסט <code>metadata.json</code>, והוא נבדק אחרי שהוא נשמר.
backups-title = 🗂 <b>הגיבויים שלי</b> — { $count ->
        [one] גיבוי אחד
        [two] שני גיבויים
       *[other] { $count } גיבויים
    }, עמוד { $page } מתוך { $pages }
backups-empty = עדיין אין לכם גיבויים. הקישו על 📦 יצירת גיבוי.
backups-select = 🗑 הקישו על הגיבויים שתרצו למחוק (נבחרו: { $count }).
backups-confirm-delete-selected = למחוק לצמיתות את { $count ->
        [one] הגיבוי הזה
        [two] שני הגיבויים האלה
       *[other] { $count } הגיבויים האלה
    }?
backups-deleted = 🗑 { $count ->
        [one] נמחק גיבוי אחד
        [two] נמחקו שני גיבויים
       *[other] נמחקו { $count } גיבויים
    }.
backup-creating = ⏳ יוצר את הגיבוי שלכם…
backup-created = ✅ הגיבוי נוצר ונבדק: { $files ->
        [one] קובץ אחד
        [two] שני קבצים
       *[other] { $files } קבצים
    }, { $size } של קוד, ארכיון של { $archive }.
backup-created-empty = ✅ הגיבוי נוצר, אבל עדיין אין לכם קבצים: יש בו רק <code>metadata.json</code>.
backup-created-versions = 🕘 כולל ההיסטוריה: { $versions ->
        [one] גרסה קודמת אחת
        [two] שתי גרסאות קודמות
       *[other] { $versions } גרסאות קודמות
    } של הקבצים שלכם.
backup-created-protected = 🔒 מוגן בסיסמה שלכם (WinZip AES-256: אפשר לפתוח ב־7-Zip, ב־WinZip, ב־Keka או ב־pyzipper של Python). לא שמרתי את הסיסמה: בלעדיה אף אחד לא יוכל לפתוח את הגיבוי, גם לא אני.
backup-ask-password = 🔒 <b>גיבוי עם סיסמה</b>
    שלחו את הסיסמה שתגן עליו: לפחות { $min } תווים. אמחק את ההודעה שלכם מיד ולעולם לא אשמור את הסיסמה, אז שמרו אותה היטב: בלעדיה אף אחד לא יוכל לפתוח את הגיבוי — גם לא אני.
backup-ask-password-history = 🕘 כולל כל הגרסאות הקודמות של כל קובץ.
backup-ask-password-plain = 🕘 בלי הגרסאות הקודמות.
error-password-too-short = ⚠️ סיסמה צריכה לפחות { $min } תווים. מחקתי את ההודעה שלכם; שלחו סיסמה ארוכה יותר, או /cancel.
error-password-too-long = ⚠️ סיסמה יכולה להכיל לכל היותר { $max ->
        [one] תו אחד
        [two] שני תווים
       *[other] { $max } תווים
    }. מחקתי את ההודעה שלכם; שלחו סיסמה קצרה יותר, או /cancel.
backup-password-lost = ⚠️ הסיסמה לגיבוי הזה כבר לא ידועה כאן (הבוט הופעל מחדש לפני שהגיבוי נוצר), ולכן לא נוצר דבר. נסו שוב.
backup-protected-parts = 🔒 אי אפשר לשלוח גיבוי מוגן בחלקים: כל חלק היה צריך את הסיסמה שלכם, ואני לא שומר אותה. העלו אותו ל־Google Drive במקום זאת.
backup-protected = 🔒 מוגן בסיסמה.
archive-ask-password = 🔒 <b>{ $name }</b> מוגן בסיסמה. שלחו אותה כדי לפתוח את הארכיון; אמחק את ההודעה שלכם מיד. ‏/cancel עוצר בלי לשנות דבר.
archive-password-required = 🔒 הארכיון הזה מוגן בסיסמה שכבר לא ידועה כאן, ולכן לא שונה דבר. פתחו אותו שוב ומסרו את הסיסמה.
archive-wrong-password = 🔑 הסיסמה הזו לא פותחת את הארכיון. לא שונה דבר; מחקתי את ההודעה שלכם. שלחו אותה שוב, או /cancel.
archive-unnamed = הארכיון הזה
backup-quota-pruned = ♻️ כדי לפנות מקום, מחקתי את { $count ->
        [one] הגיבוי הישן ביותר שלא דורג
        [two] שני הגיבויים הישנים ביותר שלא דורגו
       *[other] { $count } הגיבויים הישנים ביותר שלא דורגו
    } מהסוג הזה ({ $class }: נשמרים לכל היותר { $limit ->
        [one] גיבוי אחד
        [two] שני גיבויים
       *[other] { $limit } גיבויים
    }, ו־{ $quota } של גיבויים בסך הכול). גיבויים מסוגים אחרים לעולם לא נמחקים בשביל זה; דרגו גיבוי כדי לשמור אותו:
backup-no-room = ⚠️ אין מקום לגיבוי חדש מהסוג הזה ({ $class }): יש לכם { $stored ->
        [one] גיבוי אחד
        [two] שני גיבויים
       *[other] { $stored } גיבויים
    } מהסוג הזה, אפשר לשמור לכל היותר { $limit ->
        [one] גיבוי אחד
        [two] שני גיבויים
       *[other] { $limit } גיבויים
    }, וגיבויים מדורגים לעולם לא נמחקים כדי לפנות מקום. שום דבר לא נשמר ושום דבר לא השתנה. מחקו גיבוי או נקו דירוג, ונסו שוב.
backup-no-room-bytes = ⚠️ אין מקום לגיבוי חדש: הגיבויים שלכם תופסים { $used } מתוך { $limit } המותרים, ורק גיבויים לא מדורגים מאותו סוג נמחקים כדי לפנות מקום. שום דבר לא נשמר ושום דבר לא השתנה. מחקו גיבוי שאינכם צריכים (או נקו דירוג), ונסו שוב.
backup-no-room-bytes-sized = ⚠️ הגיבוי הזה ({ $size }) לא נכנס: שאר הגיבויים שלכם תופסים { $used } מתוך { $limit } המותרים, ורק גיבויים לא מדורגים מאותו סוג נמחקים כדי לפנות מקום. שום דבר לא נשמר ושום דבר לא נמחק. מחקו גיבוי שאינכם צריכים (או נקו דירוג), ונסו שוב.
backup-class-manual = 📦🐙 גיבויים שיצרתם
backup-class-scheduled = ☁️ גיבויים שנוצרו עבור Google Drive
backup-class-snapshot = 🛟 גיבויי ביטחון לפני שחזור
backup-class-imported = 📥 קובצי ZIP מיובאים
backups-usage = 💾 { $used } מתוך { $quota } · 📦🐙 { $manual } · ☁️ { $scheduled } · 🛟 { $snapshots } · 📥 { $imports }
backup-caption = 📦 גיבוי של CodeVault — { $files ->
        [one] קובץ אחד
        [two] שני קבצים
       *[other] { $files } קבצים
    }, { $size } של קוד, ארכיון של { $archive }. מזהה: { $id }
backup-row-archive = ארכיון { $size }
backup-part-caption = 📦 הגיבוי { $id } של CodeVault, חלק { $part } מתוך { $count }
backup-too-big = ⚠️ הגיבוי הזה בגודל { $size }, יותר מ־{ $limit }, הגודל המרבי שטלגרם מאפשר לבוט לשלוח. הוא שמור בבטחה. שלחו אותו בחלקים, או העלו אותו ל־Google Drive.
backup-undelivered = ⚠️ טלגרם לא קיבל את הארכיון, ולכן הוא לא נשלח. הגיבוי { $id } שמור בבטחה: הקישו על ⬇️ הורדה כדי לנסות שוב.
backup-details =
    { $type }
    נוצר: { $created }
    קבצים: { $files }
    גודל הקבצים: { $size }
    ארכיון: { $archive }
    SHA-256: <code>{ $sha256 }</code>
    מזהה: <code>{ $id }</code>
    דירוג: { $rating }
    הערה: { $note }
backup-repo = מאגר: { $repo } · { $ref } · { $commit }
backup-type-full-backup = 📦 גיבוי מלא
backup-type-github-repo-zip = 🐙 מאגר GitHub
backup-type-google-drive-backup = ☁️ גיבוי Google Drive
backup-type-imported-zip = 📥 ‏ZIP מיובא
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
btn-backup-with-history = עם היסטוריה
btn-backup-with-password = עם סיסמה
btn-protect-history-on = הוספת ההיסטוריה
btn-protect-history-off = בלי ההיסטוריה
btn-my-backups = הגיבויים שלי
btn-restore = שחזור
btn-rate = דירוג
btn-upload-to-drive = העלאה ל־Google Drive
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
error-backup-cancelled = ✖️ בוטל. שום דבר לא נשמר, והקבצים שלכם לא השתנו.

restore-plan =
    ♻️ <b>שחזור</b> של הגיבוי מ־{ $date }: { $total ->
        [one] קובץ אחד
        [two] שני קבצים
       *[other] { $total } קבצים
    }.
    { restore-plan-counts }
import-plan =
    📥 <b>ייבוא</b> של <b>{ $document }</b>: { $total ->
        [one] קובץ אחד
        [two] שני קבצים
       *[other] { $total } קבצים
    }.
    { restore-plan-counts }
restore-plan-counts =
    חדשים: { $new } · ללא שינוי: { $unchanged } · התנגשויות: { $conflicts }
    לפני שמשהו נכתב, נשמר גיבוי ביטחון של הספרייה שלכם, כך שאפשר יהיה לבטל את הפעולה.
restore-plan-versions = 🕘 הגיבוי כולל גם את ההיסטוריה: { $versions ->
        [one] גרסה קודמת אחת
        [two] שתי גרסאות קודמות
       *[other] { $versions } גרסאות קודמות
    }. קובץ שחוזר מקבל את כל ההיסטוריה שלו; קובץ שכבר יש לכם מקבל רק את הגרסאות שחסרות בהיסטוריה שלו (אותו תוכן לא נוסף פעמיים).
restore-admit-title = ⚠️ חלק מהקבצים לא עמדו בכללי הספרייה לשמות, להערות ולתגיות:
restore-admit-refused = { $count ->
        [one] לקובץ אחד אין
        [two] לשני קבצים אין
       *[other] ל־{ $count } קבצים אין
    } שם תקין, והם לא ייכללו: { $names }
restore-admit-renamed = { $count ->
        [one] לקובץ אחד יש
        [two] לשני קבצים יש
       *[other] ל־{ $count } קבצים יש
    } שם רשום לא תקין, והם יקבלו את הנתיב שלהם בארכיון: { $names }
restore-admit-duplicates = { $count ->
        [one] לקובץ אחד יש
        [two] לשני קבצים יש
       *[other] ל־{ $count } קבצים יש
    } אותו שם כמו לקובץ שלפניהם, והם לא ייכללו: { $names }
restore-admit-notes = { $count ->
        [one] הערה אחת קוצרה
        [two] שתי הערות קוצרו
       *[other] { $count } הערות קוצרו
    } ל־{ $max } תווים: { $names }
restore-admit-tags = { $count ->
        [one] תגית אחת הוסרה
        [two] שתי תגיות הוסרו
       *[other] { $count } תגיות הוסרו
    } (לא תקינות, או יותר מ־{ $max } בקובץ): { $names }
restore-conflict = ⚠️ התנגשות { $index } מתוך { $total }: הקובץ <b>{ $name }</b> כבר קיים עם תוכן אחר. להחליף אותו (הגרסה הנוכחית תישאר בהיסטוריה שלו), לדלג עליו או לשמור את שניהם?
restore-applying = ⏳ משחזר…
restore-report = ✅ { $restored ->
        [one] שוחזר קובץ אחד
        [two] שוחזרו שני קבצים
       *[other] שוחזרו { $restored } קבצים
    }. חדשים: { $new }, הוחלפו: { $replaced }, נשמרו שתי הגרסאות: { $kept }, דולגו: { $skipped }, ללא שינוי: { $unchanged }.
restore-report-versions = 🕘 { $versions ->
        [one] גרסה קודמת אחת נכתבה
        [two] שתי גרסאות קודמות נכתבו
       *[other] { $versions } גרסאות קודמות נכתבו
    } להיסטוריה של הקבצים.
restore-undone = ↩️ השחזור בוטל: { $binned ->
        [0] אף קובץ שהוא הוסיף לא היה צריך להימחק
        [one] קובץ אחד שהוא הוסיף נמצא עכשיו בסל המחזור
        [two] שני קבצים שהוא הוסיף נמצאים עכשיו בסל המחזור
       *[other] { $binned } קבצים שהוא הוסיף נמצאים עכשיו בסל המחזור
    }; { $reverted ->
        [0] אף קובץ שהוא החליף לא היה צריך לחזור לתוכן הקודם
        [one] קובץ אחד שהוא החליף חזר לתוכן הקודם שלו
        [two] שני קבצים שהוא החליף חזרו לתוכן הקודם שלהם
       *[other] { $reverted } קבצים שהוא החליף חזרו לתוכן הקודם שלהם
    } (הגרסה המשוחזרת נשארת בהיסטוריה).
restore-undone-versions = 🕘 { $versions ->
        [one] גרסה קודמת אחת שהוא הוסיף להיסטוריה הוסרה
        [two] שתי גרסאות קודמות שהוא הוסיף להיסטוריה הוסרו
       *[other] { $versions } גרסאות קודמות שהוא הוסיף להיסטוריה הוסרו
    } שוב.
restore-undone-left = ⚠️ { $count ->
        [one] קובץ אחד השתנה אחרי השחזור, ולכן הוא נשאר כפי שהוא
        [two] שני קבצים השתנו אחרי השחזור, ולכן הם נשארו כפי שהם
       *[other] { $count } קבצים השתנו אחרי השחזור, ולכן הם נשארו כפי שהם
    }: { $names }
restore-undo-already = ℹ️ השחזור הזה כבר בוטל. שום דבר לא השתנה.
restore-undo-unavailable = ⚠️ הגיבוי הזה לא יכול לבטל שחזור: רק כפתור ↩️ הביטול בדוח של שחזור יכול לעשות זאת, ושחזורים שנעשו בגרסה ישנה של הבוט אינם ניתנים לביטול. שום דבר לא השתנה. עדיין אפשר לשחזר כל גיבוי מ־🗂 הגיבויים שלי.
restore-snapshot-needs-room = ♻️ לפני ששחזור כותב משהו, הוא שומר גיבוי ביטחון של הקבצים שלכם.
restore-plan-changed = ⚠️ הקבצים שלכם השתנו בזמן שבחרתם, ולכן שום דבר לא שוחזר. התחילו את השחזור מחדש.
restore-cancelled = 🚫 השחזור בוטל: שום דבר לא נכתב, והקבצים שלכם לא השתנו.
restore-nothing = { $total ->
        [one] ✅ אין מה לשחזר: הקובץ היחיד שבגיבוי כבר נמצא בספרייה שלכם, ללא שינוי.
        [two] ✅ אין מה לשחזר: שני הקבצים שבגיבוי כבר נמצאים בספרייה שלכם, ללא שינוי.
       *[other] ✅ אין מה לשחזר: כל { $total } הקבצים שבגיבוי כבר נמצאים בספרייה שלכם, ללא שינוי.
    }
restore-nothing-empty = ✅ אין מה לשחזר: בגיבוי הזה אין קבצים.
import-nothing = { $total ->
        [one] ✅ אין מה לייבא: הקובץ היחיד שבארכיון כבר נמצא בספרייה שלכם, ללא שינוי.
        [two] ✅ אין מה לייבא: שני הקבצים שבארכיון כבר נמצאים בספרייה שלכם, ללא שינוי.
       *[other] ✅ אין מה לייבא: כל { $total } הקבצים שבארכיון כבר נמצאים בספרייה שלכם, ללא שינוי.
    }
import-nothing-empty = ✅ אין מה לייבא: בארכיון הזה אין קובצי קוד.
restore-too-large = ⚠️ הגיבוי הזה מכיל יותר ממה ששחזור יכול לקלוט בבת אחת (לכל היותר { $entries ->
        [one] קובץ אחד
        [two] שני קבצים
       *[other] { $entries } קבצים
    } ו־{ $max } מ״ב), ולכן שום דבר לא השתנה. הורידו אותו כדי לקבל את הקבצים שבו.
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
        [two] שני קבצים
       *[other] { $count } קבצים
    } בתור <b>{ $repo }</b>? דולגו: { $skipped } (תיקיות, קבצים בינאריים, .git, node_modules, קבצי עזר של macOS, קבצים שחורגים ממגבלת הגודל). הארכיון נשמר כגיבוי, ואתם מחליטים מה לעשות בקבצים שכבר קיימים.
import-confirm-plain = 📥 לייבא { $count ->
        [one] קובץ אחד
        [two] שני קבצים
       *[other] { $count } קבצים
    } מתוך <b>{ $document }</b>? דולגו: { $skipped } (תיקיות, קבצים בינאריים, .git, node_modules, קבצי עזר של macOS, קבצים שחורגים ממגבלת הגודל). הארכיון נשמר כגיבוי, ואתם מחליטים מה לעשות בקבצים שכבר קיימים.
import-unnamed = הארכיון
import-is-backup = ♻️ זה גיבוי של CodeVault ({ $id }) עם { $count ->
        [one] קובץ אחד
        [two] שני קבצים
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
        [two] יותר משני פריטים
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
