/**
 * A document: title, editor, live preview, outline, participants and connection state, kept in
 * step with the server by a DocumentSession. The role the server gives on joining decides whether
 * the text can be edited (observers and annotators read); an access taken away stops the session.
 */
import { ApiError, type DocumentInfo } from '../api';
import { connectionMessage } from '../connection-text';
import { h, onLanguageChange, uid } from '../dom';
import { applyRemote, replaceText } from '../editor/collab';
import { caretColour } from '../editor/colour';
import { createEditor, type Editor } from '../editor/editor';
import { setRemoteSelections } from '../editor/remote-selections';
import { format, t } from '../i18n';
import { disciplineLabel } from '../disciplines';
import { IncrementalLexer } from '../markdown/blocks';
import { extractOutline, type OutlineEntry } from '../markdown/outline';
import { BlockRenderer, patchBlocks } from '../markdown/preview';
import { createSanitizer } from '../markdown/sanitize';
import { readRecent, rememberRecent } from '../recent';
import { isReadOnly, readOnlyBannerKey, roleKey } from '../roles';
import { signInPath, workspacePath } from '../router';
import { DocumentSession, type AccessCheck, type ConnectionStatus, type Participant } from '../sync/document-session';
import type { AppContext, Screen } from './context';
import { documentGlossary } from './document-glossary';
import { errorText, kindKey } from './home';

/** "juriste · éditeur·rice": a participant's discipline, then their role once the server said it. */
function withRole(discipline: string, role: string | null): string {
  return role === null ? discipline : `${discipline} · ${t(roleKey(role))}`;
}

/** The preview and outline follow the text at most this often (ms), however fast it changes. */
const RENDER_EVERY_MS = 200;

