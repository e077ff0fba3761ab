//! Login, logout and re-authentication: one implementation for the login page
//! and the JSON API.
//!
//! Failures never say which part was wrong (no user enumeration): an unknown
//! account, a disabled account, a wrong password and a wrong code give the same
//! answer, after the same argon2 work. Throttling counts per account name
//! (existing or not) and per source address, both in the database.
//!
//! The argon2 work runs on the bounded password workers
//! (`Inner::password_workers`). When they are busy, nothing is checked: the
//! answer is [`LoginOutcome::Busy`] (or [`ReauthOutcome::Busy`]), which does
//! not count as a failed attempt and asks to try again in a few seconds.

use secrecy::SecretString;
use sha2::{Digest, Sha256};
use verbind_crypto::{password, token, totp};
use verbind_domain::audit::AuditAction;
use verbind_domain::throttle::{account_retry_at, source_retry_at};
use verbind_domain::username::Username;
use verbind_store::models::session::SessionRow;
use verbind_store::models::user::UserRow;
use verbind_store::models::{audit, meta, session as sessions, throttle, user};

use crate::error::{AppError, AppResult};
use crate::state::{AppState, Inner};

/// What someone typed into the login form or sent to `POST /api/v1/session`.
pub struct LoginAttempt {
    pub username: String,
    pub password: SecretString,
    /// A TOTP code or a recovery code; required when the account has MFA on.
    pub code: Option<String>,
    /// The client's address, for per-source throttling (hashed before storage).
    pub source: String,
}

#[derive(Debug)]
pub enum LoginOutcome {
    Success(NewSession),
    Invalid,
    Throttled {
        retry_after_s: i64,
    },
    /// Too many password checks at once: nothing was checked (not a failed
    /// attempt); try again after `retry_after_s` seconds.
    Busy {
        retry_after_s: i64,
    },
}

/// When to try again after the password workers were busy, in seconds.
pub const BUSY_RETRY_AFTER_S: i64 = 3;

/// A fresh session: the token goes into the cookie, once.
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
    /// The account must still enrol in MFA before it can do anything else.
    pub mfa_enrolment_required: bool,
}

pub(crate) fn throttle_key(kind: &str, value: &str, salt: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0]);
    h.update(kind.as_bytes());
    h.update([0]);
    h.update(value.as_bytes());
    format!("{kind}:{}", hex_lower(&h.finalize()))
}

