//! Connections and admission: the accept loop, which closes connections of clients too slow to
//! send their headers or body, and the limit on requests handled at once, beyond which a node
//! answers 503 at once instead of queueing.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// The most a request line and headers may take before the parser refuses the request with a
/// bare 431 (hyper's own default is 400 KB); below it, `web::MAX_HEADER_BYTES` answers with a
/// page that says what to do.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

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
    builder.timer(TokioTimer::new()).header_read_timeout(patience.headers).max_buf_size(MAX_HEAD_BYTES);
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

/// The requests a node handles at once, and the memory their bodies may take meanwhile.
#[derive(Clone)]
pub struct Admission {
    requests: Arc<Semaphore>,
    /// Requests waiting for a place now, and how many may.
    waiting: Arc<AtomicUsize>,
    max_waiting: usize,
    /// How long a request may wait for a place before it is shed.
    queue_wait: Duration,
    body_bytes: Arc<Semaphore>,
    /// Counts the requests shed (`http_requests_shed_total`).
    shed: metrics::Counter,
}

/// The largest body any route takes (an image upload and its form fields); larger ones are
/// refused before they are read.
pub const MAX_BODY_BYTES: usize = crate::media::model::MAX_BYTES + 64 * 1024;
/// Memory for request bodies being received at once.
const BODY_BUDGET_BYTES: usize = 256 * 1024 * 1024;

impl Admission {
    /// Room for `limit` requests at once, and for as many more waiting their turn for at most
    /// `queue_wait`.
    pub fn new(limit: usize, queue_wait: Duration) -> Self {
        Self {
            requests: Arc::new(Semaphore::new(limit)),
            waiting: Arc::new(AtomicUsize::new(0)),
            max_waiting: limit,
            queue_wait,
            body_bytes: Arc::new(Semaphore::new(BODY_BUDGET_BYTES)),
            shed: metrics::Counter::noop(),
        }
    }

    /// Counts shed requests into `counter`.
    pub fn counting_shed(self, counter: metrics::Counter) -> Self {
        Self { shed: counter, ..self }
    }

    /// A place for one request: at once, or in turn (first come, first served) within the
    /// queue wait; `None` when the queue is full or the node cannot get to it in that time.
    async fn place(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        if let Ok(permit) = self.requests.try_acquire() {
            return Some(permit);
        }
        let _in_line = InLine::join(&self.waiting, self.max_waiting)?;
        tokio::time::timeout(self.queue_wait, self.requests.acquire()).await.ok()?.ok()
    }
}

/// A request's place in the queue for a place, left when it is dropped (served, timed out or
/// abandoned by its client).
struct InLine<'a>(&'a AtomicUsize);

impl<'a> InLine<'a> {
    /// Joins the queue unless `max` requests are in it already.
    fn join(waiting: &'a AtomicUsize, max: usize) -> Option<Self> {
        waiting.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < max).then_some(n + 1)).ok()?;
        Some(Self(waiting))
    }
}

impl Drop for InLine<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Middleware: a request's body is received first, without taking a place (so that slow
/// senders hold only their own connection), then the request waits its turn for a place; one
/// that finds as many waiting as there are places, or cannot get a place within the queue wait,
/// is answered 503 with `Retry-After` before any work. A short wait absorbs the bursts of a
/// node's usual readers (a cache refill after a new comment); a sustained overload is shed.
/// Health checks and metrics are never shed.
pub async fn shed(State(admission): State<Admission>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let api = path.starts_with("/api/");
    if path == "/healthz" || path == "/metrics" {
        return next.run(request).await;
    }
    let (request, _reserved) = match receive_body(&admission, request).await {
        Ok(received) => received,
        Err(refusal) => return refusal.answer(api),
    };
    let Some(_permit) = admission.place().await else {
        admission.shed.increment(1);
        return Refusal::Busy.answer(api);
    };
    next.run(request).await
}

/// Why a request is answered before it reaches a handler.
enum Refusal {
    Busy,
    TooLarge,
    /// The body stalled, missed its deadline or broke off.
    BodyNotReceived,
    /// A form whose fields are not UTF-8 once decoded (decoding would replace what was typed).
    NotUtf8,
}

