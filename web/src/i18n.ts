/**
 * The single catalogue of user-interface text, and the choice of language.
 *
 * Every string the page shows comes from `messages`. The French catalogue
 * defines the keys; the English one is typed against it, so a key missing from
 * or added to only one of them is a compile error (and is also checked by the
 * tests).
 */

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Used when no preferred language is French or English. */
export const DEFAULT_LANGUAGE: Language = 'en';

/** localStorage key holding the language the user chose explicitly. */
export const STORAGE_KEY = 'cahier.lang';

const fr = {
  pageTitle: 'Cahier',
  appName: 'Cahier',
  tagline:
    'Un espace de co-écriture en temps réel pour rédiger ensemble des articles de changement de paradigme et des spécifications d’expériences, appuyés sur des glossaires de vocabulaire partagé.',
  languageLabel: 'Langue',
  statusHeading: 'État du serveur',
  statusLoading: 'Vérification du serveur…',
  statusUp: 'Serveur disponible',
  statusError: 'Serveur injoignable pour le moment.',
  skipToContent: 'Aller au contenu',
  home: 'Accueil',
  loading: 'Chargement…',
  retry: 'Réessayer',
  requestFailed: 'La demande a échoué : {detail}',
  networkError: 'Le serveur est injoignable. Vérifiez la connexion puis réessayez.',
  identityHeading: 'Qui écrit ?',
  identityIntro:
    'Votre nom et votre discipline sont montrés aux autres participants. Ils sont retenus dans ce navigateur.',
  nameLabel: 'Nom affiché',
  disciplineLabel: 'Discipline',
  identitySave: 'Continuer',
  identityChange: 'Modifier mon nom',
  identityCurrent: '{name} · {discipline}',
  disciplineNone: 'sans discipline',
  disciplineDesigner: 'designer',
  disciplineJurist: 'juriste',
  disciplineEconomist: 'économiste',
  disciplinePublicAgent: 'agent public',
  disciplineResearcher: 'chercheur·e',
  disciplineInhabitant: 'habitant·e',
  disciplineOther: 'autre',
  workspacesHeading: 'Espaces de travail',
  workspacesEmpty: 'Aucun espace de travail pour l’instant. Créez le premier.',
  workspaceNameLabel: 'Nom du nouvel espace',
  workspaceCreate: 'Créer l’espace',
  workspaceCurrent: 'espace ouvert',
  documentsHeading: 'Documents — {workspace}',
  documentsEmpty: 'Aucun document dans cet espace.',
  chooseWorkspace: 'Choisissez ou créez un espace de travail pour voir ses documents.',
  documentTitleLabel: 'Titre',
  documentKindLabel: 'Type',
  documentCreate: 'Créer le document',
  newDocumentHeading: 'Nouveau document',
  kindPaper: 'article de changement de paradigme',
  kindExperimentSpec: 'spécification d’expérience',
  kindNote: 'note',
  archived: 'archivé',
  recentHeading: 'Ouverts récemment',
  recentEmpty: 'Les documents que vous ouvrez apparaîtront ici.',
  editorLabel: 'Texte du document (Markdown)',
  previewHeading: 'Aperçu',
  outlineHeading: 'Plan',
  outlineEmpty: 'Pas encore de titres.',
  participantsHeading: 'Participants',
  participantsYou: '{name} (vous)',
  participantsAlone: 'Personne d’autre pour le moment.',
  toolbarLabel: 'Édition',
  undo: 'Annuler',
  redo: 'Rétablir',
  connectionConnecting: 'Connexion…',
  connectionConnected: 'Connecté',
  connectionReconnecting: 'Reconnexion…',
  connectionOfflineOne: 'Hors ligne — {n} modification en attente',
  connectionOfflineMany: 'Hors ligne — {n} modifications en attente',
  notFoundHeading: 'Document introuvable',
  notFoundText: 'Aucun document ne porte cet identifiant. Le lien est peut-être incomplet, ou le document a été supprimé.',
  pageNotFoundHeading: 'Page introuvable',
  documentArchived: 'Ce document est archivé : il est en lecture seule.',
  syncError: 'Erreur de synchronisation : {message}',
  signIn: 'Se connecter',
  signInHeading: 'Connexion',
  signInIntro: 'Les animateurs et animatrices ont un compte ; les participants invités n’en ont pas besoin.',
  emailLabel: 'Adresse e-mail',
  passwordLabel: 'Mot de passe',
  signingIn: 'Connexion…',
  signOut: 'Se déconnecter',
  signingOut: 'Déconnexion…',
  signedInAs: 'Connecté·e : {name}',
  accountLabel: 'Compte',
  backHome: 'Retour à l’accueil',
  setupHeading: 'Premier compte d’animation',
  setupIntro: 'Ce lien à usage unique, affiché par le serveur à son premier démarrage, crée le premier compte d’animateur ou d’animatrice.',
  passwordRepeatLabel: 'Mot de passe, encore une fois',
  passwordRule: 'De {min} à {max} caractères.',
  setupSubmit: 'Créer le compte',
  settingUp: 'Création du compte…',
  setupNoToken: 'Ce lien ne contient pas de jeton de mise en place. Copiez le lien complet affiché par le serveur.',
  emailInvalid: 'Saisissez une adresse e-mail.',
  nameRequired: 'Saisissez un nom (80 caractères au plus).',
  passwordRequired: 'Saisissez le mot de passe.',
  passwordLength: 'Le mot de passe doit compter de {min} à {max} caractères.',
  passwordsDiffer: 'Les deux mots de passe diffèrent.',
  errorCredentials: 'Adresse e-mail ou mot de passe incorrect.',
  errorCurrentPassword: 'Le mot de passe actuel est incorrect.',
  errorAccountExists: 'Un compte existe déjà : ce lien ne sert plus. Connectez-vous avec votre compte.',
  errorInvalidLink: 'Ce lien de mise en place est invalide, expiré ou déjà utilisé.',
  errorRateLimited: 'Trop de tentatives. Réessayez dans {wait}.',
  errorRateLimitedLater: 'Trop de tentatives. Réessayez plus tard.',
  errorInvalid: 'Refusé par le serveur : {detail}',
  errorSignedOut: 'Votre session a expiré. Reconnectez-vous.',
  errorUnavailable: 'Ce serveur ne propose pas encore de comptes.',
  waitSecond: '1 seconde',
  waitSeconds: '{n} secondes',
  waitMinute: '1 minute',
  waitMinutes: '{n} minutes',
  changePassword: 'Changer le mot de passe',
  currentPasswordLabel: 'Mot de passe actuel',
  newPasswordLabel: 'Nouveau mot de passe',
  newPasswordRepeatLabel: 'Nouveau mot de passe, encore une fois',
  save: 'Enregistrer',
  saving: 'Enregistrement…',
  cancel: 'Annuler',
  close: 'Fermer',
  passwordChanged: 'Mot de passe changé.',
  glossaryPanelHeading: 'Glossaires',
  glossaryPanelEmpty: 'Aucun glossaire rattaché à ce document.',
  glossaryJump: 'Aller à l’occurrence suivante de « {term} » ({count})',
  glossaryNoOccurrence: '« {term} » n’apparaît pas dans le texte.',
  glossaryOpen: 'Ouvrir le glossaire « {name} »',
  glossaryAttachLabel: 'Rattacher un glossaire de l’espace',
  glossaryAttach: 'Rattacher',
  glossaryDetach: 'Détacher',
  glossaryLoadError: 'Glossaires indisponibles : {detail}',
  addToGlossary: 'Ajouter au glossaire',
  showTerm: 'Terme sous le curseur',
  showTermNone: 'Le curseur n’est sur aucun terme du glossaire.',
  statusLabel: 'Statut',
  statusEmerging: 'émergent',
  statusContested: 'contesté',
  statusShared: 'partagé',
  gapNoteLabel: 'Écart entre les sens',
  noDefinitionYet: 'Pas encore de définition.',
  perspectiveYours: '{perspective} (vous)',
  termCardOpen: 'Voir dans le glossaire',
  addTermHeading: 'Ajouter au glossaire',
  termLabel: 'Terme',
  aliasesLabel: 'Variantes et alias (séparés par « ; »)',
  glossaryChoiceLabel: 'Glossaire',
  newGlossaryNameLabel: 'Nom du nouveau glossaire',
  newGlossaryDefaultName: 'Vocabulaire partagé',
  noGlossaryHint: 'Aucun glossaire n’est rattaché à ce document : un nouveau glossaire sera créé et rattaché.',
  definitionFor: 'Définition — {perspective}',
  examplesLabel: 'Exemples (un par ligne)',
  sourcesLabel: 'Sources (une par ligne)',
  termAdded: '« {term} » ajouté au glossaire « {name} ».',
  termRequired: 'Saisissez le terme.',
  glossaryNotFound: 'Glossaire introuvable',
  glossaryNotFoundText: 'Aucun glossaire ne porte cet identifiant.',
  entriesHeading: 'Termes',
  entriesEmpty: 'Aucun terme pour l’instant.',
  newEntryHeading: 'Nouveau terme',
  entryCreate: 'Ajouter le terme',
  entryEdit: 'Modifier le terme',
  entryEditOf: 'Modifier « {term} »',
  entryConflict: 'Quelqu’un a modifié ce terme entre-temps. Vos changements sont gardés dans le formulaire ; la version actuelle est affichée : relisez puis enregistrez de nouveau.',
  definitionEdit: 'Modifier',
  definitionEditOf: 'Modifier la définition « {perspective} » de « {term} »',
  definitionWrite: 'Écrire',
  definitionConflict: 'Quelqu’un a enregistré entre-temps. Son texte est à côté du vôtre : fusionnez puis enregistrez.',
  definitionTheirs: 'Version enregistrée (v{version}, {author})',
  definitionTheirsNone: 'La définition n’existe plus.',
  definitionMine: 'Votre texte',
  keepBoth: 'Garder les deux textes',
  historyButton: 'Historique',
  historyOf: 'Historique de la définition « {perspective} » de « {term} »',
  historyEmpty: 'Aucune version.',
  historyVersion: 'v{version} · {author} · {time}',
  historyRestored: '(restaurée depuis v{version})',
  restore: 'Restaurer',
  restoreOf: 'Restaurer la version {version}',
  documentsAttachedHeading: 'Documents rattachés',
  documentsAttachedEmpty: 'Rattaché à aucun document.',
  attachDocumentLabel: 'Document de l’espace',
  exportHeading: 'Exporter',
  exportMarkdown: 'Markdown (annexe)',
  exportSkos: 'SKOS (Turtle)',
  importHeading: 'Importer des termes (CSV)',
  importHint: 'Colonnes : term, lang, aliases, status, gap_note, examples, sources, definition:<discipline>. Tout ou rien : un fichier avec une ligne fausse n’importe rien.',
  importFileLabel: 'Fichier CSV',
  importPreview: 'Prévisualiser',
  importConfirm: 'Importer',
  importSummary: '{valid} ligne(s) valide(s), {invalid} en erreur.',
  importBlocked: 'Corrigez les lignes en erreur : rien n’est importé tant qu’une ligne est fausse.',
  importDone: '{count} terme(s) importé(s).',
  importLine: 'Ligne',
  importErrors: 'Erreurs',
  importOk: 'ok',
  importNoFile: 'Choisissez un fichier CSV.',
  compareLink: 'Comparer les disciplines',
  compareHeading: 'Comparer — {name}',
  compareFilterLabel: 'Afficher',
  filterAll: 'tous les termes',
  filterContested: 'les termes contestés',
  filterEmerging: 'les termes émergents',
  filterShared: 'les termes partagés',
  compareEmpty: 'Aucun terme à afficher.',
  compareCaption: 'Termes × disciplines : définitions et écarts',
  print: 'Imprimer',
  backToGlossary: 'Retour au glossaire',
  glossariesHeading: 'Glossaires — {workspace}',
  glossariesEmpty: 'Aucun glossaire dans cet espace.',
  glossaryNameLabel: 'Nom du glossaire',
  glossaryCreate: 'Créer le glossaire',
  conflictGeneric: 'Quelqu’un a modifié ceci entre-temps. Rechargez puis réessayez.',
  notFoundGeneric: 'Introuvable : il a peut-être été supprimé.',
  perspectiveAddLabel: 'Définition d’une autre discipline',
  perspectiveAdd: 'Ajouter',
  compareShown: '{shown} terme(s) affiché(s) sur {total}',
} as const;

