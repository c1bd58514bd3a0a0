# Main menu, help, language, access, shared words.

menu-title = 📚 <b>CodeVault</b> хранит ваши файлы с кодом и делает их резервные копии. Что вы хотите сделать?
cancelled = Отменено. Ничего не изменилось.
help-text =
    <b>CodeVault</b> хранит ваш код, каждую его версию, и делает резервные копии.

    • Пришлите мне код сообщением или текстовым файлом, и я сохраню его под выбранным вами названием.
    • 📂 Мои файлы: открыть, найти, скачать и изменить ваши файлы.
    • 📦 Резервные копии: один ZIP со всем, безопасное восстановление с отменой.
    • /cancel прерывает любой шаг, ничего не меняя.
help-more =
    • Каждое изменение сохраняется как версия; любую старую версию можно снова сделать текущей или сравнить с другой.
    • Удалённые файлы хранятся в ♻️ корзине 7 дней.
    • Пришлите мне любой ZIP, чтобы импортировать из него код; о файлах, которые уже есть, решаете вы.
    • 🐙 GitHub сохраняет копию репозитория (приватного — с вашим токеном) и может импортировать его файлы.
    • ☁️ Google Drive загружает ваши копии в ваш собственный Drive, вручную или по расписанию.
    • Длинная вставка, которую Telegram разбил на несколько сообщений, снова собирается в один файл. Чтобы отправить код частями вручную: /long, части, затем /done.
    • 🔎 /search находит файлы по словам в имени, коде, заметках или тегах (<code>/search parse lang:rust tag:work</code>), или 🔎 Поиск в 📂 Моих файлах.

    Команды: /start /menu /save /long /done /files /backup /restore /drive /github /language /help /search /cancel
language-plain-text = обычный текст
language-self = Русский
language-choose = 🌐 Выберите язык:
language-changed = ✅ Выбран русский язык.
language-zone = 🌍 Часовой пояс: <b>{ $zone }</b> — там сейчас { $time }. Даты и время показаны по его часам.
language-zone-choose = 🌍 По какому часовому поясу показывать даты и время? (Сейчас: { $zone }.) Выберите ниже или пришлите название пояса, например <code>Europe/Moscow</code>, или смещение от UTC, например <code>UTC+3</code>. Летнее время учитывается.
language-zone-set = ✅ Теперь даты и время показаны по поясу { $zone }.
time-today = сегодня в { $time }
time-yesterday = вчера в { $time }
time-tomorrow = завтра в { $time }
zone-unknown = ⚠️ Я не знаю часовой пояс <b>{ $zone }</b>. Пришлите название из базы часовых поясов, например <code>Europe/Moscow</code> или <code>Asia/Yekaterinburg</code>, или смещение от UTC, например <code>UTC+3</code> или <code>UTC-04:30</code>.
private-chat-only = CodeVault работает только в личном чате. Напишите мне напрямую.
access-denied = ⛔ Это частный бот CodeVault. Попросите его владельца добавить ваш Telegram ID.
unsupported-message = Я умею сохранять код, присланный текстом или текстовым документом. Отправьте /menu, чтобы увидеть всё, что я умею.
unknown-command = Я не знаю такой команды. Отправьте /menu, чтобы увидеть всё, что я умею.
finish-current-step = Сначала завершите текущий шаг или отправьте /cancel.
error-unknown-button = Эта кнопка недействительна. Воспользуйтесь /menu.
error-stale-button = Эта кнопка относится к предыдущему шагу, который уже закрыт. Ничего не изменилось.
error-internal = ⚠️ Что-то пошло не так на нашей стороне, ничего не изменилось. Попробуйте ещё раз чуть позже.
work-interrupted = ⚠️ Действие не завершилось: бот перезапустился во время работы. Ничего недоделанного не сохранено. Попробуйте ещё раз.
task-busy = ⏳ Я ещё { $what }. Я выполняю одно долгое действие за раз: дождитесь, пока оно закончится (или отмените его), и попробуйте снова.
task-doing-backup = делаю вашу резервную копию
task-doing-github = сохраняю репозиторий GitHub
task-doing-upload = загружаю резервную копию в Google Drive
task-doing-restore = восстанавливаю резервную копию
task-doing-import = импортирую архив
task-doing-fetch = скачиваю резервную копию из Google Drive
task-doing-retention = удаляю старые резервные копии из Google Drive
task-rate-limited = ⏳ За последний час вы начали { $max ->
        [one] { $max } долгое действие
        [few] { $max } долгих действия
        [many] { $max } долгих действий
       *[other] { $max } долгого действия
    } (копии, загрузки, восстановления, импорт) — больше этот бот не разрешает. Следующее можно начать в { $time }.
task-progress-bytes = { $done } из { $size } ({ $percent }%)
task-progress-bytes-so-far = получено { $done }
task-progress-files = { $total ->
        [one] { $total } файл
        [few] { $total } файла
        [many] { $total } файлов
       *[other] { $total } файла
    }: готово { $done } ({ $percent }%)
task-progress-files-so-far = пока { $done ->
        [one] { $done } файл
        [few] { $done } файла
        [many] { $done } файлов
       *[other] { $done } файла
    }
task-stopping = ✖️ Останавливаю…
task-cancelled = ✖️ Отменено. Ничего не сохранено.
task-not-running = Это действие уже не выполняется, отменять нечего.
flood-skipped = ⚠️ Вы присылаете сообщения быстрее, чем я успеваю их обработать, поэтому я пропустил { $count ->
        [one] { $count } сообщение
        [few] { $count } сообщения
        [many] { $count } сообщений
       *[other] { $count } сообщения
    }. Пожалуйста, отправьте их ещё раз, по нескольку за раз.
size-bytes = { $n } Б
size-kb = { $n } КБ
size-mb = { $n } МБ
size-gb = { $n } ГБ

btn-save-code = Сохранить код
btn-my-files = Мои файлы
btn-backup-restore = Резервные копии
btn-google-drive = Google Drive
btn-github = GitHub
btn-language = Язык
btn-help = Помощь
btn-back = Назад
btn-main-menu = Главное меню
btn-cancel = Отмена
btn-previous = Предыдущая
btn-more-help = Подробнее
btn-next = Следующая

# The command menu Telegram shows when the user types / (3–256 characters each).
command-start = Запустить CodeVault
command-menu = Открыть главное меню
command-save = Сохранить код как новый файл
command-long = Отправить код длиннее одного сообщения по частям
command-done = Завершить длинный код, отправленный по частям
command-files = Ваши сохранённые файлы
command-backup = Создать, просмотреть и восстановить резервные копии
command-restore = Восстановить файлы из резервной копии
command-drive = Резервные копии в вашем Google Drive
command-github = Резервная копия репозитория GitHub
command-language = Сменить язык
command-help = Что умеет бот и как
command-search = Поиск по файлам: /search слова lang:rust tag:work
command-cancel = Выйти из текущего шага без изменений

# Toasts: a short note over the chat when a button's change is made.
toast-favourite-added = ⭐ Добавлено в избранное
toast-favourite-removed = ☆ Убрано из избранного
toast-version-made-current = ⏪ Версия стала текущей
toast-file-binned = 🗑 Перемещено в корзину
toast-file-restored = ♻️ Файл восстановлен
toast-rated = ⭐ Оценка сохранена
toast-rating-cleared = Оценка снята
toast-backup-deleted = 🗑 Копия удалена
toast-saved = ✅ Сохранено
