# ☁️ Google Drive: подключение, загрузка, расписание, хранение.

drive-menu =
    ☁️ <b>Google Drive</b>

    { $status }
drive-not-configured = Google Drive недоступен в этом боте. Ваши резервные копии по-прежнему хранятся здесь, в разделе 📦 Резервные копии.
drive-status-disconnected = Не подключено. Подключите аккаунт Google, и я буду загружать ваши резервные копии в папку на вашем Google Drive — вручную или по расписанию. Я вижу там только те файлы, которые создал сам.
drive-status-reconnect = ⚠️ Выданный вами доступ к Google отозван или истёк, поэтому загрузки остановлены. Подключитесь снова, чтобы их возобновить; ваши резервные копии хранятся в боте.
drive-status-unchanged = ⏸ Последний запуск по расписанию: { $time }. С последней загрузки ничего не изменилось, поэтому ничего не загружено.
drive-status-connected =
    Аккаунт: <b>{ $account }</b>
    Папка: <b>{ $folder }</b>
    Расписание: { $schedule }
    Хранение в Drive: { $policy }
    Последняя успешная загрузка: { $last_success }
    Следующий запуск: { $next_run }
    Последняя ошибка: { $last_error }
drive-status-full = ⚠️ Google Drive заполнен: последняя резервная копия не поместилась. Освободите место в аккаунте Google; следующий запуск по расписанию попробует снова.
drive-account-unknown = ваш аккаунт Google
drive-never = никогда
drive-none = —
drive-schedule-off = выключено
drive-schedule-daily = ежедневно в { $hour } ({ $zone })
drive-schedule-every-days = { $days ->
        [one] каждый { $days } день
        [few] каждые { $days } дня
       *[other] каждые { $days } дней
    } в { $hour } ({ $zone })
drive-schedule-weekly = еженедельно, { $on_day } в { $hour } ({ $zone })
drive-schedule-monthly = ежемесячно, 1-го числа в { $hour } ({ $zone })

drive-connect-instructions =
    🔗 <b>Подключение Google Drive</b>

    1. Откройте { $url }
    2. Введите код <code>{ $code }</code>
    3. Разрешите CodeVault просматривать файлы, которые он создаёт в вашем Google Drive, и управлять ими.

    Я жду вашего подтверждения и сообщу, когда всё будет готово.
drive-connect-waiting =
    ⏳ Ещё не подключено. Откройте { $url }, введите <code>{ $code }</code> и разрешите доступ; я сообщу, когда всё будет готово.
drive-connected = ✅ Google Drive подключён ({ $account }). Резервные копии будут сохраняться в папку <b>{ $folder }</b>.
drive-connect-denied = ❌ Доступ не разрешён, поэтому Google Drive не подключён. Попробовать снова можно в любой момент.
drive-connect-expired = ⌛ Срок действия кода истёк до того, как его использовали. Нажмите 🔗 Подключить Google Drive, чтобы получить новый.
drive-connect-failed = ❌ Не удалось связаться с Google, чтобы подключить Drive. Попробуйте позже.
drive-connect-interrupted = ⌛ Я больше не жду этот код (он истёк, доступ отклонён или я перезапустился). Нажмите «🔗 Подключить Google Drive», чтобы получить новый.
drive-connect-cancelled = Подключение Google Drive отменено. Ничего не изменилось.

drive-backing-up = ⏳ Создаю резервную копию и загружаю её в Google Drive…
drive-uploading = ⏳ Загружаю резервную копию в Google Drive…
drive-uploaded = ✅ Файл <b>{ $name }</b> загружен в вашу папку <b>{ $folder }</b> в Drive.
drive-pruned = Из папки { $count ->
        [one] удалена { $count } старая резервная копия, созданная ботом
        [few] удалены { $count } старые резервные копии, созданные ботом
        [many] удалено { $count } старых резервных копий, созданных ботом
       *[other] удалено { $count } старой резервной копии, созданной ботом
    } (хранится: { $policy }).
