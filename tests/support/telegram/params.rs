//! Reading a call's parameters from the query string and a JSON or multipart/form-data body.

use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::{FromRequest, Multipart, Query, Request},
    http::header::CONTENT_TYPE,
};
use serde_json::{Map, Value};

use super::error::{ApiError, bad};

pub(super) struct Upload {
    pub(super) file_name: Option<String>,
    pub(super) bytes: Vec<u8>,
}

/// Query string, then a JSON or multipart/form-data body, as one JSON object; file parts apart.
pub(super) async fn read_params(
    req: Request,
) -> Result<(Value, HashMap<String, Upload>), ApiError> {
    let mut params = Map::new();
    let Query(query) = Query::<HashMap<String, String>>::try_from_uri(req.uri())
        .map_err(|e| bad(&e.to_string()))?;
    params.extend(query.into_iter().map(|(k, v)| (k, Value::String(v))));
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut uploads = HashMap::new();
    if content_type.starts_with("multipart/form-data") {
        let mut form = Multipart::from_request(req, &())
            .await
            .map_err(|e| bad(&e.body_text()))?;
        while let Some(field) = form.next_field().await.map_err(|e| bad(&e.body_text()))? {
            let name = field.name().unwrap_or("").to_owned();
            // reqwest escapes `\` as `\\` in filename="..." and multer leaves it so
            let file_name = field.file_name().map(|n| n.replace("\\\\", "\\"));
            let bytes = field.bytes().await.map_err(|e| bad(&e.body_text()))?;
            let bytes = bytes.to_vec();
            if file_name.is_none()
                && let Ok(text) = std::str::from_utf8(&bytes)
            {
                params.insert(name, text.into());
            } else {
                uploads.insert(name, Upload { file_name, bytes });
            }
        }
    } else {
        let body = Bytes::from_request(req, &())
            .await
            .map_err(|e| bad(&e.body_text()))?;
        if !body.is_empty() {
            match serde_json::from_slice(&body) {
                Ok(Value::Object(fields)) => params.extend(fields),
                Ok(Value::Null) => {}
                _ => return Err(bad("can't parse JSON body")),
            }
        }
    }
    Ok((Value::Object(params), uploads))
}
