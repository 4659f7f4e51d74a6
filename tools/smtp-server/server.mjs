#!/usr/bin/env node
// A real SMTP server on loopback for Settle's mail tests, benchmarks and the end-to-end suite.
// Owns: listening (plain + STARTTLS, implicit TLS or no STARTTLS at all), optional AUTH, writing
// every accepted message to a maildir with a JSONL log, and fault injection (error replies,
// stalls, dropped connections) driven by a tiny HTTP control endpoint on loopback.
// Must not: listen anywhere but 127.0.0.1, or print anything on stdout except the one line of
// ports (logs go to stderr). See README.md beside this file for the flags and the control API.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    tls: { type: 'string', default: 'starttls' },
    cert: { type: 'string' },
    key: { type: 'string' },
    'no-starttls': { type: 'boolean', default: false },
    auth: { type: 'string' },
    maildir: { type: 'string' },
    faults: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

function fail(message) {
  process.stderr.write(`smtp-server: ${message}\n`);
  process.exit(2);
}

if (!['none', 'starttls', 'implicit'].includes(opts.tls)) {
  fail(`--tls must be none, starttls or implicit (got ${opts.tls})`);
}
const needsCert = opts.tls !== 'none' && !(opts.tls === 'starttls' && opts['no-starttls']);
if (needsCert && !(opts.cert && opts.key)) {
  fail('--cert and --key (PEM files) are required unless --tls none or --no-starttls');
}
let credentials = null;
if (opts.auth) {
  const colon = opts.auth.indexOf(':');
  if (colon < 1) fail('--auth must be user:pass');
  credentials = { user: opts.auth.slice(0, colon), pass: opts.auth.slice(colon + 1) };
}

const log = (line) => opts.quiet || process.stderr.write(`smtp-server: ${line}\n`);

// ---- maildir: <n>.eml per accepted message plus log.jsonl (connections, messages, faults) ----
const maildir = opts.maildir ? path.resolve(opts.maildir) : null;
let nextNumber = 1;
if (maildir) {
  fs.mkdirSync(maildir, { recursive: true });
  // Continue the numbering of a maildir reused across restarts instead of overwriting.
  for (const name of fs.readdirSync(maildir)) {
    const n = Number.parseInt(name, 10);
    if (name.endsWith('.eml') && n >= nextNumber) nextNumber = n + 1;
  }
}

function journal(entry) {
  const line = JSON.stringify({ at: new Date().toISOString(), ...entry });
  // Synchronous on purpose: the line exists before the client sees the reply.
  if (maildir) fs.appendFileSync(path.join(maildir, 'log.jsonl'), line + '\n');
}

function messageIdOf(raw) {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:[ \t]*(.*)$/im.exec(head);
  return match ? match[1].trim() : null;
}

// ---- faults: rules added over HTTP (or --faults), each used up after `count` matches ----
let faults = [];
let nextFaultId = 1;

function addFault(rule) {
  const stages = ['mail', 'rcpt', 'data'];
  const actions = ['reply', 'stall', 'drop'];
  if (!stages.includes(rule.stage)) throw new Error(`stage must be one of ${stages.join(', ')}`);
  const action = rule.action ?? 'reply';
  if (!actions.includes(action)) throw new Error(`action must be one of ${actions.join(', ')}`);
  if (action === 'reply' && !(rule.code >= 400 && rule.code <= 599)) {
    throw new Error('a reply fault needs a 4xx or 5xx code');
  }
  const fault = {
    id: nextFaultId++,
    stage: rule.stage,
    action,
    code: rule.code ?? null,
    message: rule.message ?? defaultText(rule.code),
    count: rule.count ?? 1,
    recipient: rule.recipient ? rule.recipient.toLowerCase() : null,
    deliver: rule.deliver ?? true,
  };
  faults.push(fault);
  return fault;
}

function defaultText(code) {
  if (code === 421) return 'Service not available, closing transmission channel (injected)';
  if (code >= 500) return 'Requested action not taken: mailbox unavailable (injected)';
  return 'Requested action aborted: try again later (injected)';
}

// The first rule of this stage that matches; consumes one use of it.
function takeFault(stage, recipients) {
  const fault = faults.find(
    (f) => f.stage === stage && (!f.recipient || recipients.includes(f.recipient)),
  );
  if (!fault) return null;
  if (fault.count > 0 && --fault.count === 0) faults = faults.filter((f) => f !== fault);
  journal({ event: 'fault', stage, action: fault.action, code: fault.code, fault: fault.id });
  return fault;
}

for (const rule of opts.faults ? [].concat(JSON.parse(opts.faults)) : []) addFault(rule);

// ---- connections: raw sockets by client port, so a fault can drop one ----
const sockets = new Map();
const stats = { connections: 0, messages: 0 };

