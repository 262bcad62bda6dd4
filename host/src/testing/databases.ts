import { join } from 'node:path';
import type { DatabasePlatform } from '../../sdk/persistence.js';
import { createDatabase, mariaDbUnavailableReason, startMariaDb } from './mariadb.js';
import { createTempInstance } from './temp-instance.js';

/** A database flavour a suite runs on. */
export interface TestDatabase {
  readonly platform: DatabasePlatform;
  /** `libsql` or `mariadb`, as shown in test titles. */
  readonly label: string;
  /**
   * A URL of a fresh, empty database: a libsql file in a temp folder, or a new MariaDB database on the
   * shared throwaway server.
   */
  createUrl(): Promise<string>;
}

const libsql: TestDatabase = {
  platform: 'sqlite',
  label: 'libsql',
  async createUrl(): Promise<string> {
    const instance = await createTempInstance('db-');
    return `libsql:${join(instance.root, 'test.db')}`;
  },
};

const mariadb: TestDatabase = {
  platform: 'mysql',
  label: 'mariadb',
  createUrl: () => createDatabase(),
};

let skipNoticePrinted = false;

/**
 * Declares the suite `fn` twice: on libsql and on MariaDB (`<title> [libsql]`, `<title> [mariadb]`).
 * Without mariadbd the MariaDB copy is reported as skipped, with the reason printed once.
 */
export function forEachDatabase(title: string, fn: (db: TestDatabase) => void): void {
  describe(`${title} [libsql]`, () => fn(libsql));
  describe(`${title} [mariadb]`, function () {
    const reason = mariaDbUnavailableReason();
    before(async function () {
      if (reason) {
        if (!skipNoticePrinted) {
          skipNoticePrinted = true;
          console.warn(`    MariaDB tests skipped: ${reason}`);
        }
        this.skip();
      }
      this.timeout(90_000);
      await startMariaDb();
    });
    fn(mariadb);
  });
}