fn hex_lower(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A per-deployment salt so the throttle table holds no reversible addresses.
pub(crate) fn throttle_salt(
    c: &mut verbind_store::DbConn,
) -> Result<String, verbind_store::StoreError> {
    if let Some(s) = meta::get(c, "throttle_salt")? {
        return Ok(s);
    }
    let s = token::random_token();
    meta::set(c, "throttle_salt", &s)?;
    Ok(s)
}

/// Whether MFA must be done for this account in this deployment.
pub fn mfa_required(state: &Inner, u: &UserRow) -> bool {
    !state.config.demo && u.role().requires_mfa()
}

pub async fn login(state: &AppState, attempt: LoginAttempt) -> AppResult<LoginOutcome> {
    let now = state.now_ms();
    let outcome = state
        .blocking(move |s| {
            let normalised = Username::parse(&attempt.username)
                .map(|u| u.as_str().to_owned())
                .ok();
            let account_name = normalised
                .clone()
                .unwrap_or_else(|| attempt.username.trim().to_lowercase());

            // 1. Throttle check, before any expensive work.
            let (acct_key, src_key, wait_until) =
                s.db.write(|c| {
                    let salt = throttle_salt(c)?;
                    let acct_key = throttle_key("acct", &account_name, &salt);
                    let src_key = throttle_key("src", &attempt.source, &salt);
                    let a = throttle::get(c, &acct_key)?
                        .map(|x| account_retry_at(x.failures, x.last_failure_at));
                    let b = throttle::get(c, &src_key)?
                        .map(|x| source_retry_at(x.failures, x.last_failure_at));
                    Ok((acct_key, src_key, a.into_iter().chain(b).max()))
                })
                .map_err(AppError::from)?;
            if let Some(until) = wait_until.filter(|u| *u > now) {
                s.db.write(|c| {
                    audit::append(
                        c,
                        now,
                        &audit::NewEntry::new(AuditAction::LoginThrottled, "denied"),
                    )
                })?;
                s.metrics.record_login("throttled");
                return Ok(LoginOutcome::Throttled {
                    retry_after_s: (until - now + 999) / 1000,
                });
            }

            // 2. Find the account and check the password (argon2 on the password workers).
            let found = match &normalised {
                Some(name) => s.db.read(|c| user::find_by_username(c, name))?,
                None => None,
            };
            let checked = match found.as_ref().and_then(|u| u.password_hash.as_deref()) {
                Some(phc) => s.password_workers.verify(phc, &attempt.password),
                None => s
                    .password_workers
                    .verify_dummy(&attempt.password)
                    .map(|()| false),
            };
            let password_ok = match checked {
                Ok(ok) => ok,
                Err(busy) => {
                    // Nothing was checked: not a failed attempt (no throttle
                    // count), audited like a throttled login.
                    tracing::debug!(reason = %busy, "login refused: password workers busy");
                    s.db.write(|c| {
                        audit::append(
                            c,
                            now,
                            &audit::NewEntry::new(AuditAction::LoginThrottled, "denied")
                                .detail("busy"),
                        )
                    })?;
                    s.metrics.record_login("busy");
                    s.metrics.record_password_busy("login");
                    return Ok(LoginOutcome::Busy {
                        retry_after_s: BUSY_RETRY_AFTER_S,
                    });
                }
            };
            let usable = found.as_ref().filter(|u| password_ok && !u.is_disabled());

            // 3. The second factor, when the account has one.
            let mut mfa_verified = false;
            let mut ok = usable.is_some();
            let mut used_recovery = false;
            if let Some(u) = usable
                && u.mfa_enabled
            {
                {
                    let code = attempt.code.as_deref().unwrap_or("").trim().to_owned();
                    match check_second_factor(s, u, &code, now)? {
                        SecondFactor::Totp | SecondFactor::Recovery => {
                            mfa_verified = true;
                            used_recovery = matches!(check_kind(&code), CodeKind::Recovery);
                        }
                        SecondFactor::Wrong => ok = false,
                    }
                }
            }

            if !ok {
                s.db.write(|c| {
                    throttle::record_failure(c, &acct_key, now)?;
                    throttle::record_failure(c, &src_key, now)?;
                    let mut e = audit::NewEntry::new(AuditAction::LoginFailed, "failed");
                    if let Some(u) = &found {
                        e = e.tenant(&u.tenant()).object("user", &u.id);
                    } else {
                        e = e.detail("unknown-account");
                    }
                    audit::append(c, now, &e)
                })?;
                s.metrics.record_login("failed");
                return Ok(LoginOutcome::Invalid);
            }
            let Some(u) = usable else {
                return Ok(LoginOutcome::Invalid);
            };

            // 4. Success: a new session (a new id at every login), audited.
            let tok = token::random_token();
            let csrf = token::random_token();
            let required = mfa_required(s, u);
            let mfa_done = mfa_verified || !required;
            let row = SessionRow {
                id_hash: token::token_hash(&tok),
                user_id: u.id.clone(),
                tenant_id: u.tenant_id.clone(),
                csrf_token: csrf.clone(),
                mfa_done,
                created_at: now,
                last_seen_at: now,
                reauth_at: None,
            };
            s.db.write(|c| {
                throttle::clear(c, &acct_key)?;
                sessions::insert(c, &row)?;
                if used_recovery {
                    audit::append(
                        c,
                        now,
                        &audit::NewEntry::new(AuditAction::RecoveryCodeUsed, "ok")
                            .tenant(&u.tenant())
                            .actor(&u.id, &u.organisation_id),
                    )?;
                }
                audit::append(
                    c,
                    now,
                    &audit::NewEntry::new(AuditAction::LoginSucceeded, "ok")
                        .tenant(&u.tenant())
                        .actor(&u.id, &u.organisation_id)
                        .detail(if mfa_verified { "mfa" } else { "password" }),
                )
            })?;
            // Upgrade an old hash to the current parameters while we have the
            // password (when the workers are busy: at a later login).
            if let Some(phc) = u.password_hash.as_deref()
                && password::needs_rehash(phc)
            {
                match s.password_workers.hash(&attempt.password) {
                    Ok(Ok(new)) => {
                        s.db.write(|c| user::set_password_hash(c, &u.user_id(), &new, now))?;
                    }
                    Ok(Err(e)) => tracing::warn!(error = %e, "rehash at login failed"),
                    Err(_) => s.metrics.record_password_busy("rehash"),
                }
            }
            s.metrics.record_login("succeeded");
            Ok(LoginOutcome::Success(NewSession {
                token: tok,
                csrf,
                mfa_enrolment_required: required && !u.mfa_enabled,
            }))
        })
        .await?;
    Ok(outcome)
}

enum SecondFactor {
    Totp,
    Recovery,
    Wrong,
}

enum CodeKind {
    Totp,
    Recovery,
}

fn check_kind(code: &str) -> CodeKind {
    if code
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|c| c.is_ascii_digit())
    {
        CodeKind::Totp
    } else {
        CodeKind::Recovery
    }
}

