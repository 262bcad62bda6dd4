export { NET_TYPES } from './tokens.js';
export { NetError, NET_ERROR_CODES, describeUrl, type NetErrorCode } from './errors.js';
export { NodeHttpClient } from './node-http-client.js';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  type HttpClient,
  type HttpRequestOptions,
  type HttpResult,
} from './http-client.js';
export { bindNet } from './module.js';
