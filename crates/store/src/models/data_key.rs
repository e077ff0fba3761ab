//! Data keys: one random key per record that holds personal data, stored only
//! wrapped by the master key. Destroying a data key makes everything sealed
//! with it unreadable (crypto-shredding).

use diesel::prelude::*;
use uuid::Uuid;
use verbind_crypto::envelope::{self, Aad, DataKey, MasterKeyring, WrappedKey};

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::schema::data_keys;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = data_keys)]
pub struct DataKeyRow {
    pub id: String,
    pub tenant_id: String,
    pub purpose: String,
    pub master_version: i32,
    pub wrapped: Vec<u8>,
    pub created_at: i64,
    pub destroyed_at: Option<i64>,
}

/// An unwrapped data key with its id, ready to seal and open fields.
pub struct OpenKey {
    pub id: Uuid,
    pub tenant_id: String,
    key: DataKey,
}

impl std::fmt::Debug for OpenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl OpenKey {
    /// Encrypts `plain` for one field of one row.
    pub fn seal(&self, table: &str, column: &str, row: &str, plain: &[u8]) -> StoreResult<Vec<u8>> {
        let aad = Aad {
            tenant: &self.tenant_id,
            table,
            column,
            row,
        };
        Ok(envelope::seal(&self.key, &self.id, &aad, plain)?)
    }

    pub fn seal_str(
        &self,
        table: &str,
        column: &str,
        row: &str,
        plain: &str,
    ) -> StoreResult<Vec<u8>> {
        self.seal(table, column, row, plain.as_bytes())
    }

    /// Decrypts one field; fails when the blob was moved to another row, column or tenant.
    pub fn open_string(
        &self,
        table: &str,
        column: &str,
        row: &str,
        blob: &[u8],
    ) -> StoreResult<String> {
        let aad = Aad {
            tenant: &self.tenant_id,
            table,
            column,
            row,
        };
        let plain = envelope::open(&self.key, &aad, blob)?;
        String::from_utf8(plain.to_vec())
            .map_err(|_| StoreError::Invalid("field is not UTF-8".into()))
    }

    pub fn open_bytes(
        &self,
        table: &str,
        column: &str,
        row: &str,
        blob: &[u8],
    ) -> StoreResult<zeroize::Zeroizing<Vec<u8>>> {
        let aad = Aad {
            tenant: &self.tenant_id,
            table,
            column,
            row,
        };
        Ok(envelope::open(&self.key, &aad, blob)?)
    }
}

/// Creates and stores a new data key for `purpose` (e.g. "user"), returning it open.
pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant_id: &str,
    purpose: &str,
    now_ms: i64,
) -> StoreResult<OpenKey> {
    let id = Uuid::new_v4();
    let key = DataKey::generate();
    let wrapped = keyring.wrap(&key, &id, tenant_id)?;
    let row = DataKeyRow {
        id: id.to_string(),
        tenant_id: tenant_id.to_owned(),
        purpose: purpose.to_owned(),
        master_version: i32::try_from(wrapped.master_version)
            .map_err(|_| StoreError::Invalid("master key version out of range".into()))?,
        wrapped: wrapped.bytes,
        created_at: now_ms,
        destroyed_at: None,
    };
    diesel::insert_into(data_keys::table)
        .values(&row)
        .execute(conn)?;
    Ok(OpenKey {
        id,
        tenant_id: tenant_id.to_owned(),
        key,
    })
}

/// Loads and unwraps a data key; a destroyed key is an error.
pub fn open(conn: &mut DbConn, keyring: &MasterKeyring, key_id: &str) -> StoreResult<OpenKey> {
    let row: DataKeyRow = data_keys::table
        .find(key_id)
        .select(DataKeyRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    if row.destroyed_at.is_some() || row.wrapped.is_empty() {
        return Err(StoreError::Invalid("data key was destroyed".into()));
    }
    let id = Uuid::parse_str(&row.id).map_err(|_| StoreError::Invalid("bad key id".into()))?;
    let wrapped = WrappedKey {
        master_version: u32::try_from(row.master_version)
            .map_err(|_| StoreError::Invalid("bad master version".into()))?,
        bytes: row.wrapped,
    };
    let key = keyring.unwrap(&wrapped, &id, &row.tenant_id)?;
    Ok(OpenKey {
        id,
        tenant_id: row.tenant_id,
        key,
    })
}

/// Whether the key was destroyed (crypto-shredding) or is gone: what it
/// sealed can no longer be read.
pub fn destroyed(conn: &mut DbConn, key_id: &str) -> StoreResult<bool> {
    let row: Option<(Option<i64>, Vec<u8>)> = data_keys::table
        .find(key_id)
        .select((data_keys::destroyed_at, data_keys::wrapped))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((destroyed_at, wrapped)) => destroyed_at.is_some() || wrapped.is_empty(),
        None => true,
    })
}

/// Crypto-shredding: forgets the key material for good.
pub fn destroy(conn: &mut DbConn, key_id: &str, now_ms: i64) -> StoreResult<()> {
    let n = diesel::update(data_keys::table.find(key_id))
        .set((
            data_keys::wrapped.eq(Vec::<u8>::new()),
            data_keys::destroyed_at.eq(Some(now_ms)),
        ))
        .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Re-wraps every live data key with the keyring's current master version.
/// Returns how many keys were re-wrapped.
pub fn rewrap_all(conn: &mut DbConn, keyring: &MasterKeyring) -> StoreResult<usize> {
    let current = keyring.current_version();
    let current_i32 = i32::try_from(current)
        .map_err(|_| StoreError::Invalid("master key version out of range".into()))?;
    let rows: Vec<DataKeyRow> = data_keys::table
        .filter(data_keys::destroyed_at.is_null())
        .filter(data_keys::master_version.ne(current_i32))
        .select(DataKeyRow::as_select())
        .load(conn)?;
    let mut n = 0;
    for row in rows {
        let id = Uuid::parse_str(&row.id).map_err(|_| StoreError::Invalid("bad key id".into()))?;
        let wrapped = WrappedKey {
            master_version: u32::try_from(row.master_version)
                .map_err(|_| StoreError::Invalid("bad master version".into()))?,
            bytes: row.wrapped,
        };
        let key = keyring.unwrap(&wrapped, &id, &row.tenant_id)?;
        let again = keyring.wrap(&key, &id, &row.tenant_id)?;
        diesel::update(data_keys::table.find(&row.id))
            .set((
                data_keys::wrapped.eq(again.bytes),
                data_keys::master_version.eq(current_i32),
            ))
            .execute(conn)?;
        n += 1;
    }
    Ok(n)
}

/// The oldest master version still in use by a live data key.
pub fn oldest_master_version(conn: &mut DbConn) -> StoreResult<Option<u32>> {
    let v: Option<i32> = data_keys::table
        .filter(data_keys::destroyed_at.is_null())
        .select(diesel::dsl::min(data_keys::master_version))
        .first(conn)?;
    Ok(v.and_then(|v| u32::try_from(v).ok()))
}
