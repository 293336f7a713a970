/** The report as Markdown for a support thread: the messages already carry no secret (keys as 4 characters). */
import type { Finding, SetupReport } from './types';

const MARK: Record<Finding['status'], string> = { ok: '✅ ok', warning: '⚠️ warning', error: '❌ error', skipped: '⏭️ skipped' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function reportMarkdown(report: SetupReport, when = new Date()): string {
  const lines = [
    '## ClearML setup check',
    '',
    `- Configuration file: ${report.configFile ? `\`${report.configFile}\`` : 'none'}`,
    `- Checked: ${when.toISOString()} in ${report.durationMs} ms`,
    '',
    '| check | status | cause | message |',
    '| --- | --- | --- | --- |',
    ...report.findings.map((f) => `| ${f.check} | ${MARK[f.status]} | ${f.cause ?? ''} | ${cell(f.message)} |`),
  ];
  const details = report.findings.filter((f) => f.detail);
  if (details.length) {
    lines.push('', '### Details', '');
    for (const f of details) lines.push(`- **${f.check}**: ${cell(f.detail!)}`);
  }
  return lines.join('\n') + '\n';
}
