import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from './ids.js';

/** An installed extension, as recorded by the extension manager. */
@Entity({ tableName: 'extensions' })
export class Extension {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @Property({ type: 'string', length: 100, unique: true })
  name!: string;

  @Property({ type: 'string', length: 64 })
  version!: string;

  /** Load order: lower loads first, later ones override. */
  @Property({ type: 'integer' })
  order: number = 50;

  /** Files the extension installed, relative to its folder. */
  @Property({ type: 'json' })
  files: string[] = [];

  @Property({ type: 'boolean' })
  isInstalled: boolean = true;

  @Property({ type: 'Date' })
  installedAt: Date = new Date();
}
