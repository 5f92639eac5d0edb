/** What the connection-state element says for each state of the session. */
import type { ConnectionStatus } from './sync/document-session';
import { format, getLanguage, type MessageKey } from './i18n';

export function connectionMessage(status: ConnectionStatus, waiting: number): string {
  switch (status) {
    case 'connecting':
      return format('connectionConnecting', {});
    case 'connected':
      return format('connectionConnected', {});
    case 'reconnecting':
      return format('connectionReconnecting', {});
    case 'offline': {
      // French says "0 modification", English "0 changes": the language's own plural rule decides.
      const one = new Intl.PluralRules(getLanguage()).select(waiting) === 'one';
      const key: MessageKey = one ? 'connectionOfflineOne' : 'connectionOfflineMany';
      return format(key, { n: waiting });
    }
  }
}
