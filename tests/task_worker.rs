//! The task worker against a real store and a runner the test scripts: it runs queued tasks,
//! shows progress no more often than asked, stops a cancelled task (at its next check, or
//! abandoned after the grace), takes over a dead instance's tasks (again when safe, reported
//! otherwise, never endlessly), and on shutdown leaves its tasks to the next instance.

mod support;

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use async_trait::async_trait;
use chrono::{TimeDelta, Utc};
use codevault::{
    domain::{
        Id, Locale, Task, TaskKind, TaskState,
        progress::{Progress, Unit},
        restore::Decisions,
        task::CancelRequest,
    },
    service::{
        SystemClock,
        tasks::{
            Advance, Ending, RunningTask, TaskEnd, TaskRunner, TaskService, TaskSettings, Worker,
        },
    },
    storage::TaskStore,
};
use support::stores::{TestStore, contract};
use tokio::sync::watch;

contract!(
    a_queued_task_runs_and_its_progress_shows_at_most_every_interval,
    a_cancelled_task_stops_at_its_next_check_and_is_told_cancelled,
    a_task_that_does_not_stop_is_abandoned_after_the_grace,
    a_dead_instances_task_runs_again_when_safe_and_is_reported_otherwise,
    a_task_cut_short_again_and_again_is_reported_not_run_forever,
    on_a_store_no_one_else_opens_leases_left_at_start_up_are_taken_over_at_once,
    on_shutdown_a_running_task_is_left_to_the_next_instance,
);

const USER: i64 = 5;

/// What the scripted runner does with a task, by its message id.
#[derive(Clone, Copy)]
enum Script {
    /// Reports 3 chunks, then finishes (recording its end first, as the bot does).
    Finish,
    /// Reports a chunk every 10 ms until it is cancelled, then stops.
    UntilCancelled,
    /// Reports a chunk every 10 ms and never looks at `cancelled`.
    Stubborn,
}

#[derive(Default)]
struct Runner {
    scripts: Mutex<Vec<(i32, Script)>>,
    /// What happened, in order: `run <message> <attempts>`, `progress <message> <done>`,
    /// `end <message> <ending>`.
    log: Mutex<Vec<String>>,
}

