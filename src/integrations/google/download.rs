//! Reading a file's bytes back from Drive (`files.get?alt=media`).

use google_drive3::api::Scope;
use http_body_util::BodyExt;

use super::{DriveError, GoogleClient, NetworkError, retry::Recorder};

impl GoogleClient {
    /// The bytes of the file `file_id`, as Drive keeps them. Each attempt reads the whole body,
    /// so a transfer cut short is retried like any other network failure.
    pub async fn download(&self, user: i64, file_id: &str) -> Result<Vec<u8>, DriveError> {
        self.run(user, |hub| async move {
            let mut recorder = Recorder::default();
            let result = hub
                .files()
                .get(file_id)
                .param("alt", "media")
                .add_scope(Scope::File)
                .delegate(&mut recorder)
                .doit()
                .await;
            let (response, _) = result.map_err(|err| recorder.classify(err))?;
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|err| DriveError::from(NetworkError::from(err)))?;
            Ok(body.to_bytes().to_vec())
        })
        .await
    }
}
