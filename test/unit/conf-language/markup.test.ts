/**
 * Attack (issue 20 review): text from the file is data in the hover. Key names of free-form maps (environment,
 * files, logging.loggers) and values reach the markdown the core builds; a link, an icon, HTML or a code span that
 * ends early must not render. The core escapes what it writes (markdownFromCore in the extension only defuses
 * link and icon syntax, it does not escape Markdown).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { hoverConf } from '../../../src/core/conf-language';

const HOSTILE = [
  '[click](command:workbench.action.terminal.new)',
  '$(alert) <img src=x onerror=alert(1)>',
  '<command:workbench.action.reloadWindow>',
  '`` ` `` **bold** # heading',
  'a\r\r# heading [x](https://evil.example)',
  'x\n\n[z](command:y)',
];

/** The markdown outside code spans (a code span renders its content as text). */
function outsideCode(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    if (markdown[i] === '\\') { out += markdown.slice(i, i + 2); i += 2; } else if (markdown[i] === '`') {
      const fence = /^`+/.exec(markdown.slice(i))![0];
      const close = markdown.indexOf(fence, i + fence.length);
      assert.ok(close > 0, `an unclosed code span in ${JSON.stringify(markdown)}`);
      const body = markdown.slice(i + fence.length, close);
      assert.ok(!/[\r\n]/.test(body), `a code span across lines (a blank line ends it): ${JSON.stringify(body)}`);
      i = close + fence.length;
    } else out += markdown[i++];
  }
  return out;
}

describe('conf-language hover: file text is data in the markdown', () => {
  for (const hostile of HOSTILE) {
    it(`a key and value holding ${JSON.stringify(hostile)}`, () => {
      const q = JSON.stringify(hostile);
      const texts = [`environment { ${q}: ${q} }`, `logging.loggers { ${q}: { level: ${q} } }`, `api.api_server: ${q}`];
      let hovered = 0;
      for (const text of texts) {
        for (let character = 0; character < text.length; character++) {
          const h = hoverConf(text, { line: 0, character }, { fileName: hostile, vaults: [{ name: hostile, format: 'hocon', text }] });
          if (!h) continue;
          hovered++;
          const prose = outsideCode(h.markdown);
          // outside code spans, every punctuation character from the file is backslash-escaped
          assert.doesNotMatch(prose, /(^|[^\\])\[[^\]]*(^|[^\\])\]\(/, `a link: ${h.markdown}`);
          assert.doesNotMatch(prose, /(^|[^\\])</, `an autolink or HTML: ${h.markdown}`);
          assert.doesNotMatch(prose, /(^|[^\\])\$\(/, `an icon: ${h.markdown}`);
          assert.doesNotMatch(prose, /^#/m, `a heading: ${h.markdown}`);
          assert.doesNotMatch(prose, /(^|[^\\])\*\*bold/, `emphasis: ${h.markdown}`);
        }
      }
      assert.ok(hovered > 0, 'some hover was produced');
    });
  }
});
