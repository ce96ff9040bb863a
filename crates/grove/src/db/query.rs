//! A small builder for queries whose conditions depend on input (filters, search), keeping the
//! `$n` placeholders numbered and the values bound in order.

use sqlx::Any;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

/// A value bound to a placeholder.
#[derive(Clone, Debug)]
pub enum Param {
    Int(i64),
    Text(String),
    OptInt(Option<i64>),
    OptText(Option<String>),
}

#[derive(Default, Debug)]
pub struct SqlBuilder {
    pub sql: String,
    params: Vec<Param>,
}

impl SqlBuilder {
    pub fn new(sql: impl Into<String>) -> Self {
        SqlBuilder {
            sql: sql.into(),
            params: Vec::new(),
        }
    }

    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Binds a value and returns its placeholder number, for SQL that names it more than once.
    pub fn bind(&mut self, param: Param) -> usize {
        self.params.push(param);
        self.params.len()
    }

    /// Appends `sql` with each `{}` replaced by the placeholder of the next value.
    pub fn push_bind(&mut self, sql: &str, param: Param) -> &mut Self {
        let n = self.bind(param);
        self.sql.push_str(&sql.replace("{}", &format!("${n}")));
        self
    }

    pub fn params(&self) -> &[Param] {
        &self.params
    }

    /// A sqlx query with every parameter bound.
    pub fn build(&self) -> Query<'_, Any, AnyArguments> {
        // Values are always bound; the SQL text is assembled only from fixed fragments.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(self.sql.clone()));
        for param in &self.params {
            query = match param {
                Param::Int(v) => query.bind(*v),
                Param::Text(v) => query.bind(v.clone()),
                Param::OptInt(v) => query.bind(*v),
                Param::OptText(v) => query.bind(v.clone()),
            };
        }
        query
    }
}

/// Inserts many rows with multi-row `INSERT ... VALUES` statements of a bounded size (both
/// engines cap the number of parameters in one statement). `row_sql` is the `VALUES` tuple for
/// one row with `{}` for each value, e.g. `({}, {}, to_tsvector({}))`.
///
/// SQLite gets anonymous `?` placeholders here: it looks numbered ones up by a linear scan,
/// which makes a statement with thousands of them quadratic.
pub async fn insert_rows(
    conn: &mut sqlx::AnyConnection,
    backend: super::Backend,
    head: &str,
    row_sql: &str,
    tail: &str,
    rows: impl IntoIterator<Item = Vec<Param>>,
) -> sqlx::Result<u64> {
    const MAX_PARAMS: usize = 4_000;
    let per_row = row_sql.matches("{}").count().max(1);
    let rows_per_statement = (MAX_PARAMS / per_row).max(1);
    let mut inserted = 0;
    let mut batch: Vec<Vec<Param>> = Vec::with_capacity(rows_per_statement);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        batch.clear();
        batch.extend(rows.by_ref().take(rows_per_statement));
        let mut sql =
            String::with_capacity(head.len() + batch.len() * (row_sql.len() + per_row * 4));
        sql.push_str(head);
        let mut n = 0;
        for (i, row) in batch.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            let mut parts = row_sql.split("{}");
            if let Some(first) = parts.next() {
                sql.push_str(first);
            }
            for (_, part) in row.iter().zip(parts) {
                n += 1;
                match backend {
                    super::Backend::Sqlite => sql.push('?'),
                    super::Backend::Postgres => {
                        sql.push('$');
                        sql.push_str(&n.to_string());
                    }
                }
                sql.push_str(part);
            }
        }
        sql.push_str(tail);
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for param in batch.drain(..).flatten() {
            query = match param {
                Param::Int(v) => query.bind(v),
                Param::Text(v) => query.bind(v),
                Param::OptInt(v) => query.bind(v),
                Param::OptText(v) => query.bind(v),
            };
        }
        inserted += query.execute(&mut *conn).await?.rows_affected();
    }
    Ok(inserted)
}
