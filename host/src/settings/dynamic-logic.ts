/**
 * Dynamic logic of settings forms (metadata `authenticationMethods.<M>.settings.dynamicLogic`), see
 * docs SETTINGS-FORMAT. This module has NO imports on purpose: the server uses it to validate a save and
 * the web form loads the compiled file as-is (`/static/dynamic-logic.js`) to show the same states live.
 */
export type Values = Readonly<Record<string, unknown>>;

export interface Condition {
  type: string;
  attribute?: string;
  value?: unknown;
}

export interface ConditionGroupRule {
  conditionGroup: Condition[];
  /** For `invalid`: the `Settings.messages.<message>` key shown on the field. */
  message?: string;
}

export type RuleName = 'visible' | 'required' | 'invalid' | 'readOnly';

export type FieldLogic = Partial<Record<RuleName, ConditionGroupRule>>;

export interface DynamicLogic {
  fields?: Record<string, FieldLogic>;
}

export interface FieldState {
  visible: boolean;
  required: boolean;
  readOnly: boolean;
  /** The message key when an `invalid` rule holds. */
  invalid: string | null;
}

/** Thrown for a condition type that is not known: a metadata mistake, not user input. */
export class DynamicLogicError extends Error {}

export function isEmptyValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0)
  );
}

function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}

function attr(condition: Condition, values: Values): unknown {
  return condition.attribute === undefined ? undefined : values[condition.attribute];
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

type Evaluator = (condition: Condition, values: Values) => boolean;

/** Condition types: a table, not a switch, so a new type is one entry. */
export const CONDITION_TYPES: Readonly<Record<string, Evaluator>> = {
  equals: (c, v) => same(attr(c, v), c.value),
  notEquals: (c, v) => !same(attr(c, v), c.value),
  isTrue: (c, v) => attr(c, v) === true,
  isFalse: (c, v) => attr(c, v) !== true,
  isEmpty: (c, v) => isEmptyValue(attr(c, v)),
  isNotEmpty: (c, v) => !isEmptyValue(attr(c, v)),
  in: (c, v) => list(c.value).some((x) => same(x, attr(c, v))),
  notIn: (c, v) => !list(c.value).some((x) => same(x, attr(c, v))),
  contains: (c, v) => list(attr(c, v)).some((x) => same(x, c.value)),
  and: (c, v) => list(c.value).every((x) => evaluateCondition(x as Condition, v)),
  or: (c, v) => list(c.value).some((x) => evaluateCondition(x as Condition, v)),
  not: (c, v) => !evaluateCondition(c.value as Condition, v),
};

export function evaluateCondition(condition: Condition, values: Values): boolean {
  const evaluator = condition && typeof condition === 'object' ? CONDITION_TYPES[condition.type] : undefined;
  if (!evaluator || !Object.prototype.hasOwnProperty.call(CONDITION_TYPES, condition.type)) {
    throw new DynamicLogicError(`Unknown dynamic-logic condition type: ${String(condition?.type)}`);
  }
  return evaluator(condition, values);
}

/** A condition group is an AND of its conditions; an empty group holds. */
export function evaluateGroup(group: readonly Condition[] | undefined, values: Values): boolean {
  return (group ?? []).every((condition) => evaluateCondition(condition, values));
}

function holds(rule: ConditionGroupRule | undefined, values: Values): boolean {
  return rule !== undefined && evaluateGroup(rule.conditionGroup, values);
}

/** The state of one field under one method's logic (a field without rules is visible and optional). */
export function fieldState(logic: FieldLogic | undefined, values: Values): FieldState {
  return {
    visible: logic?.visible === undefined ? true : holds(logic.visible, values),
    required: holds(logic?.required, values),
    readOnly: holds(logic?.readOnly, values),
    invalid:
      logic?.invalid !== undefined && holds(logic.invalid, values) ? (logic.invalid.message ?? 'fieldInvalid') : null,
  };
}

export interface LogicViolation {
  field: string;
  rule: 'required' | 'invalid';
  /** `Settings.messages.<messageKey>`. */
  messageKey: string;
}

/**
 * Every `required` and `invalid` rule of every given dynamic logic that fails against `values` (the
 * values after the change). First violation per field wins.
 */
export function findViolations(logics: readonly (DynamicLogic | undefined)[], values: Values): LogicViolation[] {
  const found = new Map<string, LogicViolation>();
  for (const logic of logics) {
    for (const [field, rules] of Object.entries(logic?.fields ?? {})) {
      if (found.has(field)) continue;
      const state = fieldState(rules, values);
      if (state.required && isEmptyValue(values[field])) {
        found.set(field, { field, rule: 'required', messageKey: 'fieldIsRequired' });
      } else if (state.invalid !== null) {
        found.set(field, { field, rule: 'invalid', messageKey: state.invalid });
      }
    }
  }
  return [...found.values()];
}
