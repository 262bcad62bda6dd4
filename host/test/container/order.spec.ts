import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { ContainerModule } from 'inversify';
import { HostError } from '../../sdk/errors.js';
import type { Clock } from '../../sdk/logger.js';
import { TYPES } from '../../sdk/tokens.js';
import { bootTestHost, createTempInstance, type TempInstance } from '../../src/testing/index.js';
import { writeExtension } from '../../src/testing/index.js';

const WHO = Symbol.for('test.Who');
const LIST = Symbol.for('test.List');

describe('container order: core < extraCoreModules < extensions (by order) < custom/bindings.js', () => {
  let instance: TempInstance;
  beforeEach(async () => {
    instance = await createTempInstance();
  });
  afterEach(async () => instance?.cleanup());

  async function extensions(): Promise<void> {
    await writeExtension(instance.paths.extensions, {
      name: 'first-ext',
      order: 10,
      entrySource: `import { ContainerModule } from 'inversify';
import { TYPES } from 'crm-host/sdk';
export default { name: 'first-ext', module: new ContainerModule(({ bind, rebind }) => {
  rebind(TYPES.Clock).toConstantValue({ now: () => 1000 });
  rebind(Symbol.for('test.Who')).toConstantValue('first-ext');
  bind(Symbol.for('test.List')).toConstantValue('first');
}) };
`,
    });
    await writeExtension(instance.paths.extensions, {
      name: 'second-ext',
      order: 20,
      entrySource: `import { ContainerModule } from 'inversify';
export default { name: 'second-ext', module: new ContainerModule(({ rebind, bind }) => {
  rebind(Symbol.for('test.Who')).toConstantValue('second-ext');
  bind(Symbol.for('test.List')).toConstantValue('second');
}) };
`,
    });
  }

  const extra = new ContainerModule(({ bind }) => {
    bind(WHO).toConstantValue('extra-core');
  });

  it('an extension rebinds a core service; a later extension wins; multi-bindings keep extension order', async () => {
    await extensions();
    const host = await bootTestHost({ instance, extraCoreModules: [extra] });
    try {
      expect(host.container.get<Clock>(TYPES.Clock).now()).to.equal(1000);
      expect(host.container.get(WHO)).to.equal('second-ext');
      expect(host.container.getAll(LIST)).to.deep.equal(['first', 'second']);
    } finally {
      await host.cleanup();
    }
  });

  it('custom/bindings.js loads last and may rebind what an extension bound', async () => {
    await extensions();
    await writeFile(
      join(instance.paths.custom, 'bindings.js'),
      `import { ContainerModule } from 'inversify';
export default new ContainerModule(({ rebind }) => { rebind(Symbol.for('test.Who')).toConstantValue('custom'); });
`,
    );
    const host = await bootTestHost({ instance, extraCoreModules: [extra] });
    try {
      expect(host.container.get(WHO)).to.equal('custom');
      expect(host.container.get<Clock>(TYPES.Clock).now()).to.equal(1000);
    } finally {
      await host.cleanup();
    }
  });

  it('refuses a custom/bindings.js without a ContainerModule default export', async () => {
    await writeFile(join(instance.paths.custom, 'bindings.js'), 'export const nothing = 1;\n');
    const error = await bootTestHost({ instance }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(HostError.is(error) && error.code).to.equal('ERR_CUSTOM_BINDINGS_INVALID');
  });

  it('names the extension whose ContainerModule throws (ERR_CONTAINER_MODULE_FAILED)', async () => {
    await writeExtension(instance.paths.extensions, {
      name: 'throwing-ext',
      entrySource: `import { ContainerModule } from 'inversify';
export default { name: 'throwing-ext', module: new ContainerModule(() => { throw new Error('nope'); }) };
`,
    });
    const error = await bootTestHost({ instance }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(HostError.is(error) && error.code).to.equal('ERR_CONTAINER_MODULE_FAILED');
    expect((error as Error).message).to.contain('throwing-ext');
  });

  it('an extension whose start() throws stops boot with ERR_EXTENSION_START_FAILED and earlier ones are stopped', async () => {
    await writeExtension(instance.paths.extensions, {
      name: 'starts-ok',
      order: 1,
      entrySource: `import { ContainerModule } from 'inversify';
export default { name: 'starts-ok', module: new ContainerModule(() => {}), start() {}, stop() { globalThis.__stoppedOk = true; } };
`,
    });
    await writeExtension(instance.paths.extensions, {
      name: 'starts-bad',
      order: 2,
      entrySource: `import { ContainerModule } from 'inversify';
export default { name: 'starts-bad', module: new ContainerModule(() => {}), start() { throw new Error('no IdP'); } };
`,
    });
    const error = await bootTestHost({ instance }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(HostError.is(error) && error.code).to.equal('ERR_EXTENSION_START_FAILED');
    const g = globalThis as { __stoppedOk?: boolean };
    expect(g.__stoppedOk).to.equal(true);
    delete g.__stoppedOk;
  });
});
