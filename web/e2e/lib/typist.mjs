// A simulated remote typist speaking the sync protocol (PROTOCOL.md) over a plain WebSocket:
// it inserts a character at a random position about `rate` times a second. It keeps only the
// document's length (every op in the benchmark is an insert, so the length after an ack is exact),
// and has at most one operation in flight, as an ot.js client in AwaitingConfirm does.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz ';

/** Length change of an operation in wire form. */
function delta(op) {
  let d = 0;
  for (const c of op) {
    if (typeof c === 'string') d += c.length;
    else if (c < 0) d += c;
  }
  return d;
}

export class Typist {
  /** `cookie`: a `Cookie` header naming a session that may edit `doc` (the typist joins as its holder). */
  constructor({ url, doc, cookie, rate = 2, random = Math.random }) {
    this.url = `${url.replace(/^http/, 'ws')}/ws`;
    this.cookie = cookie;
    this.doc = doc;
    this.rate = rate;
    this.random = random;
    this.client = randomUUID().replace(/-/g, '').slice(0, 16);
    this.seq = 0;
    this.rev = -1;
    this.length = 0;
    this.outstanding = null;
    this.sent = 0;
    this.acked = 0;
    this.errors = [];
  }

  start() {
    return new Promise((resolve, reject) => {
      this.socket = new WebSocket(this.url, { headers: { Cookie: this.cookie } });
      this.socket.on('open', () => this.socket.send(JSON.stringify({ type: 'join', doc: this.doc, client: this.client })));
      this.socket.on('error', reject);
      this.socket.on('message', (data) => {
        const message = JSON.parse(String(data));
        switch (message.type) {
          case 'joined':
            this.rev = message.rev;
            this.length = message.text.length;
            this.#schedule();
            resolve(this);
            break;
          case 'op':
            this.rev = message.rev;
            this.length += delta(message.op);
            break;
          case 'ack':
            this.rev = message.rev;
            this.length += this.outstanding;
            this.outstanding = null;
            this.acked++;
            break;
          case 'error':
            this.errors.push(`${message.code}: ${message.message}`);
            break;
        }
      });
    });
  }

  #schedule() {
    // Exponential gaps: a Poisson process of `rate` per second, as independent typists are.
    const gap = (-Math.log(1 - this.random()) * 1000) / this.rate;
    this.timer = setTimeout(() => {
      this.#type();
      this.#schedule();
    }, gap);
  }

  #type() {
    if (this.outstanding !== null || this.socket.readyState !== WebSocket.OPEN) {
      return; // still waiting for the previous ack: this keystroke is skipped
    }
    const pos = Math.floor(this.random() * (this.length + 1));
    const ch = LETTERS[Math.floor(this.random() * LETTERS.length)];
    const op = [pos, ch, this.length - pos].filter((c) => c !== 0);
    this.outstanding = 1;
    this.seq++;
    this.sent++;
    this.socket.send(JSON.stringify({ type: 'op', doc: this.doc, rev: this.rev, op, client: this.client, seq: this.seq }));
  }

  stop() {
    clearTimeout(this.timer);
    this.socket?.close();
  }
}

/** Puts `text` into an empty document in one operation. */
export async function seed(url, doc, text, cookie) {
  const typist = new Typist({ url, doc, cookie });
  await typist.start();
  clearTimeout(typist.timer);
  await new Promise((resolve, reject) => {
    typist.socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'ack') resolve();
      if (message.type === 'error') reject(new Error(message.message));
    });
    typist.socket.send(JSON.stringify({ type: 'op', doc, rev: typist.rev, op: [text], client: typist.client, seq: 1 }));
  });
  typist.stop();
}
