//! Runs the real `codevault serve` binary against the fake Telegram server and a store: the
//! embedded one in a temporary data directory by default, MongoDB (the test server) when a
//! test is about MongoDB.

use std::{
    process::Stdio,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use codevault::storage::{Stores, mongo::Mongo, sqlite::Sqlite};
use tempfile::TempDir;
use tokio::{
    io::{AsyncBufReadExt, BufReader},
    process::{Child, Command},
};

use super::{
    db,
    telegram::{BOT_TOKEN, FakeTelegram},
};

/// Which store the bot runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The embedded SQLite store, the default.
    Sqlite,
    Mongo,
}

/// The bot's database, opened in the test process too, for the tests to look at and set up.
pub enum Database {
    /// The data directory lives as long as the harness, so the bot finds its data again after
    /// a restart.
    Sqlite {
        sqlite: Sqlite,
        dir: TempDir,
    },
    Mongo {
        mongo: Mongo,
        name: String,
    },
}

impl Database {
    async fn open(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary data directory");
                // Beside the bot's own connections: WAL lets both processes in.
                let sqlite = Sqlite::open(dir.path())
                    .await
                    .expect("the embedded store opens");
                Self::Sqlite { sqlite, dir }
            }
            Backend::Mongo => {
                let name = db::unique_name("bot");
                let mongo = db::connect(&name).await;
                Self::Mongo { mongo, name }
            }
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite { .. } => Backend::Sqlite,
            Self::Mongo { .. } => Backend::Mongo,
        }
    }

    fn stores(&self) -> Stores {
        match self {
            Self::Sqlite { sqlite, .. } => sqlite.stores(),
            Self::Mongo { mongo, .. } => mongo.stores(),
        }
    }

    /// The settings that point the bot at this database.
    fn configure(&self, command: &mut Command) {
        match self {
            Self::Sqlite { dir, .. } => {
                // Its temporary files too, so a test sees what it leaves behind.
                let tmp = dir.path().join(TMP_DIR);
                std::fs::create_dir_all(&tmp).expect("a temporary directory for the bot");
                command
                    .env_remove("CODEVAULT_STORAGE__MONGODB_URI")
                    .env("CODEVAULT_STORAGE__DATA_DIR", dir.path())
                    .env("TMPDIR", tmp);
            }
            Self::Mongo { name, .. } => {
                command
                    .env("CODEVAULT_STORAGE__MONGODB_URI", db::uri())
                    .env("CODEVAULT_STORAGE__MONGODB_DATABASE", name);
            }
        }
    }
}

/// The bot's temporary directory (`TMPDIR`) inside the embedded store's data directory.
const TMP_DIR: &str = "tmp";

pub struct Harness {
    pub tg: FakeTelegram,
    /// The stores the bot uses, to set up data and to read it back through the traits.
    pub stores: Stores,
    /// Shared by the bots of one deployment (`start_beside`).
    pub database: Arc<Database>,
    env: Vec<(String, String)>,
    child: Option<Child>,
    logs: Arc<Mutex<String>>,
}

impl Harness {
    /// Starts the bot on the embedded store.
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// Starts the bot on the embedded store with extra `CODEVAULT_*` settings.
    pub async fn start_with(env: &[(&str, &str)]) -> Self {
        Self::start_on_with(Backend::Sqlite, env).await
    }

    /// Starts the bot on `backend`.
    pub async fn start_on(backend: Backend) -> Self {
        Self::start_on_with(backend, &[]).await
    }

    /// Starts the bot on `backend` with extra `CODEVAULT_*` settings.
    pub async fn start_on_with(backend: Backend, env: &[(&str, &str)]) -> Self {
        let tg = FakeTelegram::start().await;
        let database = Arc::new(Database::open(backend).await);
        let mut harness = Self {
            tg,
            stores: database.stores(),
            database,
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            child: None,
            logs: Arc::new(Mutex::new(String::new())),
        };
        harness.spawn().await;
        harness
    }

    /// A store on `backend` with no bot running on it (the fake Telegram is up, unused): for
    /// the operator's commands, which lock the embedded store as a running bot does.
    pub async fn without_bot(backend: Backend) -> Self {
        let database = Database::open(backend).await;
        Self {
            tg: FakeTelegram::start().await,
            stores: database.stores(),
            database: Arc::new(database),
            env: Vec::new(),
            child: None,
            logs: Arc::new(Mutex::new(String::new())),
        }
    }

    /// Points `command` (the binary, run by a test) at this harness's store.
    pub fn point_at_store(&self, command: &mut Command) {
        self.database.configure(command);
    }

    pub fn backend(&self) -> Backend {
        self.database.backend()
    }

    /// The MongoDB database of a harness started on MongoDB, for tests of its layout.
    pub fn mongo(&self) -> &Mongo {
        match &*self.database {
            Database::Mongo { mongo, .. } => mongo,
            Database::Sqlite { .. } => panic!("this harness runs on the embedded store"),
        }
    }

    /// The data directory of a harness started on the embedded store.
    pub fn data_dir(&self) -> &std::path::Path {
        match &*self.database {
            Database::Sqlite { dir, .. } => dir.path(),
            Database::Mongo { .. } => panic!("this harness runs on MongoDB"),
        }
    }

    /// The bot's temporary directory (`TMPDIR`) of a harness on the embedded store.
    pub fn temp_dir(&self) -> std::path::PathBuf {
        self.data_dir().join(TMP_DIR)
    }

