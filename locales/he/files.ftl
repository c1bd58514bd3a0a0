# My files: list, file screen, notes, tags, history, recycle bin.

files-count =
    { $count ->
        [one] קובץ אחד
        [two] שני קבצים
       *[other] { $count } קבצים
    }
files-title = 📂 <b>הקבצים שלי</b> — { files-count }, עמוד { $page } מתוך { $pages }
files-filtered-by = 🏷 תגית: <b>{ $tag }</b>
files-empty = עדיין אין לכם קבצים. שלחו לי קוד כדי לשמור אותו.
files-none-with-tag = אין קבצים עם התגית הזו.
files-choose-tag = 🏷 להציג רק את הקבצים עם התגית:
files-no-tags = לאף אחד מהקבצים שלכם עדיין אין תגיות. פתחו קובץ והקישו על 🏷 תגיות כדי להוסיף.
version-label = גרסה { $version }
file-details =
    📄 <b>{ $name }</b>
    שפה: { $language }
    גרסה: { $version }
    גודל: { $size }
    נוצר: { $created }
    עודכן: { $updated }
    תגיות: { $tags }
    הערה: { $note }
file-more-tags = { $count ->
        [one] ועוד תגית אחת
        [two] ועוד שתי תגיות
       *[other] ועוד { $count } תגיות
    }
file-code-as-document = הקוד ארוך מדי להודעה, אז שלחתי אותו כמסמך.
file-deleted = 🗑 הקובץ <b>{ $name }</b> הועבר לסל המחזור. אפשר לשחזר אותו משם במשך { $days ->
        [one] יום אחד
        [two] יומיים
       *[other] { $days } ימים
    }.
file-restored = ♻️ הקובץ <b>{ $name }</b> חזר לקבצים שלכם.
file-restored-renamed = כבר קיים קובץ בשם <b>{ $old }</b>, ולכן הקובץ המשוחזר קיבל שם חדש.
note-ask =
    📝 ההערה לקובץ <b>{ $name }</b>: { $current }
    שלחו הערה חדשה (עד 1000 תווים), או מחקו אותה.
note-saved = ✅ ההערה לקובץ <b>{ $name }</b> נשמרה.
note-cleared = ✅ ההערה הוסרה מהקובץ <b>{ $name }</b>.
tags-ask =
    🏷 התגיות של <b>{ $name }</b>: { $current }
    שלחו תגיות חדשות, מופרדות ברווחים או בפסיקים (הן יחליפו את הקודמות), או מחקו אותן.
tags-saved = ✅ התגיות של <b>{ $name }</b> נשמרו.
tags-cleared = ✅ התגיות הוסרו מהקובץ <b>{ $name }</b>.
history-title = 🕘 ההיסטוריה של <b>{ $name }</b> — { $count ->
        [one] גרסה אחת
        [two] שתי גרסאות
       *[other] { $count } גרסאות
    }. הקישו על גרסה כדי לצפות בה.
version-title = 🕘 <b>{ $name }</b>, גרסה { $version } מתוך { $current } — { $updated }
version-made-current = ⏪ התוכן של גרסה { $old } של <b>{ $name }</b> הוא עכשיו הגרסה הנוכחית ({ $version }).
bin-title = ♻️ <b>סל המחזור</b> — { $count ->
        [one] קובץ אחד
        [two] שני קבצים
       *[other] { $count } קבצים
    }. קבצים נשמרים כאן { $days ->
        [one] יום אחד
        [two] יומיים
       *[other] { $days } ימים
    }; הקישו על קובץ כדי לשחזר אותו.
bin-empty = סל המחזור ריק.

btn-download = הורדה
btn-note = הערה
btn-tags = תגיות
btn-history = היסטוריה
btn-delete = מחיקה
btn-recycle-bin = סל המחזור
btn-restore-file = שחזור
btn-make-current = שחזור לגרסה זו
btn-filter-by-tag = סינון לפי תגית
btn-all-files = כל הקבצים
btn-clear-note = מחיקת ההערה
btn-clear-tags = מחיקת התגיות
btn-open-file = פתיחת הקובץ

error-file-not-found = ⚠️ הקובץ לא נמצא. ייתכן שהוא נמחק.
error-note-too-long = ⚠️ ההערה ארוכה מדי: לכל היותר { $max ->
        [one] תו אחד
        [two] שני תווים
       *[other] { $max } תווים
    }. היא לא נשמרה.
