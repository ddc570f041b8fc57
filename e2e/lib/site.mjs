// One newsdesk site for a test: the release binary started on a free port with a fresh data
// directory (sample content, a known admin), staff accounts made with `newsdesk user add`, and
// the server's log checked for panics and 5xx answers when it stops.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The binary under test: the release build unless NEWSDESK_BIN names another. */
export const BIN = process.env.NEWSDESK_BIN ?? join(ROOT, "target", "release", "newsdesk");

export const ADMIN = { email: "admin@e2e.example", password: "admin-e2e-password" };

/** A port nothing listens on now. */
function freePort() {
  return new Promise((ok, fail) => {
    const server = net.createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** The environment of the server: the caller's, without any NEWSDESK_* setting of theirs. */
function cleanEnv(extra) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("NEWSDESK_")));
  return { ...env, ...extra };
}

/** Starts a site; `stop()` ends it, removes its data and returns its log. */
export async function startSite({ args = [] } = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(args);
    } catch (err) {
      // Another process may have taken the free port between our check and the server's bind.
      if (attempt === 3 || !/address already in use|Address in use/i.test(err.message)) throw err;
    }
  }
}

async function startOnce(args) {
  const dataDir = mkdtempSync(join(tmpdir(), "newsdesk-e2e-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The newsroom's time zone is Dhaka's (UTC+6), which the scheduling flow relies on.
  const child = spawn(
    BIN,
    ["serve", "--bind", `127.0.0.1:${port}`, "--data-dir", dataDir, "--utc-offset-minutes", "360", ...args],
    {
      env: cleanEnv({ NEWSDESK_ADMIN_EMAIL: ADMIN.email, NEWSDESK_ADMIN_PASSWORD: ADMIN.password, RUST_LOG: "info" }),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  let ended = null;
  const exited = new Promise((ok) =>
    child.on("exit", (code, signal) => {
      ended = { code, signal };
      ok(ended);
    }),
  );
  const fail = (why) => {
    child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
    return new Error(`${why}:\n${log}`);
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (ended) throw fail(`newsdesk exited at start (${JSON.stringify(ended)})`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      // Ours, not another server on a port taken meanwhile: it says where it runs.
      if (res.ok && log.includes(`running at ${base}/`)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw fail("newsdesk not ready after 30 s");
    await new Promise((ok) => setTimeout(ok, 100));
  }

  return {
    base,
    dataDir,
    url: (path) => base + path,
    log: () => log,
    /** Creates an account from the shell, as an operator would. */
    addUser({ role, email, name, password }) {
      execFileSync(
        BIN,
        ["user", "add", "--data-dir", dataDir, "--email", email, "--name", name, "--role", role, "--password-stdin"],
        { input: password + "\n", env: cleanEnv({ RUST_LOG: "warn" }), stdio: ["pipe", "ignore", "inherit"] },
      );
      return { role, email, name, password };
    },
    /** Runs `newsdesk import wordpress FILE ARGS…` on the site's database, as an operator would; its report. */
    importWordpress(file, args = []) {
      return execFileSync(BIN, ["import", "wordpress", file, "--data-dir", dataDir, ...args], {
        env: cleanEnv({ RUST_LOG: "warn" }),
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      });
    },
    /** The mail the site has sent, newest last (the outbox in the data directory). */
    outbox() {
      const dir = join(dataDir, "outbox");
      let names = [];
      try {
        names = readdirSync(dir).sort();
      } catch {
        return [];
      }
      return names.map((name) => readFileSync(join(dir, name), "utf8"));
    },
    /** Stops the server with SIGTERM (SIGKILL after 15 s); throws when it panicked or answered a 5xx. */
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const { code, signal } = await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      if (signal === "SIGKILL") throw new Error(`newsdesk did not stop within 15 s of SIGTERM:\n${log.slice(-2000)}`);
      const plain = log.replace(/\x1b\[[0-9;]*m/g, "");
      const problems = plain.split("\n").filter((line) => /panicked|status=5\d\d/.test(line));
      if (problems.length > 0) throw new Error(`the server log shows failures:\n${problems.join("\n")}`);
      if (code !== 0) throw new Error(`newsdesk exited with ${code}:\n${log.slice(-2000)}`);
      return log;
    },
  };
}
