import { DriverException, type EntityName, type EventArgs, type EventSubscriber, type MikroORM } from '@mikro-orm/core';

/** Where in a flush the injected failure strikes. */
export type FaultPoint = 'beforeCreate' | 'afterCreate';

/**
 * A database failure injected into the host's ORM (an event subscriber on the shared event manager, so
 * every EntityManager fork sees it): armed for one entity type and point, it throws a driver error once,
 * in the middle of the flush (statements for other entities of the same transaction already ran), then
 * disarms itself. Stands for a lost connection or a failing disk at the worst moment.
 */
export class DbFault implements EventSubscriber {
  private armed: { entity: EntityName<object>; point: FaultPoint } | undefined;
  /** How many times it struck. */
  strikes = 0;

  private constructor() {}

  static install(orm: MikroORM): DbFault {
    const fault = new DbFault();
    orm.em.getEventManager().registerSubscriber(fault);
    return fault;
  }

  arm(entity: EntityName<object>, point: FaultPoint = 'beforeCreate'): void {
    this.armed = { entity, point };
  }

  disarm(): void {
    this.armed = undefined;
  }

  async beforeCreate(args: EventArgs<object>): Promise<void> {
    this.strike(args, 'beforeCreate');
  }

  async afterCreate(args: EventArgs<object>): Promise<void> {
    this.strike(args, 'afterCreate');
  }

  private strike(args: EventArgs<object>, point: FaultPoint): void {
    const armed = this.armed;
    if (!armed || armed.point !== point || !(args.entity instanceof (armed.entity as new () => object))) return;
    this.armed = undefined;
    this.strikes++;
    throw new DriverException(Object.assign(new Error('injected fault: connection lost'), { code: 'ECONNRESET' }));
  }
}