/// Checks a TOTP code (single use) or a recovery code (single use).
fn check_second_factor(s: &Inner, u: &UserRow, code: &str, now_ms: i64) -> AppResult<SecondFactor> {
    if code.is_empty() {
        return Ok(SecondFactor::Wrong);
    }
    match check_kind(code) {
        CodeKind::Totp => {
            let secret = s.db.read(|c| user::totp_secret(c, &s.keyring, u))?;
            let Some(secret) = secret else {
                return Ok(SecondFactor::Wrong);
            };
            let secret = totp::TotpSecret::from_bytes(secret.to_vec())
                .map_err(|e| AppError::internal(e.to_string()))?;
            let last = u.totp_last_step.and_then(|v| u64::try_from(v).ok());
            let unix = u64::try_from(now_ms / 1000).unwrap_or(0);
            let Some(step) = totp::verify(&secret, code, unix, last) else {
                return Ok(SecondFactor::Wrong);
            };
            let step = i64::try_from(step).unwrap_or(i64::MAX);
            // The UPDATE only succeeds for a step not used before: no replay, even concurrently.
            let fresh =
                s.db.write(|c| user::consume_totp_step(c, &u.user_id(), step))?;
            Ok(if fresh {
                SecondFactor::Totp
            } else {
                SecondFactor::Wrong
            })
        }
        CodeKind::Recovery => {
            let hash = totp::recovery_code_hash(code);
            let used =
                s.db.write(|c| user::consume_recovery_code(c, &u.user_id(), &hash, now_ms))?;
            Ok(if used {
                SecondFactor::Recovery
            } else {
                SecondFactor::Wrong
            })
        }
    }
}

/// Ends the session (logout), audited.
pub async fn logout(
    state: &AppState,
    session: &crate::middleware::session::CurrentSession,
) -> AppResult<()> {
    let now = state.now_ms();
    let hash = session.id_hash.clone();
    let tenant = session.tenant_id.clone();
    let user_id = session.user_id.to_string();
    let org = session.organisation_id.to_string();
    state
        .write(move |c, _| {
            sessions::delete(c, &hash)?;
            audit::append(
                c,
                now,
                &audit::NewEntry::new(AuditAction::Logout, "ok")
                    .tenant(&tenant)
                    .actor(&user_id, &org),
            )?;
            Ok(())
        })
        .await
}

