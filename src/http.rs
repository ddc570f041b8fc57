//! Connections and admission: the accept loop, which closes connections of clients too slow to
//! send their headers or body, and the limit on requests handled at once, beyond which a node
//! answers 503 at once instead of queueing.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::{DeadlineBody, TimeoutBody};

/// How long clients may take: headers, a stall inside a body, a whole body.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// Until a request's headers are complete (also how long an idle keep-alive connection stays).
    pub headers: Duration,
    /// The longest pause inside a body.
    pub body_stall: Duration,
    /// The whole body.
    pub body: Duration,
}

/// Accepts connections and serves `router` on them until `shutdown` completes; returns the
/// handle that drains the connections still open.
pub async fn accept_until(
    listener: TcpListener,
    router: Router,
    patience: Patience,
    shutdown: impl Future<Output = ()>,
) -> GracefulShutdown {
    // HTTP/1.1 only (a proxy in front speaks HTTP/2 to browsers): guessing the version would
    // wait for a silent client's first bytes with no time limit.
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(patience.headers);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(err) => {
                    // Out of file descriptors and the like: wait for some to close rather than spin.
                    tracing::warn!(error = %err, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(remote));
            let request = request
                .map(|body| Body::new(DeadlineBody::new(patience.body, TimeoutBody::new(patience.body_stall, body))));
            router.clone().oneshot(request)
        });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "connection ended with an error");
            }
        });
    }
    graceful
}

/// The requests a node handles at once.
#[derive(Clone)]
pub struct Admission(Arc<Semaphore>);

impl Admission {
    /// Room for `limit` requests at once.
    pub fn new(limit: usize) -> Self {
        Self(Arc::new(Semaphore::new(limit)))
    }
}

/// Middleware: a request beyond the limit is answered 503 with `Retry-After` before any work.
pub async fn shed(State(admission): State<Admission>, request: Request, next: Next) -> Response {
    let Ok(_permit) = admission.0.try_acquire_owned() else {
        metrics::counter!("http_requests_shed_total").increment(1);
        return busy(request.uri().path().starts_with("/api/"));
    };
    next.run(request).await
}

/// A short answer that costs nothing to make, in both languages for pages.
fn busy(api: bool) -> Response {
    const MESSAGE: &str = "The site is very busy right now. Please try again in a moment.";
    let mut response = if api {
        crate::error::json_error(StatusCode::SERVICE_UNAVAILABLE, "overloaded", MESSAGE.to_owned())
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Html(concat!(
                "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">",
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                "<title>Busy</title><h1>The site is very busy right now</h1>",
                "<p>Please try again in a moment.</p>",
                "<p lang=\"bn\">সাইটটি এই মুহূর্তে খুব ব্যস্ত। একটু পরে আবার চেষ্টা করুন।</p></html>"
            )),
        )
            .into_response()
    };
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    crate::web::security_headers(response.headers_mut());
    response
}
