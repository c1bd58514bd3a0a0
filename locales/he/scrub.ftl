# Scrubbing: a stored backup found damaged when the bot read it back again.

backup-damaged-line = ⚠️ <b>פגום</b>: ב-{ $date } הארכיון השמור שלו כבר לא התאים לסכום הביקורת שנרשם כשנוצר, ולכן אי אפשר לשחזר או להוריד אותו.
backup-damaged-notice = ⚠️ הגיבוי שלכם מ-{ $date } (מזהה <code>{ $id }</code>) פגום: כשבדקתי אותו שוב, הארכיון השמור שלו כבר לא התאים לסכום הביקורת שנרשם כשנוצר. כבר אי אפשר לשחזר או להוריד אותו. הקבצים שלכם לא נפגעו.
backup-damaged-drive-copy = ☁️ יש עותק שלו ב-Google Drive שלכם: אפשר לשחזר אותו משם (☁️ Google Drive).
backup-damaged-no-copy = אין עותק שלו ב-Google Drive שלכם. צרו גיבוי חדש כדי שיהיה לכם גיבוי שאפשר לסמוך עליו.
