//! A debug log line per request with how long Grove took to answer it, for operators finding
//! which requests are slow (`GROVE_LOG=grove::web::timing=debug`).

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

pub async fn log_request_time(request: Request, next: Next) -> Response {
    if !tracing::enabled!(tracing::Level::DEBUG) {
        return next.run(request).await;
    }
    let started = std::time::Instant::now();
    let method = request.method().clone();
    let uri = request.uri().clone();
    let response = next.run(request).await;
    tracing::debug!(
        %method,
        %uri,
        status = response.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request served"
    );
    response
}
