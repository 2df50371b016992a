//! The SQLite and PostgreSQL migrations must describe the same schema: same tables, columns,
//! types (mapped), nullability and indexes.

use essor_platform::db::Db;
use essor_platform::testing;
use sqlx::Row;
use std::collections::BTreeMap;

/// table → column → (type, not null); and index name → (table, unique, columns).
#[derive(Debug, PartialEq)]
struct Schema {
    columns: BTreeMap<String, BTreeMap<String, (String, bool)>>,
    indexes: BTreeMap<String, (String, bool, Vec<String>)>,
}

fn map_sqlite(t: &str) -> String {
    match t.to_ascii_uppercase().as_str() {
        "INTEGER" => "int",
        "TEXT" => "text",
        "BOOLEAN" => "bool",
        "DATETIME" => "timestamp",
        "DATE" => "date",
        "BLOB" => "bytes",
        other => panic!(
            "SQLite type {other} has no PostgreSQL mapping: add it here and in both migrations"
        ),
    }
    .to_owned()
}

fn map_pg(t: &str) -> String {
    match t {
        "bigint" => "int",
        "text" => "text",
        "boolean" => "bool",
        "timestamp with time zone" => "timestamp",
        "date" => "date",
        "bytea" => "bytes",
        other => panic!(
            "PostgreSQL type {other} has no SQLite mapping: add it here and in both migrations"
        ),
    }
    .to_owned()
}

async fn sqlite_schema(db: &Db) -> Schema {
    let Db::Sqlite(p) = db else { unreachable!() };
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(p)
    .await
    .unwrap();
    let mut columns = BTreeMap::new();
    let mut indexes = BTreeMap::new();
    for t in tables {
        let mut cols = BTreeMap::new();
        for r in sqlx::query(&format!("PRAGMA table_info({t})"))
            .fetch_all(p)
            .await
            .unwrap()
        {
            let name: String = r.get("name");
            let ty: String = r.get("type");
            let notnull: i64 = r.get("notnull");
            let pk: i64 = r.get("pk");
            cols.insert(name, (map_sqlite(&ty), notnull == 1 || pk > 0));
        }
        columns.insert(t.clone(), cols);
        for r in sqlx::query(&format!("PRAGMA index_list({t})"))
            .fetch_all(p)
            .await
            .unwrap()
        {
            let origin: String = r.get("origin");
            if origin != "c" {
                continue;
            }
            let name: String = r.get("name");
            let unique: i64 = r.get("unique");
            let cols: Vec<String> = sqlx::query(&format!("PRAGMA index_info({name})"))
                .fetch_all(p)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get::<String, _>("name"))
                .collect();
            indexes.insert(name, (t.clone(), unique == 1, cols));
        }
    }
    Schema { columns, indexes }
}

async fn pg_schema(db: &Db) -> Schema {
    let Db::Postgres(p) = db else { unreachable!() };
    let mut columns: BTreeMap<String, BTreeMap<String, (String, bool)>> = BTreeMap::new();
    for r in sqlx::query(
        "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty, is_nullable::text AS n \
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(p)
    .await
    .unwrap()
    {
        let n: String = r.get("n");
        columns
            .entry(r.get("t"))
            .or_default()
            .insert(r.get("c"), (map_pg(&r.get::<String, _>("ty")), n == "NO"));
    }
    let mut indexes = BTreeMap::new();
    for r in sqlx::query(
        "SELECT indexname::text AS i, tablename::text AS t, indexdef AS d FROM pg_indexes \
         WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey' AND tablename <> '_sqlx_migrations'",
    )
    .fetch_all(p)
    .await
    .unwrap()
    {
        let def: String = r.get("d");
        let inner = &def[def.rfind('(').unwrap() + 1..def.rfind(')').unwrap()];
        let cols = inner.split(',').map(|c| c.trim().trim_matches('"').to_owned()).collect();
        indexes.insert(r.get("i"), (r.get("t"), def.starts_with("CREATE UNIQUE"), cols));
    }
    Schema { columns, indexes }
}

#[tokio::test]
async fn sqlite_and_postgres_schemas_match() {
    let lite = testing::sqlite().await;
    let Some(pg) = testing::postgres().await else {
        eprintln!("schema parity skipped: no ESSOR_TEST_POSTGRES_URL (CI always sets it)");
        return;
    };
    let a = sqlite_schema(&lite.db).await;
    let b = pg_schema(&pg.db).await;
    assert!(!a.columns.is_empty());
    for (table, cols) in &a.columns {
        assert_eq!(Some(cols), b.columns.get(table), "table {table} differs");
    }
    assert_eq!(
        a.columns.keys().collect::<Vec<_>>(),
        b.columns.keys().collect::<Vec<_>>()
    );
    assert_eq!(a.indexes, b.indexes);
}

#[test]
fn both_engines_have_the_same_migration_names() {
    let names = |dir: &str| {
        let mut v: Vec<String> =
            std::fs::read_dir(format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR")))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
        v.sort();
        v
    };
    assert_eq!(names("sqlite"), names("postgres"));
}
