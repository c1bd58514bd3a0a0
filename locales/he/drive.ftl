# ☁️ Google Drive: חיבור, העלאה, לוח זמנים ושמירת גיבויים.

drive-menu =
    ☁️ <b>Google Drive</b>

    { $status }
drive-not-configured = ‏Google Drive אינו זמין בבוט הזה. הגיבויים שלכם עדיין נשמרים כאן, ב־📦 גיבוי ושחזור.
drive-status-disconnected = לא מחובר. חברו את חשבון ה־Google שלכם, ואעלה את הגיבויים שלכם לתיקייה ב־Drive שלכם, ידנית או לפי לוח זמנים. אני יכול לראות שם רק את הקבצים שאני יוצר.
drive-status-reconnect = ⚠️ ההרשאה שנתתם ב־Google בוטלה או שפג תוקפה, ולכן ההעלאות נעצרו. חברו שוב כדי לחדש אותן; הגיבויים שלכם נשמרים בבוט.
drive-status-unchanged = ⏸ ההרצה המתוזמנת האחרונה: { $time }. דבר לא השתנה מאז ההעלאה האחרונה, ולכן לא הועלה דבר.
drive-status-connected =
    חשבון: <b>{ $account }</b>
    תיקייה: <b>{ $folder }</b>
    לוח זמנים: { $schedule }
    נשמרים ב־Drive: { $policy }
    הצלחה אחרונה: { $last_success }
    הגיבוי הבא: { $next_run }
    שגיאה אחרונה: { $last_error }
drive-status-full = ⚠️ ‏Google Drive מלא: הגיבוי האחרון לא נכנס. פנו מקום בחשבון Google; ההרצה המתוזמנת הבאה תנסה שוב.
drive-account-unknown = חשבון ה־Google שלכם
drive-never = אף פעם
drive-none = —
drive-schedule-off = כבוי
drive-schedule-daily = כל יום ב־{ $hour } ({ $zone })
drive-schedule-every-days = { $days ->
        [one] כל יום
        [two] כל יומיים
       *[other] כל { $days } ימים
    } ב־{ $hour } ({ $zone })
drive-schedule-weekly = כל שבוע, { $on_day } ב־{ $hour } ({ $zone })
drive-schedule-monthly = כל חודש, ב־1 לחודש ב־{ $hour } ({ $zone })

drive-connect-instructions =
    🔗 <b>חיבור Google Drive</b>

    1. פתחו את { $url }
    2. הזינו את הקוד <code>{ $code }</code>
    3. אשרו ל־CodeVault לראות ולנהל את הקבצים שהוא יוצר ב־Drive שלכם.

    אני ממתין לאישור שלכם ואודיע לכם כשהחיבור יושלם.
drive-connect-waiting =
    ⏳ עדיין לא מחובר. פתחו את { $url }, הזינו את <code>{ $code }</code> ואשרו גישה; אודיע לכם כשהחיבור יושלם.
drive-connected = ✅ ‏Google Drive מחובר ({ $account }). הגיבויים יישמרו בתיקייה <b>{ $folder }</b>.
drive-connect-denied = ❌ הגישה לא אושרה, ולכן Drive לא חובר. אפשר לנסות שוב בכל עת.
drive-connect-expired = ⌛ תוקף הקוד פג לפני שנעשה בו שימוש. הקישו על 🔗 חיבור Google Drive כדי לקבל קוד חדש.
drive-connect-failed = ❌ לא הצלחתי להגיע ל־Google כדי לחבר את Drive. נסו שוב מאוחר יותר.
drive-connect-interrupted = ⌛ אני כבר לא ממתין לקוד הזה (פג תוקפו, הגישה נדחתה, או שהופעלתי מחדש). הקישו 🔗 חיבור Google Drive כדי לקבל קוד חדש.
drive-connect-cancelled = החיבור ל־Google Drive בוטל. שום דבר לא השתנה.

drive-backing-up = ⏳ יוצר גיבוי ומעלה אותו ל־Google Drive…
drive-uploading = ⏳ מעלה את הגיבוי ל־Google Drive…
drive-uploaded = ✅ הגיבוי <b>{ $name }</b> נמצא בתיקייה <b>{ $folder }</b> ב־Drive שלכם.
drive-pruned = { $count ->
        [one] גיבוי ישן אחד שהבוט יצר הוסר מהתיקייה
        [two] שני גיבויים ישנים יותר שהבוט יצר הוסרו מהתיקייה
       *[other] { $count } גיבויים ישנים יותר שהבוט יצר הוסרו מהתיקייה
    } (נשמרים: { $policy }).
