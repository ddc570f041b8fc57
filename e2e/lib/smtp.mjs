// A mail server for tests: accepts every message over plain SMTP on a free local port and keeps
// it, so a test can read the mail the site sent (`--smtp-url smtp://127.0.0.1:PORT`).
import net from "node:net";

/** Starts the server; `messages` holds each message's raw text, `close()` stops it. */
export async function startSmtp() {
  const messages = [];
  const server = net.createServer((socket) => {
    socket.setEncoding("utf8");
    let buffer = "";
    let data = false;
    const reply = (line) => socket.write(line + "\r\n");
    reply("220 e2e.example ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk;
      for (;;) {
        if (data) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          messages.push(buffer.slice(0, end).replace(/\r\n\.\./g, "\r\n."));
          buffer = buffer.slice(end + 5);
          data = false;
          reply("250 queued");
          continue;
        }
        const newline = buffer.indexOf("\r\n");
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") reply("250-e2e.example\r\n250 8BITMIME");
        else if (verb === "DATA") {
          data = true;
          reply("354 go on");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("250 ok");
      }
    });
    socket.on("error", () => {});
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** The messages to `address`, as decoded text. */
    to(address) {
      return messages.filter((m) => m.toLowerCase().includes(address.toLowerCase())).map(decode);
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** A message's text with quoted-printable and base64 parts made readable. */
function decode(raw) {
  const qp = raw.replace(/=\r\n/g, "").replace(/(=[0-9A-F]{2})+/g, (run) => {
    try {
      return Buffer.from(run.replace(/=/g, ""), "hex").toString("utf8");
    } catch {
      return run;
    }
  });
  const [head, ...body] = qp.split("\r\n\r\n");
  if (/content-transfer-encoding:\s*base64/i.test(head)) {
    return head + "\r\n\r\n" + Buffer.from(body.join("").replace(/\s+/g, ""), "base64").toString("utf8");
  }
  return qp;
}
