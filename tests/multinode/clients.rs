//! The clients of the multi-node tests: a reader's browser and the admin's newsroom API client,
//! each pointed at a node or at the proxy.

use std::time::Duration;

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::helpers::{BROWSER_UA, Page};

/// No request may take this long; a node that hangs fails the test instead of stalling it.
pub(super) const CLIENT_TIMEOUT: Duration = Duration::from_secs(8);
/// The first admin every node is started with.
pub(super) const ADMIN_EMAIL: &str = "admin@newsdesk.test";
pub(super) const ADMIN_PASSWORD: &str = "admin password for tests";
/// The password of every reader the tests register.
pub(super) const READER_PASSWORD: &str = "lantern ferry monsoon";
/// A client with a phone browser's user agent that does not follow redirects.
pub(super) fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(BROWSER_UA)
        .timeout(CLIENT_TIMEOUT)
        .build()
        .expect("client")
}

/// A reader's browser driving the HTML forms on whichever node or proxy it is pointed at.
/// Cookies are kept per host, not per port (RFC 6265 §8.5), so one jar serves every node and
/// the proxy on 127.0.0.1, as a browser's serves one site behind a load balancer.
pub(super) struct Browser {
    client: reqwest::Client,
}

impl Browser {
    pub(super) fn new() -> Self {
        Self::with_headers(reqwest::header::HeaderMap::new())
    }

    /// A browser whose requests come, as the nodes trust the proxy to say, from `address`.
    pub(super) fn from_address(address: &str) -> Self {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", address.parse().unwrap());
        Self::with_headers(headers)
    }

    fn with_headers(headers: reqwest::header::HeaderMap) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .user_agent(BROWSER_UA)
            .default_headers(headers)
            .timeout(CLIENT_TIMEOUT)
            .build()
            .expect("client");
        Self { client }
    }

    /// Takes the CSRF token of the form at `page_path` and posts `fields` to `action`.
    pub(super) async fn submit(
        &self,
        base: &str,
        page_path: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let page = self.client.get(format!("{base}{page_path}")).send().await.unwrap();
        assert_eq!(page.status(), 200, "GET {base}{page_path}");
        let page = Page::new(&page.text().await.unwrap());
        let token = page.attrs("input[name=csrf]", "value").into_iter().next().expect("a form with a CSRF token");
        let mut form = fields.to_vec();
        form.push(("csrf", &token));
        self.client.post(format!("{base}{action}")).form(&form).send().await.unwrap()
    }

    pub(super) async fn register(&self, base: &str, email: &str, name: &str) -> reqwest::Response {
        self.submit(
            base,
            "/register",
            "/register",
            &[("email", email), ("display_name", name), ("password", READER_PASSWORD)],
        )
        .await
    }

    pub(super) async fn login(&self, base: &str, email: &str, password: &str) -> reqwest::Response {
        self.submit(base, "/login", "/login", &[("email", email), ("password", password)]).await
    }
}

/// The admin working through the newsroom API with a personal token, at one address.
pub(super) struct Newsroom {
    base: String,
    token: String,
    client: reqwest::Client,
}

impl Newsroom {
    /// Gets the admin a token at `base`.
    pub(super) async fn login(base: &str) -> Self {
        let client = http_client();
        let response = client
            .post(format!("{base}/api/v1/auth/token"))
            .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "name": "multi-node tests"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "an API token for the admin");
        let body: Value = response.json().await.unwrap();
        Self { base: base.to_owned(), token: body["token"].as_str().unwrap().to_owned(), client }
    }

    /// Any newsroom API request; returns status and JSON body.
    pub(super) async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Writes and publishes an English story; returns it as the newsroom sees it.
    pub(super) async fn publish(&self, title: &str, body: &str) -> Value {
        let (status, created) = self
            .send(
                reqwest::Method::POST,
                "/api/v1/newsroom/articles",
                json!({"lang": "en", "title": title, "standfirst": "In brief.", "body": body, "section": "bangladesh",
                       "byline": ["vb-desk"], "topics": []}),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        let path = format!("/api/v1/newsroom/articles/{}/publish", created["id"]);
        let (status, published) = self.send(reqwest::Method::POST, &path, json!({"version": created["version"]})).await;
        assert_eq!(status, 200, "{published}");
        published
    }

    /// Puts `path` as JSON; returns the status and the answer.
    pub(super) async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::PUT, path, body).await
    }

    /// Deletes `path`; returns the status.
    pub(super) async fn delete(&self, path: &str) -> u16 {
        self.send(reqwest::Method::DELETE, path, Value::Null).await.0
    }

    /// Changes the headline of a story.
    pub(super) async fn retitle(&self, article: &Value, title: &str) -> Value {
        let path = format!("/api/v1/newsroom/articles/{}", article["id"]);
        let (status, saved) =
            self.send(reqwest::Method::PATCH, &path, json!({"version": article["version"], "title": title})).await;
        assert_eq!(status, 200, "{saved}");
        saved
    }

    pub(super) async fn unpublish(&self, article: &Value) {
        let path = format!("/api/v1/newsroom/articles/{}/unpublish", article["id"]);
        let (status, body) = self.send(reqwest::Method::POST, &path, json!({"version": article["version"]})).await;
        assert_eq!(status, 200, "{body}");
    }

    /// Uploads an image to the media library; returns its JSON.
    pub(super) async fn upload(&self, image: Vec<u8>, alt: &str) -> Value {
        let form = Form::new().part("file", Part::bytes(image).file_name("photo.png")).text("alt", alt.to_owned());
        let response = self
            .client
            .post(format!("{}/api/v1/newsroom/media", self.base))
            .bearer_auth(&self.token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "the upload is accepted");
        response.json().await.unwrap()
    }
}
