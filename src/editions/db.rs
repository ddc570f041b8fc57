//! Site settings.

use sqlx::Row;

use crate::db::Db;

/// A site setting, if set.
pub async fn setting(db: &Db, key: &str) -> sqlx::Result<Option<String>> {
    let row = sqlx::query("SELECT value FROM site_settings WHERE key = $1").bind(key).fetch_optional(&db.pool).await?;
    row.map(|r| r.try_get("value")).transpose()
}

/// Sets a site setting.
pub async fn set_setting(db: &Db, key: &str, value: &str) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO site_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2")
        .bind(key)
        .bind(value)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Sets a site setting unless it is already set; returns whether it was written.
pub async fn set_setting_if_missing(db: &Db, key: &str, value: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("INSERT INTO site_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(key)
        .bind(value)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
