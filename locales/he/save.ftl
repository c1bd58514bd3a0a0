# Saving code: text or document → name → note.

save-send-code = ➕ שלחו לי את הקוד כהודעה, או קובץ טקסט כמסמך.
save-ask-name =
    השפה שזוהתה: <b>{ $language }</b>.
    איך לקרוא לקובץ? שלחו שם, או בחרו בהצעה: <code>{ $suggested }</code>
save-ask-new-name = ✏️ שלחו שם חדש לקובץ.
save-try-another-name = שלחו שם אחר.
save-name-taken = ⚠️ כבר יש לכם קובץ בשם <b>{ $name }</b>. להחליף אותו (התוכן הישן יישאר בהיסטוריה שלו), לבחור שם אחר או לבטל?
save-choose-option = בחרו באחד הכפתורים שלמעלה: החלפה, שינוי שם או ביטול.
save-ask-note = 📝 להוסיף הערה לקובץ <b>{ $name }</b>? שלחו אותה כהודעה, או דלגו.
save-empty-code = ⚠️ אין קוד בהודעה הזו — היא ריקה. שום דבר לא נשמר.
save-binary-refused = ⚠️ זה קובץ בינארי ולא קובץ טקסט, ולכן אי אפשר לשמור אותו כקוד. שום דבר לא נשמר.
save-document-too-big-for-telegram = ⚠️ המסמך גדול מ־{ $max } מ״ב, הגודל המרבי שטלגרם מאפשר לבוט להוריד. שום דבר לא נשמר.
file-saved = ✅ הקובץ <b>{ $name }</b> נשמר (גרסה { $version }).

btn-replace = החלפה
btn-rename = שינוי שם
btn-skip = דילוג
btn-use-name = שימוש בשם הזה

error-name-empty = ⚠️ השם ריק.
error-name-too-long = ⚠️ השם ארוך מדי: לכל היותר { $max ->
        [one] תו אחד
        [two] שני תווים
       *[other] { $max } תווים
    } לשם של קובץ או של תיקייה.
error-name-path-too-long = ⚠️ השם יחד עם התיקיות שלו ארוך מדי: לכל היותר { $max ->
        [one] תו אחד
        [two] שני תווים
       *[other] { $max } תווים
    } בסך הכול.
error-name-separator = ⚠️ השם לא יכול להתחיל או להסתיים ב־/, או להכיל //: התו / רק מפריד בין תיקיות, כמו ב־src/app.py.
error-name-backslash = ⚠️ השם לא יכול להכיל \ — השתמשו ב־/ כדי להפריד בין תיקיות, כמו ב־src/app.py.
error-name-reserved = ⚠️ השם, או תיקייה בתוכו, לא יכולים להיות . או .. או נקודות בלבד.
error-name-control = ⚠️ השם לא יכול להכיל תווי בקרה.
error-name-bidi = ⚠️ השם לא יכול להכיל סימנים שמשנים את כיוון הטקסט: הם גורמים לו להיקרא כשם אחר.
error-name-invisible = ⚠️ השם לא יכול להכיל תווים בלתי נראים: הם גורמים לו להיראות כמו שם אחר.
error-name-as-sent = השם ששלחתם, עם התווים הנסתרים גלויים: <code>{ $name }</code>
error-name-taken = ⚠️ כבר קיים קובץ בשם הזה.
error-file-too-large = ⚠️ הקובץ גדול מ־{ $max } מ״ב, המגבלה לקובץ יחיד. שום דבר לא נשמר.
error-too-many-files = ⚠️ בספרייה שלכם כבר יש { $max ->
        [one] קובץ אחד
        [two] שני קבצים
       *[other] { $max } קבצים
    }, וזו המגבלה. מחקו קודם כמה קבצים. שום דבר לא נשמר.
error-library-full = ⚠️ הספרייה שלכם תחרוג מהמגבלה של { $max } מ״ב. מחקו קודם כמה קבצים. שום דבר לא נשמר.

# Code in pieces: a paste Telegram split, or /long … /done.
save-long-send-pieces = 📜 קוד ארוך: שלחו אותו בכמה הודעות שצריך, ואחבר אותן לפי הסדר (הדבקה שטלגרם פיצל מחוברת בדיוק כפי שהודבקה). כשהכול נשלח, שלחו /done, או /cancel.
save-long-piece-received = 📥 { $count ->
        [one] חלק אחד
        [two] שני חלקים
       *[other] { $count } חלקים
    } עד כה ({ $chars } תווים). שלחו עוד, או /done כדי לתת לקובץ שם.
save-long-not-collecting = אין כאן מה לסיים. לקוד ארוך מהודעה אחת שלחו /long, אחר כך את החלקים, ואז /done.
save-long-empty = עדיין לא הגיע כלום: שלחו את הקוד בהודעות, ואז /done (או /cancel).
save-long-text-only = בזמן איסוף הדבקה ארוכה אני מקבל הודעות טקסט בלבד. שלחו /done כדי לסיים, או /cancel.
save-pieces-joined = 📎 חובר מ{ $count ->
        [one] הודעה אחת
        [two] שתי הודעות
       *[other] { $count } הודעות
    }: { $chars } תווים.

# 🆕 A new version of a file.
btn-new-version = גרסה חדשה
btn-save-version = שמירה כגרסה החדשה
save-version-send = 🆕 שלחו את הקוד לגרסה { $version } של <b>{ $name }</b>, כהודעה או כמסמך טקסט.
save-version-ask = 🆕 לשמור את הקוד הזה ({ $chars } תווים) כגרסה { $version } של <b>{ $name }</b>?
save-version-confirm = הקישו ✅ כדי לשמור את הקוד כגרסה החדשה, או 🚫 כדי לבטל.
version-unchanged = הקוד זהה לגרסה הנוכחית של <b>{ $name }</b> (גרסה { $version }): שום דבר לא נשמר.