drive-upload-failed = ❌ ההעלאה ל־Google Drive נכשלה: { $reason } הגיבוי נשמר בבוט, ואנסה שוב ב־{ $retry }.
drive-upload-failed-kept = ❌ ההעלאה ל־Google Drive נכשלה: { $reason } הגיבוי נשמר בבוט.
drive-upload-cancelled = ✖️ ההעלאה ל־Google Drive בוטלה: שום דבר לא נשמר ב־Drive שלכם. הגיבוי נשמר בבוט.
drive-reason-rate-limited = ‏Google מגביל את קצב ההעלאות.
drive-reason-full = ה־Google Drive שלכם מלא. פנו מקום בחשבון Google (או שמרו בו פחות גיבויים: 🗂 שמירה ב־Drive), וההעלאה הבאה תעבור.
drive-reason-network = לא ניתן היה להגיע ל־Google.
drive-reason-checksum = הקובץ ב־Drive לא תאם לגיבוי, ולכן הוא הוסר.
drive-reason-google = ‏Google Drive דיווח על שגיאה.
drive-reason-storage = לא ניתן היה לקרוא כאן את הגיבוי.
drive-error-not-connected = חברו קודם את Google Drive דרך ☁️ Google Drive ← 🔗 חיבור Google Drive.
drive-error-reconnect = 🔑 ההרשאה שנתתם ב־Google בוטלה או שפג תוקפה, ולכן Drive מנותק עכשיו. חברו אותו שוב מ־☁️ Google Drive; הגיבויים שלכם נשמרים בבוט.
drive-error-no-key = ⚠️ אי אפשר לחבר את Google Drive בבוט הזה: הוא לא יכול לשמור את הכניסה שלכם ל־Google באופן בטוח. הגיבויים שלכם עדיין נשמרים כאן, ב־📦 גיבוי ושחזור.
drive-error-backup = ❌ לא ניתן היה ליצור את הגיבוי, ולכן שום דבר לא הועלה. נסו שוב.

drive-schedule-choose = ⏰ באיזו תדירות לגבות ל־Google Drive? (כרגע: { $schedule }.)
drive-schedule-hour = ⏰ באיזו שעה? (אזור זמן: { $zone }.)
drive-schedule-weekday = 🗓 באיזה יום בשבוע?
drive-zone-choose = 🌍 לפי איזה אזור זמן לקרוא את השעה? (כרגע: { $zone }.) בחרו אחד מלמטה, או שלחו שם אזור כמו <code>Asia/Jerusalem</code> או הפרש משעון UTC כמו <code>UTC+3</code>. שעון הקיץ נלקח בחשבון.
drive-schedule-saved = ✅ גיבוי אוטומטי: { $schedule }. הגיבוי הבא: { $next_run }.
drive-retention-choose =
    🗂 אילו מהגיבויים של הבוט יישארו בתיקייה שלכם ב־Drive? כרגע: { $policy }.
    החדשים ביותר (3–30), או 📅 הגיבוי החדש ביותר מכל יום, שבוע וחודש, כמו בכלי גיבוי (ימים, שבועות וחודשים לפי אזור הזמן של התזמון; שבוע מיום שני עד יום ראשון). לפני שמשהו נמחק תראו מה יימחק. בקבצים האחרים שלכם שם אני אף פעם לא נוגע.
drive-kept-newest = { $keep ->
        [one] הגיבוי החדש ביותר שהבוט יצר
        [two] שני הגיבויים החדשים ביותר שהבוט יצר
       *[other] { $keep } הגיבויים החדשים ביותר שהבוט יצר
    }
drive-kept-generations = הגיבוי החדש ביותר של הבוט מכל יום, שבוע וחודש (ימים: { $daily }, שבועות: { $weekly }, חודשים: { $monthly }; שבוע מיום שני)
drive-retention-days = 📅 מכמה ימים אחרונים לשמור את הגיבוי החדש ביותר של כל יום? (0 — לא לפי ימים. אחר כך שבועות וחודשים.)
drive-retention-weeks = 📅 ימים: { $daily }. ומכמה שבועות אחרונים (שני עד ראשון)? (0 — לא לפי שבועות.)
drive-retention-months = 📅 ימים: { $daily }, שבועות: { $weekly }. ומכמה חודשים אחרונים?
drive-retention-looking = ⏳ בודק את התיקייה שלכם ב־Drive…
drive-retention-preview = 🗂 לשמור ב־Drive: { $policy }? { $count ->
        [one] הגיבוי הזה שהבוט יצר יימחק עכשיו:
        [two] שני הגיבויים האלה שהבוט יצר יימחקו עכשיו:
       *[other] { $count } הגיבויים האלה שהבוט יצר יימחקו עכשיו:
    }