    /// The files the bot left in its temporary directory (a harness on the embedded store).
    pub fn temp_files(&self) -> Vec<std::path::PathBuf> {
        let entries = std::fs::read_dir(self.data_dir().join(TMP_DIR)).expect("the bot's TMPDIR");
        entries
            .map(|entry| entry.expect("an entry").path())
            .collect()
    }

    async fn spawn(&mut self) {
        let polls_before = self.tg.get_updates_calls();
        self.launch();
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.tg.get_updates_calls() <= polls_before {
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                panic!(
                    "the bot exited with {status} before polling:\n{}",
                    self.logs()
                );
            }
            assert!(
                Instant::now() < deadline,
                "the bot did not start polling:\n{}",
                self.logs()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Starts the bot process, its log gathered, without waiting for it to poll.
    fn launch(&mut self) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_codevault"));
        command
            .arg("serve")
            .env("CODEVAULT_CONFIG", "/nonexistent/codevault.toml")
            .env("TELOXIDE_TOKEN", BOT_TOKEN)
            .env("TELOXIDE_API_URL", self.tg.api_url())
            .env("CODEVAULT_TELEGRAM__MESSAGES_PER_SEC_CHAT", "1000")
            .env("CODEVAULT_TELEGRAM__MESSAGES_PER_MIN_GROUP", "100000")
            .env("CODEVAULT_TELEGRAM__MESSAGES_PER_SEC_OVERALL", "1000")
            .env("CODEVAULT_LOG", "codevault=debug,info")
            // On MongoDB a restart after a kill waits out the killed bot's poller lease: short
            // here, so such tests do not wait the default 30 s.
            .env("CODEVAULT_TELEGRAM__POLLER_LEASE", "5s")
            // Any free port, so bots of tests running side by side never clash.
            .env("CODEVAULT_HTTP__LISTEN", "127.0.0.1:0")
            // Tasks queued or left by another instance, and progress, show without waiting.
            .env("CODEVAULT_TASKS__POLL_INTERVAL", "200ms")
            .env("CODEVAULT_TASKS__PROGRESS_INTERVAL", "200ms");
        self.database.configure(&mut command);
        command
            .envs(self.env.iter().cloned())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = command.spawn().expect("the codevault binary starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let logs = self.logs.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let mut logs = logs.lock().expect("logs lock");
                logs.push_str(&line);
                logs.push('\n');
            }
        });
        self.child = Some(child);
    }

    /// Kills the bot at once, as a crash or a power cut would.
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().await.expect("kill the bot");
        }
    }

    /// Stops the bot once it has taken in every update sent, and starts it again.
    pub async fn restart(&mut self) {
        self.tg.wait_until_confirmed().await;
        self.kill().await;
        self.spawn().await;
    }

    /// Starts the bot again after `kill`.
    pub async fn start_again(&mut self) {
        self.spawn().await;
    }

    /// Changes a setting for the next start (`restart`, `start_again`).
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.to_owned()));
    }

    /// The address of the bot's HTTP endpoint, from its start-up log.
    pub fn http_address(&self) -> String {
        let logs = self.logs();
        let line = logs
            .lines()
            .rfind(|line| line.contains("HTTP endpoint"))
            .unwrap_or_else(|| panic!("no HTTP endpoint in the logs:\n{logs}"));
        let start = line.find("address=").expect("address field") + "address=".len();
        line[start..]
            .split_whitespace()
            .next()
            .expect("an address")
            .to_owned()
    }

    pub fn logs(&self) -> String {
        self.logs.lock().expect("logs lock").clone()
    }
}

/// A second bot beside a first: several instances of one deployment.
impl Harness {
    /// Starts another bot on `first`'s database and settings (and `env` besides), with a fake
    /// Telegram of its own so a test can tell which one polls; it does not wait for it to poll.
    pub async fn start_beside(first: &Harness, env: &[(&str, &str)]) -> Self {
        let mut second = Self {
            tg: FakeTelegram::start().await,
            stores: first.stores.clone(),
            database: first.database.clone(),
            env: first.env.clone(),
            child: None,
            logs: Arc::new(Mutex::new(String::new())),
        };
        for (key, value) in env {
            second.set_env(key, value);
        }
        second.launch();
        second
    }

    /// The bot's process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().and_then(Child::id)
    }

    /// Asks the bot to stop (SIGTERM), as a redeploy does, and waits until it has.
    pub async fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.pid().expect("the bot runs");
        let sent = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .await
            .expect("kill runs");
        assert!(sent.success(), "SIGTERM to {pid}");
        self.wait_exit().await
    }

    /// Waits until the bot's process ends, and answers how.
    pub async fn wait_exit(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("the bot was started");
        let status = tokio::time::timeout(Duration::from_secs(30), child.wait())
            .await
            .unwrap_or_else(|_| panic!("the bot did not exit:\n{}", self.logs()))
            .expect("wait for the bot");
        // Its last lines may still be on their way from the pipe.
        tokio::time::sleep(Duration::from_millis(100)).await;
        status
    }

    /// Waits until the bot's log has a line containing `text`.
    pub async fn wait_for_log(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.logs().contains(text) {
            assert!(
                Instant::now() < deadline,
                "no {text:?} in the logs:\n{}",
                self.logs()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
