//! The start-up check that the deployment runs transactions: restores, imports and undo are
//! all-or-nothing only through them, and a standalone `mongod` refuses them only when the
//! first user taps 🔄 Replace — so the bot refuses to start on one instead.

use mongodb::{Client, Database, bson::doc};

use super::ErrorKindName;

/// Where the probe writes; its transaction is always aborted, so it stays empty.
const PROBE: &str = "startup_probe";

/// The one line an operator needs when the check fails.
pub const HOW_TO_FIX: &str = "MongoDB refuses transactions: run it as a replica set \
     (start mongod with --replSet rs0, run rs.initiate() once, add ?replicaSet=rs0 to \
     the URI) or use a sharded cluster; or leave storage.mongodb_uri unset for the \
     embedded store";

/// `Err` with the reason when the deployment cannot run transactions.
pub(super) async fn check(client: &Client, db: &Database) -> Result<(), String> {
    let hello = db
        .run_command(doc! { "hello": 1 })
        .await
        .map_err(|error| format!("did not answer hello: {}", error.kind.name()))?;
    // Only replica-set members (`setName`) and mongos routers (`isdbgrid`) run transactions.
    let replica_set = hello.contains_key("setName");
    let router = hello.get_str("msg") == Ok("isdbgrid");
    if !replica_set && !router {
        return Err("is a standalone server".to_owned());
    }
    probe(client, db)
        .await
        .map_err(|error| format!("refused a transaction: {}", error.kind.name()))
}

/// Runs a write inside a transaction and aborts it, so a refusal shows now.
async fn probe(client: &Client, db: &Database) -> mongodb::error::Result<()> {
    let mut session = client.start_session().await?;
    session.start_transaction().await?;
    let written = db
        .collection::<mongodb::bson::Document>(PROBE)
        .insert_one(doc! { "probe": true })
        .session(&mut session)
        .await;
    // Aborted whatever happened: the probe never leaves a document behind.
    let aborted = session.abort_transaction().await;
    written?;
    aborted
}
