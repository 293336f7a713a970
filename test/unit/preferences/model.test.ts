import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_REDACTED_ARGUMENTS, TIP_OF_THE_DAY, applyConflictChoices, buildSlices, changedFields, findConflicts, formFromPreferences,
} from '../../../src/core/preferences/model';
import type { PreferencesForm } from '../../../src/core/protocol/preferences';

const webPrefs = () => ({
  version: 1,
  rootProjects: { tagsColors: { 'v1.0': { background: '#fff', foreground: '#000' } }, graphVariant: { a: 1 }, showHidden: false, defaultNestedModeForFeature: { projects: true } },
  views: { autoRefresh: true, theme: 'dark', neverShowPopupAgain: ['welcome', 'tip-of-the-day'], hideRedactedArguments: true },
  experiments: { view: { tableCols: ['name'] } },
});

test('reads every control from the slices where the web app keeps it', () => {
  const form = formFromPreferences({
    rootProjects: { showHidden: true, hideExamples: true, blockUserScript: true },
    views: { neverShowPopupAgain: [TIP_OF_THE_DAY], hideRedactedArguments: true, hideEnterpriseFeatures: true, redactedArguments: [{ key: 'A' }, { key: '  ' }, { key: 'B ' }] },
  }, true);
  assert.deepEqual(form, { showHidden: true, hideExamples: true, hideTips: true, blockUserScript: true, hideEnterpriseFeatures: true, hideRedactedArguments: true, redactedArguments: ['A', 'B'], reportStats: true });
});

test('a new user gets all toggles off and the four default argument names', () => {
  const form = formFromPreferences({});
  assert.equal(form.showHidden, false);
  assert.equal(form.hideTips, false);
  assert.deepEqual(form.redactedArguments, [...DEFAULT_REDACTED_ARGUMENTS]);
  assert.deepEqual(DEFAULT_REDACTED_ARGUMENTS, ['CLEARML_API_SECRET_KEY', 'CLEARML_AGENT_GIT_PASS', 'AWS_SECRET_ACCESS_KEY', 'AZURE_STORAGE_KEY']);
});

test('an explicitly empty list is not replaced by the defaults', () => {
  assert.deepEqual(formFromPreferences({ views: { redactedArguments: [] } }).redactedArguments, []);
});

test('writing one toggle sends the whole slice and keeps every other key', () => {
  const prefs = webPrefs();
  const baseline = formFromPreferences(prefs);
  const form = { ...baseline, showHidden: true };
  const fields = changedFields(baseline, form);
  assert.deepEqual(fields, ['showHidden']);
  const slices = buildSlices(prefs, form, fields);
  assert.deepEqual(Object.keys(slices), ['rootProjects']);
  assert.deepEqual(slices.rootProjects, {
    tagsColors: { 'v1.0': { background: '#fff', foreground: '#000' } }, graphVariant: { a: 1 }, showHidden: true, defaultNestedModeForFeature: { projects: true },
  });
});

test('pro tips toggle adds or removes only tip-of-the-day from neverShowPopupAgain', () => {
  const prefs = webPrefs();
  const baseline = formFromPreferences(prefs);
  assert.equal(baseline.hideTips, true);
  const off = buildSlices(prefs, { ...baseline, hideTips: false }, ['hideTips']);
  assert.deepEqual((off.views as Record<string, unknown>).neverShowPopupAgain, ['welcome']);
  assert.equal((off.views as Record<string, unknown>).theme, 'dark');
  const on = buildSlices({ views: { neverShowPopupAgain: ['welcome'] } }, { ...baseline, hideTips: true }, ['hideTips']);
  assert.deepEqual((on.views as Record<string, unknown>).neverShowPopupAgain, ['welcome', TIP_OF_THE_DAY]);
  const fresh = buildSlices({}, { ...baseline, hideTips: true }, ['hideTips']);
  assert.deepEqual(fresh.views, { neverShowPopupAgain: [TIP_OF_THE_DAY] });
});

test('redacted argument list is written as {key} objects with blank names dropped', () => {
  const prefs = webPrefs();
  const baseline = formFromPreferences(prefs);
  const form = { ...baseline, redactedArguments: ['  MY_TOKEN ', '', '   ', 'AWS_SECRET_ACCESS_KEY'] };
  const slices = buildSlices(prefs, form, changedFields(baseline, form));
  assert.deepEqual((slices.views as Record<string, unknown>).redactedArguments, [{ key: 'MY_TOKEN' }, { key: 'AWS_SECRET_ACCESS_KEY' }]);
  assert.equal((slices.views as Record<string, unknown>).autoRefresh, true);
});

test('a trailing blank row is not an edit, and an untouched default list is never written', () => {
  const prefs = webPrefs();
  const baseline = formFromPreferences(prefs);
  const form: PreferencesForm = { ...baseline, redactedArguments: [...baseline.redactedArguments, ''], hideRedactedArguments: false };
  assert.deepEqual(changedFields(baseline, form), ['hideRedactedArguments']);
  const slices = buildSlices(prefs, form, changedFields(baseline, form));
  assert.equal('redactedArguments' in (slices.views as Record<string, unknown>), false);
});

test('telemetry is never written into a preference slice', () => {
  const baseline = formFromPreferences({});
  assert.deepEqual(buildSlices({}, { ...baseline, reportStats: true }, ['reportStats']), {});
});

test('conflicts: only edited fields whose server value moved elsewhere', () => {
  const baseline = formFromPreferences({});
  const mine = { ...baseline, showHidden: true, hideExamples: true, blockUserScript: true };
  const server = { ...baseline, showHidden: false, hideExamples: true, hideTips: true, blockUserScript: false };
  // hideExamples: server moved to my value (no conflict); hideTips: I did not edit it; showHidden/blockUserScript unchanged on server.
  assert.deepEqual(findConflicts(baseline, server, mine), []);
  const server2 = { ...baseline, redactedArguments: ['X'] };
  const mine2 = { ...baseline, redactedArguments: ['Y'] };
  const conflicts = findConflicts(baseline, server2, mine2);
  assert.equal(conflicts.length, 1);
  assert.equal(conflicts[0]!.field, 'redactedArguments');
  assert.deepEqual(conflicts[0]!.yours, ['Y']);
  assert.deepEqual(conflicts[0]!.server, ['X']);
});

test('conflict choices: "mine" is written, "server" is dropped from the edit', () => {
  const baseline = formFromPreferences({});
  const server = { ...baseline, showHidden: true, hideExamples: true };
  const mine = { ...baseline, showHidden: false, hideExamples: false, hideTips: true };
  // Baseline differs from mine only in hideTips; simulate a conflict on two fields the user toggled twice.
  const start = { ...baseline, showHidden: false, hideExamples: false };
  const resolved = applyConflictChoices({ ...start, showHidden: true, hideExamples: true } as PreferencesForm, server, { ...mine, showHidden: false, hideExamples: false }, { showHidden: 'mine', hideExamples: 'server' });
  assert.equal(resolved.form.hideExamples, true);
  assert.equal(resolved.form.showHidden, false);
  assert.deepEqual(changedFields(resolved.baseline, resolved.form), ['showHidden', 'hideTips']);
});
