import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from './ids.js';

@Entity({ tableName: 'teams' })
export class Team {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @Property({ type: 'string', length: 255, unique: true })
  name!: string;

  @Property({ type: 'string', length: 1000, nullable: true })
  description: string | null = null;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}