export type MessageKey = keyof typeof fr;
export type Catalogue = Readonly<Record<MessageKey, string>>;

const en: Catalogue = {
  pageTitle: 'Cahier',
  appName: 'Cahier',
  tagline:
    'A real-time co-writing workspace for drafting paradigm-shift papers and experiment specifications together, grounded in shared-vocabulary glossaries.',
  languageLabel: 'Language',
  statusHeading: 'Server status',
  statusLoading: 'Checking the server…',
  statusUp: 'Server available',
  statusError: 'The server cannot be reached right now.',
  skipToContent: 'Skip to content',
  home: 'Home',
  loading: 'Loading…',
  retry: 'Try again',
  requestFailed: 'The request failed: {detail}',
  networkError: 'The server cannot be reached. Check the connection and try again.',
  identityHeading: 'Who is writing?',
  identityIntro: 'Your name and discipline are shown to the other participants. This browser remembers them.',
  nameLabel: 'Display name',
  disciplineLabel: 'Discipline',
  identitySave: 'Continue',
  identityChange: 'Change my name',
  identityCurrent: '{name} · {discipline}',
  disciplineNone: 'no discipline',
  disciplineDesigner: 'designer',
  disciplineJurist: 'jurist',
  disciplineEconomist: 'economist',
  disciplinePublicAgent: 'public agent',
  disciplineResearcher: 'researcher',
  disciplineInhabitant: 'inhabitant',
  disciplineOther: 'other',
  workspacesHeading: 'Workspaces',
  workspacesEmpty: 'No workspace yet. Create the first one.',
  workspaceNameLabel: 'Name of the new workspace',
  workspaceCreate: 'Create the workspace',
  workspaceCurrent: 'open workspace',
  documentsHeading: 'Documents — {workspace}',
  documentsEmpty: 'No document in this workspace.',
  chooseWorkspace: 'Choose or create a workspace to see its documents.',
  documentTitleLabel: 'Title',
  documentKindLabel: 'Kind',
  documentCreate: 'Create the document',
  newDocumentHeading: 'New document',
  kindPaper: 'paradigm-shift paper',
  kindExperimentSpec: 'experiment specification',
  kindNote: 'note',
  archived: 'archived',
  recentHeading: 'Recently opened',
  recentEmpty: 'The documents you open will be listed here.',
  editorLabel: 'Document text (Markdown)',
  previewHeading: 'Preview',
  outlineHeading: 'Outline',
  outlineEmpty: 'No headings yet.',
  participantsHeading: 'Participants',
  participantsYou: '{name} (you)',
  participantsAlone: 'Nobody else for now.',
  toolbarLabel: 'Editing',
  undo: 'Undo',
  redo: 'Redo',
  connectionConnecting: 'Connecting…',
  connectionConnected: 'Connected',
  connectionReconnecting: 'Reconnecting…',
  connectionOfflineOne: 'Offline — {n} change pending',
  connectionOfflineMany: 'Offline — {n} changes pending',
  notFoundHeading: 'Document not found',
  notFoundText: 'No document has this id. The link may be incomplete, or the document was removed.',
  pageNotFoundHeading: 'Page not found',
  documentArchived: 'This document is archived: it is read-only.',
  syncError: 'Synchronisation error: {message}',
  signIn: 'Sign in',
  signInHeading: 'Sign in',
  signInIntro: 'Facilitators have an account; invited participants do not need one.',
  emailLabel: 'Email address',
  passwordLabel: 'Password',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  signingOut: 'Signing out…',
  signedInAs: 'Signed in: {name}',
  accountLabel: 'Account',
  backHome: 'Back to home',
  setupHeading: 'First facilitator account',
  setupIntro: 'This one-time link, printed by the server at its first start, creates the first facilitator account.',
  passwordRepeatLabel: 'Password, once more',
  passwordRule: '{min} to {max} characters.',
  setupSubmit: 'Create the account',
  settingUp: 'Creating the account…',
  setupNoToken: 'This link has no set-up token. Copy the whole link the server printed.',
  emailInvalid: 'Enter an email address.',
  nameRequired: 'Enter a name (80 characters at most).',
  passwordRequired: 'Enter the password.',
  passwordLength: 'The password must have {min} to {max} characters.',
  passwordsDiffer: 'The two passwords differ.',
  errorCredentials: 'Wrong email address or password.',
  errorCurrentPassword: 'The current password is wrong.',
  errorAccountExists: 'An account already exists: this link is no longer needed. Sign in with your account.',
  errorInvalidLink: 'This set-up link is invalid, expired or already used.',
  errorRateLimited: 'Too many attempts. Try again in {wait}.',
  errorRateLimitedLater: 'Too many attempts. Try again later.',
  errorInvalid: 'Refused by the server: {detail}',
  errorSignedOut: 'Your session has expired. Sign in again.',
  errorUnavailable: 'This server does not offer accounts yet.',
  waitSecond: '1 second',
  waitSeconds: '{n} seconds',
  waitMinute: '1 minute',
  waitMinutes: '{n} minutes',
  changePassword: 'Change password',
  currentPasswordLabel: 'Current password',
  newPasswordLabel: 'New password',
  newPasswordRepeatLabel: 'New password, once more',
  save: 'Save',
  saving: 'Saving…',
  cancel: 'Cancel',
  close: 'Close',
  passwordChanged: 'Password changed.',
  glossaryPanelHeading: 'Glossaries',
  glossaryPanelEmpty: 'No glossary attached to this document.',
  glossaryJump: 'Go to the next occurrence of “{term}” ({count})',
  glossaryNoOccurrence: '“{term}” does not appear in the text.',
  glossaryOpen: 'Open the glossary “{name}”',
  glossaryAttachLabel: 'Attach a glossary of the workspace',
  glossaryAttach: 'Attach',
  glossaryDetach: 'Detach',
  glossaryLoadError: 'Glossaries unavailable: {detail}',
  addToGlossary: 'Add to glossary',
  showTerm: 'Term under the cursor',
  showTermNone: 'The cursor is on no glossary term.',
  statusLabel: 'Status',
  statusEmerging: 'emerging',
  statusContested: 'contested',
  statusShared: 'shared',
  gapNoteLabel: 'Gap between the meanings',
  noDefinitionYet: 'No definition yet.',
  perspectiveYours: '{perspective} (you)',
  termCardOpen: 'See in the glossary',
  addTermHeading: 'Add to the glossary',
  termLabel: 'Term',
  aliasesLabel: 'Variants and aliases (separated by “;”)',
  glossaryChoiceLabel: 'Glossary',
  newGlossaryNameLabel: 'Name of the new glossary',
  newGlossaryDefaultName: 'Shared vocabulary',
  noGlossaryHint: 'No glossary is attached to this document: a new one will be created and attached.',
  definitionFor: 'Definition — {perspective}',
  examplesLabel: 'Examples (one per line)',
  sourcesLabel: 'Sources (one per line)',
  termAdded: '“{term}” added to the glossary “{name}”.',
  termRequired: 'Enter the term.',
  glossaryNotFound: 'Glossary not found',
  glossaryNotFoundText: 'No glossary has this id.',
  entriesHeading: 'Terms',
  entriesEmpty: 'No terms yet.',
  newEntryHeading: 'New term',
  entryCreate: 'Add the term',
  entryEdit: 'Edit the term',
  entryEditOf: 'Edit “{term}”',
  entryConflict: 'Someone changed this term meanwhile. Your changes are kept in the form and the current version is shown: review, then save again.',
  definitionEdit: 'Edit',
  definitionEditOf: 'Edit the “{perspective}” definition of “{term}”',
  definitionWrite: 'Write',
  definitionConflict: 'Someone saved meanwhile. Their text is next to yours: merge, then save.',
  definitionTheirs: 'Saved version (v{version}, {author})',
  definitionTheirsNone: 'The definition no longer exists.',
  definitionMine: 'Your text',
  keepBoth: 'Keep both texts',
  historyButton: 'History',
  historyOf: 'History of the “{perspective}” definition of “{term}”',
  historyEmpty: 'No versions.',
  historyVersion: 'v{version} · {author} · {time}',
  historyRestored: '(restored from v{version})',
  restore: 'Restore',
  restoreOf: 'Restore version {version}',
  documentsAttachedHeading: 'Attached documents',
  documentsAttachedEmpty: 'Attached to no document.',
  attachDocumentLabel: 'Document of the workspace',
  exportHeading: 'Export',
  exportMarkdown: 'Markdown (appendix)',
  exportSkos: 'SKOS (Turtle)',
  importHeading: 'Import terms (CSV)',
  importHint: 'Columns: term, lang, aliases, status, gap_note, examples, sources, definition:<discipline>. All or nothing: a file with one bad row imports nothing.',
  importFileLabel: 'CSV file',
  importPreview: 'Preview',
  importConfirm: 'Import',
  importSummary: '{valid} valid row(s), {invalid} with errors.',
  importBlocked: 'Fix the rows with errors: nothing is imported while a row is wrong.',
  importDone: '{count} term(s) imported.',
  importLine: 'Line',
  importErrors: 'Errors',
  importOk: 'ok',
  importNoFile: 'Choose a CSV file.',
  compareLink: 'Compare the disciplines',
  compareHeading: 'Compare — {name}',
  compareFilterLabel: 'Show',
  filterAll: 'all terms',
  filterContested: 'contested terms',
  filterEmerging: 'emerging terms',
  filterShared: 'shared terms',
  compareEmpty: 'No terms to show.',
  compareCaption: 'Terms × disciplines: definitions and gaps',
  print: 'Print',
  backToGlossary: 'Back to the glossary',
  glossariesHeading: 'Glossaries — {workspace}',
  glossariesEmpty: 'No glossary in this workspace.',
  glossaryNameLabel: 'Glossary name',
  glossaryCreate: 'Create the glossary',
  conflictGeneric: 'Someone changed this meanwhile. Reload, then try again.',
  notFoundGeneric: 'Not found: it may have been deleted.',
  perspectiveAddLabel: 'Another discipline’s definition',
  perspectiveAdd: 'Add',
  compareShown: '{shown} of {total} term(s) shown',
};

