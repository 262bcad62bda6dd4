/**
 * A small reference evaluator of the agreed dynamic-logic format (brief SETTINGS-FORMAT), used only by
 * tests to check that the extension's metadata means what it should. The host has its own evaluator.
 */
export interface Condition {
  type: string;
  attribute?: string;
  value?: unknown;
}

export interface Rule {
  conditionGroup: Condition[];
  message?: string;
}

export type Values = Readonly<Record<string, unknown>>;

const isEmpty = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

export function holds(condition: Condition, values: Values): boolean {
  const actual = condition.attribute === undefined ? undefined : values[condition.attribute];
  const operands = condition.value as Condition[];
  const evaluators: Record<string, () => boolean> = {
    equals: () => actual === condition.value,
    notEquals: () => actual !== condition.value,
    isTrue: () => actual === true,
    isFalse: () => actual !== true,
    isEmpty: () => isEmpty(actual),
    isNotEmpty: () => !isEmpty(actual),
    in: () => (condition.value as unknown[]).includes(actual),
    notIn: () => !(condition.value as unknown[]).includes(actual),
    contains: () => Array.isArray(actual) && actual.includes(condition.value),
    and: () => operands.every((c) => holds(c, values)),
    or: () => operands.some((c) => holds(c, values)),
    not: () => !holds(condition.value as Condition, values),
  };
  const evaluate = evaluators[condition.type];
  if (!evaluate) throw new Error(`unknown condition type ${condition.type}`);
  return evaluate();
}

export function groupHolds(rule: Rule | undefined, values: Values): boolean {
  return rule !== undefined && rule.conditionGroup.every((c) => holds(c, values));
}

export interface FieldLogic {
  visible?: Rule;
  required?: Rule;
  invalid?: Rule;
  readOnly?: Rule;
}

/** What a server would refuse: `field -> message key or "required"`. */
export function violations(fields: Record<string, FieldLogic>, values: Values): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, logic] of Object.entries(fields)) {
    if (groupHolds(logic.required, values) && isEmpty(values[field])) out[field] = 'required';
    else if (groupHolds(logic.invalid, values)) out[field] = logic.invalid?.message ?? 'invalid';
  }
  return out;
}

/** Every condition in a rule, nested ones included. */
export function conditionsOf(rule: Rule | undefined): Condition[] {
  const out: Condition[] = [];
  const walk = (c: Condition): void => {
    out.push(c);
    if (c.type === 'and' || c.type === 'or') (c.value as Condition[]).forEach(walk);
    if (c.type === 'not') walk(c.value as Condition);
  };
  rule?.conditionGroup.forEach(walk);
  return out;
}
