// A TCP proxy between one browser context and the server that can cut the network on command:
// every open connection (the WebSocket included, which Playwright's setOffline leaves open) is
// destroyed, and new ones are refused until it is restored.
import { connect, createServer } from 'node:net';

export class CuttableProxy {
  constructor(targetPort) {
    this.targetPort = targetPort;
    this.cut = false;
    this.sockets = new Set();
    this.server = createServer((client) => {
      if (this.cut) {
        client.destroy();
        return;
      }
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  listen() {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => {
        this.port = this.server.address().port;
        resolve(this);
      }),
    );
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Drops every connection and refuses new ones. */
  disconnect() {
    this.cut = true;
    for (const socket of this.sockets) {
      socket.destroy();
    }
    this.sockets.clear();
  }

  reconnect() {
    this.cut = false;
  }

  close() {
    this.disconnect();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