drive-upload-failed = ❌ Не удалось загрузить резервную копию в Google Drive: { $reason } Копия сохранена в боте, я попробую снова в { $retry }.
drive-upload-failed-kept = ❌ Не удалось загрузить резервную копию в Google Drive: { $reason } Копия сохранена в боте.
drive-upload-cancelled = ✖️ Загрузка в Google Drive отменена: в ваш Drive ничего не загружено. Резервная копия сохранена в боте.
drive-reason-rate-limited = Google ограничивает частоту загрузок.
drive-reason-full = ваш Google Drive заполнен. Освободите место в аккаунте Google (или храните там меньше копий: 🗂 Хранение в Drive), и следующая загрузка пройдёт.
drive-reason-network = не удалось связаться с Google.
drive-reason-checksum = файл в Drive не совпал с резервной копией, поэтому он удалён.
drive-reason-google = Google Drive сообщил об ошибке.
drive-reason-storage = резервную копию не удалось прочитать здесь.
drive-error-not-connected = Сначала подключите Google Drive: ☁️ Google Drive → 🔗 Подключить Google Drive.
drive-error-reconnect = 🔑 Выданный вами доступ к Google отозван или истёк, поэтому Google Drive отключён. Подключитесь снова в разделе ☁️ Google Drive; ваши резервные копии хранятся в боте.
drive-error-no-key = ⚠️ В этом боте нельзя подключить Google Drive: он не может надёжно хранить ваш вход в Google. Ваши резервные копии по-прежнему хранятся здесь, в разделе 📦 Резервные копии.
drive-error-backup = ❌ Не удалось создать резервную копию, поэтому ничего не загружено. Попробуйте ещё раз.

drive-schedule-choose = ⏰ Как часто сохранять резервные копии в Google Drive? (Сейчас: { $schedule }.)
drive-schedule-hour = ⏰ В котором часу? (Часовой пояс: { $zone }.)
drive-schedule-weekday = 🗓 В какой день недели?
drive-zone-choose = 🌍 В каком часовом поясе считать час? (Сейчас: { $zone }.) Выберите ниже или пришлите название пояса, например <code>Europe/Moscow</code>, или смещение от UTC, например <code>UTC+3</code>. Летнее время учитывается.
drive-schedule-saved = ✅ Автоматическое резервное копирование: { $schedule }. Следующий запуск: { $next_run }.
drive-retention-choose =
    🗂 Какие резервные копии бота хранить в вашей папке в Drive? Сейчас: { $policy }.
    Последние 3–30 или 📅 последнюю копию за каждый день, неделю и месяц, как в программах резервного копирования (дни, недели и месяцы по часовому поясу расписания; неделя — с понедельника по воскресенье). Прежде чем что-то удалить, я покажу, что будет удалено. Ваши собственные файлы там никогда не затрагиваются.
drive-kept-newest = { $keep ->
        [one] последняя { $keep } резервная копия, созданная ботом
        [few] последние { $keep } резервные копии, созданные ботом
        [many] последние { $keep } резервных копий, созданных ботом
       *[other] последние { $keep } резервной копии, созданной ботом
    }
drive-kept-generations = последняя копия бота за каждый день, неделю и месяц (дней: { $daily }, недель: { $weekly }, месяцев: { $monthly }; неделя с понедельника)
drive-retention-days = 📅 За сколько последних дней хранить последнюю копию каждого дня? (0 — не хранить по дням. Затем недели и месяцы.)
drive-retention-weeks = 📅 Дней: { $daily }. А за сколько последних недель (с понедельника по воскресенье)? (0 — не хранить по неделям.)
drive-retention-months = 📅 Дней: { $daily }, недель: { $weekly }. А за сколько последних месяцев?
drive-retention-looking = ⏳ Смотрю вашу папку в Drive…
drive-retention-preview = 🗂 Хранить в папке Drive: { $policy }? { $count ->
        [one] Сейчас будет удалена { $count } резервная копия бота:
        [few] Сейчас будут удалены { $count } резервные копии бота:
        [many] Сейчас будут удалены { $count } резервных копий бота:
       *[other] Сейчас будет удалено { $count } резервной копии бота:
    }
