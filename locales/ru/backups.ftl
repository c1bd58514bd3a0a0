# Backup & restore: create, My backups, a backup, rate, note, delete, multi-delete, parts.

backups-menu = 📦 <b>Резервное копирование и восстановление</b>. Резервная копия — это один ZIP-архив со всеми вашими файлами и манифестом <code>metadata.json</code>; после сохранения он проверяется.
backups-title = 🗂 <b>Мои резервные копии</b> — { $count ->
        [one] { $count } резервная копия
        [few] { $count } резервные копии
        [many] { $count } резервных копий
       *[other] { $count } резервной копии
    }, страница { $page } из { $pages }
backups-empty = У вас пока нет резервных копий. Нажмите 📦 Создать резервную копию.
backups-select = 🗑 Нажмите на резервные копии, которые нужно удалить (выбрано: { $count }).
backups-confirm-delete-selected = Удалить навсегда { $count ->
        [one] { $count } резервную копию
        [few] { $count } резервные копии
        [many] { $count } резервных копий
       *[other] { $count } резервной копии
    }?
backups-deleted = 🗑 { $count ->
        [one] Удалена { $count } резервная копия
        [few] Удалены { $count } резервные копии
        [many] Удалено { $count } резервных копий
       *[other] Удалено { $count } резервной копии
    }.
backup-creating = ⏳ Создаю резервную копию…
backup-created = ✅ Резервная копия создана и проверена: { $files ->
        [one] { $files } файл
        [few] { $files } файла
        [many] { $files } файлов
       *[other] { $files } файла
    }, { $size }.
backup-created-empty = ✅ Резервная копия создана, но у вас пока нет файлов: в ней только <code>metadata.json</code>.
backup-quota-pruned = ♻️ Можно хранить { $max ->
        [one] { $max } резервную копию
        [few] { $max } резервные копии
        [many] { $max } резервных копий
       *[other] { $max } резервной копии
    }, поэтому { $count ->
        [one] удалена { $count } самая старая резервная копия без оценки
        [few] удалены { $count } самые старые резервные копии без оценки
        [many] удалено { $count } самых старых резервных копий без оценки
       *[other] удалено { $count } самой старой резервной копии без оценки
    }. Оцените резервную копию, чтобы сохранить её.
backup-caption = 📦 Резервная копия CodeVault — { $files ->
        [one] { $files } файл
        [few] { $files } файла
        [many] { $files } файлов
       *[other] { $files } файла
    }, { $size }. ID: { $id }
backup-part-caption = 📦 Резервная копия CodeVault { $id }, часть { $part } из { $count }
backup-too-big = ⚠️ Размер этой резервной копии — { $size }, а Telegram позволяет боту отправлять файлы не больше { $limit }. Копия надёжно сохранена. Отправьте её частями или загрузите в Google Drive.
backup-details =
    { $type }
    Создана: { $created }
    Файлов: { $files }
    Размер файлов: { $size }
    Архив: { $archive }
    SHA-256: <code>{ $sha256 }</code>
    ID: <code>{ $id }</code>
    Оценка: { $rating }
    Заметка: { $note }
backup-repo = Репозиторий: { $repo } · { $ref } · { $commit }
backup-type-full-backup = 📦 Полная резервная копия
backup-type-github-repo-zip = 🐙 Репозиторий GitHub
backup-type-google-drive-backup = ☁️ Резервная копия Google Drive
backup-type-imported-zip = 📥 Импортированный ZIP
backup-type-pre-restore = 🛟 Страховочная копия перед восстановлением
backup-rate-ask = 🏷 Насколько хороша эта резервная копия? Резервные копии с оценкой никогда не удаляются ради свободного места.
backup-note-ask =
    📝 Заметка к резервной копии: { $current }
    Пришлите новую заметку (до 1000 символов) или очистите её.
backup-note-saved = ✅ Заметка сохранена.
backup-note-cleared = ✅ Заметка удалена.
backup-confirm-delete = 🗑 Удалить резервную копию { $backup } навсегда?
backup-deleted = 🗑 Резервная копия удалена.

btn-create-backup = Создать резервную копию
btn-my-backups = Мои резервные копии
btn-restore = Восстановить
btn-rate = Оценить
btn-upload-to-drive = Загрузить в Drive
btn-send-in-parts = Отправить частями
btn-confirm-delete = Подтвердить удаление
btn-select-several = Выбрать несколько
btn-select-page = Выбрать всю страницу
btn-delete-selected = Удалить выбранные ({ $count })
btn-rate-excellent = Отлично
btn-rate-good = Хорошо
btn-rate-ok = Нормально
btn-rate-clear = Сбросить оценку

error-backup-not-found = ⚠️ Резервная копия не найдена. Возможно, она была удалена.
error-backup-damaged = ⚠️ Сохранённый файл этой резервной копии больше не совпадает со своей контрольной суммой, поэтому он не отправлен. Создайте новую резервную копию.
error-backup-failed = ⚠️ Не удалось создать и надёжно сохранить резервную копию, поэтому ничего не сохранено. Ваши файлы не изменились. Попробуйте ещё раз позже.

restore-plan =
    ♻️ <b>Восстановление</b> резервной копии от { $date }: { $total ->
        [one] { $total } файл
        [few] { $total } файла
        [many] { $total } файлов
       *[other] { $total } файла
    }.
    Новых: { $new } · Без изменений: { $unchanged } · Конфликтов: { $conflicts }
    Прежде чем что-либо будет записано, сохраняется страховочная копия вашей библиотеки, чтобы восстановление можно было отменить.
restore-conflict = ⚠️ Конфликт { $index } из { $total }: файл <b>{ $name }</b> уже есть, но с другим содержимым. Заменить его (текущая версия останется в истории), пропустить или оставить оба?
restore-applying = ⏳ Восстанавливаю…
restore-report = ✅ { $restored ->
        [one] Восстановлен { $restored } файл
        [few] Восстановлены { $restored } файла
        [many] Восстановлено { $restored } файлов
       *[other] Восстановлено { $restored } файла
    }. Новых: { $new }, заменено: { $replaced }, оставлены обе версии: { $kept }, пропущено: { $skipped }, без изменений: { $unchanged }.
restore-undone = ↩️ Восстановление отменено: ваши файлы снова в том состоянии, в каком были до него.
restore-plan-changed = ⚠️ Ваши файлы изменились, пока вы выбирали, поэтому ничего не восстановлено. Начните восстановление заново.
error-backup-corrupt = ⚠️ Эта резервная копия повреждена (файл или его контрольная сумма не совпадает), поэтому её нельзя восстановить. Ничего не изменено.
error-restore-failed = ⚠️ Не удалось завершить восстановление, поэтому ничего не изменено. Попробуйте ещё раз позже.

btn-start-restore = Восстановить
btn-keep-both = Оставить оба
btn-replace-all = Заменить все остальные
btn-skip-all = Пропустить все остальные
btn-keep-both-all = Оставить оба для остальных
btn-undo-restore = Отменить восстановление
restore-choose-option = Выберите, что сделать с конфликтом, кнопками выше или отправьте /cancel.
