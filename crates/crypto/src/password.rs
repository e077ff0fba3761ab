//! Password hashing with argon2id (OWASP's minimum: m = 19456 KiB, t = 2, p = 1).
//!
//! Hashes are stored as PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`),
//! which carry their own parameters, so they stay verifiable when the parameters are
//! raised later; [`needs_rehash`] tells when to re-hash at the next login.
//!
//! Each call costs tens of milliseconds of CPU and ~19 MiB of memory. The free
//! functions below do the work on the calling thread; a server runs it through
//! [`PasswordWorkers`] instead.
//!
//! # Why a fixed pool of password workers
//!
//! Run on an unbounded pool (tokio's blocking pool has up to 512 threads), a
//! storm of logins makes as many argon2 computations run at once as there are
//! requests in flight. That hurts twice:
//!
//! - **CPU**: every core is busy with argon2, so every other request waits
//!   behind the storm and misses its latency budget.
//! - **Memory**: argon2 allocates its 19 MiB block array per call. glibc's
//!   `malloc` gives threads their own arenas, and after the first large `free`
//!   it raises its mmap threshold (up to 32 MiB), so later 19 MiB allocations
//!   come from the calling thread's arena, which keeps the memory after the
//!   `free`. Each thread that once ran argon2 holds on to ~19 MiB: with dozens of
//!   blocking threads the resident size grows by hundreds of MiB and stays there.
//!
//! [`PasswordWorkers`] owns a fixed number of dedicated threads (by default half
//! the cores, at least one) fed by a bounded queue. At most that many argon2
//! computations run at once, the same few threads (and arenas) do all of it, so
//! resident memory stays bounded by about `threads x 19 MiB`, and the other
//! cores stay free for other requests. When the queue is full, or the answer
//! does not come within the timeout, the caller gets [`Busy`] at once instead of
//! piling up: the server answers "try again in a few seconds" rather than
//! slowing down for everyone.
//!
//! The password policy (length, common-password list) lives in the domain crate.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};

use crate::CryptoError;

/// Memory cost in KiB.
pub const ARGON2_M_KIB: u32 = 19_456;
/// Number of passes.
pub const ARGON2_T: u32 = 2;
/// Degree of parallelism.
pub const ARGON2_P: u32 = 1;
/// Salt length in bytes.
pub const SALT_LEN: usize = 16;
/// Hash output length in bytes.
pub const OUTPUT_LEN: usize = 32;
/// Algorithm identifier in the PHC string.
pub const ALGORITHM: &str = "argon2id";

/// Stored hashes asking for more memory than this (1 GiB) are refused rather than
/// verified, so a corrupted or planted hash cannot exhaust the server's memory.
const MAX_VERIFY_M_KIB: u32 = 1024 * 1024;