drive-retention-preview-none = 🗂 Хранить в папке Drive: { $policy }? Сейчас ничего не будет удалено (там { $count ->
        [one] { $count } резервная копия бота
        [few] { $count } резервные копии бота
        [many] { $count } резервных копий бота
       *[other] { $count } резервной копии бота
    }).
drive-retention-applied = ✅ Теперь в вашей папке Drive хранится: { $policy }.
drive-retention-removed = 🗑 { $count ->
        [one] Я удалил { $count } резервную копию бота:
        [few] Я удалил { $count } резервные копии бота:
        [many] Я удалил { $count } резервных копий бота:
       *[other] Я удалил { $count } резервной копии бота:
    }
drive-retention-removed-none = Удалять ничего не пришлось.
drive-retention-more = … и ещё { $count ->
        [one] { $count } копия
        [few] { $count } копии
        [many] { $count } копий
       *[other] { $count } копии
    }.
drive-history-on = 🕘 Копии для Drive содержат все прежние версии каждого файла.
drive-history-off = 🕘 Копии для Drive содержат только текущую версию каждого файла.
drive-protected-on = 🔒 Копии для Drive защищены вашим паролем.
drive-protected-off = 🔓 Копии для Drive не защищены паролем.
drive-ask-password = 🔒 Отправьте пароль для защиты ваших копий в Drive (по расписанию и ☁️ Сохранить сейчас): не короче { $min } символов. Я сразу удалю ваше сообщение и сохраню пароль запечатанным (зашифрованным, пригодным только для ваших копий); он понадобится, чтобы открыть эти копии где-либо ещё.
drive-password-set = 🔒 Теперь ваши копии для Drive защищены этим паролем. Храните его надёжно: без него их никто не откроет вне бота.
drive-password-removed = 🔓 Ваши копии для Drive больше не защищены паролем; уже созданные сохраняют свой.
drive-password-unreadable = ⚠️ Пароль ваших копий в Drive больше нельзя открыть, поэтому копия не создана. Задайте его снова в ☁️ Google Drive или уберите.
drive-retention-applying = ⏳ Удаляю старые резервные копии бота из вашей папки Drive…
drive-disconnect-confirm = Отключить Google Drive ({ $account })? Я отзову свой доступ и забуду токены. Файлы, которые уже есть в вашем Drive, останутся там.
drive-disconnecting = ⏳ Отключаю Google Drive…
drive-disconnected = ✅ Google Drive отключён, мой доступ отозван. Файлы, которые уже есть в вашем Drive, остаются там.
drive-disconnected-unconfirmed = ⚠️ Google Drive здесь отключён: я забыл свои токены и больше ничего не загружаю. Но Google не подтвердил, что мой доступ отозван, поэтому CodeVault может всё ещё значиться в вашем аккаунте Google. Чтобы удалить доступ самостоятельно, откройте https://myaccount.google.com/permissions, выберите CodeVault и закройте ему доступ. Файлы, которые уже есть в вашем Drive, остаются там.

drive-notice-failed = ☁️ Не удалось загрузить вашу автоматическую резервную копию в Google Drive: { $reason } Копия сохранена в боте; я попробую снова в { $retry }.
drive-notice-failed-kept = ☁️ Не удалось загрузить вашу автоматическую резервную копию в Google Drive: { $reason } Копия сохранена в боте.
drive-notice-reconnect = ☁️ 🔑 Выданный вами доступ к Google отозван или истёк, поэтому автоматическое резервное копирование в Google Drive остановлено. Подключитесь снова в разделе ☁️ Google Drive; ваши резервные копии хранятся в боте.
drive-notice-not-backed-up = ☁️ ⚠️ Ваши автоматические резервные копии в Google Drive не создаются успешно с { $since }, поэтому в Drive нет свежей копии вашей библиотеки. Откройте ☁️ Google Drive, чтобы увидеть последнюю ошибку; если там попросят, подключитесь снова. Ваши файлы и копии, хранящиеся в боте, в сохранности.
drive-notice-pruned = ☁️ Ваша автоматическая резервная копия создана.
drive-notice-no-room = ☁️ Ваша автоматическая резервная копия не создана.

