//! Faults a test arms on cue: a call Telegram fails with a 500, or a call it never answers
//! (held until the bot goes away), to stop the bot at an exact point before killing it.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};
use tokio::time::Instant;

use super::{FakeTelegram, WAIT_FOR_LIMIT};

type Matcher = Box<dyn Fn(&str, &Value) -> bool + Send>;

#[derive(Default)]
pub(super) struct Faults {
    /// Methods whose next call fails, once each.
    failing: Vec<String>,
    /// The next call that matches is held.
    hold: Option<Matcher>,
    held: u64,
}

pub(super) enum Fault {
    Fail,
    Hold,
}

impl FakeTelegram {
    /// The next call of `method` fails with "500 Internal Server Error".
    pub fn fail_next(&self, method: &str) {
        self.st().faults.failing.push(method.to_owned());
    }

    /// The next call for which `matches(method, params)` holds is never answered.
    pub fn hold_next(&self, matches: impl Fn(&str, &Value) -> bool + Send + 'static) {
        self.st().faults.hold = Some(Box::new(matches));
    }

    /// Waits (at most 20 s) until the bot has made the call `hold_next` waits for.
    pub async fn wait_until_held(&self) {
        let deadline = Instant::now() + WAIT_FOR_LIMIT;
        loop {
            let notified = self.inner.sent_changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.st().faults.held > 0 {
                return;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!("the bot made no call to hold within {WAIT_FOR_LIMIT:?}");
            }
        }
    }

    pub(super) fn fault_for(&self, method: &str, params: &Value) -> Option<Fault> {
        let mut st = self.st();
        let faults = &mut st.faults;
        if let Some(index) = faults.failing.iter().position(|m| m == method) {
            faults.failing.remove(index);
            st.rejected
                .push(format!("{method}: Internal Server Error (armed)"));
            return Some(Fault::Fail);
        }
        if faults
            .hold
            .as_ref()
            .is_some_and(|matches| matches(method, params))
        {
            faults.hold = None;
            faults.held += 1;
            return Some(Fault::Hold);
        }
        None
    }

    pub(super) async fn suffer(&self, fault: Fault) -> Response {
        match fault {
            Fault::Fail => {
                let body =
                    json!({"ok": false, "error_code": 500, "description": "Internal Server Error"});
                (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response()
            }
            Fault::Hold => {
                self.inner.sent_changed.notify_waiters();
                std::future::pending().await
            }
        }
    }
}
