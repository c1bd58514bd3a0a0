# התראות למפעילים (נשלחות למנהלים שב־telegram.admins), כשתקלה מתחילה וכשהיא נפתרת.

alert-backup-failing = 🚨 <b>גיבויים מתוזמנים נכשלים</b>: משתמש <code>{ $user }</code>, יעד { $destination }. כישלונות ברצף: { $failures }. השגיאה האחרונה: { $error }
alert-no-success = 🚨 <b>אף גיבוי מתוזמן לא הצליח</b> לאחרונה. משתמשים עם תזמון: { $scheduled }. ההצלחה האחרונה של מישהו: { $last }.
alert-damaged = 🚨 <b>גיבוי פגום</b>: הגיבוי <code>{ $backup }</code> של משתמש <code>{ $user }</code>, שנוצר ב־{ $created }, נמצא פגום בבדיקה ב־{ $found }. הבעלים עודכן; אי אפשר עוד לשחזר או להוריד אותו.
alert-dump-failing = 🚨 <b>גיבוי מסד הנתונים המתוזמן נכשל</b>. כישלונות ברצף: { $failures }. השגיאה האחרונה: { $error }
alert-dump-missing = 🚨 <b>גיבוי מסד הנתונים המתוזמן חסר</b>: לא נוצר אף אחד בתוך התקופה שלו. הגיבוי האחרון: { $last }.
alert-store-full = 🚨 <b>הדיסק של מאגר הנתונים כמעט מלא</b>: { $percent }% בשימוש.
alert-resolved = ✅ <b>נפתר</b>: { $what } (ההתראה הייתה פתוחה מאז { $since }).
alert-what-backup-failing = גיבויים מתוזמנים של משתמש <code>{ $user }</code> אל { $destination } נכשלים
alert-what-no-success = אף גיבוי מתוזמן לא מצליח
alert-what-damaged = הגיבוי <code>{ $backup }</code> של משתמש <code>{ $user }</code> פגום (הגיבוי כבר נמחק)
alert-what-dump-failing = גיבוי מסד הנתונים המתוזמן נכשל
alert-what-dump-missing = גיבוי מסד הנתונים המתוזמן חסר
alert-what-store-full = הדיסק של מאגר הנתונים כמעט מלא
alert-what-user-not-backed-up = משתמש <code>{ $user }</code> עודכן שהגיבויים האוטומטיים שלו לא מצליחים
alert-no-error = (אין טקסט שגיאה)
alert-never = אף פעם