fn hasher() -> Result<Argon2<'static>, CryptoError> {
    let params = Params::new(ARGON2_M_KIB, ARGON2_T, ARGON2_P, Some(OUTPUT_LEN))
        .map_err(|e| CryptoError::PasswordHash(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Where argon2's working memory (`m` KiB) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Memory {
    /// Allocated for this one call and freed after it.
    Fresh,
    /// This thread's kept memory ([`KEPT`]): what the password workers use.
    Kept,
}

thread_local! {
    /// The argon2 memory of a password worker, allocated once (at the current
    /// parameters' size) and kept for the thread's life. Allocating and
    /// freeing 19 MiB per verification makes glibc raise its mmap threshold
    /// for the whole process, after which every thread keeps large freed
    /// blocks in its arena: a login storm then left hundreds of MiB behind.
    static KEPT: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` on `params.block_count()` blocks of working memory. Kept memory
/// serves the current parameters (and cheaper ones); a dearer stored hash gets
/// memory for that call only.
fn with_blocks<T>(memory: Memory, params: &Params, f: impl FnOnce(&mut [argon2::Block]) -> T) -> T {
    let n = params.block_count();
    if memory == Memory::Kept && params.m_cost() <= ARGON2_M_KIB {
        KEPT.with_borrow_mut(|kept| {
            if kept.len() < n {
                kept.resize(n, argon2::Block::default());
            }
            f(&mut kept[..n])
        })
    } else {
        f(&mut vec![argon2::Block::default(); n])
    }
}

/// Hashes `password` with a fresh random salt; returns the PHC string to store.
pub fn hash_password(password: &SecretString) -> Result<String, CryptoError> {
    hash_in(password, Memory::Fresh)
}

fn hash_in(password: &SecretString, memory: Memory) -> Result<String, CryptoError> {
    let err = |e: &dyn std::fmt::Display| CryptoError::PasswordHash(e.to_string());
    let mut salt = [0u8; SALT_LEN];
    OsRng.fill_bytes(&mut salt);
    let argon = hasher()?;
    let params = argon.params().clone();
    let mut out = [0u8; OUTPUT_LEN];
    with_blocks(memory, &params, |blocks| {
        argon.hash_password_into_with_memory(
            password.expose_secret().as_bytes(),
            &salt,
            &mut out,
            blocks,
        )
    })
    .map_err(|e| err(&e))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| err(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| err(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| err(&e))?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the stored PHC string `phc`.
///
/// The hash outputs are compared in constant time. A malformed hash, another
/// algorithm than argon2id, or an absurd memory cost gives `false`.
pub fn verify_password(phc: &str, password: &SecretString) -> bool {
    verify_in(phc, password, Memory::Fresh)
}

fn verify_in(phc: &str, password: &SecretString, memory: Memory) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    if parsed.algorithm.as_str() != ALGORITHM {
        return false;
    }
    // The parameters come from the PHC string.
    let params = match Params::try_from(&parsed) {
        Ok(params) if params.m_cost() <= MAX_VERIFY_M_KIB => params,
        _ => return false,
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let argon = Argon2::new(Algorithm::Argon2id, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    let hashed = with_blocks(memory, &params, |blocks| {
        argon.hash_password_into_with_memory(
            password.expose_secret().as_bytes(),
            salt,
            &mut out,
            blocks,
        )
    });
    // `Output`'s equality is constant-time.
    hashed.is_ok() && Output::new(&out).is_ok_and(|computed| computed == expected)
}

/// A hash of a random password with the current parameters, made once per process.
fn dummy_hash() -> Option<&'static str> {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let mut random = [0u8; 32];
            OsRng.fill_bytes(&mut random);
            hash_password(&SecretString::from(hex::encode(random))).ok()
        })
        .as_deref()
}

/// Does the work of one [`verify_password`] and throws the result away.
///
/// Call it when the user name is unknown, so that a login attempt for an unknown
/// user takes as long as one for a known user (no enumeration by timing).
pub fn verify_dummy(password: &SecretString) {
    verify_dummy_in(password, Memory::Fresh);
}

fn verify_dummy_in(password: &SecretString, memory: Memory) {
    if let Some(dummy) = dummy_hash() {
        std::hint::black_box(verify_in(dummy, password, memory));
    }
}

/// The PHC string the dummy verification checks against: made with the same
/// parameters as every real hash, which is what makes the timing equal.
pub fn dummy_phc() -> Option<&'static str> {
    dummy_hash()
}

/// Computes the dummy hash now, so the first unknown-user login is not slower than
/// the others. Call once at start-up (on a blocking thread).
pub fn prepare_dummy() {
    let _ = dummy_hash();
}

/// The parameters of a stored PHC string:
/// `(m_kib, t, p, salt_len_bytes, algorithm)`.
pub fn phc_params(phc: &str) -> Result<(u32, u32, u32, usize, String), CryptoError> {
    let parsed = PasswordHash::new(phc).map_err(|e| CryptoError::PasswordHash(e.to_string()))?;
    let params = Params::try_from(&parsed).map_err(|e| CryptoError::PasswordHash(e.to_string()))?;
    let salt = parsed
        .salt
        .ok_or_else(|| CryptoError::PasswordHash("no salt".into()))?;
    let mut buf = [0u8; 64];
    let salt_len = salt
        .decode_b64(&mut buf)
        .map_err(|e| CryptoError::PasswordHash(e.to_string()))?
        .len();
    Ok((
        params.m_cost(),
        params.t_cost(),
        params.p_cost(),
        salt_len,
        parsed.algorithm.as_str().to_owned(),
    ))
}

/// Whether a stored hash differs from the current parameters (algorithm, version,
/// costs, salt or output length) and should be replaced at the next successful login.
/// A malformed hash also needs replacing.
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    let current_version = parsed.version == Some(u32::from(Version::V0x13));
    let output_ok = parsed.hash.is_some_and(|h| h.len() == OUTPUT_LEN);
    let params_ok = matches!(
        phc_params(phc),
        Ok((m, t, p, salt, ref alg))
            if m == ARGON2_M_KIB && t == ARGON2_T && p == ARGON2_P && salt == SALT_LEN && alg == ALGORITHM
    );
    !(current_version && output_ok && params_ok)
}

/// Why [`PasswordWorkers`] did not answer: nothing was checked or hashed.
/// Callers answer "too many at once, try again in a few seconds".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Busy {
    /// The queue was full: the work was refused at once.
    #[error("the password work queue is full")]
    QueueFull,
    /// The work did not finish within the timeout (it is dropped if it has
    /// not started yet).
    #[error("the password work did not finish in time")]
    TimedOut,
    /// No worker thread is running, or the work failed unexpectedly.
    #[error("the password workers are not available")]
    Unavailable,
}

/// Default queue capacity of [`PasswordWorkers`].
pub const DEFAULT_QUEUE: usize = 32;
/// Default longest wait of a [`PasswordWorkers`] caller, queueing included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest accepted timeout; larger values are lowered to it.
const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

/// The default number of password worker threads: half the available cores,
/// at least one.
pub fn default_worker_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get() / 2)
        .unwrap_or(1)
        .max(1)
}

/// The settings of a [`PasswordWorkers`] pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordWorkersConfig {
    /// Number of worker threads (0 is taken as 1).
    pub threads: usize,
    /// Jobs that may wait for a free worker; one more is refused with
    /// [`Busy::QueueFull`]. 0: only a job a worker is ready to take at once.
    pub queue: usize,
    /// Longest wait for an answer, queueing included ([`Busy::TimedOut`]
    /// after it). Zero refuses every job (for tests).
    pub timeout: Duration,
}

impl Default for PasswordWorkersConfig {
    fn default() -> Self {
        Self {
            threads: default_worker_threads(),
            queue: DEFAULT_QUEUE,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// One piece of work for a worker. `work` sends its result to the waiting
/// caller; dropping it unrun closes the caller's reply channel.
struct Job {
    /// The caller gives up at this instant: a job still queued then is dropped.
    deadline: Instant,
    work: Box<dyn FnOnce() + Send>,
}

/// A fixed pool of named threads (`verbind-argon2-N`) that do all argon2 work
/// of a server, fed by a bounded queue. See the module documentation for why.
///
/// The methods block the calling thread (call them where blocking is allowed,
/// e.g. on tokio's blocking pool) until a worker answers, at most for the
/// configured timeout. Dropping the pool lets the workers finish the queued
/// jobs and waits for them to exit.
pub struct PasswordWorkers {
    sender: Option<SyncSender<Job>>,
    handles: Vec<JoinHandle<()>>,
    config: PasswordWorkersConfig,
}

impl std::fmt::Debug for PasswordWorkers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordWorkers")
            .field("threads", &self.handles.len())
            .field("queue", &self.config.queue)
            .field("timeout", &self.config.timeout)
            .finish()
    }
}

impl PasswordWorkers {
    /// Starts the worker threads. Never fails: a thread the system refuses to
    /// start is left out ([`PasswordWorkers::threads`] tells how many run);
    /// with none, every call answers [`Busy::Unavailable`].
    pub fn new(config: PasswordWorkersConfig) -> Self {
        let config = PasswordWorkersConfig {
            threads: config.threads.max(1),
            queue: config.queue,
            timeout: config.timeout.min(MAX_TIMEOUT),
        };
        let (sender, receiver) = mpsc::sync_channel::<Job>(config.queue);
        let receiver = Arc::new(Mutex::new(receiver));
        let handles = (0..config.threads)
            .filter_map(|n| {
                let receiver = Arc::clone(&receiver);
                std::thread::Builder::new()
                    .name(format!("verbind-argon2-{n}"))
                    .spawn(move || worker_loop(&receiver))
                    .ok()
            })
            .collect::<Vec<_>>();
        Self {
            sender: Some(sender),
            handles,
            config,
        }
    }

    /// Number of running worker threads.
    pub fn threads(&self) -> usize {
        self.handles.len()
    }

    /// The settings in force (after the corrections [`PasswordWorkers::new`] makes).
    pub fn config(&self) -> PasswordWorkersConfig {
        self.config
    }

    /// [`verify_password`] on a worker.
    pub fn verify(&self, phc: &str, password: &SecretString) -> Result<bool, Busy> {
        let phc = phc.to_owned();
        let password = copy_secret(password);
        self.run(move || verify_in(&phc, &password, Memory::Kept))
    }

    /// [`verify_dummy`] on a worker.
    pub fn verify_dummy(&self, password: &SecretString) -> Result<(), Busy> {
        let password = copy_secret(password);
        self.run(move || verify_dummy_in(&password, Memory::Kept))
    }

    /// [`hash_password`] on a worker. The outer error: the pool did not do the
    /// work; the inner one: hashing failed.
    pub fn hash(&self, password: &SecretString) -> Result<Result<String, CryptoError>, Busy> {
        let password = copy_secret(password);
        self.run(move || hash_in(&password, Memory::Kept))
    }

    /// Runs `f` on a worker and waits for its result, at most until the timeout.
    fn run<T, F>(&self, f: F) -> Result<T, Busy>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let deadline = Instant::now() + self.config.timeout;
        let (reply, answer) = mpsc::sync_channel(1);
        self.submit(
            deadline,
            Box::new(move || {
                // The caller may have given up meanwhile: nothing to do then.
                let _ = reply.send(f());
            }),
        )?;
        match answer.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(value) => Ok(value),
            Err(RecvTimeoutError::Timeout) => Err(Busy::TimedOut),
            // The job was dropped unrun because its deadline passed, or it panicked.
            Err(RecvTimeoutError::Disconnected) if Instant::now() >= deadline => {
                Err(Busy::TimedOut)
            }
            Err(RecvTimeoutError::Disconnected) => Err(Busy::Unavailable),
        }
    }

    /// Queues a job without waiting: [`Busy::QueueFull`] when there is no room.
    fn submit(&self, deadline: Instant, work: Box<dyn FnOnce() + Send>) -> Result<(), Busy> {
        if self.handles.is_empty() {
            return Err(Busy::Unavailable);
        }
        let sender = self.sender.as_ref().ok_or(Busy::Unavailable)?;
        sender
            .try_send(Job { deadline, work })
            .map_err(|e| match e {
                TrySendError::Full(_) => Busy::QueueFull,
                TrySendError::Disconnected(_) => Busy::Unavailable,
            })
    }
}

impl Drop for PasswordWorkers {
    fn drop(&mut self) {
        // Closing the queue ends each worker once the queued jobs are done.
        drop(self.sender.take());
        for handle in self.handles.drain(..) {
            let _ = handle.join();
        }
    }
}

/// A worker: takes jobs until the queue is closed and empty.
fn worker_loop(receiver: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while waiting for the next job, so the workers
        // take turns at the queue but compute in parallel.
        let next = receiver
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        let Ok(job) = next else {
            return;
        };
        if Instant::now() >= job.deadline {
            // Its caller has given up (or is about to): skip the work.
            continue;
        }
        // A panic must not take the worker down; the caller sees it as
        // `Busy::Unavailable` (its reply channel closes unanswered).
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job.work));
    }
}

/// A copy of a secret for another thread (zeroized when dropped, like the original).
fn copy_secret(s: &SecretString) -> SecretString {
    SecretString::from(s.expose_secret().to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::collections::HashSet;

    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_owned())
    }

    #[test]
    fn kept_memory_gives_the_same_answers_and_is_reused() {
        use argon2::password_hash::PasswordVerifier;
        let pw = secret("een-lang-genoeg-wachtwoord");
        let phc = hash_in(&pw, Memory::Kept).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        // The argon2 crate's own verifier agrees with ours.
        let parsed = PasswordHash::new(&phc).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"een-lang-genoeg-wachtwoord", &parsed)
                .is_ok()
        );
        assert!(Argon2::default().verify_password(b"fout", &parsed).is_err());
        let start = KEPT.with_borrow(|k| (k.len(), k.as_ptr()));
        assert_eq!(start.0, ARGON2_M_KIB as usize);
        for (typed, right) in [("een-lang-genoeg-wachtwoord", true), ("fout", false)] {
            assert_eq!(verify_in(&phc, &secret(typed), Memory::Kept), right);
            assert_eq!(verify_in(&phc, &secret(typed), Memory::Fresh), right);
        }
        // A cheaper stored hash (made by the crate itself) uses part of it.
        let cheap = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        );
        let salt = SaltString::encode_b64(b"zoutzoutzoutzout").unwrap();
        let cheap_phc = argon2::PasswordHasher::hash_password(&cheap, b"ander", &salt)
            .unwrap()
            .to_string();
        assert!(verify_in(&cheap_phc, &secret("ander"), Memory::Kept));
        assert!(!verify_in(&cheap_phc, &secret("andere"), Memory::Kept));
        assert_eq!(
            KEPT.with_borrow(|k| (k.len(), k.as_ptr())),
            start,
            "the same memory"
        );
    }

    fn pool(threads: usize, queue: usize, timeout: Duration) -> PasswordWorkers {
        PasswordWorkers::new(PasswordWorkersConfig {
            threads,
            queue,
            timeout,
        })
    }

    /// A long timeout, so a slow test machine never turns an answer into `Busy`.
    const PATIENT: Duration = Duration::from_secs(120);

    /// Occupies the pool's (single) worker until the returned sender is
    /// dropped or sent to; returns once the worker has taken the job, so the
    /// queue is empty then.
    fn block_worker(pool: &PasswordWorkers) -> mpsc::Sender<()> {
        let (started_tx, started_rx) = mpsc::channel();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        pool.submit(
            Instant::now() + PATIENT,
            Box::new(move || {
                started_tx.send(()).unwrap();
                let _ = release_rx.recv();
            }),
        )
        .unwrap();
        started_rx.recv().unwrap();
        release_tx
    }

    #[test]
    fn results_equal_the_free_functions() {
        let p = pool(2, 8, PATIENT);
        assert_eq!(p.threads(), 2);
        let pw = secret("correct horse battery staple");
        let phc = p.hash(&pw).unwrap().unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(!needs_rehash(&phc));
        assert!(verify_password(&phc, &pw), "the pool's hash verifies");
        let free = hash_password(&pw).unwrap();
        for (stored, typed) in [
            (phc.as_str(), "correct horse battery staple"),
            (phc.as_str(), "Correct horse battery staple"),
            (free.as_str(), "correct horse battery staple"),
            (free.as_str(), ""),
            ("$argon2id$v=19$m=19456,t=2,p=1$bm9wZQ$bm9wZQ", "x"),
            ("not a hash", "x"),
        ] {
            assert_eq!(
                p.verify(stored, &secret(typed)).unwrap(),
                verify_password(stored, &secret(typed)),
                "{stored} / {typed}"
            );
        }
        assert_eq!(p.verify_dummy(&pw), Ok(()));
    }

    #[test]
    fn work_runs_on_the_named_workers_only() {
        let p = pool(2, 32, PATIENT);
        let names = std::thread::scope(|s| {
            let callers = (0..6)
                .map(|_| {
                    s.spawn(|| {
                        p.run(|| {
                            let t = std::thread::current();
                            (t.id(), t.name().map(str::to_owned))
                        })
                        .unwrap()
                    })
                })
                .collect::<Vec<_>>();
            callers
                .into_iter()
                .map(|c| c.join().unwrap())
                .collect::<Vec<_>>()
        });
        let threads = names.iter().map(|(id, _)| *id).collect::<HashSet<_>>();
        assert!(threads.len() <= 2, "{} threads did the work", threads.len());
        for (_, name) in names {
            let name = name.unwrap();
            assert!(
                name == "verbind-argon2-0" || name == "verbind-argon2-1",
                "{name}"
            );
        }
    }

    #[test]
    fn more_callers_than_workers_all_get_the_right_answer() {
        let p = pool(2, 32, PATIENT);
        let right = secret("een lang en goed wachtwoord");
        let phc = hash_password(&right).unwrap();
        std::thread::scope(|s| {
            let callers = (0..6)
                .map(|i| {
                    let (p, phc, right) = (&p, &phc, &right);
                    s.spawn(move || {
                        if i % 2 == 0 {
                            p.verify(phc, right).unwrap()
                        } else {
                            !p.verify(phc, &secret("een fout wachtwoord")).unwrap()
                        }
                    })
                })
                .collect::<Vec<_>>();
            for c in callers {
                assert!(c.join().unwrap());
            }
        });
    }

    #[test]
    fn a_full_queue_is_refused_at_once() {
        let p = pool(1, 1, PATIENT);
        let release = block_worker(&p);
        // The worker is busy and the queue is empty: one job fits, the next does not.
        let (filler_tx, filler_rx) = mpsc::channel();
        p.submit(
            Instant::now() + PATIENT,
            Box::new(move || filler_tx.send(7).unwrap()),
        )
        .unwrap();
        let started = Instant::now();
        assert_eq!(p.verify("$argon2id$x", &secret("pw")), Err(Busy::QueueFull));
        assert_eq!(p.verify_dummy(&secret("pw")), Err(Busy::QueueFull));
        assert!(matches!(p.hash(&secret("pw")), Err(Busy::QueueFull)));
        assert!(started.elapsed() < PATIENT, "refused without waiting");
        // Once the worker is free, the queued job runs and new work is taken.
        release.send(()).unwrap();
        assert_eq!(filler_rx.recv().unwrap(), 7);
        assert_eq!(p.run(|| 42), Ok(42));
    }

    #[test]
    fn no_answer_within_the_timeout_is_busy() {
        let p = pool(1, 4, Duration::from_millis(50));
        let release = block_worker(&p);
        // Queued behind a worker that stays busy until after the timeout.
        let (ran_tx, ran_rx) = mpsc::channel();
        assert_eq!(p.run(move || ran_tx.send(()).unwrap()), Err(Busy::TimedOut));
        drop(release);
        // The abandoned job is dropped unrun (its sender goes with it).
        assert_eq!(ran_rx.recv(), Err(mpsc::RecvError));
    }

    #[test]
    fn a_zero_timeout_refuses_everything() {
        let p = pool(1, 4, Duration::ZERO);
        for _ in 0..3 {
            assert_eq!(p.verify_dummy(&secret("pw")), Err(Busy::TimedOut));
        }
    }

    #[test]
    fn a_panicking_job_does_not_stop_the_worker() {
        let p = pool(1, 4, PATIENT);
        assert_eq!(p.run(|| -> u8 { panic!("boom") }), Err(Busy::Unavailable));
        assert_eq!(p.run(|| 5), Ok(5));
    }

    #[test]
    fn zero_threads_means_one() {
        let p = pool(0, 0, PATIENT);
        assert_eq!(p.threads(), 1);
        assert!(default_worker_threads() >= 1);
        assert_eq!(PasswordWorkersConfig::default().queue, DEFAULT_QUEUE);
    }
}
