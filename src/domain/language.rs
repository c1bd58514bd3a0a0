//! Programming-language detection: the extension first, then a shebang, then content hints.

/// (extension, language) pairs; the first pair of a language gives its suggested extension.
const EXTENSIONS: &[(&str, &str)] = &[
    ("py", "python"),
    ("pyw", "python"),
    ("pyi", "python"),
    ("rs", "rust"),
    ("js", "javascript"),
    ("mjs", "javascript"),
    ("cjs", "javascript"),
    ("jsx", "javascript"),
    ("ts", "typescript"),
    ("tsx", "typescript"),
    ("go", "go"),
    ("java", "java"),
    ("kt", "kotlin"),
    ("kts", "kotlin"),
    ("c", "c"),
    ("h", "c"),
    ("cpp", "cpp"),
    ("cc", "cpp"),
    ("cxx", "cpp"),
    ("hpp", "cpp"),
    ("hh", "cpp"),
    ("cs", "csharp"),
    ("rb", "ruby"),
    ("php", "php"),
    ("swift", "swift"),
    ("scala", "scala"),
    ("sh", "bash"),
    ("bash", "bash"),
    ("zsh", "bash"),
    ("ps1", "powershell"),
    ("sql", "sql"),
    ("html", "html"),
    ("htm", "html"),
    ("css", "css"),
    ("scss", "css"),
    ("json", "json"),
    ("yaml", "yaml"),
    ("yml", "yaml"),
    ("toml", "toml"),
    ("xml", "xml"),
    ("md", "markdown"),
    ("lua", "lua"),
    ("r", "r"),
    ("dart", "dart"),
    ("hs", "haskell"),
    ("ex", "elixir"),
    ("exs", "elixir"),
    ("pl", "perl"),
    ("txt", "text"),
];

/// Interpreters named in a shebang line.
const SHEBANGS: &[(&str, &str)] = &[
    ("python", "python"),
    ("bash", "bash"),
    ("sh", "bash"),
    ("zsh", "bash"),
    ("node", "javascript"),
    ("ruby", "ruby"),
    ("perl", "perl"),
    ("php", "php"),
    ("lua", "lua"),
    ("deno", "typescript"),
];

/// Substrings that give a language away when there is no extension or shebang.
/// Earlier entries win, so the more specific hints come first.
const HINTS: &[(&str, &str)] = &[
    ("<?php", "php"),
    ("<!DOCTYPE html", "html"),
    ("<html", "html"),
    ("fn main()", "rust"),
    ("let mut ", "rust"),
    ("impl ", "rust"),
    ("pub fn ", "rust"),
    ("package main", "go"),
    ("func main()", "go"),
    ("public static void main", "java"),
    ("public class ", "java"),
    ("#include <iostream>", "cpp"),
    ("std::", "cpp"),
    ("#include", "c"),
    ("using System", "csharp"),
    ("namespace ", "csharp"),
    ("def __init__", "python"),
    ("import numpy", "python"),
    ("if __name__ ==", "python"),
    ("print(", "python"),
    ("def ", "python"),
    ("elif ", "python"),
    ("interface ", "typescript"),
    (": string", "typescript"),
    (": number", "typescript"),
    ("console.log", "javascript"),
    ("function ", "javascript"),
    ("const ", "javascript"),
    ("=> {", "javascript"),
    ("require(", "javascript"),
    ("SELECT ", "sql"),
    ("CREATE TABLE", "sql"),
    ("INSERT INTO", "sql"),
    ("puts ", "ruby"),
    ("end\n", "ruby"),
    ("echo ", "bash"),
    ("fi\n", "bash"),
];

pub const UNKNOWN: &str = "text";

/// Detects the language of `code`, named `name` if it has a name yet.
pub fn detect(name: Option<&str>, code: &str) -> &'static str {
    name.and_then(from_extension)
        .or_else(|| from_shebang(code))
        .or_else(|| from_hints(code))
        .unwrap_or(UNKNOWN)
}

/// How each language is written for people, where that differs from its canonical spelling
/// by more than a capital (plain text is named in the user's language, by the bot).
const DISPLAY_NAMES: &[(&str, &str)] = &[
    ("cpp", "C++"),
    ("csharp", "C#"),
    ("css", "CSS"),
    ("html", "HTML"),
    ("javascript", "JavaScript"),
    ("json", "JSON"),
    ("php", "PHP"),
    ("powershell", "PowerShell"),
    ("sql", "SQL"),
    ("toml", "TOML"),
    ("typescript", "TypeScript"),
    ("xml", "XML"),
    ("yaml", "YAML"),
];

/// The language's canonical spelling when it is one we know, by that spelling or its display
/// name in any case (`Python`, `C++` → `python`, `cpp`), else `None`: a language arriving in an
/// archive or typed in a search is only taken when it is one of ours.
pub fn known(language: &str) -> Option<&'static str> {
    let language = language.trim();
    let by_display = DISPLAY_NAMES
        .iter()
        .find(|(_, shown)| shown.eq_ignore_ascii_case(language))
        .map(|(known, _)| *known);
    by_display.or_else(|| {
        EXTENSIONS
            .iter()
            .map(|(_, known)| *known)
            .find(|known| known.eq_ignore_ascii_case(language))
    })
}

