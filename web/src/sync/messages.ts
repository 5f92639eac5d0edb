/**
 * The server → client messages of PROTOCOL.md §5, checked for shape as they come off the wire. A
 * frame that does not match is a protocol violation, reported as such, never half-used.
 */
import { TextOperation } from '../ot/text-operation';
import { ProtocolViolation } from './client-state';

export interface WireUser {
  id: string;
  name: string;
  /** Their discipline and role in the document's workspace (null: none said). */
  discipline: string | null;
  role: string | null;
}

export interface WireParticipant {
  client: string;
  user: WireUser;
  selection: [number, number] | null;
}

export type ServerMessage =
  | { type: 'joined'; doc: string; rev: number; text?: string; head?: number; role: string | null; participants: WireParticipant[] }
  | { type: 'ack'; doc: string; rev: number; seq: number }
  | { type: 'op'; doc: string; rev: number; op: TextOperation; client: string | null; seq: number | null }
  | { type: 'presence'; doc: string; client: string; user: WireUser; rev: number; selection: [number, number] | null }
  | { type: 'participant'; doc: string; client: string; user: WireUser; state: 'joined' | 'left' }
  | { type: 'glossary'; doc: string | null; glossary: string; entry: string | null; change: GlossaryChange }
  | { type: 'watching'; glossary: string }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string; doc: string | null; seq: number | null; reason: string | null };

/** What changed in a glossary (PROTOCOL.md §5); a newer server may say more. */
export type GlossaryChange = 'entry' | 'definition' | 'attached' | 'detached' | 'renamed' | 'proposal' | 'round' | (string & {});

/**
 * A `glossary` message: glossary `glossary` changed; the new state is read over REST. With `doc`:
 * told to a document the glossary is attached to; without: told to whoever watches the glossary.
 */
export type GlossaryMessage = Extract<ServerMessage, { type: 'glossary' }>;

type Json = Record<string, unknown>;

/** Parses one text frame; unknown message types give null (a newer server may add some). */
export function parseServerMessage(frame: string): ServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    throw new ProtocolViolation(`a frame that is not JSON: ${frame.slice(0, 80)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolViolation('a frame that is not a JSON object');
  }
  const m = value as Json;
  switch (m['type']) {
    case 'joined': {
      const text = m['text'];
      const head = m['head'];
      return {
        type: 'joined',
        doc: str(m, 'doc'),
        rev: count(m, 'rev'),
        ...(typeof text === 'string' ? { text } : {}),
        ...(head !== undefined && head !== null ? { head: count(m, 'head') } : {}),
        role: typeof m['role'] === 'string' ? m['role'] : null,
        participants: Array.isArray(m['participants']) ? m['participants'].map(participant) : [],
      };
    }
    case 'ack':
      return { type: 'ack', doc: str(m, 'doc'), rev: count(m, 'rev'), seq: count(m, 'seq') };
    case 'op': {
      let op: TextOperation;
      try {
        op = TextOperation.fromJSON(m['op']);
      } catch (e) {
        throw new ProtocolViolation(`operation ${String(m['rev'])} is not a valid operation: ${String(e)}`);
      }
      return {
        type: 'op',
        doc: str(m, 'doc'),
        rev: count(m, 'rev'),
        op,
        client: typeof m['client'] === 'string' ? m['client'] : null,
        seq: typeof m['seq'] === 'number' ? m['seq'] : null,
      };
    }
    case 'presence':
      return {
        type: 'presence',
        doc: str(m, 'doc'),
        client: str(m, 'client'),
        user: user(m['user']),
        rev: count(m, 'rev'),
        selection: selection(m['selection']),
      };
    case 'participant':
      return {
        type: 'participant',
        doc: str(m, 'doc'),
        client: str(m, 'client'),
        user: user(m['user'], m['role']),
        state: m['state'] === 'left' ? 'left' : 'joined',
      };
    case 'glossary':
      return {
        type: 'glossary',
        doc: typeof m['doc'] === 'string' ? m['doc'] : null,
        glossary: str(m, 'glossary'),
        entry: typeof m['entry'] === 'string' ? m['entry'] : null,
        change: str(m, 'change'),
      };
    case 'watching':
      return { type: 'watching', glossary: str(m, 'glossary') };
    case 'pong':
      return { type: 'pong' };
    case 'error':
      return {
        type: 'error',
        code: str(m, 'code'),
        message: typeof m['message'] === 'string' ? m['message'] : '',
        doc: typeof m['doc'] === 'string' ? m['doc'] : null,
        seq: typeof m['seq'] === 'number' ? m['seq'] : null,
        reason: typeof m['reason'] === 'string' ? m['reason'] : null,
      };
    default:
      return null;
  }
}

function str(m: Json, field: string): string {
  const v = m[field];
  if (typeof v !== 'string') {
    throw new ProtocolViolation(`"${String(m['type'])}" without a string "${field}"`);
  }
  return v;
}

function count(m: Json, field: string): number {
  const v = m[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new ProtocolViolation(`"${String(m['type'])}" without a non-negative integer "${field}"`);
  }
  return v;
}

/** `role`: the message's own `role`, for a server that says it beside the user rather than in it. */
function user(value: unknown, role?: unknown): WireUser {
  const u = (typeof value === 'object' && value !== null ? value : {}) as Json;
  const said = u['role'] ?? role;
  return {
    id: typeof u['id'] === 'string' ? u['id'] : '',
    name: typeof u['name'] === 'string' ? u['name'] : '',
    discipline: typeof u['discipline'] === 'string' ? u['discipline'] : null,
    role: typeof said === 'string' ? said : null,
  };
}

function selection(value: unknown): [number, number] | null {
  if (Array.isArray(value) && value.length === 2 && value.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    return [value[0] as number, value[1] as number];
  }
  return null;
}

function participant(value: unknown): WireParticipant {
  const p = (typeof value === 'object' && value !== null ? value : {}) as Json;
  return { client: str(p, 'client'), user: user(p['user']), selection: selection(p['selection']) };
}
