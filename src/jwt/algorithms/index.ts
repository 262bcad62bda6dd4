import type { JwsAlgorithmImplementation } from '../algorithm.js';
import { EcdsaImplementation } from './ecdsa.js';
import { EdDsaImplementation } from './eddsa.js';
import { HmacImplementation } from './hmac.js';
import { RsaPkcs1Implementation } from './rsa-pkcs1.js';
import { RsaPssImplementation } from './rsa-pss.js';

/** The built-in implementations, multi-bound under `JWT_TYPES.AlgorithmImplementation`. */
export function builtInImplementations(): JwsAlgorithmImplementation[] {
  return [
    new RsaPkcs1Implementation(),
    new RsaPssImplementation(),
    new EcdsaImplementation(),
    new EdDsaImplementation(),
    new HmacImplementation(),
  ];
}
