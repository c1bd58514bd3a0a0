//! What search and favourites ask of `code_files`: the filter of a search, and the user's
//! favourites as a filter (their keys are on the user's document).

use mongodb::bson::{Bson, Document, doc, oid::ObjectId};

use super::MongoFiles;
use crate::{
    domain::{
        UserId,
        search::{SearchQuery, escape_regex},
    },
    storage::StoreResult,
};

/// The user's current, active files holding every word (escaped: taken literally, any case)
/// in their name, code, note or tags, of the language and with the tag the query names.
pub(super) fn search_filter(user: UserId, query: &SearchQuery) -> Document {
    let any_case = |text: &str, anchored: bool| {
        let pattern = escape_regex(text);
        let pattern = if anchored {
            format!("^{pattern}$")
        } else {
            pattern
        };
        doc! { "$regex": pattern, "$options": "i" }
    };
    let mut filter = doc! { "user_id": user, "current": true, "active": true };
    if let Some(language) = query.language {
        filter.insert("language", any_case(language, true));
    }
    if let Some(tag) = &query.tag {
        filter.insert("tags", any_case(tag, true));
    }
    let words: Vec<Document> = (query.words.iter())
        .map(|word| {
            let fields = ["name", "code", "note", "tags"];
            let either: Vec<Document> = (fields.iter())
                .map(|field| doc! { *field: any_case(word, false) })
                .collect();
            doc! { "$or": either }
        })
        .collect();
    if !words.is_empty() {
        filter.insert("$and", words);
    }
    filter
}

/// The field of a user's document listing the keys of their favourite files.
pub(in crate::storage::mongo) const FAVOURITES: &str = "favourites";

impl MongoFiles {
    /// The keys the user's document lists as favourites (some may be of files gone since).
    async fn favourite_keys(&self, user: UserId) -> StoreResult<Vec<ObjectId>> {
        let doc = (self.users.find_one(doc! { "_id": user }))
            .projection(doc! { FAVOURITES: 1 })
            .await?;
        Ok((doc.iter())
            .filter_map(|doc| doc.get_array(FAVOURITES).ok())
            .flatten()
            .filter_map(Bson::as_object_id)
            .collect())
    }

    /// The user's current, active files among their favourites.
    pub(super) async fn favourite_filter(&self, user: UserId) -> StoreResult<Document> {
        let keys = self.favourite_keys(user).await?;
        Ok(doc! { "user_id": user, "current": true, "active": true, "file_key": { "$in": keys } })
    }
}
