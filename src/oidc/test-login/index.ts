export { bindTestLogin } from './module.js';
export { TEST_LOGIN_API, TEST_LOGIN_START } from './routes.js';
export { TEST_LOGIN_PROOF_KEY, TEST_LOGIN_TYPES } from './tokens.js';
export type { TestLoginReport } from './drafts.js';
