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
            let name = tag.split_whitespace().next().unwrap_or("");
            let name = name.to_ascii_lowercase();
            if !HTML_TAGS.split_whitespace().any(|known| known == name) {
                return Err(format!(
                    "Unsupported start tag \"{name}\" at byte offset {offset}"
                ));
            }
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
