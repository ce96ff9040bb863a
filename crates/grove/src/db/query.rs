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
            };
        }
        query
    }
}
