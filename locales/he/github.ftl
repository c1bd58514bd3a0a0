# 🐙 GitHub: גיבוי מאגרים וטוקן אופציונלי.

github-menu =
    🐙 <b>GitHub</b>

    גבו מאגר כקובץ ZIP ישירות מ־GitHub: הקבצים שלו, ועוד מניפסט עם המאגר, הענף והקומיט. אחר כך אפשר לייבא את הקבצים אל 📂 הקבצים שלי.

    { $token }
github-token-connected = 🔑 טוקן: מחובר בתור <b>{ $login }</b> (מאז { $since }). אפשר לגבות מאגרים פרטיים שהוא יכול לקרוא.
github-token-none = 🔑 טוקן: אין. מאגרים ציבוריים עובדים בלעדיו; למאגרים פרטיים חברו טוקן.
github-ask-repo =
    📦 שלחו את המאגר לגיבוי, למשל:
    <code>owner/repo</code>
    <code>https://github.com/owner/repo</code>
    <code>https://github.com/owner/repo/tree/branch</code>

    כדי לבחור ענף, תגית או קומיט, הוסיפו אותם אחרי רווח (<code>owner/repo v1.2.0</code>); אחרת ייעשה שימוש בענף ברירת המחדל.
github-ask-token =
    🔑 שלחו את טוקן הגישה האישי שלכם ל־GitHub (fine-grained עם הרשאת קריאה לתוכן, או classic עם ה־scope <code>repo</code>).

    אמחק את ההודעה שלכם מיד ואשמור את הטוקן מוצפן.
github-token-saved = ✅ הטוקן נשמר עבור <b>{ $login }</b>. ההודעה שהכילה אותו נמחקה.
github-token-not-a-token = ⚠️ זה לא נראה כמו טוקן (טוקן הוא מילה אחת בלי רווחים). שלחו את הטוקן שוב, או הקישו ביטול.
github-token-refused = ⚠️ ‏GitHub דחה את הטוקן הזה (שגוי, פג תוקף או בוטל). שום דבר לא נשמר. שלחו טוקן אחר, או הקישו ביטול.
github-token-no-key = ⚠️ הבוט הזה לא יכול לשמור טוקנים באופן בטוח, ולכן מאגרים פרטיים אינם זמינים כאן. מאגרים ציבוריים עדיין עובדים בלי טוקן.
github-token-removed = ✅ טוקן ה־GitHub שלכם הוסר.
github-remove-confirm = להסיר את הטוקן של <b>{ $login }</b>? לאחר מכן לא ניתן יהיה לגבות מאגרים פרטיים.
github-downloading = ⏳ מוריד את <b>{ $repo }</b> מ־GitHub…
github-backup-done =
    ✅ ‏<b>{ $repo }</b> גובה.
    ענף/תגית: <code>{ $ref }</code> · קומיט <code>{ $commit }</code>
    { $files ->
        [one] קובץ אחד
        [two] שני קבצים
       *[other] { $files } קבצים
    }, { $size }.
github-left-out-links = ⚠️ לא נכללו בגיבוי: { $links ->
        [one] קישור סימבולי אחד
        [two] שני קישורים סימבוליים
       *[other] { $links } קישורים סימבוליים
    }.
github-left-out-unsafe = ⚠️ לא נכללו בגיבוי: { $unsafe ->
        [one] קובץ אחד שאי אפשר לשמור את שמו בבטחה
        [two] שני קבצים שאי אפשר לשמור את שמם בבטחה
       *[other] { $unsafe } קבצים שאי אפשר לשמור את שמם בבטחה
    }.
github-left-out-both = ⚠️ לא נכללו בגיבוי: { $links ->
        [one] קישור סימבולי אחד
        [two] שני קישורים סימבוליים
       *[other] { $links } קישורים סימבוליים
    }, { $unsafe ->
        [one] קובץ אחד שאי אפשר לשמור את שמו בבטחה
        [two] שני קבצים שאי אפשר לשמור את שמם בבטחה
       *[other] { $unsafe } קבצים שאי אפשר לשמור את שמם בבטחה
    }.
