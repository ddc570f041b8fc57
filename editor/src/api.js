import { t } from "./strings.js";

export class ApiError extends Error {}

function csrfToken() {
  const input = document.querySelector("input[name=csrf]");
  return input ? input.value : "";
}

/** Same-origin JSON call; throws ApiError carrying the server's message for a person. */
export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  const opts = { method, headers, credentials: "same-origin" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
  if (body instanceof FormData) opts.body = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, opts);
  } catch (_) {
    throw new ApiError(t("The server could not be reached"));
  }
  let data = null;
  try {
    data = await res.json();
  } catch (_) {
    data = null;
  }
  if (!res.ok) {
    const msg = data && data.error && data.error.message;
    throw new ApiError(typeof msg === "string" && msg ? msg : t("Something went wrong"));
  }
  return data;
}

export const MEDIA = "/api/v1/newsroom/media";
export const CONVERT = "/api/v1/newsroom/convert/bijoy";
export const AUTOSAVE = "/api/v1/newsroom/autosave";
export const PRESENCE = "/api/v1/newsroom/presence";