drive-retention-preview-none = 🗂 לשמור ב־Drive: { $policy }? שום דבר לא יימחק עכשיו (יש שם { $count ->
        [one] גיבוי אחד שהבוט יצר
        [two] שני גיבויים שהבוט יצר
       *[other] { $count } גיבויים שהבוט יצר
    }).
drive-retention-applied = ✅ מעכשיו נשמרים בתיקייה שלכם ב־Drive: { $policy }.
drive-retention-removed = 🗑 { $count ->
        [one] מחקתי את הגיבוי הזה שהבוט יצר:
        [two] מחקתי את שני הגיבויים האלה שהבוט יצר:
       *[other] מחקתי את { $count } הגיבויים האלה שהבוט יצר:
    }
drive-retention-removed-none = לא היה צורך למחוק דבר.
drive-retention-more = … ועוד { $count ->
        [one] אחד
        [two] שניים
       *[other] { $count }
    }.
drive-history-on = 🕘 הגיבויים ל־Drive כוללים את כל הגרסאות הקודמות של כל קובץ.
drive-history-off = 🕘 הגיבויים ל־Drive כוללים רק את הגרסה הנוכחית של כל קובץ.
drive-protected-on = 🔒 הגיבויים ל־Drive מוגנים בסיסמה שלכם.
drive-protected-off = 🔓 הגיבויים ל־Drive אינם מוגנים בסיסמה.
drive-ask-password = 🔒 שלחו את הסיסמה שתגן על הגיבויים שלכם ב־Drive (המתוזמנים וגם ☁️ גיבוי עכשיו): לפחות { $min } תווים. אמחק את ההודעה שלכם מיד ואשמור את הסיסמה חתומה (מוצפנת, שמישה רק לגיבויים שלכם); תצטרכו אותה כדי לפתוח את הגיבויים האלה בכל מקום אחר.
drive-password-set = 🔒 מעכשיו הגיבויים שלכם ל־Drive מוגנים בסיסמה הזו. שמרו אותה היטב: בלעדיה אף אחד לא יוכל לפתוח אותם מחוץ לבוט.
drive-password-removed = 🔓 הגיבויים שלכם ל־Drive כבר אינם מוגנים בסיסמה; אלה שכבר נוצרו שומרים על הסיסמה שלהם.
drive-password-unreadable = ⚠️ כבר אי אפשר לפתוח את הסיסמה של הגיבויים שלכם ב־Drive, ולכן לא נוצר גיבוי. הגדירו אותה שוב ב־☁️ Google Drive, או הסירו אותה.
drive-retention-applying = ⏳ מוחק מהתיקייה שלכם ב־Drive גיבויים ישנים שהבוט יצר…
drive-disconnect-confirm = לנתק את Google Drive ({ $account })? אבטל את הגישה שלי ואמחק את הטוקנים. הקבצים שכבר נמצאים ב־Drive שלכם יישארו שם.
drive-disconnecting = ⏳ מנתק את Google Drive…
drive-disconnected = ✅ ‏Google Drive נותק והגישה שלי בוטלה. הקבצים שכבר נמצאים ב־Drive שלכם נשארים שם.
drive-disconnected-unconfirmed = ⚠️ ‏Google Drive נותק כאן: מחקתי את הטוקנים שלי ולא אעלה יותר דבר. אבל Google לא אישר שהגישה שלי בוטלה, ולכן ייתכן ש־CodeVault עדיין מופיע בחשבון Google שלכם. כדי להסיר אותו בעצמכם, פתחו את https://myaccount.google.com/permissions, בחרו ב־CodeVault והסירו את הגישה שלו. הקבצים שכבר נמצאים ב־Drive שלכם נשארים שם.

drive-notice-failed = ☁️ לא ניתן היה להעלות את הגיבוי האוטומטי שלכם ל־Google Drive: { $reason } הגיבוי נשמר בבוט; אנסה שוב ב־{ $retry }.
drive-notice-failed-kept = ☁️ לא ניתן היה להעלות את הגיבוי האוטומטי שלכם ל־Google Drive: { $reason } הגיבוי נשמר בבוט.
drive-notice-reconnect = ☁️ 🔑 ההרשאה שנתתם ב־Google בוטלה או שפג תוקפה, ולכן הגיבויים האוטומטיים ל־Drive נעצרו. חברו שוב מ־☁️ Google Drive; הגיבויים שלכם נשמרים בבוט.
drive-notice-not-backed-up = ☁️ ⚠️ הגיבויים האוטומטיים שלכם ל־Google Drive לא הצליחו מאז { $since }, ולכן אין ב־Drive עותק עדכני של הספרייה שלכם. פתחו את ☁️ Google Drive כדי לראות את השגיאה האחרונה; התחברו שוב משם אם תתבקשו. הקבצים שלכם והגיבויים השמורים בבוט בטוחים.
drive-notice-pruned = ☁️ הגיבוי האוטומטי שלכם נוצר.
drive-notice-no-room = ☁️ הגיבוי האוטומטי שלכם לא נוצר.