export const messages: Readonly<Record<Language, Catalogue>> = { fr, en };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(fr, value);
}

/**
 * Picks the UI language from a list of BCP 47 tags in order of preference
 * (as in `navigator.languages`). The first tag whose primary subtag is `fr` or
 * `en` (case-insensitive; `fr`, `fr-CA`, `EN_us`...) wins; if none is, English.
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.trim().split(/[-_]/, 1)[0]?.toLowerCase();
    if (isLanguage(primary)) {
      return primary;
    }
  }
  return DEFAULT_LANGUAGE;
}

/** The part of the Web Storage API this module uses. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The language stored by an earlier explicit choice, if any and valid. */
export function readStoredLanguage(store: KeyValueStore | undefined): Language | undefined {
  if (store === undefined) {
    return undefined;
  }
  try {
    const value = store.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    // Storage can be disabled (privacy settings, sandboxed frames): ignore it.
    return undefined;
  }
}

/** Remembers an explicit choice; returns false when it could not be stored. */
export function storeLanguage(store: KeyValueStore | undefined, language: Language): boolean {
  if (store === undefined) {
    return false;
  }
  try {
    store.setItem(STORAGE_KEY, language);
    return true;
  } catch {
    return false;
  }
}

/** A stored explicit choice overrides the browser's preferences. */
export function resolveLanguage(
  store: KeyValueStore | undefined,
  preferred: readonly string[],
): Language {
  return readStoredLanguage(store) ?? pickLanguage(preferred);
}

let current: Language = DEFAULT_LANGUAGE;

export function getLanguage(): Language {
  return current;
}

export function setLanguage(language: Language): void {
  current = language;
}

/** The text for `key` in the current language. */
export function t(key: MessageKey): string {
  return messages[current][key];
}

/** The text for `key` with each `{name}` replaced by `params[name]`. */
export function format(key: MessageKey, params: Readonly<Record<string, string | number>>): string {
  return t(key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
