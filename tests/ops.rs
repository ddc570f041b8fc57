//! Operations: health checks and graceful shutdown.

use crate::helpers::{TestApp, TestDb};

crate::on_both_databases!(healthz_reports_the_database, a_graceful_shutdown_writes_pending_views);

async fn healthz_reports_the_database(db: TestDb) {
    let expected = match db {
        TestDb::Sqlite => "sqlite",
        TestDb::Postgres(_) => "postgres",
    };
    let app = TestApp::spawn(db).await;
    let health = app.json("/healthz").await;
    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"]["engine"], expected);
    assert_eq!(health["database"]["reachable"], true);
}

async fn a_graceful_shutdown_writes_pending_views(db: TestDb) {
    let mut app = TestApp::spawn(db).await;
    let id = app.article().title("Budget passed late at night").insert().await;
    let path = format!("/en/news/{id}/budget-passed-late-at-night");
    assert_eq!(app.get(&path).await.status(), 200);
    app.shut_down().await;
    let views: i64 = sqlx::query_scalar("SELECT view_count FROM articles WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(views, 1);
}
