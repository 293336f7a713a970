/**
 * Text for notifications and dialogs. VS Code parses notification text for `[label](command:…)`,
 * `[label](https://…)` and `[label](file:…)` and renders them as links that run the command or open the target on
 * click; it also renders `$(name)` as an icon. A workspace name, user name, credential label, vault name, file path
 * or server error message that reaches a notification must show as the characters it is, so every message is built
 * with `msg` and the prompt functions in ui.ts accept nothing else.
 *
 * Plain `command:` or `https://` text without the bracket form is not linkified by notifications (nor by markdown's
 * linkify, which knows only web and mail addresses), so it stays; the `<command:…>` autolink form is defused in
 * case the text ever reaches a MarkdownString. The replacement is a plain space, so the text renders in any font.
 *
 * No `vscode` import: unit-tested in plain Node.
 */

declare const brand: unique symbol;

/** A string that went through `msg` / `safeText`: it holds no link or icon syntax VS Code would render. */
export type SafeText = string & { readonly [brand]: 'SafeText' };

// A space is enough and renders in every font: a link needs `](` adjacent, an icon `$(`, an autolink `<scheme:`.
const REPLACEMENTS: [RegExp, string][] = [
  // First, so that removing them cannot join `]` and `(`: bidirectional overrides can make "evil.example" read as
  // "elpmaxe.live"; other control characters (but line breaks) become spaces.
  [/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, ''],
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  [/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' '],
  [/\]\s*\(/g, '] ('],
  [/\$\s*\(/g, '$ ('],
  [/<(?=[a-z][a-z0-9+.-]*:)/gi, '< '],
];

/** The text with every piece of link, autolink and icon syntax defused. Idempotent. */
export function neutralise(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Tagged template for every message: `` msg`Signed in to ${host} as ${user}` ``. The whole result is defused
 * (the literal parts too: no message of this extension needs a link), so a value cannot pair with literal text
 * to form a link either.
 */
export function msg(strings: TemplateStringsArray, ...values: unknown[]): SafeText {
  let out = strings[0];
  values.forEach((value, i) => { out += String(value) + strings[i + 1]; });
  return neutralise(out) as SafeText;
}

/** For a message that arrives whole (an error's text): `safeText(e.message)`. */
export function safeText(text: string): SafeText {
  return neutralise(text) as SafeText;
}

