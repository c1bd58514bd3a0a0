//! MongoDB-specific start-up: the bot refuses a deployment that cannot run transactions,
//! before any user touches it, with one line saying how to fix it.

mod support;

use std::{path::Path, process::Stdio, time::Duration};

use codevault::storage::mongo::{ConnectError, Mongo};
use tokio::process::{Child, Command};

/// A second test server that presents itself as a standalone `mongod` (no replica set).
struct Standalone {
    child: Child,
    uri: String,
}

impl Standalone {
    async fn start() -> Self {
        let server = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/secantusd-py");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(server)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args([
                "--storage-path",
                ":memory:",
                "--log-level",
                "WARNING",
                "--standalone",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("scripts/test installs the test server into .venv");
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Self {
            child,
            uri: format!("mongodb://127.0.0.1:{port}/?directConnection=true"),
        }
    }
}

#[tokio::test]
async fn a_replica_set_passes_the_transaction_check() {
    let name = support::db::unique_name("startup");
    Mongo::connect(&support::db::uri(), &name, Duration::from_secs(10))
        .await
        .expect("the test server runs as a one-node replica set");
}

#[tokio::test]
async fn a_standalone_server_is_refused_with_how_to_fix_it() {
    let mut server = Standalone::start().await;
    let refused = Mongo::connect(&server.uri, "codevault", Duration::from_secs(10)).await;
    let Err(error @ ConnectError::NoTransactions { .. }) = refused else {
        panic!(
            "a standalone server must be refused, got {:?}",
            refused.err()
        );
    };
    let line = error.to_string();
    for hint in ["--replSet", "rs.initiate()", "?replicaSet="] {
        assert!(line.contains(hint), "{hint} in {line}");
    }
    assert!(
        line.ends_with("(the server is a standalone server)"),
        "{line}"
    );
    assert!(!line.contains('\n'), "one line: {line}");

    // The binary stops at start-up with that line, before it asks Telegram for anything.
    let output = Command::new(env!("CARGO_BIN_EXE_codevault"))
        .arg("serve")
        .env("CODEVAULT_CONFIG", "/nonexistent/codevault.toml")
        .env("TELOXIDE_TOKEN", "1:unused")
        .env("TELOXIDE_API_URL", "http://127.0.0.1:9/")
        .env("CODEVAULT_STORAGE__MONGODB_URI", &server.uri)
        .env("CODEVAULT_HTTP__LISTEN", "")
        .output()
        .await
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("codevault: MongoDB refuses transactions"),
        "{stderr}"
    );
    assert!(stderr.contains("rs.initiate()"), "{stderr}");
    let _ = server.child.kill().await;
}