export function documentScreen(ctx: AppContext, id: string, onNotFound: () => void): Screen {
  const heading = h('h1', { className: 'doc__title', attrs: { tabindex: -1, 'data-testid': 'document-title' } }, t('loading'));
  const kind = h('span', { className: 'muted doc__kind' });
  const status = h('p', {
    className: 'connection',
    attrs: { 'data-testid': 'connection-status', role: 'status', 'aria-live': 'polite', 'data-status': 'connecting' },
  });
  const banner = h('p', { className: 'error', attrs: { role: 'alert', 'data-testid': 'document-error' } });
  const readOnlyBanner = h('p', { className: 'read-only', attrs: { role: 'status', hidden: true, 'data-testid': 'read-only' } });
  const backLink = h('a', { className: 'doc__workspace', text: 'backToWorkspace', attrs: { hidden: true, 'data-link': true, 'data-testid': 'workspace-link' } });
  const undoButton = h('button', {
    text: 'undo',
    attrs: { type: 'button', 'aria-keyshortcuts': 'Control+Z', 'aria-disabled': 'true', 'data-testid': 'undo' },
  });
  const redoButton = h('button', {
    text: 'redo',
    attrs: { type: 'button', 'aria-keyshortcuts': 'Control+Shift+Z Control+Y', 'aria-disabled': 'true', 'data-testid': 'redo' },
  });
  /** My discipline and role here: the discipline from the membership, the role from `joined`. */
  let myDiscipline: string | null | undefined;
  let myRole: string | null = null;
  /** My role from the membership, until `joined` says it (then that one, which follows changes). */
  let membershipRole: string | undefined;
  const glossary = documentGlossary(ctx.api, id, () => myDiscipline ?? undefined, () => myRole ?? membershipRole);
  const toolbar = h(
    'div',
    { className: 'toolbar', attrs: { role: 'toolbar' }, i18nAttrs: { 'aria-label': 'toolbarLabel' } },
    undoButton,
    redoButton,
    ...glossary.toolbarButtons,
  );

  const editorHost = h('div', { className: 'doc__editor', attrs: { 'data-testid': 'editor', 'aria-busy': 'true' } }, h('p', { className: 'muted', text: 'loading' }));
  const previewHeading = h('h2', { text: 'previewHeading', attrs: { id: uid('preview-heading') } });
  const preview = h('div', { className: 'preview__content markdown', attrs: { 'data-testid': 'preview' } });
  const outlineHeading = h('h2', { text: 'outlineHeading', attrs: { id: uid('outline-heading') } });
  const outlineList = h('ol', { className: 'outline', attrs: { 'data-testid': 'outline' } });
  const participantsHeading = h('h2', { text: 'participantsHeading', attrs: { id: uid('participants-heading') } });
  const participantList = h('ul', { className: 'participants', attrs: { 'data-testid': 'participants' } });

  const element = h(
    'div',
    { className: 'doc' },
    h(
      'div',
      { className: 'doc__header' },
      h('div', { className: 'doc__heading' }, heading, kind, backLink),
      status,
      toolbar,
    ),
    banner,
    readOnlyBanner,
    h(
      'div',
      { className: 'doc__columns' },
      h(
        'aside',
        { className: 'doc__side' },
        h('nav', { attrs: { 'aria-labelledby': outlineHeading.id } }, outlineHeading, outlineList),
        h('section', { attrs: { 'aria-labelledby': participantsHeading.id } }, participantsHeading, participantList),
        glossary.panel,
      ),
      editorHost,
      h('section', { className: 'preview', attrs: { 'aria-labelledby': previewHeading.id } }, previewHeading, preview),
    ),
  );

  const disposers: (() => void)[] = [];
  let workspaceId: string | undefined;
  let editor: Editor | undefined;
  let session: DocumentSession | undefined;
  let destroyed = false;
  let connection: { status: ConnectionStatus; waiting: number } = { status: 'connecting', waiting: 0 };
  let participants: Participant[] = [];
  let outline: OutlineEntry[] = [];
  const renderer = new BlockRenderer(createSanitizer(window));
  const lexer = new IncrementalLexer();

  const showConnection = (): void => {
    status.dataset['status'] = connection.status;
    status.textContent = connectionMessage(connection.status, connection.waiting);
  };

  const updateHistoryButtons = (): void => {
    undoButton.setAttribute('aria-disabled', String(!(editor?.canUndo() ?? false)));
    redoButton.setAttribute('aria-disabled', String(!(editor?.canRedo() ?? false)));
  };

  const renderOutline = (): void => {
    outlineList.replaceChildren(
      ...(outline.length === 0
        ? [h('li', { className: 'muted', text: 'outlineEmpty' })]
        : outline.map((entry) =>
            h(
              'li',
              { className: `outline__item outline__item--${entry.level}` },
              h(
                'button',
                { className: 'link-button', attrs: { type: 'button' }, on: { click: () => jumpTo(entry.from) } },
                entry.text,
              ),
            ),
          )),
    );
  };

  const jumpTo = (from: number): void => {
    if (editor === undefined) {
      return;
    }
    const view = editor.view;
    const pos = Math.min(from, view.state.doc.length);
    view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
    view.focus();
  };

  // The preview and outline are rebuilt on a fixed cadence while the text changes, not on every
  // keystroke or remote operation: one lexing pass serves both, and unchanged blocks are reused.
  let renderTimer: ReturnType<typeof setTimeout> | undefined;
  const renderNow = (): void => {
    renderTimer = undefined;
    if (editor === undefined) {
      return;
    }
    const text = editor.view.state.doc.toString();
    const blocks = lexer.lex(text);
    patchBlocks(preview, renderer.render(blocks));
    const next = extractOutline(text, blocks);
    if (JSON.stringify(next) !== JSON.stringify(outline)) {
      outline = next;
      renderOutline();
    }
  };
  const scheduleRender = (): void => {
    renderTimer ??= setTimeout(renderNow, RENDER_EVERY_MS);
  };

  const renderParticipants = (): void => {
    const items: HTMLElement[] = [];
    const myName = ctx.session.name;
    if (myName !== undefined) {
      items.push(
        h(
          'li',
          { className: 'participant participant--me' },
          h('span', { className: 'participant__name' }, format('participantsYou', { name: myName })),
          ' ',
          h('span', { className: 'muted', attrs: { 'data-role': myRole ?? '' } }, withRole(disciplineLabel(myDiscipline), myRole)),
        ),
      );
    }
    for (const p of participants) {
      const swatch = h('span', { className: 'participant__swatch', attrs: { 'aria-hidden': 'true' } });
      swatch.style.setProperty('--cahier-colour', caretColour(p.client));
      items.push(
        h(
          'li',
          { className: 'participant', attrs: { 'data-client': p.client } },
          swatch,
          h('span', { className: 'participant__name' }, p.user.name),
          ' ',
          h('span', { className: 'muted', attrs: { 'data-role': p.user.role ?? '' } }, withRole(disciplineLabel(p.user.discipline), p.user.role)),
        ),
      );
    }
    if (participants.length === 0) {
      items.push(h('li', { className: 'muted', text: 'participantsAlone' }));
    }
    participantList.replaceChildren(...items);
  };

  const drawRemoteSelections = (): void => {
    editor?.view.dispatch({
      effects: setRemoteSelections.of(
        participants
          .filter((p) => p.selection !== null)
          .map((p) => ({
            client: p.client,
            name: p.user.name,
            anchor: p.selection?.[0] ?? 0,
            head: p.selection?.[1] ?? 0,
          })),
      ),
    });
  };

  const onReady = (text: string): void => {
    if (destroyed || session === undefined) {
      return;
    }
    if (editor !== undefined) {
      replaceText(editor.view, text);
      return;
    }
    const activeSession = session;
    editorHost.replaceChildren();
    editor = createEditor({
      parent: editorHost,
      text,
      session: activeSession,
      label: t('editorLabel'),
      readOnly: isReadOnly(myRole) || accessGone || archived,
      extensions: glossary.extension,
      onUpdate: (docChanged) => {
        if (docChanged) {
          scheduleRender();
        }
        updateHistoryButtons();
        glossary.updated();
      },
    });
    if (workspaceId !== undefined) {
      glossary.connect(editor.view, workspaceId);
    }
    editorHost.setAttribute('aria-busy', 'false');
    editorHost.dataset['ready'] = 'true';
    renderNow();
    drawRemoteSelections();
    const { anchor, head } = editor.view.state.selection.main;
    activeSession.setSelection([anchor, head]);
  };

  /** The role `joined` gave: the editor follows it, and says so when it may only read. */
  const applyRole = (role: string | null): void => {
    myRole = role;
    editor?.setReadOnly(isReadOnly(role) || accessGone || archived);
    const key = readOnlyBannerKey(role);
    readOnlyBanner.hidden = key === undefined || accessGone;
    if (key === undefined) {
      readOnlyBanner.removeAttribute('data-i18n');
      readOnlyBanner.textContent = '';
    } else {
      readOnlyBanner.dataset['i18n'] = key;
      readOnlyBanner.textContent = t(key);
    }
    renderParticipants();
    glossary.roleChanged();
  };

  /** The session stopped for good because the access is gone: nothing more can be sent. */
  let accessGone = false;
  /** An archived document is read-only for everyone: the server refuses its ops. */
  let archived = false;
  const showAccessGone = (key: 'accessRemoved' | 'sessionEnded'): void => {
    accessGone = true;
    editor?.setReadOnly(true);
    readOnlyBanner.hidden = true;
    element.dataset['access'] = key === 'accessRemoved' ? 'removed' : 'signed-out';
    banner.replaceChildren(
      h('span', { text: key }),
      ' ',
      key === 'sessionEnded'
        ? h('a', { text: 'signIn', attrs: { href: signInPath(location.pathname), 'data-link': true } })
        : h('a', { text: 'home', attrs: { href: '/', 'data-link': true } }),
    );
  };

  /** Asked when a connection cannot open (a browser hides why): is the document still ours to read? */
  const checkAccess = (): Promise<AccessCheck> =>
    ctx.api.getDocument(id).then(
      () => 'ok',
      (error: unknown) =>
        error instanceof ApiError && error.status === 404 ? 'removed' : error instanceof ApiError && error.status === 401 ? 'signed-out' : 'unknown',
    );

  const start = (info: Pick<DocumentInfo, 'title' | 'kind' | 'workspaceId' | 'archived'>): void => {
    heading.textContent = info.title;
    workspaceId = info.workspaceId;
    backLink.setAttribute('href', workspacePath(info.workspaceId));
    backLink.hidden = false;
    ctx.workspace(info.workspaceId).then(
      (workspace) => {
        myDiscipline = workspace.discipline;
        membershipRole = workspace.role;
        renderParticipants();
        glossary.roleChanged();
      },
      () => undefined, // offline: the discipline is shown once known
    );
    document.title = `${info.title} — Cahier`;
    kind.dataset['i18n'] = kindKey(info.kind);
    kind.textContent = t(kindKey(info.kind));
    archived = info.archived;
    if (info.archived) {
      banner.textContent = t('documentArchived');
    }
    rememberRecent(ctx.storage, { id, title: info.title, kind: info.kind, workspaceId: info.workspaceId, openedAt: Date.now() });
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    session = new DocumentSession(
      { docId: id, wsUrl: `${scheme}//${location.host}/ws`, storage: ctx.sessionStorage, checkAccess },
      {
        ready: onReady,
        role: applyRole,
        remote: (op) => {
          if (editor !== undefined) {
            applyRemote(editor.view, op);
          }
        },
        status: (next, waiting) => {
          if (next === 'connected' && connection.status !== 'connected') {
            glossary.reconnected();
          }
          connection = { status: next, waiting };
          showConnection();
        },
        // Proposals and rounds change nothing the editor shows until they reach an entry (announced as such).
        glossary: (message) => {
          if (message.change !== 'proposal' && message.change !== 'round') {
            glossary.changed();
          }
        },
        participants: (list) => {
          participants = list;
          renderParticipants();
          drawRemoteSelections();
        },
        error: (code, message) => {
          if (code === 'access-removed') {
            showAccessGone('accessRemoved');
          } else if (code === 'signed-out') {
            showAccessGone('sessionEnded');
          } else if (code === 'unknown-doc') {
            onNotFound();
          } else if (code === 'forbidden') {
            banner.textContent = t('editRefused');
          } else {
            banner.textContent = format('syncError', { message });
          }
        },
      },
    );
    session.start();
  };

  showConnection();
  renderParticipants();
  undoButton.addEventListener('click', () => {
    editor?.undo();
    editor?.view.focus();
  });
  redoButton.addEventListener('click', () => {
    editor?.redo();
    editor?.view.focus();
  });
  disposers.push(
    onLanguageChange(() => {
      showConnection();
      renderParticipants();
      renderOutline();
      editor?.relabel(t('editorLabel'));
    }),
  );

  ctx.api.getDocument(id).then(
    (info) => {
      if (!destroyed) {
        start(info);
      }
    },
    (error: unknown) => {
      if (destroyed) {
        return;
      }
      if (error instanceof ApiError && error.status === 404) {
        onNotFound();
        return;
      }
      if (error instanceof ApiError && error.status === 401) {
        heading.textContent = t('appName');
        showAccessGone('sessionEnded');
        editorHost.replaceChildren();
        return;
      }
      // Offline: a document opened here before still opens from the local copy of its text.
      const known = readRecent(ctx.storage).find((doc) => doc.id === id);
      if (known !== undefined && error instanceof ApiError && error.code === 'network') {
        start({ title: known.title, kind: known.kind as DocumentInfo['kind'], workspaceId: known.workspaceId, archived: false });
      } else {
        heading.textContent = t('appName');
        banner.textContent = errorText(error);
        editorHost.replaceChildren(
          h('button', { text: 'retry', attrs: { type: 'button' }, on: { click: () => ctx.navigate(location.pathname) } }),
        );
      }
    },
  );

  return {
    element,
    heading,
    destroy: () => {
      destroyed = true;
      clearTimeout(renderTimer);
      disposers.forEach((dispose) => dispose());
      glossary.destroy();
      session?.close();
      editor?.destroy();
    },
  };
}