error-tags-too-many = ⚠️ יותר מדי תגיות: לכל היותר { $max }. שום דבר לא השתנה.
error-tag-too-long = ⚠️ התגית "{ $tag }…" ארוכה מדי: לכל היותר { $max ->
        [one] תו אחד
        [two] שני תווים
       *[other] { $max } תווים
    }. שום דבר לא השתנה.
error-tag-invalid = ⚠️ בתגית "{ $tag }" יש תווים שאי אפשר להשתמש בהם בתגית (מותר: אותיות, ספרות והתווים - _ . : / +). שום דבר לא השתנה.

# 🔀 Comparing two versions of a file.
btn-compare-with-current = השוואה לגרסה הנוכחית
btn-compare-with = השוואה לגרסה אחרת
compare-pick = 🔀 להשוות את גרסה { $version } של <b>{ $name }</b> עם:
compare-title = 🔀 <b>{ $name }</b>: השינויים מגרסה { $older } לגרסה { $newer }
compare-identical = לגרסאות האלה יש אותו תוכן.
compare-as-document = השינויים ארוכים מדי להודעה: הם נשלחים כמסמך ‎.diff.

# ✏️ Renaming a file.
rename-ask = ✏️ שלחו שם חדש לקובץ <b>{ $name }</b>. תיקיות נכתבות עם /, כמו src/app.py.
rename-name-taken = ⚠️ כבר יש לכם קובץ בשם <b>{ $name }</b>. להחליף אותו (הקובץ ההוא יעבור לסל המחזור 🗑, ואפשר יהיה לשחזר אותו), לבחור שם אחר או לבטל?
file-renamed = ✏️ שם הקובץ <b>{ $old }</b> הוא עכשיו <b>{ $name }</b> (גרסה { $version }; ההיסטוריה שומרת את השם הקודם).
file-renamed-replacing = ✏️ שם הקובץ <b>{ $old }</b> הוא עכשיו <b>{ $name }</b> (גרסה { $version }; ההיסטוריה שומרת את השם הקודם). הקובץ שנקרא <b>{ $name }</b> נמצא בסל המחזור 🗑.

btn-search = חיפוש
btn-new-search = חיפוש חדש
search-ask =
    🔎 שלחו את המילים לחפש בשמות, בקוד, בהערות ובתגיות של הקבצים שלכם. כל מילה חייבת להופיע; אין הבדל בין אותיות גדולות לקטנות, ומה שאתם כותבים נחפש כמו שהוא.
    אפשר לצמצם עם <code>lang:rust</code> או <code>tag:work</code>; "מילים במירכאות" נחפשות יחד.
search-send-words = 🔎 שלחו את מילות החיפוש כהודעת טקסט (או /cancel).
search-title = 🔎 <b>{ $query }</b>: { $count ->
        [one] נמצא קובץ אחד
        [two] נמצאו שני קבצים
       *[other] נמצאו { $count } קבצים
    } (עמוד { $page } מתוך { $pages })
search-none = נסו מילים אחרות, פחות מילים, או בלי סינון.
search-hit = שורה { $line }: <code>{ $text }</code>
error-search-empty = ⚠️ אין מה לחפש: שלחו מילים (גם סינון לבד, כמו <code>lang:rust</code>, בסדר).
error-search-too-long = ⚠️ החיפוש ארוך מדי: לכל היותר { $max ->
        [one] תו אחד
        [two] שני תווים
       *[other] { $max } תווים
    }.
error-search-too-many-words = ⚠️ יותר מדי מילים: לכל היותר { $max ->
        [one] מילה אחת
        [two] שתי מילים
       *[other] { $max } מילים
    } בחיפוש אחד.
error-search-language = ⚠️ אני לא מכיר שפה בשם “{ $language }”. נסו את השם כפי שהוא מופיע במסך הקובץ, כמו <code>lang:python</code>.
error-search-tag = ⚠️ “{ $tag }” לא יכול להיות תגית (אותיות, ספרות ו־ - _ . : / + מותרים).

files-favourites = ⭐ מועדפים
files-no-favourites = עדיין אין מועדפים: פתחו קובץ והקישו ⭐ הוספה למועדפים.
btn-favourites = מועדפים
btn-favourite = הוספה למועדפים
btn-unfavourite = הסרה מהמועדפים
