# My files: list, file screen, notes, tags, history, recycle bin.

files-count =
    { $count ->
        [one] { $count } файл
        [few] { $count } файла
        [many] { $count } файлов
       *[other] { $count } файла
    }
files-title = 📂 <b>Мои файлы</b> — { files-count }, страница { $page } из { $pages }
files-filtered-by = 🏷 Тег: <b>{ $tag }</b>
files-empty = У вас пока нет файлов. Пришлите мне код, чтобы сохранить его.
files-none-with-tag = Нет файлов с этим тегом.
files-choose-tag = 🏷 Показать только файлы с тегом:
files-no-tags = Ни у одного вашего файла пока нет тегов. Откройте файл и нажмите 🏷 Теги, чтобы добавить их.
version-label = версия { $version }
file-details =
    📄 <b>{ $name }</b>
    Язык: { $language }
    Версия: { $version }
    Размер: { $size }
    Создан: { $created }
    Изменён: { $updated }
    Теги: { $tags }
    Заметка: { $note }
file-more-tags = { $count ->
        [one] и ещё { $count } тег
        [few] и ещё { $count } тега
        [many] и ещё { $count } тегов
       *[other] и ещё { $count } тега
    }
file-code-as-document = Код слишком длинный для сообщения, поэтому я отправил его документом.
file-deleted = 🗑 Файл <b>{ $name }</b> перемещён в корзину. Восстановить его оттуда можно ещё { $days ->
        [one] { $days } день
        [few] { $days } дня
        [many] { $days } дней
       *[other] { $days } дня
    }.
file-restored = ♻️ Файл <b>{ $name }</b> снова среди ваших файлов.
file-restored-renamed = Файл <b>{ $old }</b> уже существует, поэтому восстановленный файл получил новое название.
note-ask =
    📝 Заметка к файлу <b>{ $name }</b>: { $current }
    Пришлите новую заметку (до 1000 символов) или очистите её.
note-saved = ✅ Заметка к файлу <b>{ $name }</b> сохранена.
note-cleared = ✅ Заметка к файлу <b>{ $name }</b> удалена.
tags-ask =
    🏷 Теги файла <b>{ $name }</b>: { $current }
    Пришлите новые теги через пробел или запятую (они заменят старые) или очистите их.
tags-saved = ✅ Теги файла <b>{ $name }</b> сохранены.
tags-cleared = ✅ Теги файла <b>{ $name }</b> удалены.
history-title = 🕘 История файла <b>{ $name }</b> — { $count ->
        [one] { $count } версия
        [few] { $count } версии
        [many] { $count } версий
       *[other] { $count } версии
    }. Нажмите на версию, чтобы посмотреть её.
version-title = 🕘 <b>{ $name }</b>, версия { $version } из { $current } — { $updated }
version-made-current = ⏪ Содержимое версии { $old } файла <b>{ $name }</b> стало текущей версией ({ $version }).
bin-title = ♻️ <b>Корзина</b> — { $count ->
        [one] { $count } файл
        [few] { $count } файла
        [many] { $count } файлов
       *[other] { $count } файла
    }. Файлы хранятся здесь { $days ->
        [one] { $days } день
        [few] { $days } дня
        [many] { $days } дней
       *[other] { $days } дня
    }; нажмите на файл, чтобы восстановить его.
bin-empty = Корзина пуста.

btn-download = Скачать
btn-note = Заметка
btn-tags = Теги
btn-history = История
btn-delete = Удалить
btn-recycle-bin = Корзина
btn-restore-file = Восстановить
btn-make-current = Сделать текущей
btn-filter-by-tag = Фильтр по тегу
btn-all-files = Все файлы
btn-clear-note = Очистить заметку
btn-clear-tags = Очистить теги
btn-open-file = Открыть файл