impl Runner {
    fn script(&self, message: i32, script: Script) {
        self.scripts.lock().unwrap().push((message, script));
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    fn note(&self, line: String) {
        self.log.lock().unwrap().push(line);
    }
}

#[async_trait]
impl TaskRunner for Runner {
    async fn run(&self, task: Arc<RunningTask>) -> TaskEnd {
        let message = task.task().message;
        self.note(format!("run {message} {}", task.task().attempts));
        let script = self
            .scripts
            .lock()
            .unwrap()
            .iter()
            .find(|(m, _)| *m == message)
            .map(|(_, script)| *script)
            .unwrap_or(Script::Finish);
        let mut done = 0;
        loop {
            if matches!(script, Script::UntilCancelled) && task.cancelled() {
                return TaskEnd::Cancelled;
            }
            done += 1;
            task.advance(Unit::Bytes, done, Some(1000));
            if matches!(script, Script::Finish) && done == 3 {
                task.settle(TaskState::Done).await;
                self.note(format!("result {message}"));
                return TaskEnd::Done;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    async fn show_progress(&self, task: &Task, advance: Advance) {
        self.note(format!("progress {} {}", task.message, advance.done));
    }

    async fn show_end(&self, task: &Task, ending: Ending) {
        self.note(format!("end {} {ending:?}", task.message));
    }
}

struct Running {
    tasks: Arc<dyn TaskStore>,
    service: Arc<TaskService>,
    stop: watch::Sender<bool>,
    worker: tokio::task::JoinHandle<()>,
}

fn settings(instance: &str, exclusive: bool) -> TaskSettings {
    TaskSettings {
        instance: instance.to_owned(),
        per_hour: 100,
        concurrency: 2,
        lease: Duration::from_secs(1),
        poll_interval: Duration::from_millis(50),
        progress_interval: Duration::from_millis(100),
        cancel_grace: Duration::from_millis(300),
        shutdown_grace: Duration::from_millis(200),
        exclusive,
    }
}

fn start(store: &TestStore, runner: Arc<Runner>, settings: TaskSettings) -> Running {
    let tasks = store.tasks.clone();
    let service = Arc::new(TaskService::new(tasks.clone(), Arc::new(SystemClock), 100));
    let worker = Worker::new(
        tasks.clone(),
        service.clone(),
        runner,
        Arc::new(SystemClock),
        settings,
    )
    .unwrap();
    let (stop, stopped) = watch::channel(false);
    let worker = tokio::spawn(worker.run(stopped));
    Running {
        tasks,
        service,
        stop,
        worker,
    }
}

impl Running {
    async fn shut_down(self) {
        self.stop.send_replace(true);
        self.worker.await.unwrap();
    }
}

fn task(message: i32, kind: TaskKind) -> Task {
    Task::queued(
        USER + i64::from(message),
        USER,
        message,
        Locale::En,
        kind,
        Utc::now(),
    )
}

/// Waits until `runner`'s log has a line `line` (or starting with it, when it ends with a
/// space); "eventually", never a speed check.
async fn logged(runner: &Runner, line: &str) {
    let matches = |logged: &String| {
        if line.ends_with(' ') {
            logged.starts_with(line)
        } else {
            logged == line
        }
    };
    for _ in 0..1000 {
        if runner.log().iter().any(matches) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no {line:?} in {:?}", runner.log());
}

async fn state_of(tasks: &dyn TaskStore, user: i64) -> Option<TaskState> {
    tasks.active(user).await.unwrap().map(|task| task.state)
}

async fn a_queued_task_runs_and_its_progress_shows_at_most_every_interval(store: TestStore) {
    let runner = Arc::new(Runner::default());
    runner.script(1, Script::UntilCancelled);
    let w = start(&store, runner.clone(), settings("a", false));
    let queued = task(
        1,
        TaskKind::CreateBackup {
            history: false,
            protected: false,
        },
    );
    w.service.start(&queued).await.unwrap();
    logged(&runner, "progress 1 ").await;
    assert_eq!(
        state_of(w.tasks.as_ref(), queued.user).await,
        Some(TaskState::Running)
    );
    w.service.cancel(queued.user, &queued.id).await.unwrap();
    logged(&runner, "end 1 Cancelled").await;
    w.shut_down().await;
    // Reported every 10 ms, shown once per 100 ms heartbeat at most: far fewer lines than
    // chunks, each a new count.
    let shown: Vec<u64> = runner
        .log()
        .iter()
        .filter_map(|line| line.strip_prefix("progress 1 ")?.parse().ok())
        .collect();
    let last = *shown.last().unwrap();
    assert!(
        shown.len() * 2 < usize::try_from(last).unwrap(),
        "{shown:?}"
    );
    assert!(shown.windows(2).all(|pair| pair[0] < pair[1]), "{shown:?}");

    let runner = Arc::new(Runner::default());
    let w = start(&store, runner.clone(), settings("b", false));
    let finishing = task(
        2,
        TaskKind::CreateBackup {
            history: false,
            protected: false,
        },
    );
    w.service.start(&finishing).await.unwrap();
    logged(&runner, "result 2").await;
    w.shut_down().await;
    let log = runner.log();
    assert!(!log.iter().any(|line| line.starts_with("end 2")), "{log:?}");
    let after = log.iter().position(|line| line == "result 2").unwrap();
    assert!(
        log[after..]
            .iter()
            .all(|line| !line.starts_with("progress")),
        "{log:?}"
    );
    assert_eq!(state_of(store.tasks.as_ref(), finishing.user).await, None);
}

async fn a_cancelled_task_stops_at_its_next_check_and_is_told_cancelled(store: TestStore) {
    let runner = Arc::new(Runner::default());
    runner.script(1, Script::UntilCancelled);
    let w = start(&store, runner.clone(), settings("a", false));
    let running = task(
        1,
        TaskKind::CreateBackup {
            history: false,
            protected: false,
        },
    );
    w.service.start(&running).await.unwrap();
    logged(&runner, "run 1 1").await;
    // Another user's cancel touches nothing.
    let others = w
        .service
        .cancel(running.user + 100, &running.id)
        .await
        .unwrap();
    assert_eq!(others, CancelRequest::NotFound);
    let CancelRequest::Stopping(_) = w.service.cancel(running.user, &running.id).await.unwrap()
    else {
        panic!("not stopping");
    };
    logged(&runner, "end 1 Cancelled").await;
    assert_eq!(state_of(w.tasks.as_ref(), running.user).await, None);
    // A restore cannot be cancelled: the service does not even ask.
    let restore = TaskKind::RestoreApply {
        backup: Id::generate(),
        decisions: Decisions::default(),
    };
    let restoring = task(2, restore);
    runner.script(2, Script::UntilCancelled);
    w.service.start(&restoring).await.unwrap();
    logged(&runner, "run 2 1").await;
    assert_eq!(
        w.service
            .cancel(restoring.user, &restoring.id)
            .await
            .unwrap(),
        CancelRequest::NotFound
    );
    let active = w.tasks.active(restoring.user).await.unwrap().unwrap();
    assert!(!active.cancel_requested);
    w.shut_down().await;
}

async fn a_task_that_does_not_stop_is_abandoned_after_the_grace(store: TestStore) {
    let runner = Arc::new(Runner::default());
    runner.script(1, Script::Stubborn);
    let w = start(&store, runner.clone(), settings("a", false));
    let stubborn = task(
        1,
        TaskKind::CreateBackup {
            history: false,
            protected: false,
        },
    );
    w.service.start(&stubborn).await.unwrap();
    logged(&runner, "run 1 1").await;
    // Asked through the store, as another instance's handler would: the lease renewal says so.
    let request = w
        .tasks
        .request_cancel(stubborn.user, &stubborn.id, Utc::now());
    assert!(matches!(request.await.unwrap(), CancelRequest::Stopping(_)));
    logged(&runner, "end 1 Cancelled").await;
    assert_eq!(state_of(w.tasks.as_ref(), stubborn.user).await, None);
    // Abandoned: it reports nothing more.
    let lines = runner.log().len();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(runner.log().len(), lines, "{:?}", runner.log());
    w.shut_down().await;
}

/// `task` claimed by an instance that died: its lease ended a minute ago.
async fn left_by_a_dead_instance(tasks: &dyn TaskStore, task: &Task) {
    tasks.enqueue(task).await.unwrap();
    let then = Utc::now() - TimeDelta::minutes(2);
    let claimed = tasks
        .claim("dead", then, TimeDelta::minutes(1))
        .await
        .unwrap();
    assert_eq!(claimed.unwrap().id, task.id);
}

async fn a_dead_instances_task_runs_again_when_safe_and_is_reported_otherwise(store: TestStore) {
    let backup = task(
        1,
        TaskKind::CreateBackup {
            history: false,
            protected: false,
        },
    );
    left_by_a_dead_instance(store.tasks.as_ref(), &backup).await;
    let import = TaskKind::ImportArchive {
        file_id: "f".to_owned(),
        document_name: None,
    };
    let import = task(2, import);
    left_by_a_dead_instance(store.tasks.as_ref(), &import).await;

    let runner = Arc::new(Runner::default());
    let w = start(&store, runner.clone(), settings("a", false));
    logged(&runner, "result 1").await;
    logged(&runner, "end 2 Interrupted").await;
    w.shut_down().await;
    let log = runner.log();
    assert!(log.contains(&"run 1 2".to_owned()), "{log:?}");
    assert!(!log.iter().any(|line| line.starts_with("run 2")), "{log:?}");
    for user in [backup.user, import.user] {
        assert_eq!(state_of(store.tasks.as_ref(), user).await, None);
    }
}

async fn a_task_cut_short_again_and_again_is_reported_not_run_forever(store: TestStore) {
    let tasks = store.tasks.clone();
    let backup = task(
        1,
        TaskKind::CreateBackup {
            history: false,
            protected: false,
        },
    );
    tasks.enqueue(&backup).await.unwrap();
    // Claimed, then taken over twice, each holder dying half a minute in.
    let (first, lease) = (Utc::now() - TimeDelta::minutes(2), TimeDelta::seconds(30));
    assert!(tasks.claim("dead", first, lease).await.unwrap().is_some());
    for turn in 1..=2 {
        let taken = tasks.take_over("dead", first + lease * turn, lease).await;
        assert!(taken.unwrap().is_some());
    }
    let runner = Arc::new(Runner::default());
    let w = start(&store, runner.clone(), settings("a", false));
    logged(&runner, "end 1 Interrupted").await;
    w.shut_down().await;
    assert!(!runner.log().iter().any(|line| line.starts_with("run 1")));
}

async fn on_a_store_no_one_else_opens_leases_left_at_start_up_are_taken_over_at_once(
    store: TestStore,
) {
    let tasks = store.tasks.clone();
    let backup = task(
        1,
        TaskKind::CreateBackup {
            history: false,
            protected: false,
        },
    );
    tasks.enqueue(&backup).await.unwrap();
    // The process that claimed it was killed a moment ago: its lease runs on for an hour.
    let claimed = tasks.claim("killed", Utc::now(), TimeDelta::hours(1)).await;
    assert!(claimed.unwrap().is_some());
    let runner = Arc::new(Runner::default());
    let w = start(&store, runner.clone(), settings("a", true));
    logged(&runner, "run 1 2").await;
    logged(&runner, "result 1").await;
    w.shut_down().await;
    // (A worker sharing the store waits for the lease to end instead, as `take_over`'s
    // contract says.)
}

async fn on_shutdown_a_running_task_is_left_to_the_next_instance(store: TestStore) {
    let runner = Arc::new(Runner::default());
    runner.script(1, Script::Stubborn);
    let w = start(&store, runner.clone(), settings("a", false));
    let stubborn = task(
        1,
        TaskKind::CreateBackup {
            history: false,
            protected: false,
        },
    );
    w.service.start(&stubborn).await.unwrap();
    logged(&runner, "run 1 1").await;
    let tasks = w.tasks.clone();
    w.shut_down().await;
    // Not told anything: the next instance runs it again at once.
    assert!(!runner.log().iter().any(|line| line.starts_with("end 1")));
    let left = tasks.active(stubborn.user).await.unwrap().unwrap();
    assert_eq!(left.state, TaskState::Running);
    let next = tasks
        .take_over("b", Utc::now(), TimeDelta::minutes(1))
        .await;
    assert_eq!(next.unwrap().unwrap().id, stubborn.id);
}
