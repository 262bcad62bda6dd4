export { bindTestLogin } from './module.js';
export { TEST_LOGIN_API, TEST_LOGIN_START } from './routes.js';
export { TEST_LOGIN_PROOF_KEY, TEST_LOGIN_TYPES } from './tokens.js';
export { DbTestLoginDraftStore, DEFAULT_DRAFT_OPTIONS, type TestLoginDraftOptions } from './draft-store.js';
export { TestLoginDrafting } from './drafting.js';
export type { TestLoginDraft, TestLoginDraftStore, TestLoginReport } from './drafts.js';