error-file-not-found = ⚠️ Файл не найден. Возможно, он был удалён.
error-note-too-long = ⚠️ Заметка слишком длинная: максимум { $max ->
        [one] { $max } символ
        [few] { $max } символа
        [many] { $max } символов
       *[other] { $max } символа
    }. Она не сохранена.
error-tags-too-many = ⚠️ Слишком много тегов: максимум { $max }. Ничего не изменилось.
error-tag-too-long = ⚠️ Тег «{ $tag }…» слишком длинный: максимум { $max ->
        [one] { $max } символ
        [few] { $max } символа
        [many] { $max } символов
       *[other] { $max } символа
    }. Ничего не изменилось.
error-tag-invalid = ⚠️ В теге «{ $tag }» есть недопустимые символы (можно буквы, цифры и - _ . : / +). Ничего не изменилось.

# 🔀 Comparing two versions of a file.
btn-compare-with-current = Сравнить с текущей версией
btn-compare-with = Сравнить с другой версией
compare-pick = 🔀 Сравнить версию { $version } файла <b>{ $name }</b> с:
compare-title = 🔀 <b>{ $name }</b>: изменения от версии { $older } к версии { $newer }
compare-identical = У этих версий одинаковое содержимое.
compare-as-document = Изменения слишком длинные для сообщения: они придут документом .diff.

# ✏️ Renaming a file.
rename-ask = ✏️ Пришлите новое имя для <b>{ $name }</b>. Папки пишутся через /, например src/app.py.
rename-name-taken = ⚠️ У вас уже есть файл <b>{ $name }</b>. Заменить его (тот файл попадёт в 🗑 корзину, откуда его можно вернуть), выбрать другое название или отменить?
file-renamed = ✏️ <b>{ $old }</b> теперь называется <b>{ $name }</b> (версия { $version }; в истории осталось прежнее имя).
file-renamed-replacing = ✏️ <b>{ $old }</b> теперь называется <b>{ $name }</b> (версия { $version }; в истории осталось прежнее имя). Файл, который назывался <b>{ $name }</b>, — в 🗑 корзине.

btn-search = Поиск
btn-new-search = Новый поиск
search-ask =
    🔎 Пришлите слова, которые искать в именах, коде, заметках и тегах ваших файлов. Должно найтись каждое слово; регистр не важен, и написанное ищется как есть.
    Сузить можно через <code>lang:rust</code> или <code>tag:work</code>; "слова в кавычках" ищутся вместе.
search-send-words = 🔎 Пришлите слова для поиска текстовым сообщением (или /cancel).
search-title = 🔎 <b>{ $query }</b>: { $count ->
        [one] найден { $count } файл
        [few] найдено { $count } файла
        [many] найдено { $count } файлов
       *[other] найдено { $count } файла
    } (страница { $page } из { $pages })
search-none = Попробуйте другие слова, меньше слов или без фильтра.
search-hit = строка { $line }: <code>{ $text }</code>
error-search-empty = ⚠️ Нечего искать: пришлите слова (можно и один фильтр, например <code>lang:rust</code>).
error-search-too-long = ⚠️ Слишком длинный поиск: максимум { $max ->
        [one] { $max } символ
        [few] { $max } символа
        [many] { $max } символов
       *[other] { $max } символа
    }.
error-search-too-many-words = ⚠️ Слишком много слов: максимум { $max ->
        [one] { $max } слово
        [few] { $max } слова
        [many] { $max } слов
       *[other] { $max } слова
    } за один поиск.
error-search-language = ⚠️ Я не знаю языка «{ $language }». Попробуйте название, как оно показано на экране файла, например <code>lang:python</code>.
error-search-tag = ⚠️ «{ $tag }» не может быть тегом (буквы, цифры и - _ . : / + подходят).

files-favourites = ⭐ Избранное
files-no-favourites = В избранном пока пусто: откройте файл и нажмите ⭐ В избранное.
btn-favourites = Избранное
btn-favourite = В избранное
btn-unfavourite = Убрать из избранного
