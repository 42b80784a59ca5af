// Every request body is bounded while it arrives, before Next or the app reads any of it
// (scripts/server.mjs). Next reads bodies whole and checks their size afterwards in route
// handlers; its middleware copies up to 10 MB of a page request's body, and the server actions'
// own limit answers 500. Here a declared Content-Length over the limit is answered 413 before Next
// runs (and before 100 Continue), and a chunked body is counted as the parser hands it over: past
// the limit nothing more is read, the answer is 413 JSON with Connection: close, and whatever Next
// writes later for that request goes nowhere.
import { IncomingMessage, ServerResponse } from "node:http";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const MIN_MAX_BODY_BYTES = 16 * 1024; // the JSON API's own limit (lib/http/api.ts) stays below it
const MAX_MAX_BODY_BYTES = 100 * 1024 * 1024;

/** SERVER_MAX_BODY_BYTES: the largest request body any route, page or server action receives. */
export function maxBodyBytes(value = process.env.SERVER_MAX_BODY_BYTES) {
  if (value === undefined || value === "") return DEFAULT_MAX_BODY_BYTES;
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes < MIN_MAX_BODY_BYTES || bytes > MAX_MAX_BODY_BYTES) {
    throw new Error(`SERVER_MAX_BODY_BYTES must be an integer from ${MIN_MAX_BODY_BYTES} to ${MAX_MAX_BODY_BYTES} (got "${value}")`);
  }
  return bytes;
}

/**
 * After a refused body the socket stays open this long, reading nothing, before it is destroyed:
 * closing a socket with unread data sends a reset at once, which can overtake the 413 on a real
 * network (Apache's lingering close waits 2 s too).
 */
const LINGER_MS = 2_000;
const RESPONSE = Symbol("seed.response");

/**
 * What a reader still waiting for the body gets. Named as Next names a request the client gave
 * up on, which its renderer neither logs nor reports; its middleware logs it, as one line.
 */
function abandonedBody(limit) {
  const error = new Error(`a request body over SERVER_MAX_BODY_BYTES (${limit}) was answered 413`);
  error.name = "AbortError";
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

/** Options for http.createServer: requests whose bodies count themselves as they arrive. */
export function boundedBodies(limit) {
  class BoundedRequest extends IncomingMessage {
    bodyBytes = 0;
    refused = false;
    closing = false;

    // Node's HTTP parser hands each piece of the body to push(); returning false also makes it
    // stop reading the socket.
    push(chunk, encoding) {
      if (this.refused || this.closing) return false; // nobody reads it any more
      if (chunk !== null) {
        this.bodyBytes += chunk.length;
        if (this.bodyBytes > limit) {
          refuse(this, limit);
          return false;
        }
      }
      return super.push(chunk, encoding);
    }

    // A reader asking for more would resume the socket.
    _read(size) {
      if (!this.refused && !this.closing) super._read(size);
    }

    // Node destroys the socket with an unfinished body (a reader cancelled it, or it was refused),
    // which loses the answer not yet written. The connection cannot carry another request, but
    // the answer must still get out: stop reading, answer, then close.
    _destroy(error, callback) {
      if (this.socket && !this.socket.destroyed && !this.complete) {
        closeAfterAnswer(this);
        process.nextTick(callback, this.listenerCount("error") > 0 ? error : null);
        return;
      }
      super._destroy(error, callback);
    }
  }
  return { IncomingMessage: BoundedRequest };
}

/** Links a request to its response, so that a body overflowing inside push() can be answered. */
export function trackResponse(req, res) {
  req[RESPONSE] = res;
}

/** Refuses a request whose declared length is over the limit; true when it did. */
export function refusedByLength(req, res, limit) {
  trackResponse(req, res);
  if (!(Number(req.headers["content-length"]) > limit)) return false;
  refuse(req, limit);
  return true;
}

function refuse(req, limit) {
  req.refused = true;
  closeAfterAnswer(req);
  const res = req[RESPONSE];
  if (res && !res.headersSent) answerTooLarge(res, limit);
  // A reader still waiting for the body (Next's, the app's) fails now instead of waiting for
  // bytes that will never come; its answer is dropped (answerTooLarge silenced the response).
  req.destroy(abandonedBody(limit));
}

function closeAfterAnswer(req) {
  if (req.closing) return;
  req.closing = true;
  const { socket } = req;
  socket.pause();
  socket.destroySoon = lingerThenDestroy; // what Node calls once a Connection: close answer is out
  const res = req[RESPONSE];
  if (!res) return socket.destroySoon();
  if (!res.headersSent)
    res.shouldKeepAlive = false; // answered with Connection: close
  else if (res.writableFinished) socket.destroySoon();
  else res.once("finish", () => socket.destroySoon()); // a keep-alive answer already under way
}

function lingerThenDestroy() {
  if (this.lingering) return;
  this.lingering = true;
  if (this.writable) this.end();
  const timer = setTimeout(() => this.destroy(), LINGER_MS);
  timer.unref();
  this.once("close", () => clearTimeout(timer));
}

const proto = ServerResponse.prototype;

function answerTooLarge(res, limit) {
  const body = JSON.stringify({ error: "Request body too large", maxBytes: limit });
  for (const name of proto.getHeaderNames.call(res)) {
    if (name !== "strict-transport-security") proto.removeHeader.call(res, name);
  }
  proto.writeHead.call(res, 413, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    Connection: "close",
  });
  proto.end.call(res, body);
  Object.assign(res, IGNORED);
}

const callbackOf = (...args) => args.find((arg) => typeof arg === "function");

/** Next may still be working on the request: its writes must neither reach the socket nor throw. */
const IGNORED = {
  setHeader() {
    return this;
  },
  setHeaders() {
    return this;
  },
  appendHeader() {
    return this;
  },
  removeHeader() {},
  writeHead() {
    return this;
  },
  flushHeaders() {},
  writeContinue() {},
  writeProcessing() {},
  writeEarlyHints() {},
  addTrailers() {},
  write(...args) {
    const callback = callbackOf(...args);
    if (callback) process.nextTick(callback);
    return true;
  },
  end(...args) {
    const callback = callbackOf(...args);
    if (callback) process.nextTick(callback);
    return this;
  },
  destroy() {
    return this;
  },
};