github-repo-unrecognized = ⚠️ לא הצלחתי לזהות מאגר. שלחו <code>owner/repo</code> או קישור ל־GitHub, או הקישו ביטול.
github-repo-bad-owner = ⚠️ שם הבעלים הזה אינו חוקי ב־GitHub (אותיות, ספרות ומקפים, עד 39). נסו שוב, או הקישו ביטול.
github-repo-bad-name = ⚠️ שם המאגר הזה אינו חוקי ב־GitHub (אותיות, ספרות, <code>.</code> <code>-</code> <code>_</code>, עד 100). נסו שוב, או הקישו ביטול.
github-repo-bad-ref = ⚠️ זה אינו שם חוקי של ענף, תגית או קומיט. נסו שוב, או הקישו ביטול.
github-error-not-found = ❌ המאגר <b>{ $repo }</b> לא נמצא, או שהטוקן שלכם לא יכול לקרוא אותו. שום דבר לא נשמר.
github-error-not-found-no-token = ❌ המאגר <b>{ $repo }</b> לא נמצא. אם הוא פרטי, חברו קודם טוקן (🔑 חיבור טוקן). שום דבר לא נשמר.
github-error-ref-not-found = ❌ ב־<b>{ $repo }</b> אין ענף, תגית או קומיט <code>{ $ref }</code>. שום דבר לא נשמר.
github-error-empty = ❌ המאגר <b>{ $repo }</b> ריק: אין מה לגבות.
github-error-bad-token = ❌ ‏GitHub דחה את הטוקן השמור שלכם (פג תוקף או בוטל). חברו טוקן חדש (🔑 החלפת טוקן). שום דבר לא נשמר.
github-error-forbidden = ❌ הטוקן שלכם לא רשאי לקרוא את <b>{ $repo }</b>. תנו לו גישה למאגר הזה, או החליפו אותו. שום דבר לא נשמר.
github-error-rate-limited = ⌛ מכסת הבקשות של GitHub נוצלה עד { $reset }. נסו שוב אחרי כן; טוקן מגדיל את המכסה. שום דבר לא נשמר.
github-error-rate-limited-later = ⌛ מכסת הבקשות של GitHub נוצלה. נסו שוב בעוד כמה דקות. שום דבר לא נשמר.
github-error-too-large = ❌ ארכיון המאגר גדול מ־{ $max } MB, המקסימום שאני מוריד. שום דבר לא נשמר.
github-error-too-large-unpacked = ❌ קבצי המאגר תופסים יותר מ־{ $max } MB כשהם פרוסים, המקסימום שאני שומר. שום דבר לא נשמר.
github-error-timeout = ⌛ ‏GitHub לא ענה בזמן. נסו שוב מאוחר יותר. שום דבר לא נשמר.
github-error-network = 📡 לא הצלחתי להתחבר ל־GitHub. נסו שוב מאוחר יותר. שום דבר לא נשמר.
github-error-unexpected = ❌ ‏GitHub החזיר שגיאה לא צפויה ({ $status }). נסו שוב מאוחר יותר. שום דבר לא נשמר.
github-error-token-unreadable = 🔑 לא ניתן עוד לקרוא את הטוקן השמור (מפתח הבוט השתנה). חברו אותו שוב (🔑 החלפת טוקן). שום דבר לא נשמר.
github-error-bad-archive = ❌ ‏GitHub שלח ארכיון שאני לא מצליח לקרוא. נסו שוב מאוחר יותר. שום דבר לא נשמר.
github-error-cancelled = ✖️ הגיבוי של <b>{ $repo }</b> בוטל. שום דבר לא נשמר.

btn-back-up-repo = גיבוי מאגר
btn-recent-repo = מאגר אחרון
btn-connect-token = חיבור טוקן
btn-replace-token = החלפת טוקן
btn-remove-token = הסרת טוקן
btn-confirm-remove-token = הסרת הטוקן
btn-import-into-files = ייבוא לקבצים שלי
