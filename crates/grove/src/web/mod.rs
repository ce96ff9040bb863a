//! The web layer: router, sessions, CSRF, error rendering, layout and static assets. Handlers
//! live in each module's `routes.rs`; this folder only wires them together.

pub mod assets;
pub mod csrf;
pub mod error;
pub mod extract;
pub mod openapi;
pub mod page;
pub mod session;
mod timing;

use std::sync::Arc;

use axum::Router;
use axum::middleware;
use utoipa_axum::router::OpenApiRouter;

use crate::config::Config;
use crate::db::Db;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub cache: Arc<Caches>,
}

impl AppState {
    pub fn new(db: Db, config: Config) -> Self {
        AppState {
            db,
            config: Arc::new(config),
            cache: Arc::new(Caches::default()),
        }
    }
}

/// Data rebuilt from the database now and then; never the only copy of anything.
#[derive(Default)]
pub struct Caches {
    /// The member directory's index (kept in step with the database, see its docs).
    pub directory: Arc<crate::people::service::LiveDirectory>,
    pub facets: tokio::sync::RwLock<Option<(std::time::Instant, crate::people::model::Facets)>>,
    /// Held by the one request refreshing the facets.
    pub facets_refresh: tokio::sync::Mutex<()>,
    pub graph: tokio::sync::RwLock<Option<Arc<crate::network::service::OrgGraph>>>,
    /// What prefixes typed in a search stand for, and how common words are (PostgreSQL).
    pub search: crate::knowledge::search::SearchCache,
    /// Held by the one request rebuilding the graph.
    pub graph_rebuild: tokio::sync::Mutex<()>,
    /// Who is in which open or by-request community, as graph nodes, for suggestions.
    pub communities: tokio::sync::Mutex<Option<Arc<crate::communities::service::CoMembership>>>,
    pub health: tokio::sync::RwLock<
        Option<(
            std::time::Instant,
            Arc<crate::network::model::NetworkHealth>,
        )>,
    >,
}

/// The whole application: HTML pages, the JSON API under /api/v1 and its OpenAPI document.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api_router().split_for_parts();
    let openapi = Arc::new(openapi);
    let api = api
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let doc = openapi.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .fallback(|| async { crate::AppError::NotFound });

    let pages = Router::new()
        .merge(crate::auth::routes::pages())
        .merge(crate::people::routes::pages())
        .merge(crate::connections::routes::pages())
        .merge(crate::communities::routes::pages())
        .merge(crate::knowledge::routes::pages())
        .merge(crate::admin::routes::pages())
        .merge(crate::network::routes::pages())
        .merge(crate::mentorship::routes::pages())
        .merge(crate::relationships::routes::pages())
        .merge(crate::notifications::routes::pages())
        .merge(crate::moderation::routes::pages())
        .merge(crate::recognition::routes::pages())
        .merge(assets::routes())
        .fallback(|| async { crate::AppError::NotFound })
        .layer(middleware::from_fn(error::html_errors));

    Router::new()
        .nest("/api/v1", api)
        .merge(pages)
        .layer(middleware::from_fn(csrf::protect))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            session::load_viewer,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(2 * 1024 * 1024))
        .layer(middleware::from_fn(assets::security_headers))
        .layer(middleware::from_fn(timing::log_request_time))
        .with_state(state)
}

/// Every API route, with the OpenAPI description generated from the same handlers.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base())
        .merge(crate::auth::routes::api())
        .merge(crate::people::routes::api())
        .merge(crate::connections::routes::api())
        .merge(crate::communities::routes::api())
        .merge(crate::knowledge::routes::api())
        .merge(crate::admin::routes::api())
        .merge(crate::network::routes::api())
        .merge(crate::mentorship::routes::api())
        .merge(crate::relationships::routes::api())
        .merge(crate::notifications::routes::api())
        .merge(crate::moderation::routes::api())
        .merge(crate::recognition::routes::api())
}

/// Binds and serves until Ctrl-C.
pub async fn serve(state: AppState) -> anyhow::Result<()> {
    let addr = state.config.bind;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    state.cache.directory.warm_up(&state.db);
    tracing::info!("Grove listening on http://{}", listener.local_addr()?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
