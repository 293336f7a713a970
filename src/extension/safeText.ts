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

/**
 * For a surface that renders none of the syntax (an input box's value, which the user edits): only the characters
 * that reorder or hide what is shown go, so a prefilled name keeps its brackets and the user saves what they see.
 */
export function plainText(text: string): string {
  return text.replace(REPLACEMENTS[0][0], REPLACEMENTS[0][1]).replace(REPLACEMENTS[1][0], REPLACEMENTS[1][1]);
}

/** Markdown whose every interpolated value shows as the characters it is (hovers, Markdown tooltips). */
export type SafeMarkdown = string & { readonly [brand]: 'SafeMarkdown' };

// Every character CommonMark (and VS Code's renderer) gives a meaning to: emphasis, links, images, headings, lists,
// tables, code, HTML, entities and GFM's bare web and mail autolinks (`:` `.` `@`). A backslash before any ASCII
// punctuation shows it literally.
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~$&:@"']/g;

/** The text, neutralised and escaped so Markdown renders it character for character. */
export function escapeMarkdown(text: string): string {
  return neutralise(text).replace(MARKDOWN_SPECIAL, (c) => `\\${c}`);
}

/**
 * Tagged template for Markdown: the literal parts are Markdown written here (`**bold**`, `` `code` ``), every
 * value is escaped, so a key, value or vault name from a file cannot add a link, an image, HTML or an icon.
 * Not inside a code span: there backslashes show as themselves (put the value after the span, or in a code block
 * built elsewhere).
 */
export function md(strings: TemplateStringsArray, ...values: unknown[]): SafeMarkdown {
  let out = strings[0];
  values.forEach((value, i) => { out += escapeMarkdown(String(value)) + strings[i + 1]; });
  return out as SafeMarkdown;
}

