// The reference server of `scripts/bench load --server sharedb`: ShareDB 7 in memory (no
// durability at all), plain-text documents (ot-text-unicode) over WebSockets, as the issue's
// comparison figures were measured. The benchmark drives it with the same simulated typists as
// Cahier, so both servers' CPU and latency can be compared in one run on the same machine.
//   node server.js --port P --docs D     creates documents d0 … d(D-1), empty, then prints "ready P"
'use strict';
const ShareDB = require('sharedb');
const WebSocket = require('ws');
const WebSocketJSONStream = require('@teamwork/websocket-json-stream');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const port = Number(option('--port', '0'));
const docs = Number(option('--docs', '1'));
ShareDB.types.register(require('ot-text-unicode').type);
const backend = new ShareDB();
const connection = backend.connect();

function create(n) {
  return new Promise((resolve, reject) => {
    connection.get('docs', 'd' + n).create('', 'text-unicode', (err) => (err ? reject(err) : resolve()));
  });
}

Promise.all(Array.from({length: docs}, (_, n) => create(n))).then(() => {
  const server = new WebSocket.Server({host: '127.0.0.1', port: port});
  server.on('connection', (socket) => backend.listen(new WebSocketJSONStream(socket)));
  server.on('listening', () => console.log('ready ' + server.address().port));
}, (err) => {
  console.error('cannot create the documents: ' + err);
  process.exit(1);
});
