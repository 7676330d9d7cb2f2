/**
 * Plan facts (fact id → option id) as the elements take them from a host: a property,
 * or an attribute holding JSON such as `facts='{"plan-status":"final"}'`.
 */
import type { ComplexAttributeConverter } from 'lit';
import type { Framework } from '../../criteria/schema.js';

export type PlanFactValues = Record<string, string>;

/** Whether a value is a flat object of strings (the shape of plan facts). */
export function isPlanFacts(value: unknown): value is PlanFactValues {
  return !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** Reads a `facts` attribute: JSON of fact id → option id. Anything else is ignored (undefined), never thrown. */
export const factsAttributeConverter: ComplexAttributeConverter<PlanFactValues | undefined> = {
  fromAttribute(value: string | null): PlanFactValues | undefined {
    if (!value) return undefined;
    try {
      const parsed: unknown = JSON.parse(value);
      return isPlanFacts(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  },
  toAttribute(value: PlanFactValues | undefined): string | null {
    return value ? JSON.stringify(value) : null;
  },
};

/** Only the answers this framework asks for, with options it knows (a host may know more than the framework asks). */
export function knownFacts(framework: Pick<Framework, 'facts'>, facts: Readonly<Record<string, string>> | undefined): PlanFactValues {
  const known: PlanFactValues = {};
  if (!facts) return known;
  for (const fact of framework.facts ?? []) {
    const value = facts[fact.id];
    if (value !== undefined && fact.options.some((o) => o.id === value)) known[fact.id] = value;
  }
  return known;
}

/** The label of the answer given to a fact, or undefined when unanswered. */
export function factAnswerLabel(framework: Pick<Framework, 'facts'>, factId: string, facts: Readonly<Record<string, string>> | undefined): string | undefined {
  const value = facts?.[factId];
  if (value === undefined) return undefined;
  return framework.facts?.find((f) => f.id === factId)?.options.find((o) => o.id === value)?.label ?? value;
}