impl Refusal {
    fn answer(self, api: bool) -> Response {
        let (status, message, bangla) = match self {
            Self::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "The site is very busy right now. Please try again in a moment.",
                "সাইটটি এই মুহূর্তে খুব ব্যস্ত। একটু পরে আবার চেষ্টা করুন।",
            ),
            Self::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "The request is larger than the site accepts (10 MB for an image, less for forms).",
                "অনুরোধটি সাইটের সীমার চেয়ে বড়।",
            ),
            Self::NotUtf8 => (
                StatusCode::BAD_REQUEST,
                "The form arrived with characters that are not UTF-8. Please send it again from the site's own page.",
                "ফর্মটিতে UTF-8 নয় এমন অক্ষর এসেছে। সাইটের পাতা থেকে আবার পাঠান।",
            ),
            Self::BodyNotReceived => (
                StatusCode::REQUEST_TIMEOUT,
                "The request arrived too slowly or broke off. Please send it again.",
                "অনুরোধটি খুব ধীরে এসেছে বা মাঝপথে থেমে গেছে। আবার পাঠান।",
            ),
        };
        // A busy node says so apart from a database that does not answer (both 503): a client
        // may well retry the one at once elsewhere, not the other.
        let code = if matches!(self, Self::Busy) { "overloaded" } else { crate::error::api_code(status) };
        let mut response = if api {
            crate::error::json_error(status, code, message.to_owned())
        } else {
            let page = format!(
                "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">\
                 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
                 <title>{status}</title><h1>{message}</h1><p lang=\"bn\">{bangla}</p></html>"
            );
            (status, Html(page)).into_response()
        };
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// Reads a request's body into memory (within the bodies' memory budget, whose share is held
/// until the response), so that the handler never waits on the client.
async fn receive_body(
    admission: &Admission,
    request: Request,
) -> Result<(Request, Option<tokio::sync::SemaphorePermit<'_>>), Refusal> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let chunked = request.headers().contains_key(header::TRANSFER_ENCODING);
    let expected = match (declared, chunked) {
        (Some(0) | None, false) => return Ok((request, None)),
        (Some(n), false) => n,
        (_, true) => MAX_BODY_BYTES,
    };
    if expected > MAX_BODY_BYTES {
        return Err(Refusal::TooLarge);
    }
    let share = u32::try_from(expected).map_err(|_| Refusal::TooLarge)?;
    let reserved = admission.body_bytes.try_acquire_many(share).map_err(|_| Refusal::Busy)?;
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(err) if err.to_string().contains("length limit") => return Err(Refusal::TooLarge),
        Err(_) => return Err(Refusal::BodyNotReceived),
    };
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if is_form && !crate::web::decodes_as_utf8(&bytes) {
        return Err(Refusal::NotUtf8);
    }
    Ok((Request::from_parts(parts, Body::from(bytes)), Some(reserved)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_beyond_the_limit_waits_its_turn_within_the_queue_wait() {
        let admission = Admission::new(1, Duration::from_secs(5));
        let first = admission.place().await.expect("a free place");
        let waiting = admission.clone();
        let second = tokio::spawn(async move { waiting.place().await.is_some() });
        tokio::time::sleep(Duration::from_millis(50)).await;
        drop(first);
        assert!(second.await.expect("the waiting request"), "it gets the place that was freed");
    }

    #[tokio::test]
    async fn a_request_is_shed_when_the_queue_is_full_or_its_wait_runs_out() {
        let admission = Admission::new(1, Duration::from_millis(100));
        let _held = admission.place().await.expect("a free place");
        let waiting = admission.clone();
        let in_line = tokio::spawn(async move { waiting.place().await.is_some() });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(admission.place().await.is_none(), "one place, one waiting: the next is shed at once");
        assert!(!in_line.await.expect("the waiting request"), "no place within 100 ms: shed");
        assert_eq!(admission.waiting.load(Ordering::Acquire), 0, "a shed request leaves the queue");
    }

    #[tokio::test]
    async fn no_queue_wait_sheds_at_once() {
        let admission = Admission::new(1, Duration::ZERO);
        let _held = admission.place().await.expect("a free place");
        assert!(admission.place().await.is_none());
    }
}
