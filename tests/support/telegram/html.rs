//! Telegram-flavoured HTML: what `parse_mode=HTML` accepts.

const HTML_TAGS: &str = "b strong i em u ins s strike del span tg-spoiler a tg-emoji code pre \
    blockquote";

/// The visible text of Telegram-flavoured HTML, or why Telegram would refuse it.
pub(super) fn html_to_text(html: &str) -> Result<String, String> {
    let (mut out, mut open, mut rest) = (String::new(), Vec::<String>::new(), html);
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        let offset = html.len() - rest.len() + i;
        let tail = &rest[i..];
        if tail.starts_with('&') {
            let entity = tail.find(';').filter(|&end| end <= 10);
            let entity = entity.and_then(|end| Some((decode_entity(&tail[1..end])?, end)));
            let (ch, skip) = entity.unwrap_or(('&', 0));
            out.push(ch);
            rest = &tail[skip + 1..];
            continue;
        }
        let end = tail
            .find('>')
            .ok_or_else(|| format!("Unclosed start tag at byte offset {offset}"))?;
        let tag = &tail[1..end];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            match open.pop() {
                Some(top) if top == name => {}
                Some(top) => {
                    return Err(format!(
                        "Unmatched end tag at byte offset {offset}, expected \"</{top}>\", found \"</{name}>\""
                    ));
                }
                None => return Err(format!("Unexpected end tag at byte offset {offset}")),
            }
        } else {
            let raw_name = tag.split_whitespace().next().unwrap_or("");
            let name = raw_name.to_ascii_lowercase();
            if !HTML_TAGS.split_whitespace().any(|known| known == name) {
                return Err(format!(
                    "Unsupported start tag \"{name}\" at byte offset {offset}"
                ));
            }
            let attributes = tag.trim_start().get(raw_name.len()..).unwrap_or_default();
            check_attributes(attributes, &name)?;
            open.push(name);
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    match open.pop() {
        Some(tag) => Err(format!(
            "Can't find end tag corresponding to start tag \"{tag}\""
        )),
        None => Ok(out),
    }
}

/// Attributes as Telegram reads them: `name=value`, the value quoted or a bare token. A
/// quote that ends a value early (an unescaped `"` in it) leaves text that is no attribute.
fn check_attributes(mut rest: &str, tag: &str) -> Result<(), String> {
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return Ok(());
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(rest.len());
        if name_end == 0 {
            return Err(format!("Empty attribute name in the tag \"{tag}\""));
        }
        rest = rest[name_end..].trim_start();
        let Some(value) = rest.strip_prefix('=') else {
            return Err(format!(
                "Expected equal sign in declaration of an attribute of the tag \"{tag}\""
            ));
        };
        let value = value.trim_start();
        rest = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let end = value[1..]
                    .find(quote)
                    .ok_or_else(|| format!("Unclosed attribute value in the tag \"{tag}\""))?;
                &value[end + 2..]
            }
            _ => {
                let end = value
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                    .unwrap_or(value.len());
                if end == 0 {
                    return Err(format!("Expected attribute value in the tag \"{tag}\""));
                }
                &value[end..]
            }
        };
    }
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        _ => {
            let code = name.strip_prefix('#')?;
            let code = match code.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => code.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}
