/** Small helpers for keyboard tests across shadow roots. */
import { sendKeys } from '@web/test-runner-commands';

/** The focused element, looking through open shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

export async function press(key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await sendKeys({ press: key });
}

/** Presses Tab until `match` holds for the focused element (at most `limit` times). */
export async function tabUntil(match: (el: Element | null) => boolean, limit = 60): Promise<Element> {
  for (let i = 0; i < limit; i++) {
    await sendKeys({ press: 'Tab' });
    const active = deepActiveElement();
    if (match(active)) return active!;
  }
  throw new Error(`Tab did not reach the expected element; focus is on ${deepActiveElement()?.outerHTML.slice(0, 120)}`);
}

export async function type(text: string): Promise<void> {
  await sendKeys({ type: text });
}
