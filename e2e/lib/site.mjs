// One newsdesk site for a test: the release binary started on a free port with a fresh data
// directory (sample content, a known admin), staff accounts made with `newsdesk user add`, and
// the server's log checked for panics and 5xx answers when it stops.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import net from "node:net";

const ROOT = resolve(import.meta.dirname, "..", "..");
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

/** Starts a site; `stop()` ends it, removes its data and returns its log. */
export async function startSite({ args = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "newsdesk-e2e-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ["serve", "--bind", `127.0.0.1:${port}`, "--data-dir", dataDir, ...args], {
    env: {
      ...process.env,
      NEWSDESK_ADMIN_EMAIL: ADMIN.email,
      NEWSDESK_ADMIN_PASSWORD: ADMIN.password,
      RUST_LOG: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  const exited = new Promise((ok) => child.on("exit", (code, signal) => ok({ code, signal })));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`newsdesk exited at start:\n${log}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`newsdesk not ready after 30 s:\n${log}`);
    }
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
        { input: password + "\n", env: { ...process.env, RUST_LOG: "warn" }, stdio: ["pipe", "ignore", "inherit"] },
      );
      return { role, email, name, password };
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
    /** Stops the server with SIGTERM; throws when it panicked or answered a 5xx. */
    async stop() {
      child.kill("SIGTERM");
      const { code } = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      const plain = log.replace(/\x1b\[[0-9;]*m/g, "");
      const problems = plain.split("\n").filter((line) => /panicked|status=5\d\d/.test(line));
      if (problems.length > 0) throw new Error(`the server log shows failures:\n${problems.join("\n")}`);
      if (code !== 0) throw new Error(`newsdesk exited with ${code}:\n${log.slice(-2000)}`);
      return log;
    },
  };
}
