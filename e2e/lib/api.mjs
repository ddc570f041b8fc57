// Setting a site up through the newsroom's JSON API, for tests about what readers then see.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

/** A staff member's API client: a personal token traded for their email and password. */
export async function staffApi(site, { email, password }) {
  const res = await fetch(site.url("/api/v1/auth/token"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, name: "e2e" }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const { token } = await res.json();
  const call = async (method, path, body, expect = [200, 201]) => {
    const init = { method, headers: { authorization: `Bearer ${token}` } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.headers["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const answer = await fetch(site.url(path), init);
    const text = await answer.text();
    assert.ok(expect.includes(answer.status), `${method} ${path}: ${answer.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    call,
    /** Uploads an image file to the media library; returns its JSON. */
    upload(path, alt, credit = "") {
      const form = new FormData();
      form.set("file", new Blob([readFileSync(path)], { type: "image/png" }), "photo.png");
      form.set("alt", alt);
      form.set("credit", credit);
      return call("POST", "/api/v1/newsroom/media", form);
    },
    /** Creates and publishes an article; returns its JSON after publishing. */
    async publish(article) {
      const draft = await call("POST", "/api/v1/newsroom/articles", article);
      return call("POST", `/api/v1/newsroom/articles/${draft.id}/publish`, { version: draft.version });
    },
  };
}