/// A known language as people write it (`javascript` → `JavaScript`, `rust` → `Rust`); any
/// other text (a language stored before languages were checked) as it is.
pub fn display_name(language: &str) -> String {
    let Some(known) = known(language) else {
        return language.to_owned();
    };
    match DISPLAY_NAMES.iter().find(|(name, _)| *name == known) {
        Some((_, shown)) => (*shown).to_owned(),
        // Canonical spellings are ASCII and never empty.
        None => known[..1].to_ascii_uppercase() + &known[1..],
    }
}

fn from_extension(name: &str) -> Option<&'static str> {
    let (_, extension) = super::file_name::split_extension(name);
    let extension = extension.strip_prefix('.')?.to_ascii_lowercase();
    EXTENSIONS
        .iter()
        .find(|(ext, _)| *ext == extension)
        .map(|(_, lang)| *lang)
}

fn from_shebang(code: &str) -> Option<&'static str> {
    let first_line = code.lines().next()?.strip_prefix("#!")?;
    let program = first_line
        .split_whitespace()
        .rev()
        .find(|word| !word.starts_with('-'))?;
    let program = program.rsplit('/').next().unwrap_or(program);
    SHEBANGS
        .iter()
        .find(|(interpreter, _)| program.starts_with(interpreter))
        .map(|(_, lang)| *lang)
}

fn from_hints(code: &str) -> Option<&'static str> {
    HINTS
        .iter()
        .find(|(hint, _)| code.contains(hint))
        .map(|(_, lang)| *lang)
}

/// The extension to suggest for a language (`txt` when unknown).
pub fn extension_for(language: &str) -> &'static str {
    EXTENSIONS
        .iter()
        .find(|(_, lang)| *lang == language)
        .map_or("txt", |(ext, _)| ext)
}

/// A file name to suggest for pasted code: the first function or type it defines, else `code`.
pub fn suggest_name(language: &str, code: &str) -> String {
    const DEFINERS: &[&str] = &["def ", "fn ", "func ", "function ", "class ", "struct "];
    let defined = code.lines().find_map(|line| {
        let line = line
            .trim_start()
            .trim_start_matches("pub ")
            .trim_start_matches("async ");
        let rest = DEFINERS.iter().find_map(|d| line.strip_prefix(d))?;
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        (!ident.is_empty()).then_some(ident)
    });
    let stem = defined.unwrap_or_else(|| "code".to_owned());
    format!("{stem}.{}", extension_for(language))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_named_as_people_write_them_and_known_by_either_name() {
        assert_eq!(display_name("python"), "Python");
        assert_eq!(display_name("javascript"), "JavaScript");
        assert_eq!(display_name("cpp"), "C++");
        assert_eq!(display_name("r"), "R");
        assert_eq!(display_name("cobol-ish"), "cobol-ish");
        assert_eq!(known("C++"), Some("cpp"));
        assert_eq!(known(" c# "), Some("csharp"));
        assert_eq!(known("JavaScript"), Some("javascript"));
        assert_eq!(known("Rust"), Some("rust"));
        assert_eq!(known("c+"), None);
        for (language, _) in DISPLAY_NAMES {
            assert_eq!(
                known(language),
                Some(*language),
                "{language} is one of ours"
            );
        }
    }

    #[test]
    fn extension_wins_over_content() {
        assert_eq!(detect(Some("tool.PY"), "fn main() {}"), "python");
        assert_eq!(detect(Some("main.rs"), ""), "rust");
    }

    #[test]
    fn shebang_then_hints() {
        assert_eq!(detect(None, "#!/usr/bin/env python3\nprint(1)"), "python");
        assert_eq!(detect(Some("run"), "#!/bin/bash -e\necho hi"), "bash");
        assert_eq!(
            detect(None, "fn main() {\n    println!(\"hi\");\n}"),
            "rust"
        );
        assert_eq!(detect(None, "package main\nfunc main() {}"), "go");
        assert_eq!(detect(None, "def add(a, b):\n    return a + b"), "python");
        assert_eq!(detect(None, "console.log('x')"), "javascript");
        assert_eq!(detect(None, "just some words"), UNKNOWN);
    }

    #[test]
    fn knows_every_language_it_detects_and_nothing_else() {
        assert_eq!(known("Python"), Some("python"));
        assert_eq!(known(" rust "), Some("rust"));
        assert_eq!(known("python\"><i>"), None);
        assert_eq!(known(""), None);
        let detected = SHEBANGS.iter().chain(HINTS).map(|(_, language)| *language);
        for language in detected.chain([UNKNOWN]) {
            assert_eq!(known(language), Some(language));
        }
    }

    #[test]
    fn suggests_names_from_definitions() {
        assert_eq!(
            suggest_name("python", "import os\ndef backup_all():\n  pass"),
            "backup_all.py"
        );
        assert_eq!(suggest_name("rust", "pub async fn run() {}"), "run.rs");
        assert_eq!(suggest_name("text", "hello"), "code.txt");
    }
}