drive-copies-loading = ⏳ מחפש את הגיבויים שלכם ב־Google Drive…
drive-copies-title =
    📥 <b>שחזור מ־Google Drive</b> — עמוד { $page } מתוך { $pages }
    הגיבויים שיצרתי בתיקייה שלכם ב־Drive, מהחדש לישן. בחרו אחד: אוריד אותו, אבדוק אותו, אשמור אותו ב־🗂 הגיבויים שלי ואראה לכם מה השחזור ישנה לפני שמשהו נכתב.
drive-copies-empty = אין בתיקייה שלכם ב־Drive גיבויים שאני יצרתי.
drive-copy-files-unknown = ? קבצים
drive-fetching = ⏳ מוריד את <b>{ $name }</b> מ־Google Drive…
drive-restore-kept = 📥 הגיבוי <b>{ $name }</b> חזר מ־Google Drive שלם ונבדק, ונשמר ב־🗂 הגיבויים שלי.
drive-restore-kept-already = 📥 הגיבוי <b>{ $name }</b> עדיין שמור אצלכם ב־🗂 הגיבויים שלי ותקין, ולכן לא היה צורך להוריד דבר: אותו משחזרים.
drive-restore-not-found = ❌ הגיבוי הזה כבר לא נמצא בתיקייה שלכם ב־Google Drive (או שאינו שלכם), ולכן שום דבר לא הורד. פתחו שוב את 📥 שחזור מ־Drive כדי לראות מה יש שם.
drive-restore-too-large = ❌ הגיבוי הזה גדול מ־{ $max } MB, המקסימום ששחזור קולט, ולכן הוא לא הורד. שום דבר לא נשמר.
drive-restore-checksum = ❌ מה ש־Google Drive שלח לא תואם לסכום הביקורת שלו עצמו לקובץ, ולכן שום דבר לא נשמר. נסו שוב; אם זה חוזר, העותק ב־Drive פגום.
drive-restore-damaged = ❌ הקובץ ב־Google Drive אינו גיבוי שאני יכול לשחזר: הוא פגום, או שהשתנה אחרי שהעליתי אותו. שום דבר לא נשמר.
drive-restore-unreachable = ❌ לא הצלחתי להגיע ל־Google Drive, ולכן שום דבר לא הורד. נסו שוב מאוחר יותר.
drive-restore-failed = ❌ לא ניתן היה לשמור כאן את הגיבוי, ולכן שום דבר לא השתנה. נסו שוב מאוחר יותר.

btn-connect-drive = חיבור Google Drive
btn-check-connection = בדיקת החיבור
btn-back-up-now = גיבוי עכשיו
btn-restore-from-drive = שחזור מ־Google Drive
btn-schedule = לוח זמנים
btn-retention = שמירה ב־Google Drive
btn-drive-history-on = הוספת היסטוריה לגיבויים ב־Google Drive
btn-drive-history-off = גיבויים ב־Google Drive בלי היסטוריה
btn-drive-password = הגנה על הגיבויים ב־Google Drive בסיסמה
btn-drive-password-remove = הסרת הסיסמה מהגיבויים ב־Google Drive
btn-generations = לפי יום, שבוע וחודש
btn-apply-retention = החלה
btn-disconnect-drive = ניתוק
btn-confirm-disconnect = ניתוק
schedule-off = כבוי
schedule-daily = יומי
schedule-weekly = שבועי
schedule-monthly = חודשי
schedule-every-days = { $days ->
        [one] כל יום
        [two] כל יומיים
       *[other] כל { $days } ימים
    }
btn-time-zone = אזור זמן: { $zone }
weekday-1 = יום שני
weekday-2 = יום שלישי
weekday-3 = יום רביעי
weekday-4 = יום חמישי
weekday-5 = יום שישי
weekday-6 = שבת
weekday-7 = יום ראשון
on-weekday-1 = בימי שני
on-weekday-2 = בימי שלישי
on-weekday-3 = בימי רביעי
on-weekday-4 = בימי חמישי
on-weekday-5 = בימי שישי
on-weekday-6 = בשבתות
on-weekday-7 = בימי ראשון