drive-copies-loading = ⏳ Ищу ваши резервные копии в Google Drive…
drive-copies-title =
    📥 <b>Восстановление из Google Drive</b> — страница { $page } из { $pages }
    Резервные копии, которые я сохранил в вашей папке Drive, сначала новые. Выберите одну: я скачаю её, проверю, сохраню в 🗂 Мои резервные копии и покажу, что изменит восстановление, прежде чем что-либо записать.
drive-copies-empty = В вашей папке Drive нет резервных копий, созданных мной.
drive-copy-files-unknown = ? файлов
drive-fetching = ⏳ Скачиваю <b>{ $name }</b> из Google Drive…
drive-restore-kept = 📥 Копия <b>{ $name }</b> вернулась из Google Drive целой и проверенной и сохранена в 🗂 Мои резервные копии.
drive-restore-kept-already = 📥 Резервная копия <b>{ $name }</b> всё ещё есть в 🗂 Мои резервные копии и не повреждена, поэтому скачивать ничего не пришлось: восстанавливается она.
drive-restore-not-found = ❌ Этой резервной копии больше нет в вашей папке Google Drive (или она не ваша), поэтому ничего не скачано. Откройте 📥 Восстановить из Drive снова, чтобы увидеть, что там есть.
drive-restore-too-large = ❌ Эта резервная копия больше { $max } МБ — предела для восстановления, поэтому она не скачана. Ничего не сохранено.
drive-restore-checksum = ❌ То, что прислал Google Drive, не совпадает с его же контрольной суммой файла, поэтому ничего не сохранено. Попробуйте ещё раз; если это повторяется, копия в Drive повреждена.
drive-restore-damaged = ❌ Файл в Google Drive — не резервная копия, которую я могу восстановить: он повреждён или изменён после загрузки. Ничего не сохранено.
drive-restore-unreachable = ❌ Не удалось связаться с Google Drive, поэтому ничего не скачано. Попробуйте позже.
drive-restore-failed = ❌ Резервную копию не удалось сохранить здесь, поэтому ничего не изменилось. Попробуйте позже.

btn-connect-drive = Подключить Google Drive
btn-check-connection = Проверить подключение
btn-back-up-now = Сохранить сейчас
btn-restore-from-drive = Восстановить из Google Drive
btn-schedule = Расписание
btn-retention = Хранение в Google Drive
btn-drive-history-on = Добавлять историю в копии для Google Drive
btn-drive-history-off = Копии для Google Drive без истории
btn-drive-password = Защитить копии в Google Drive паролем
btn-drive-password-remove = Убрать пароль копий в Google Drive
btn-generations = По дням, неделям и месяцам
btn-apply-retention = Применить
btn-disconnect-drive = Отключить
btn-confirm-disconnect = Отключить
schedule-off = Выключено
schedule-daily = Ежедневно
schedule-weekly = Еженедельно
schedule-monthly = Ежемесячно
schedule-every-days = { $days ->
        [one] Каждый { $days } день
        [few] Каждые { $days } дня
       *[other] Каждые { $days } дней
    }
btn-time-zone = Часовой пояс: { $zone }
weekday-1 = Понедельник
weekday-2 = Вторник
weekday-3 = Среда
weekday-4 = Четверг
weekday-5 = Пятница
weekday-6 = Суббота
weekday-7 = Воскресенье
on-weekday-1 = по понедельникам
on-weekday-2 = по вторникам
on-weekday-3 = по средам
on-weekday-4 = по четвергам
on-weekday-5 = по пятницам
on-weekday-6 = по субботам
on-weekday-7 = по воскресеньям