function injected(fault) {
  const err = new Error(fault.message);
  err.responseCode = fault.code;
  return err;
}

// Applies a MAIL/RCPT fault. Returns true when the command was handled (or left hanging).
function applyCommandFault(fault, session, callback) {
  if (!fault) return false;
  if (fault.action === 'reply') callback(injected(fault));
  else if (fault.action === 'drop') sockets.get(session.remotePort)?.destroy();
  // 'stall': never call back, the client waits for a reply that does not come.
  return true;
}

const tlsFiles = needsCert
  ? { cert: fs.readFileSync(opts.cert), key: fs.readFileSync(opts.key) }
  : {};

const server = new SMTPServer({
  ...tlsFiles,
  secure: opts.tls === 'implicit',
  name: 'settle-test-smtp.localhost',
  banner: 'Settle test SMTP server',
  logger: false,
  disableReverseLookup: true,
  hideSTARTTLS: opts.tls === 'none' || opts['no-starttls'],
  disabledCommands: [
    ...(credentials ? [] : ['AUTH']),
    ...(opts.tls === 'none' || opts['no-starttls'] ? ['STARTTLS'] : []),
  ],
  authMethods: ['PLAIN', 'LOGIN'],
  // The no-STARTTLS server must still let a (wrongly) plaintext client log in, so a test can see
  // that Settle never tries.
  allowInsecureAuth: true,
  size: 50 * 1024 * 1024,
  onConnect(session, callback) {
    stats.connections += 1;
    journal({ event: 'connect', session: session.id, port: session.remotePort });
    callback();
  },
  onAuth(auth, session, callback) {
    const ok =
      credentials && auth.username === credentials.user && auth.password === credentials.pass;
    journal({ event: 'auth', session: session.id, user: auth.username, ok: Boolean(ok) });
    if (!ok) return callback(new Error('Authentication credentials invalid'));
    callback(null, { user: auth.username });
  },
  onMailFrom(address, session, callback) {
    if (applyCommandFault(takeFault('mail', []), session, callback)) return;
    callback();
  },
  onRcptTo(address, session, callback) {
    const fault = takeFault('rcpt', [address.address.toLowerCase()]);
    if (applyCommandFault(fault, session, callback)) return;
    callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      const to = session.envelope.rcptTo.map((r) => r.address);
      const fault = takeFault(
        'data',
        to.map((a) => a.toLowerCase()),
      );
      if (fault?.action === 'reply') return callback(injected(fault));
      const entry = {
        event: 'message',
        session: session.id,
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to,
        message_id: messageIdOf(raw),
        size: raw.length,
      };
      if (!fault || fault.deliver) {
        entry.file = `${nextNumber++}.eml`;
        if (maildir) fs.writeFileSync(path.join(maildir, entry.file), raw);
        stats.messages += 1;
        journal(fault ? { ...entry, after: fault.action } : entry);
      }
      if (fault?.action === 'drop') return sockets.get(session.remotePort)?.destroy();
      if (fault?.action === 'stall') return; // the reply never comes
      callback(null, `OK: queued as ${entry.file ?? 'nothing'}`);
    });
  },
});

server.server.on('connection', (socket) => {
  const port = socket.remotePort;
  sockets.set(port, socket);
  socket.on('close', () => sockets.delete(port));
});
server.on('error', (err) => log(`error: ${err.message}`));

// ---- control endpoint: GET/POST/DELETE /faults, GET /stats ----
function readJson(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        resolve(body ? JSON.parse(body) : {});
      } catch (err) {
        reject(err);
      }
    });
  });
}

const control = http.createServer(async (req, res) => {
  const send = (status, value) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  try {
    if (req.url === '/faults' && req.method === 'POST') {
      const body = await readJson(req);
      return send(200, [].concat(body).map(addFault));
    }
    if (req.url === '/faults' && req.method === 'DELETE') {
      faults = [];
      return send(200, []);
    }
    if (req.url === '/faults' && req.method === 'GET') return send(200, faults);
    if (req.url === '/stats' && req.method === 'GET') return send(200, stats);
    send(404, { error: 'use GET|POST|DELETE /faults or GET /stats' });
  } catch (err) {
    send(400, { error: err.message });
  }
});

const listening = (srv, port) =>
  new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => resolve(srv.address().port));
  });

const smtpPort = await listening(server.server, Number(opts.port));
const controlPort = await listening(control, 0);
process.stdout.write(JSON.stringify({ port: smtpPort, control_port: controlPort }) + '\n');
log(`listening on 127.0.0.1:${smtpPort} (tls ${opts.tls}), control on 127.0.0.1:${controlPort}`);

const stop = () => {
  for (const socket of sockets.values()) socket.destroy();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
