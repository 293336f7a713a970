/**
 * What converting a vault's text to another format drops: the converter serialises the parsed values, so comments,
 * substitutions (their values are written out), include lines and YAML aliases (expanded) do not survive.
 */
import { yamlLib } from '../vendor';
import type { VaultFormatName } from '../protocol/vault';

export interface ConversionLoss {
  comments: number;
  /** HOCON `${...}` references and YAML aliases: written out as values. */
  substitutions: number;
  /** HOCON `include` lines: the included text is not part of the converted vault. */
  includes: number;
}

export function conversionLoss(text: string, from: VaultFormatName): ConversionLoss {
  if (from === 'yaml') return yamlLoss(text);
  if (from === 'json') return { comments: 0, substitutions: 0, includes: 0 };
  return hoconLoss(text);
}

export function describeLoss(loss: ConversionLoss): string {
  const parts = [
    [loss.comments, 'comment'],
    [loss.substitutions, 'substitution'],
    [loss.includes, 'include line'],
  ].filter(([n]) => (n as number) > 0).map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function hoconLoss(text: string): ConversionLoss {
  const loss: ConversionLoss = { comments: 0, substitutions: 0, includes: 0 };
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') { lineStart = true; continue; }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      loss.comments++;
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
      continue;
    }
    if (c === '"') {
      // Quoted and triple-quoted strings: nothing inside them is a comment, a substitution or an include.
      const triple = text.startsWith('"""', i);
      if (triple) {
        const end = text.indexOf('"""', i + 3);
        i = end < 0 ? text.length : end + 2;
      } else {
        let j = i + 1;
        while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
        i = j;
      }
      lineStart = false;
      continue;
    }
    if (c === '$' && text[i + 1] === '{') loss.substitutions++;
    if (lineStart && /^include\b/.test(text.slice(i, i + 8))) loss.includes++;
    lineStart = false;
  }
  return loss;
}

function yamlLoss(text: string): ConversionLoss {
  const loss: ConversionLoss = { comments: 0, substitutions: 0, includes: 0 };
  for (const token of new (yamlLib().Lexer)().lex(text)) {
    if (token.startsWith('#')) loss.comments++;
    else if (token.startsWith('*')) loss.substitutions++;
  }
  return loss;
}