/// What a re-authentication came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReauthOutcome {
    /// The session is fresh for a few minutes.
    Confirmed,
    /// A wrong password or code (counted against the account).
    Failed,
    /// Too many failures lately: nothing was checked; try again after
    /// `retry_after_s` seconds (rounded up), whatever was typed.
    Throttled { retry_after_s: i64 },
    /// The password workers were busy: nothing was checked (not a failure);
    /// try again after `retry_after_s` seconds.
    Busy { retry_after_s: i64 },
}

impl ReauthOutcome {
    pub fn is_confirmed(self) -> bool {
        self == ReauthOutcome::Confirmed
    }
}

/// Re-authentication before a sensitive action: password, and the TOTP code
/// when the account has MFA. On success the session is marked fresh for a
/// few minutes. While the account is throttled nothing is checked and the
/// answer says for how long, so a right password is not reported as wrong.
pub async fn reauthenticate(
    state: &AppState,
    session: &crate::middleware::session::CurrentSession,
    password_input: SecretString,
    code: Option<String>,
) -> AppResult<ReauthOutcome> {
    let now = state.now_ms();
    let s = session.clone();
    state
        .blocking(move |st| {
            let u = st.db.read(|c| user::find(c, &s.tenant_id, &s.user_id))?;
            // Failed re-authentications count against the account like failed
            // logins (same counter), so a stolen session cannot guess the password.
            let key = st
                .db
                .write(|c| Ok(throttle_key("acct", &u.username, &throttle_salt(c)?)))
                .map_err(AppError::from)?;
            let wait_until = st
                .db
                .read(|c| throttle::get(c, &key))?
                .map(|x| account_retry_at(x.failures, x.last_failure_at))
                .filter(|until| *until > now);
            let waiting = wait_until.is_some();
            let checked = match u.password_hash.as_deref() {
                Some(phc) if !waiting => st.password_workers.verify(phc, &password_input),
                _ => Ok(false),
            };
            // Busy: nothing was checked, so nothing counts against the account.
            let busy = checked.is_err();
            let ok = checked == Ok(true)
                && (!u.mfa_enabled
                    || matches!(
                        check_second_factor(st, &u, code.as_deref().unwrap_or("").trim(), now)?,
                        SecondFactor::Totp
                    ));
            st.db.write(|c| {
                if ok {
                    sessions::set_reauth(c, &s.id_hash, now)?;
                    throttle::clear(c, &key)?;
                } else if !waiting && !busy {
                    throttle::record_failure(c, &key, now)?;
                }
                audit::append(
                    c,
                    now,
                    &audit::NewEntry::new(
                        if ok {
                            AuditAction::ReauthSucceeded
                        } else {
                            AuditAction::ReauthFailed
                        },
                        if ok { "ok" } else { "failed" },
                    )
                    .tenant(&s.tenant_id)
                    .actor(s.user_id.as_str(), s.organisation_id.as_str())
                    .detail(if waiting {
                        "throttled"
                    } else if busy {
                        "busy"
                    } else {
                        "checked"
                    }),
                )
            })?;
            if busy {
                st.metrics.record_password_busy("reauth");
            }
            Ok(match wait_until {
                Some(until) => ReauthOutcome::Throttled {
                    retry_after_s: (until - now + 999) / 1000,
                },
                None if busy => ReauthOutcome::Busy {
                    retry_after_s: BUSY_RETRY_AFTER_S,
                },
                None if ok => ReauthOutcome::Confirmed,
                None => ReauthOutcome::Failed,
            })
        })
        .await
}

/// Errors unless the session re-authenticated in the last few minutes.
pub fn require_fresh_reauth(
    state: &AppState,
    session: &crate::middleware::session::CurrentSession,
) -> Result<(), ReauthNeeded> {
    if verbind_domain::session::reauth_fresh(session.reauth_at, state.now_ms()) {
        Ok(())
    } else {
        Err(ReauthNeeded)
    }
}

/// The caller must re-authenticate first (pages redirect to the confirmation form).
#[derive(Debug)]
pub struct ReauthNeeded;
